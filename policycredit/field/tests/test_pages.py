"""The field app's shell, manifest and service worker: what a phone is sent before the app can
run offline. None carries data (the figures come from the API only), all three answer a phone
with no session, and the worker caches the shell and its files but never the API."""

import json
import re
import shutil
import struct
import subprocess
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from hypothesis import given, settings
from hypothesis import strategies as st

from policycredit.domain.money import MAX_VND, format_vnd
from policycredit.field import views, wording

pytestmark = pytest.mark.django_db

STATIC = Path(views.__file__).parent / "static" / "field"


def test_the_shell_opens_without_a_session_and_carries_no_data(client, client_as):
    anonymous = client.get("/field/")
    assert anonymous.status_code == 200
    html = anonymous.content.decode()
    assert '<html lang="vi">' in html
    assert 'rel="manifest" href="/field/manifest.webmanifest"' in html
    # The same page for a signed-in leader: no group, household or person in it.
    leader = client_as("totruong").get("/field/").content.decode()
    strip = re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"')
    assert strip.sub("", leader) == strip.sub("", html)
    from policycredit.network.models import SavingsGroup

    group = SavingsGroup.objects.filter(closed__isnull=True).first()
    assert group.name not in leader and group.code not in leader


def test_the_shell_runs_no_inline_script_and_keeps_its_words_in_a_json_block(client):
    response = client.get("/field/")
    html = response.content.decode()
    inline = re.findall(r"<script(?![^>]*\bsrc=)([^>]*)>", html)
    assert inline and all('type="application/json"' in attrs for attrs in inline)
    assert not re.search(r"\son[a-z]+=", html), "no inline event handler"
    text = json.loads(re.search(r'id="field-text"[^>]*>(.*?)</script>', html, re.S).group(1))
    assert text == wording.texts()
    urls = json.loads(re.search(r'id="field-urls"[^>]*>(.*?)</script>', html, re.S).group(1))
    assert urls["api"] == "/api/v1/field/"
    assert urls["login"] == "/login/?next=/field/"
    assert set(urls["collect_roles"]) == {"group_leader", "organisation_officer"}
    csp = response["Content-Security-Policy"]
    assert "'unsafe-inline'" not in csp.split("script-src")[1].split(";")[0]


def test_every_word_the_scripts_ask_for_is_in_the_translated_block():
    used = set()
    for script in STATIC.glob("*.js"):
        source = script.read_text()
        used |= set(re.findall(r'\bt\("([a-z_0-9]+)"', source))
        used |= set(re.findall(r'"((?:state|reason|err)_[a-z_]+)"', source))
        used |= {f"col_{k}" for k in re.findall(r'"([a-z_]+)"', _head_of_statement(source))}
    missing = used - set(wording.texts())
    assert not missing, f"words the app shows with no text: {sorted(missing)}"


def _head_of_statement(source: str) -> str:
    found = re.search(r"const head = \[([^\]]*)\]", source)
    return found.group(1) if found else ""


def test_the_manifest_installs_the_app_on_its_own_pages(client):
    response = client.get("/field/manifest.webmanifest")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/manifest+json"
    manifest = json.loads(response.content)
    assert manifest["name"] == "PolicyCredit – Tổ vay vốn"
    assert manifest["start_url"] == manifest["scope"] == "/field/"
    assert manifest["display"] == "standalone"
    sizes = {icon["sizes"] for icon in manifest["icons"]}
    assert {"192x192", "512x512", "any"} <= sizes
    for icon in manifest["icons"]:
        assert icon["src"].startswith("/static/field/")
        assert finders.find(icon["src"].removeprefix("/static/")), icon["src"]


def test_the_icons_are_the_sizes_the_manifest_says():
    for size in (192, 512):
        data = (STATIC / f"icon-{size}.png").read_bytes()
        assert data[:8] == b"\x89PNG\r\n\x1a\n"
        assert struct.unpack(">II", data[16:24]) == (size, size)


