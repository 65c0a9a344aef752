"""The admin screens' base: scoped reads, writes through services, audit history, no deletes.
It lives with the accounts because every screen is scoped by the user's role and area.

Every model admin of the project derives from `ScopedAdmin`. It reads only through the app's
selector for the signed-in user and writes only through the app's service, so the admin is
one more client of the same rules the web screens and the API use.
"""

from django.contrib import admin
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.utils import unquote
from django.core import checks
from django.core.exceptions import BadRequest, FieldDoesNotExist, PermissionDenied
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models, transaction
from django.db.backends.base.operations import BaseDatabaseOperations
from django.db.models import F
from django.db.models.constants import LOOKUP_SEP
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from unfold.admin import ModelAdmin, StackedInline, TabularInline
from unfold.views import ChangeList
from unfold.widgets import UnfoldAdminIntegerFieldWidget

from policycredit.accounts.roles import can_change, can_view
from policycredit.audit.models import Action
from policycredit.audit.selectors import history_of
from policycredit.audit.services import record, record_personal_data_view
from policycredit.common import query as address
from policycredit.common.forms import (
    WHOLE_NUMBER_LIMIT,
    IdChoiceField,
    IdMultipleChoiceField,
    VndField,
    WholeNumberField,
    shown,
)
from policycredit.common.models import Rule
from policycredit.common.services import save_record


class _Permissions:
    def _labels(self):
        meta = self.model._meta
        return meta.app_label, meta.model_name

    def has_view_permission(self, request, obj=None):
        return can_view(request.user, *self._labels())

    def has_add_permission(self, request, obj=None):
        return can_change(request.user, *self._labels())

    def has_change_permission(self, request, obj=None):
        return can_change(request.user, *self._labels())

    def has_delete_permission(self, request, obj=None):
        # Records are closed or reversed, never deleted: the audit trail must stay whole.
        return False

    def has_module_permission(self, request):
        return can_view(request.user, *self._labels())

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        # Choices come from the related model's own scoped admin, on inlines as on forms, so a
        # posted id outside the user's area is refused as an invalid choice.
        related = self.admin_site._registry.get(db_field.related_model)
        if isinstance(related, ScopedAdmin) and "queryset" not in kwargs:
            kwargs["queryset"] = related.get_queryset(request)
        if isinstance(db_field.target_field, models.IntegerField):
            kwargs.setdefault("form_class", IdChoiceField)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if isinstance(db_field.target_field, models.IntegerField):
            kwargs.setdefault("form_class", IdMultipleChoiceField)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        return _number_formfield(db_field, **kwargs) or super().formfield_for_dbfield(
            db_field, request, **kwargs
        )


def _number_formfield(db_field, **kwargs):
    """The form field of a number the model keeps as an integer, or None for any other field.

    Django's own reads "1.000" as 1 and "١٢٣" as 123. The project keeps đồng in BigIntegerField
    (counts, terms and years in the smaller integer fields), so a BigIntegerField is read as an
    amount ("1.000" is one thousand) and the others as a whole number in ASCII digits."""
    if db_field.is_relation or db_field.choices or not isinstance(db_field, models.IntegerField):
        return None
    if isinstance(db_field, models.BigIntegerField):
        # The base class's formfield: BigIntegerField's adds bounds VndField has its own of.
        # A sign is read, not refused: the model's validators and the service say which
        # amounts they take, each in its own words.
        return models.Field.formfield(
            db_field, form_class=VndField, min_value=None, negative=True, **kwargs
        )
    # The column's range as PostgreSQL keeps it, whatever the database (SQLite's are 64-bit).
    low, high = BaseDatabaseOperations.integer_field_ranges.get(
        db_field.get_internal_type(), (-WHOLE_NUMBER_LIMIT, WHOLE_NUMBER_LIMIT)
    )
    for validator in db_field.validators:
        if isinstance(validator, MinValueValidator):
            low = max(low, validator.limit_value)
        elif isinstance(validator, MaxValueValidator):
            high = min(high, validator.limit_value)
    return models.Field.formfield(
        db_field,
        form_class=WholeNumberField,
        min_value=low,
        max_value=high,
        **{"widget": UnfoldAdminIntegerFieldWidget, **kwargs},
    )


