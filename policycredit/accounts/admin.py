from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _
from unfold.forms import AdminPasswordChangeForm, UserChangeForm, UserCreationForm

from policycredit.accounts import selectors, services
from policycredit.accounts.admin_base import ScopedAdmin
from policycredit.accounts.models import User
from policycredit.audit.models import Action, AuditEvent
from policycredit.audit.services import record


class AuditedPasswordChangeForm(AdminPasswordChangeForm):
    """A password set by an administrator is an audited change (the value never is)."""

    def save(self, commit=True):

        user = super().save(commit=commit)
        record(actor=self.actor, action=Action.UPDATED, instance=user, new={"password": "(set)"})
        return user


@admin.register(User)
class UserAdmin(ScopedAdmin, DjangoUserAdmin):
    selector = selectors.users_for
    service = services.save_user
    form = UserChangeForm
    add_form = UserCreationForm
    change_password_form = AuditedPasswordChangeForm
    list_display = ["username", "first_name", "last_name", "role", "office", "unit", "is_active"]
    list_filter = ["role", "is_active"]
    autocomplete_fields = ["office", "unit", "organisation", "group"]
    fieldsets = [
        (None, {"fields": ["username", "password"]}),
        (_("Person"), {"fields": ["first_name", "last_name", "email"]}),
        (_("Role and scope"), {"fields": ["role", "office", "unit", "organisation", "group"]}),
        (_("Status"), {"fields": ["is_active", "is_superuser", "last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (None, {"fields": ["username", "password1", "password2"]}),
        (_("Role and scope"), {"fields": ["role", "office", "unit", "organisation", "group"]}),
    ]
    readonly_fields = ["last_login", "date_joined"]

    def user_change_password(self, request, id, form_url=""):
        # The form needs to know who is acting, for the audit event.
        self.change_password_form = type(
            "ActingPasswordChangeForm", (AuditedPasswordChangeForm,), {"actor": request.user}
        )
        return super().user_change_password(request, id, form_url)


@admin.register(AuditEvent)
class AuditEventAdmin(ScopedAdmin):
    """The audit log's screen (here, where the user's scope is known)."""

    selector = selectors.events_for
    list_display = ["occurred_at", "actor", "action", "model", "object_repr"]
    list_filter = ["action", "model"]
    search_fields = ["object_repr", "actor__username"]
    readonly_fields = [f.name for f in AuditEvent._meta.fields]

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False
