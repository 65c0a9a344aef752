"""The sidebar's menu, worked out once per role instead of on every request.

django-unfold builds the menu afresh for each page: it copies the whole navigation, resolves
every item's address (a `reverse()` each, and one more for the home page to tell the active
item) and calls every item's permission. What it produces depends on little: the addresses on
the URL configuration, the script prefix and the language; the permissions made by
`unfold_config._can_view` / `_can_act` on the user's role, superuser flag and being signed in
and active, because the role table (`accounts.roles`) is code, fixed for the life of the
process. Those parts are kept per such key; which item is the active one is the request's
path, and is marked per request.

An item the cache cannot vouch for (a permission that is not marked `by_role`, an address,
badge or active flag of its own computed per request, nested items) is built by unfold for
each request, as before; a configuration with tabs, or groups with badges, is built by unfold
whole. `web/tests/test_sidebar.py` proves the kept menu equals unfold's for every role.
"""

import copy
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlparse

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils import translation
from django.utils.functional import Promise

# The mark `unfold_config` puts on a permission whose answer depends on the user's role, its
# superuser flag and its being active and signed in, and on nothing else.
BY_ROLE = "by_role"


@dataclass(frozen=True)
class Entry:
    """One item of the menu as kept: `item` is what unfold would hand the template (less its
    active flag), or `config` is the item to build per request."""

    item: dict | None = None
    path: str = ""  # the path part of the item's address, to mark the active item
    config: dict | None = None


@dataclass(frozen=True)
class Menu:
    groups: list[tuple[dict, list[Entry]]]
    index_path: str


@dataclass
class MenuCache:
    menus: dict = field(default_factory=dict)

    def clear(self) -> None:
        self.menus.clear()


CACHE = MenuCache()


@receiver(setting_changed)
def _forget_on_settings_change(**kwargs):
    # A test that overrides UNFOLD, the URL configuration or the languages sees its own menu.
    CACHE.clear()


def key(request) -> tuple:
    user = request.user
    return (
        getattr(user, "role", None),
        user.is_superuser,
        user.is_active,
        user.is_authenticated,
        translation.get_language(),
        get_script_prefix(),
        get_urlconf(),
    )


def cacheable(navigation, tabs) -> bool:
    """Whether the whole navigation fits the kept form; if not, unfold builds it each time."""
    if tabs or not isinstance(navigation, list | tuple):
        return False
    return not any("badge" in group for group in navigation)


def _per_role(item: dict) -> bool:
    permission = item.get("permission")
    link = item.get("link")
    return (
        (permission is None or getattr(permission, BY_ROLE, False))
        and isinstance(link, str | Promise)
        and not {"active", "badge", "items", "link_callback"} & item.keys()
    )


def build(site, request, navigation) -> Menu:
    groups = []
    for group in navigation:
        entries = []
        for config in group["items"]:
            if not _per_role(config):
                entries.append(Entry(config=config))
                continue
            link = str(config["link"])
            item = {
                **copy.deepcopy(config),
                "link": link,
                "has_permission": site._call_permission_callback(config.get("permission"), request),
            }
            entries.append(Entry(item=item, path=urlparse(link).path))
        head = {name: copy.deepcopy(value) for name, value in group.items() if name != "items"}
        groups.append((head, entries))
    return Menu(groups=groups, index_path=reverse(f"{site.name}:index"))


def is_active(path: str, index_path: str, request_path: str) -> bool:
    """unfold's rule (`UnfoldAdminSite._get_is_active`, outside tabs): the home item on the
    home page only, any other item on its own address and below it."""
    if path == request_path == index_path:
        return True
    return path != "" and path in request_path and path != index_path


def for_request(site, request, menu: Menu, tabs) -> list[dict]:
    """The kept menu with this request's active item marked, as fresh dicts: the template (or
    anything else) may change them without changing the kept menu."""
    groups = []
    for head, entries in menu.groups:
        items = []
        for entry in entries:
            if entry.config is not None:
                config = copy.deepcopy(entry.config)
                items.extend(site._get_navigation_items(request, [config], tabs))
                continue
            item = dict(entry.item)
            item["active"] = is_active(entry.path, menu.index_path, request.path)
            items.append(item)
        groups.append({**head, "items": items})
    return groups


def sidebar(site, request, navigation, tabs, uncached: Callable[[], list]) -> list[dict]:
    if not cacheable(navigation, tabs):
        return uncached()
    menu_key = key(request)
    menu = CACHE.menus.get(menu_key)
    if menu is None:
        menu = CACHE.menus[menu_key] = build(site, request, navigation)
    return for_request(site, request, menu, tabs)
