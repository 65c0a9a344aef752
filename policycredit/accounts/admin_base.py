"""The admin screens' base: scoped reads, writes through services, audit history, no deletes.
It lives with the accounts because every screen is scoped by the user's role and area.

Every model admin of the project derives from `ScopedAdmin`. It reads only through the app's
selector for the signed-in user and writes only through the app's service, so the admin is
one more client of the same rules the web screens and the API use.
"""

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from unfold.admin import ModelAdmin, StackedInline, TabularInline

from policycredit.accounts.roles import can_change, can_view
from policycredit.audit.models import Action
from policycredit.audit.selectors import history_of
from policycredit.audit.services import record, record_personal_data_view
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
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


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

    def _get_obj_does_not_exist_redirect(self, request, opts, object_id):
        # Another scope's record looks exactly like a missing one.
        raise Http404(_("No such record, or not in your area."))

    def change_view(self, request, object_id, form_url="", extra_context=None):
        response = super().change_view(request, object_id, form_url, extra_context)
        if self.shows_personal_data and request.method == "GET" and response.status_code == 200:
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

        obj = self.get_object(request, object_id)
        if obj is None:
            return self._get_obj_does_not_exist_redirect(request, self.model._meta, object_id)
        return redirect(self.page_url(obj))
