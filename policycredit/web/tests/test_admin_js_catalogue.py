"""The admin's JavaScript speaks Vietnamese: Django 5.2's Vietnamese djangojs catalogue lacks the
two-box chooser's new wording ("Choose all %s", "Remove all %s"...), so the project's
locale/vi/LC_MESSAGES/djangojs.po supplies it, and the admin's jsi18n view merges it in."""

import json
from pathlib import Path

import django
import polib
import pytest
from django.urls import reverse

from policycredit.web import compile_messages
from policycredit.web.compile_messages import PROJECT_LOCALE

OURS = PROJECT_LOCALE / "vi" / "LC_MESSAGES" / "djangojs.po"
ADMIN_LOCALE = Path(django.__file__).resolve().parent / "contrib" / "admin" / "locale"


def _key(entry):
    return (entry.msgctxt, entry.msgid, entry.msgid_plural)


def test_every_admin_javascript_string_has_vietnamese():
    """Fails after a Django upgrade that adds admin JS strings Django's vi does not translate."""
    english = polib.pofile(str(ADMIN_LOCALE / "en" / "LC_MESSAGES" / "djangojs.po"))
    django_vi = polib.pofile(str(ADMIN_LOCALE / "vi" / "LC_MESSAGES" / "djangojs.po"))
    translated = {_key(e) for e in django_vi if e.translated()}
    translated |= {_key(e) for e in polib.pofile(str(OURS)) if e.translated()}
    assert [e.msgid for e in english if _key(e) not in translated] == []


def test_the_js_catalogue_is_checked_and_compiled():
    assert OURS in compile_messages.catalogues()
    po = polib.pofile(str(OURS))
    assert po.metadata["Plural-Forms"].startswith("nplurals=1;")
    assert compile_messages.problems(po) == []
    for entry in po:
        for text in [entry.msgstr, *entry.msgstr_plural.values()]:
            if text:
                assert text.count("%s") == (entry.msgid_plural or entry.msgid).count("%s")
    committed = polib.mofile(str(OURS.with_suffix(".mo")))
    assert {_key(e): e.msgstr for e in committed} == {_key(e): e.msgstr for e in po}


def _in_js(text: str) -> str:
    # The catalogue is JSON inside the script, non-ASCII escaped.
    return json.dumps(text)


@pytest.mark.django_db
def test_the_admin_chooser_comes_out_in_vietnamese(client_as):
    client = client_as("admin")
    form = client.get(reverse("admin:capital_entrustmentdecision_add"))
    assert form.status_code == 200
    assert reverse("admin:jsi18n") in form.content.decode()
    script = client.get(reverse("admin:jsi18n")).content.decode()
    assert _in_js("Choose all %s") in script
    assert _in_js("Chọn tất cả %s") in script
    assert _in_js("%s có thể chọn") in script
    # Django's own Vietnamese still answers what the project leaves to it.
    assert _in_js("Hôm nay") in script
