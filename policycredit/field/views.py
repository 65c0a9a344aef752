"""The field app's shell: the page, its manifest and its service worker.

The app works at a group's meeting with no signal, so nothing here may depend on the session:
the shell is the same for everyone and carries no data (the figures come only from the API,
`field/api_urls.py`, and are kept in the phone's IndexedDB by the app). That is why these three
answer anonymous visitors too: a phone must be able to start the app from its cache, the
browser fetches a manifest without cookies, and a service worker's script is fetched and
refreshed by the browser on its own schedule. A person who is not signed in sees the shell
say so and link to the sign-in page; the API refuses every figure.

The service worker's version is a fingerprint of what it caches (the shell's template and the
static files), so a deployment that changes any of them replaces the phone's cache.
"""

import hashlib
import json
from functools import cache
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.http import HttpResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from policycredit.accounts.roles import ACTIONS, Role
from policycredit.field import wording

# The shell's files, in the order the page loads its scripts.
SCRIPTS = (
    "field/money.js",
    "field/store.js",
    "field/server.js",
    "field/records.js",
    "field/screens.js",
    "field/forms.js",
    "field/app.js",
)
STYLES = ("field/app.css", "field/print.css")
ICONS = ("field/icon.svg", "field/icon-192.png", "field/icon-512.png")
SHELL_TEMPLATE = "field/app.html"
# The installed app's name as the phone shows it under its icon: a name, not a sentence, the
# same in every language of the site (as the bank's own names are).
APP_NAME = "PolicyCredit – Tổ vay vốn"
SHORT_NAME = "Tổ vay vốn"
THEME = "#0b3d91"


@require_safe
def shell(request):
    return render(
        request,
        SHELL_TEMPLATE,
        {
            "scripts": SCRIPTS,
            "styles": STYLES,
            "text": wording.texts(),
            "urls": _urls(),
            "theme": THEME,
        },
    )


@require_safe
def manifest(request):
    body = {
        "name": APP_NAME,
        "short_name": SHORT_NAME,
        "description": _("What the members owe, and what they hand over, with or without signal."),
        "lang": request.LANGUAGE_CODE,
        "start_url": reverse("field:app"),
        "scope": reverse("field:app"),
        "id": reverse("field:app"),
        "display": "standalone",
        "orientation": "portrait",
        "background_color": "#ffffff",
        "theme_color": THEME,
        "icons": [
            {"src": static("field/icon.svg"), "sizes": "any", "type": "image/svg+xml"},
            {"src": static("field/icon-192.png"), "sizes": "192x192", "type": "image/png"},
            {"src": static("field/icon-512.png"), "sizes": "512x512", "type": "image/png"},
            {
                "src": static("field/icon-512.png"),
                "sizes": "512x512",
                "type": "image/png",
                "purpose": "maskable",
            },
        ],
    }
    return HttpResponse(
        json.dumps(body, ensure_ascii=False), content_type="application/manifest+json"
    )


@require_safe
def service_worker(request):
    shell_url = reverse("field:app")
    precache = [
        shell_url,
        reverse("field:manifest"),
        *(static(name) for name in (*SCRIPTS, *STYLES, *ICONS)),
    ]
    response = render(
        request,
        "field/sw.js",
        {
            "version": json.dumps(version()),
            "shell": json.dumps(shell_url),
            "scope": json.dumps(shell_url),
            "precache": json.dumps(precache),
            # The folder's address as files are served from it (a directory has no manifest
            # entry of its own in production's hashed storage).
            "static_prefix": json.dumps(f"{settings.STATIC_URL.rstrip('/')}/field/"),
        },
        content_type="text/javascript; charset=utf-8",
    )
    # The browser asks the server for a newer worker at least daily; never from a cache.
    response["Cache-Control"] = "no-cache"
    return response


@cache
def version() -> str:
    """A fingerprint of the shell's template, its static files and the worker itself."""
    digest = hashlib.sha256()
    here = Path(__file__).resolve().parent
    for name in (SHELL_TEMPLATE, "field/sw.js"):
        digest.update((here / "templates" / name).read_bytes())
    digest.update((here / "wording.py").read_bytes())
    for name in (*SCRIPTS, *STYLES, *ICONS):
        found = finders.find(name)
        digest.update(name.encode())
        digest.update(Path(found).read_bytes() if found else b"-")
    return digest.hexdigest()[:16]


def _urls() -> dict:
    """Where the app finds things, and which roles record what members hand over (the role
    table's, not the person's: the shell is the same for everyone)."""
    return {
        "api": reverse("field_api:me").removesuffix("me/"),
        # The teller sees the groups' lists; what he takes is entered on the day's sheet.
        "collect_roles": sorted(ACTIONS["field.collect"] - {Role.TELLER}),
        "use_roles": sorted(ACTIONS["field.use"]),
        "login": f"{reverse('admin:login')}?next={reverse('field:app')}",
        "site": reverse("admin:index"),
        "sw": reverse("field:sw"),
        "scope": reverse("field:app"),
    }