def touches_identity_number(model, path) -> bool:
    """Whether a lookup or ordering path ("cccd__lte", "-head__cccd", "members__cccd") reaches a
    field that identifies a person (a field marked `identity_number`, the citizen ID).

    Such a field may be compared only for equality, and only by a search that is logged: a
    range filter or a sort on a masked column answers one bit per request, and forty
    requests spell out the whole number."""
    if isinstance(path, F):
        path = path.name
    if not isinstance(path, str):
        return False
    opts = model._meta
    for part in path.lstrip("-").split(LOOKUP_SEP):
        try:
            field = opts.get_field(part)
        except FieldDoesNotExist:
            return False
        if getattr(field, "identity_number", False):
            return True
        if not field.is_relation or field.related_model is None:
            return False
        opts = field.related_model._meta
    return False


class _NoIdentityOrdering(ChangeList):
    def get_ordering_field(self, field_name):
        # The `o=` parameter names a column by number; a column sorted by a citizen ID is
        # no column to sort by, whatever the screen declares.
        field = super().get_ordering_field(field_name)
        return None if touches_identity_number(self.model, field) else field


def _search_path(search_field: str) -> str:
    return search_field.lstrip("=^@")


class ScopedAdmin(_Permissions, ModelAdmin):
    selector = None  # callable(user) -> QuerySet
    service = None  # callable(*, actor, instance) -> instance; defaults to save_record
    # The change form shows personal data in full (a citizen ID): each opening is logged.
    shows_personal_data = False
    list_per_page = 50
    show_full_result_count = False

    def get_queryset(self, request):
        if self.selector is None:
            raise NotImplementedError(f"{type(self).__name__} needs a selector")
        qs = type(self).selector(request.user)
        ordering = self.get_ordering(request)
        return qs.order_by(*ordering) if ordering else qs

    # Citizen IDs: never filtered, sorted or searched by range, on any screen (see
    # `touches_identity_number`). A filter in the query string that reaches one is refused
    # (Django answers 400 Bad Request) rather than ignored: no screen of the project builds
    # such a link, so it comes from someone probing, and an ignored filter would answer the
    # whole list as if it had matched. The check below refuses to declare one at start-up.
    def lookup_allowed(self, lookup, value, request=None):
        if touches_identity_number(self.model, lookup):
            return False
        return super().lookup_allowed(lookup, value, request)

    def to_field_allowed(self, request, to_field):
        if touches_identity_number(self.model, to_field):
            return False
        return super().to_field_allowed(request, to_field)

    def get_search_fields(self, request):
        return [
            f
            for f in super().get_search_fields(request)
            if not touches_identity_number(self.model, _search_path(f))
        ]

    def get_ordering(self, request):
        return [
            f for f in super().get_ordering(request) if not touches_identity_number(self.model, f)
        ]

    def get_sortable_by(self, request):
        return [
            name
            for name in super().get_sortable_by(request)
            if not touches_identity_number(self.model, self._ordering_of(name))
        ]

    def _ordering_of(self, name):
        if callable(name):
            return getattr(name, "admin_order_field", None)
        attr = getattr(self, name, None)
        if attr is not None and callable(attr):
            return getattr(attr, "admin_order_field", None)
        return name

    def get_changelist(self, request, **kwargs):
        return _NoIdentityOrdering

    def get_changelist_instance(self, request):
        # Django reads a page number that is no number as page 1, and answers a filter it
        # cannot apply with "Database error": both are refused here, naming what was asked.
        address.number(request, "p")
        try:
            return super().get_changelist_instance(request)
        except IncorrectLookupParameters as error:
            asked = "&".join(f"{k}={v}" for k, v in request.GET.items() if k not in ("o", "q"))
            raise BadRequest(
                _("The address holds “%(asked)s”: no page or filter of this list is so.")
                % {"asked": shown(asked)}
            ) from error

    def check(self, **kwargs):
        errors = super().check(**kwargs)
        declared = [
            *(_search_path(f) for f in self.search_fields),
            *(f for f in self.list_filter if isinstance(f, str)),
            *(f[0] for f in self.list_filter if isinstance(f, (list, tuple))),
            *(self.ordering or ()),
            *(self._ordering_of(name) for name in self.list_display),
        ]
        errors += [
            checks.Error(
                f"{type(self).__name__} filters, sorts or searches by {path!r}, a citizen ID.",
                hint="Compare citizen IDs only for equality, in a logged search.",
                obj=type(self),
                id="policycredit.E001",
            )
            for path in declared
            if touches_identity_number(self.model, path)
        ]
        return errors

    def _get_obj_does_not_exist_redirect(self, request, opts, object_id):
        # Another scope's record looks exactly like a missing one.
        raise Http404(_("No such record, or not in your area."))

    def change_view(self, request, object_id, form_url="", extra_context=None):
        response = super().change_view(request, object_id, form_url, extra_context)
        # A form sent back with an error shows the stored citizen IDs again, as an opening does:
        # any answer that renders the form is a view (a save that succeeds redirects).
        context = getattr(response, "context_data", None) or {}
        if self.shows_personal_data and response.status_code == 200 and context.get("original"):
            record_personal_data_view(
                actor=request.user, instance=response.context_data["original"]
            )
        return response

    def save_model(self, request, obj, form, change):
        save = type(self).service or save_record
        save(actor=request.user, instance=obj)

    def save_related(self, request, form, formsets, change):
        before = _m2m_values(form.instance)
        form.save_m2m()
        after = _m2m_values(form.instance)
        if before != after:
            record(
                actor=request.user,
                action=Action.UPDATED,
                instance=form.instance,
                old=before,
                new=after,
            )
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)

    def save_formset(self, request, form, formset, change):
        instances = formset.save(commit=False)
        save = getattr(formset, "service", None) or save_record
        with transaction.atomic():
            for instance in instances:
                save(actor=request.user, instance=instance)

    def history_view(self, request, object_id, extra_context=None):
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404(_("No such record, or not in your area."))
        if not self.has_view_permission(request, obj):
            raise PermissionDenied
        context = {
            **self.admin_site.each_context(request),
            "title": _("History of %(record)s") % {"record": obj},
            "object": obj,
            "opts": self.model._meta,
            "events": [_readable(event, self.model) for event in history_of(obj)[:500]],
        }
        return TemplateResponse(request, "web/history.html", context)


