"""The Vietnamese catalogues: complete, compiled, and actually used.

Two catalogue folders (see policycredit/web/compile_messages.py): `locale` for the project's
strings, `locale_unfold` for django-unfold's, which ships no translations of its own.
"""

from pathlib import Path

import polib
import pytest
from django.conf import settings as django_settings
from django.urls import reverse
from django.utils import translation

from policycredit.web import compile_messages
from policycredit.web.compile_messages import PROJECT_LOCALE, UNFOLD_LOCALE

VI_CATALOGUES = [
    PROJECT_LOCALE / "vi" / "LC_MESSAGES" / "django.po",
    UNFOLD_LOCALE / "vi" / "LC_MESSAGES" / "django.po",
]


def _messages(mo: polib.MOFile) -> dict:
    return {
        (e.msgctxt, e.msgid, e.msgid_plural): (e.msgstr, tuple(sorted(e.msgstr_plural.items())))
        for e in mo
    }


def _in_locale_paths(folder: Path) -> bool:
    return any(Path(p).resolve() == folder.resolve() for p in django_settings.LOCALE_PATHS)


def test_the_compiler_finds_both_vietnamese_catalogues():
    assert set(VI_CATALOGUES) <= set(compile_messages.catalogues())


@pytest.mark.parametrize("path", VI_CATALOGUES, ids=["project", "unfold"])
def test_catalogue_is_complete(path):
    po = polib.pofile(str(path))
    assert po.metadata["Language"] == "vi"
    assert "charset=UTF-8" in po.metadata["Content-Type"]
    assert po.metadata["Plural-Forms"].startswith("nplurals=1;")
    assert len(po) > 0
    assert compile_messages.problems(po) == []


@pytest.mark.parametrize("path", VI_CATALOGUES, ids=["project", "unfold"])
def test_committed_mo_matches_po(path, tmp_path):
    fresh = tmp_path / "django.mo"
    polib.pofile(str(path)).save_as_mofile(str(fresh))
    committed = path.with_suffix(".mo")
    assert committed.exists(), f"{committed} is missing: run `make messages`"
    assert _messages(polib.mofile(str(committed))) == _messages(polib.mofile(str(fresh))), (
        f"{committed} is out of date: run `python -m policycredit.web.compile_messages`"
    )


def test_the_checker_refuses_incomplete_entries():
    po = polib.POFile()
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8"}
    po.append(polib.POEntry(msgid="Untranslated", msgstr=""))
    po.append(polib.POEntry(msgid="Guessed", msgstr="Đoán", flags=["fuzzy"]))
    po.append(
        polib.POEntry(msgid="Hello, %(name)s", msgstr="Xin chào, %(ten)s", flags=["python-format"])
    )
    po.append(polib.POEntry(msgid="%(count)d households", msgstr="%(count)d hộ"))
    faults = compile_messages.problems(po)
    assert len(faults) == 3
    assert faults[0].startswith("untranslated")
    assert faults[1].startswith("fuzzy")
    assert faults[2].startswith("placeholders differ")


# Aliases, so that makemessages does not take this file's strings for the project's own.
_tr, _ntr = translation.gettext, translation.ngettext


def test_strings_come_out_in_vietnamese():
    with translation.override("vi"):
        # The project's own catalogue.
        assert _tr("Households") == "Hộ vay"
        assert _tr("Hello, %(name)s") % {"name": "An"} == "Xin chào, An"
        # unfold's: its login page and its change list.
        assert _tr("Welcome back to") == "Chào mừng bạn quay lại với"
        assert _tr("Filters") == "Bộ lọc"
        assert _ntr("entry", "entries", 3) == "mục"
        # Django's own admin catalogue still answers what we left to it.
        assert _tr("Log in") == "Đăng nhập"
    with translation.override("en"):
        assert _tr("Households") == "Households"
        assert _tr("Welcome back to") == "Welcome back to"


@pytest.mark.django_db
def test_login_page_is_in_vietnamese(client):
    response = client.get(reverse("admin:login"), HTTP_ACCEPT_LANGUAGE="vi")
    assert response.status_code == 200
    assert "Chào mừng bạn quay lại với" in response.content.decode()


def test_settings_load_both_catalogues():
    assert _in_locale_paths(PROJECT_LOCALE)
    assert _in_locale_paths(UNFOLD_LOCALE)
    paths = [Path(p).resolve() for p in django_settings.LOCALE_PATHS]
    # The project's catalogue first: where both translate a msgid, the project's wording wins.
    assert paths.index(PROJECT_LOCALE.resolve()) < paths.index(UNFOLD_LOCALE.resolve())
