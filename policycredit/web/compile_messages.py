"""Compile the translation catalogues to .mo with polib, refusing incomplete ones.

    python -m policycredit.web.compile_messages                  # what `make messages` runs
    python -m policycredit.web.compile_messages --update-unfold  # after upgrading django-unfold

Two catalogue folders, both in LOCALE_PATHS:

- `policycredit/locale`: the project's own strings. `makemessages` rewrites it (`make messages`).
- `policycredit/locale_unfold`: django-unfold's strings (unfold ships no translations). makemessages
  never touches it, so `--no-obsolete` cannot drop them. `--update-unfold` re-extracts them from
  the installed unfold, leaves out those Django's own catalogues already translate, and keeps
  the translations already made; it needs GNU gettext (xgettext), compiling does not.

Compiling fails (exit status 1) when an entry is untranslated or fuzzy, or when a translation
loses or invents a placeholder: such a catalogue would show English, or crash, in production.
"""

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

import polib

PACKAGE_DIR = Path(__file__).resolve().parent.parent
PROJECT_LOCALE = PACKAGE_DIR / "locale"
UNFOLD_LOCALE = PACKAGE_DIR / "locale_unfold"
LOCALE_DIRS = [PROJECT_LOCALE, UNFOLD_LOCALE]

# The django.contrib apps in INSTALLED_APPS: their catalogues are loaded, so an unfold string
# they already translate needs no entry of ours.
DJANGO_APPS = ["admin", "auth", "contenttypes", "sessions", "messages", "staticfiles", "humanize"]

NAMED_PERCENT = re.compile(r"%\((\w+)\)[#0 +-]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa]")
BRACE = re.compile(r"\{[^{}]*\}")


def catalogues() -> list[Path]:
    """Every django.po and djangojs.po under the catalogue folders (djangojs: the admin's
    JavaScript strings Django's own Vietnamese leaves out, see locale/vi/.../djangojs.po)."""
    return sorted(
        p
        for d in LOCALE_DIRS
        for name in ("django", "djangojs")
        for p in d.glob(f"*/LC_MESSAGES/{name}.po")
    )


def _placeholders(text: str, entry: polib.POEntry) -> Counter:
    found = Counter(NAMED_PERCENT.findall(text))
    if "python-brace-format" in entry.flags:
        found += Counter(BRACE.findall(text))
    return found


def problems(po: polib.POFile) -> list[str]:
    """What keeps this catalogue from being compiled: one line per faulty entry."""
    found = []
    if po.metadata_is_fuzzy:
        found.append("the header is marked fuzzy")
    for entry in po:
        if entry.obsolete:
            continue
        name = repr(entry.msgid[:70])
        if entry.fuzzy:
            found.append(f"fuzzy: {name}")
            continue
        if not entry.translated():
            found.append(f"untranslated: {name}")
            continue
        if entry.msgid_plural:
            wanted = _placeholders(entry.msgid_plural, entry)
            translations = list(entry.msgstr_plural.values())
        else:
            wanted = _placeholders(entry.msgid, entry)
            translations = [entry.msgstr]
        for text in translations:
            if set(_placeholders(text, entry)) != set(wanted):
                found.append(f"placeholders differ: {name}")
                break
    return found


def compile_all(paths: list[Path] | None = None) -> int:
    """Compile each catalogue next to its .po; return the exit status."""
    failed = False
    for path in paths if paths is not None else catalogues():
        po = polib.pofile(str(path))
        faults = problems(po)
        if faults:
            failed = True
            print(f"{path}: {len(faults)} entries need work:", file=sys.stderr)
            for fault in faults:
                print(f"  {fault}", file=sys.stderr)
            continue
        po.save_as_mofile(str(path.with_suffix(".mo")))
        print(f"{path.with_suffix('.mo')}: {len(po.translated_entries())} messages")
    if failed:
        print(
            "Translate the entries above (and clear 'fuzzy'), then run this again.", file=sys.stderr
        )
    return 1 if failed else 0


def django_translated(language: str) -> set[tuple]:
    """Keys of the messages Django's own catalogues translate for `language`."""
    import django

    root = Path(django.__file__).resolve().parent
    paths = [root / "conf" / "locale" / language / "LC_MESSAGES" / "django.po"]
    paths += [
        root / "contrib" / app / "locale" / language / "LC_MESSAGES" / "django.po"
        for app in DJANGO_APPS
    ]
    keys = set()
    for path in paths:
        if path.exists():
            keys |= {_key(e) for e in polib.pofile(str(path)) if e.translated()}
    return keys


def _key(entry: polib.POEntry) -> tuple:
    return (entry.msgctxt, entry.msgid, entry.msgid_plural)


def update_unfold(language: str = "vi") -> int:
    """Re-extract unfold's strings into locale_unfold, keeping the translations made so far."""
    import unfold

    source = Path(unfold.__file__).resolve().parent
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "unfold"
        shutil.copytree(source, copy, ignore=shutil.ignore_patterns("static", "__pycache__"))
        (copy / "locale").mkdir(exist_ok=True)
        # Without DJANGO_SETTINGS_MODULE, makemessages configures minimal settings itself.
        env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
        subprocess.run(
            [sys.executable, "-m", "django", "makemessages", "-l", language, "--no-location"],
            cwd=copy,
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
        )
        extracted = polib.pofile(str(copy / "locale" / language / "LC_MESSAGES" / "django.po"))

    target = UNFOLD_LOCALE / language / "LC_MESSAGES" / "django.po"
    old = polib.pofile(str(target)) if target.exists() else None
    done = {_key(e): e for e in old or [] if not e.obsolete}
    skip = django_translated(language)

    po = polib.POFile(wrapwidth=79)
    po.header = "django-unfold's strings, which unfold does not translate itself."
    po.metadata = dict(old.metadata) if old else {}
    po.metadata.update(
        {
            "Project-Id-Version": f"PolicyCredit (django-unfold {_unfold_version()})",
            "Language": language,
            "MIME-Version": "1.0",
            "Content-Type": "text/plain; charset=UTF-8",
            "Content-Transfer-Encoding": "8bit",
        }
    )
    po.metadata.setdefault("Plural-Forms", "nplurals=1; plural=0;")
    nplurals = int(re.search(r"nplurals=(\d+)", po.metadata["Plural-Forms"]).group(1))
    todo = 0
    for entry in extracted:
        if _key(entry) in skip:
            continue
        new = polib.POEntry(
            msgctxt=entry.msgctxt,
            msgid=entry.msgid,
            msgid_plural=entry.msgid_plural,
            flags=[f for f in entry.flags if f != "fuzzy"],
        )
        previous = done.get(_key(entry))
        if entry.msgid_plural:
            new.msgstr_plural = (
                dict(previous.msgstr_plural) if previous else dict.fromkeys(range(nplurals), "")
            )
        else:
            new.msgstr = previous.msgstr if previous else ""
        if previous and previous.fuzzy:
            new.flags.append("fuzzy")
        todo += not new.translated()
        po.append(new)
    target.parent.mkdir(parents=True, exist_ok=True)
    po.save(str(target))
    print(f"{target}: {len(po)} entries, {todo} to translate")
    return 0


def _unfold_version() -> str:
    from importlib.metadata import version

    return version("django-unfold")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--update-unfold",
        action="store_true",
        help="re-extract django-unfold's strings into locale_unfold before compiling",
    )
    args = parser.parse_args(argv)
    if args.update_unfold:
        update_unfold()
    return compile_all()


if __name__ == "__main__":
    sys.exit(main())