def _readable(event, model):
    """The event with its columns named as the form names them ("ward", not "ward_id")."""
    names = {}
    for field in model._meta.get_fields():
        attname = getattr(field, "attname", None)
        if attname:
            names[attname] = str(getattr(field, "verbose_name", attname))
    keys = list((event.old or {}).keys() | (event.new or {}).keys())
    event.changes = [
        (names.get(key, key), (event.old or {}).get(key, ""), (event.new or {}).get(key, ""))
        for key in sorted(keys, key=lambda k: names.get(k, k))
    ]
    return event


def _m2m_values(instance) -> dict:
    if instance.pk is None:
        return {}
    return {
        f.name: sorted(getattr(instance, f.name).values_list("pk", flat=True))
        for f in instance._meta.many_to_many
    }


class _InlineService:
    service = None  # callable(*, actor, instance), used by ScopedAdmin.save_formset

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        formset.service = staticmethod(type(self).service) if type(self).service else None
        return formset


class ScopedTabularInline(_InlineService, _Permissions, TabularInline):
    extra = 0


class ScopedStackedInline(_InlineService, _Permissions, StackedInline):
    extra = 0


def _register_rules():
    @admin.register(Rule)
    class RuleAdmin(ScopedAdmin):
        selector = staticmethod(lambda user: Rule.objects.all())
        list_display = ["key", "value", "valid_from", "legal_basis"]
        search_fields = ["key"]


_register_rules()


class ListOnlyAdmin(ScopedAdmin):
    """Lists only: the records change through their own pages and services (loans,
    statements); opening one goes to its business page (`page_url`)."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def change_view(self, request, object_id, form_url="", extra_context=None):
        # The right first: a redirect to the record's page would tell a role that may not see
        # such records that this one exists.
        if not self.has_view_permission(request):
            raise PermissionDenied
        obj = self.get_object(request, unquote(object_id))
        if obj is None or not self.has_view_permission(request, obj):
            return self._get_obj_does_not_exist_redirect(request, self.model._meta, object_id)
        return redirect(self.page_url(obj))