def test_the_worker_caches_the_shell_and_its_files_never_the_api(client):
    response = client.get("/field/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert "no-cache" in response["Cache-Control"]
    source = response.content.decode()
    version = json.loads(re.search(r"const VERSION = (.*);", source).group(1))
    assert version == views.version() and re.fullmatch(r"[0-9a-f]{16}", version)
    precache = json.loads(re.search(r"const PRECACHE = (.*);", source).group(1))
    assert precache[0] == "/field/" and "/field/manifest.webmanifest" in precache
    for name in (*views.SCRIPTS, *views.STYLES, *views.ICONS):
        assert f"/static/{name}" in precache
        assert finders.find(name), name
    assert not any("/api/" in url for url in precache)
    assert "{{" not in source and "{%" not in source


def test_a_deployment_that_changes_a_cached_file_changes_the_workers_version(monkeypatch):
    before = views.version()
    views.version.cache_clear()
    real = Path.read_bytes

    def changed(path):
        data = real(path)
        return data + b"\n// changed" if path.name == "app.js" else data

    monkeypatch.setattr(Path, "read_bytes", changed)
    try:
        assert views.version() != before
    finally:
        views.version.cache_clear()


def test_the_roles_that_work_in_the_field_find_the_app_in_the_menu(client_as):
    for username in ("totruong", "hoiphunu", "giaodich", "tindung"):
        page = client_as(username).get("/").content.decode()
        assert 'href="/field/"' in page, username
    for username in ("ketoan", "bandaidien"):
        page = client_as(username).get("/").content.decode()
        assert 'href="/field/"' not in page, username


def test_the_leaders_papers_lead_to_the_app(client_as):
    page = client_as("totruong").get("/day/leader/")
    assert page.status_code == 200
    assert 'data-testid="field-app"' in page.content.decode()


NODE = shutil.which("node")


def _in_node(calls: list) -> list:
    """Runs money.js's functions on the given [name, argument] pairs in Node."""
    script = (
        "globalThis.self = globalThis;"
        + (STATIC / "money.js").read_text()
        + "const calls = JSON.parse(require('fs').readFileSync(0, 'utf8'));"
        + "process.stdout.write(JSON.stringify(calls.map(([f, x]) => Field.money[f](x))));"
    )
    done = subprocess.run(
        [NODE, "-e", script], input=json.dumps(calls), capture_output=True, text=True, check=True
    )
    return json.loads(done.stdout)


@pytest.mark.skipif(NODE is None, reason="Node runs the app's amount rules outside a browser")
def test_the_app_reads_and_writes_amounts_and_dates_as_the_project_does():
    examples = [
        ["grouped", 1234567],
        ["grouped", 0],
        ["parse", "1.234.567"],
        ["parse", "150 000"],
        ["parse", "007"],
        ["parse", "12,5"],
        ["parse", "-5"],
        ["parse", "1e6"],
        ["parse", ""],
        ["parse", "1" + "0" * 15],
        ["parseDate", "05/03/2026"],
        ["parseDate", "31/02/2026"],
        ["parseDate", "2026-03-05"],
        ["date", "2026-03-05"],
    ]
    assert _in_node(examples) == [
        "1.234.567",
        "0",
        {"value": 1234567, "error": None},
        {"value": 150000, "error": None},
        {"value": 7, "error": None},
        {"value": None, "error": "not_amount"},
        {"value": None, "error": "not_amount"},
        {"value": None, "error": "not_amount"},
        {"value": None, "error": "empty"},
        {"value": None, "error": "too_large"},
        {"value": "2026-03-05", "error": None},
        {"value": None, "error": "not_date"},
        {"value": None, "error": "not_date"},
        "05/03/2026",
    ]


@pytest.mark.skipif(NODE is None, reason="Node runs the app's amount rules outside a browser")
@settings(max_examples=1, deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=MAX_VND), min_size=50, max_size=50))
def test_every_amount_the_app_writes_is_the_projects_and_reads_back_the_same(amounts):
    calls = [["grouped", n] for n in amounts] + [["parse", format_vnd(n, "")] for n in amounts]
    answers = _in_node(calls)
    assert answers[: len(amounts)] == [format_vnd(n, "") for n in amounts]
    assert [a["value"] for a in answers[len(amounts) :]] == amounts
