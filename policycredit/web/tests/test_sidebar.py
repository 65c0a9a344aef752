"""The sidebar kept per role (web.sidebar) is the menu django-unfold builds afresh on every
page, for every role, in both languages and with the same item marked active; a warm page
asks the URL configuration nothing for it, and an error page builds no list of the admin's
models. None of these needs the database: the menu depends on the user's role alone."""

import re
from unittest import mock

import pytest
from django.contrib import admin
from django.urls.resolvers import URLResolver
from django.utils import translation
from django.utils.functional import Promise
from unfold.sites import UnfoldAdminSite

from policycredit.accounts.models import User
from policycredit.accounts.roles import Role
from policycredit.web import errors, sidebar
from policycredit.web.sites import PolicyCreditSite

PATHS = (
    "/",
    "/reports/dashboard/",
    "/reports/",
    "/books/",
    "/borrowers/household/",
    "/borrowers/household/12/change/",
    "/khong-co/",
)


def _users():
    people = [User(username=f"sidebar.{role}", role=role) for role in Role]
    people.append(User(username="sidebar.root", role=Role.ADMINISTRATOR, is_superuser=True))
    people.append(User(username="sidebar.left", role=Role.DIRECTOR, is_active=False))
    return people


def _plain(value):
    """Lazy strings as the text they render: the kept menu holds addresses resolved."""
    if isinstance(value, Promise):
        return str(value)
    if isinstance(value, dict):
        return {name: _plain(item) for name, item in value.items()}
    if isinstance(value, list):
        return [_plain(item) for item in value]
    return value


def _request(rf, user, path):
    request = rf.get(path)
    request.user = user
    return request


@pytest.fixture(autouse=True)
def _fresh_cache():
    sidebar.CACHE.clear()
    yield
    sidebar.CACHE.clear()


@pytest.mark.parametrize("language", ["vi", "en"])
def test_the_kept_menu_is_unfolds_menu_for_every_role_and_page(rf, language):
    with translation.override(language):
        for user in _users():
            for path in PATHS:
                request = _request(rf, user, path)
                kept = admin.site.get_sidebar_list(request)
                built = UnfoldAdminSite.get_sidebar_list(admin.site, request)
                assert _plain(kept) == _plain(built), (user.username, path)
    # One menu per role (each user above is one), superuser and inactive user, in this language.
    assert len(sidebar.CACHE.menus) == len(Role) + 2


def test_each_role_sees_what_its_table_gives_and_the_active_item_moves(rf):
    def shown(user, path):
        menu = admin.site.get_sidebar_list(_request(rf, user, path))
        items = [item for group in menu for item in group["items"]]
        return {item["link"] for item in items if item["has_permission"]}, {
            item["link"] for item in items if item["active"]
        }

    director, leader = User(role=Role.DIRECTOR), User(role=Role.GROUP_LEADER)
    seen, active = shown(director, "/reports/dashboard/")
    # unfold's rule, kept: an item is active on its address and below it.
    assert "/reports/dashboard/" in seen and active == {"/reports/", "/reports/dashboard/"}
    assert shown(director, "/")[1] == {"/"}
    seen, _ = shown(leader, "/reports/dashboard/")
    assert "/reports/dashboard/" not in seen  # the leader's role gives no reports


def _counting():
    """URLResolver's reverse, counted: every reverse() and reverse_lazy() goes through it."""
    original = URLResolver._reverse_with_prefix
    calls = []

    def counted(resolver, *args, **kwargs):
        calls.append(args[0])
        return original(resolver, *args, **kwargs)

    return mock.patch.object(URLResolver, "_reverse_with_prefix", counted), calls


def test_a_warm_menu_asks_the_url_configuration_nothing(rf):
    user = User(role=Role.DIRECTOR)
    admin.site.get_sidebar_list(_request(rf, user, "/"))
    counting, calls = _counting()
    with counting:
        menu = admin.site.get_sidebar_list(_request(rf, user, "/books/"))
        assert calls == []
        UnfoldAdminSite.get_sidebar_list(admin.site, _request(rf, user, "/books/"))
    assert len(calls) > sum(len(group["items"]) for group in menu)


def _by_name(request):
    return request.user.username == "sidebar.one"


def _marked(request):
    return True


_marked.by_role = True


def test_a_permission_not_marked_by_role_is_asked_on_every_request(rf, settings):
    navigation = [
        {
            "title": "Test",
            "items": [
                {"title": "Home", "link": "/", "permission": _by_name},
                {"title": "Books", "link": "/books/", "permission": _marked},
            ],
        }
    ]
    settings.UNFOLD = {
        **settings.UNFOLD,
        "SIDEBAR": {**settings.UNFOLD["SIDEBAR"], "navigation": navigation},
    }
    one = User(username="sidebar.one", role=Role.DIRECTOR)
    other = User(username="sidebar.other", role=Role.DIRECTOR)
    first = admin.site.get_sidebar_list(_request(rf, one, "/"))[0]["items"]
    second = admin.site.get_sidebar_list(_request(rf, other, "/"))[0]["items"]
    assert [item["has_permission"] for item in first] == [True, True]
    assert [item["has_permission"] for item in second] == [False, True]


def _unfolds():
    """The site as django-unfold alone builds it: menu, model list and settings every time."""
    return (
        mock.patch.object(PolicyCreditSite, "get_sidebar_list", UnfoldAdminSite.get_sidebar_list),
        mock.patch.object(PolicyCreditSite, "get_app_list", UnfoldAdminSite.get_app_list),
        mock.patch.object(PolicyCreditSite, "_get_config", UnfoldAdminSite._get_config),
    )


TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')


@pytest.mark.parametrize("path", ["/khong-co/", "/fees/statements/99/"])
def test_the_error_page_is_the_page_unfold_builds(rf, path):
    user = User(username="sidebar.x", role=Role.DIRECTOR)
    user._perm_cache = set()  # Django's model list asks the permission tables otherwise
    request = _request(rf, user, path)
    with translation.override("vi"):
        kept = errors.page_not_found(request).content.decode()
        first, second, third = _unfolds()
        with first, second, third:
            built = errors.page_not_found(request).content.decode()
    # The form tokens are masked afresh on every page.
    assert TOKEN.sub("", kept) == TOKEN.sub("", built)


@pytest.mark.parametrize("role", [Role.DIRECTOR, Role.ORGANISATION_OFFICER])
def test_an_error_page_builds_no_list_of_models(rf, role):
    request = _request(rf, User(username="sidebar.x", role=role), "/khong-co/")
    with (
        translation.override("vi"),
        mock.patch.object(admin.AdminSite, "_build_app_dict", side_effect=AssertionError),
    ):
        reply = errors.page_not_found(request)
    assert reply.status_code == 404
    assert 'data-testid="error-page"' in reply.content.decode()
