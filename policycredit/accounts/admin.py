from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from unfold.admin import TabularInline
from unfold.forms import AdminPasswordChangeForm, UserChangeForm, UserCreationForm

from policycredit.accounts import policy, selectors, services, signin
from policycredit.accounts.admin_base import ScopedAdmin
from policycredit.accounts.models import ActLimit, ActPolicy, Proposal, User
from policycredit.accounts.roles import Role, can_change, can_view
from policycredit.audit.models import Action, AuditEvent
from policycredit.audit.record_types import RecordTypeFilter
from policycredit.audit.services import record
from policycredit.common.templatetags.money import vnd


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
    actions = ["unlock_sign_in", "remove_authenticator"]

    def has_administer_permission(self, request):
        return request.user.is_superuser or request.user.role == Role.ADMINISTRATOR

    @admin.action(description=_("Unlock sign-in"), permissions=["administer"])
    def unlock_sign_in(self, request, queryset):
        for user in queryset:
            signin.unlock_sign_in(actor=request.user, user=user)
        n = len(queryset)
        messages.success(
            request,
            ngettext("Sign-in unlocked for %(n)d user.", "Sign-in unlocked for %(n)d users.", n)
            % {"n": n},
        )

    @admin.action(
        description=_("Remove the authenticator app (lost phone)"), permissions=["administer"]
    )
    def remove_authenticator(self, request, queryset):
        for user in queryset:
            signin.reset_second_factor(actor=request.user, user=user)
        n = len(queryset)
        messages.success(
            request,
            ngettext(
                "Authenticator app removed for %(n)d user: they set up a new one at sign-in.",
                "Authenticator app removed for %(n)d users: each sets up a new one at sign-in.",
                n,
            )
            % {"n": n},
        )

    def save_model(self, request, obj, form, change):
        if isinstance(services.save_user(actor=request.user, instance=obj), Proposal):
            messages.info(
                request,
                _(
                    "The change of role, scope or access waits for a second person's approval; "
                    "until then the user keeps the access they had (a new user cannot sign in)."
                ),
            )

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
    # People by name and records by kind ("Transaction day"), never a sign-in name or a
    # table's label ("transactiondays.transactionday").
    list_display = ["occurred_at", "who", "action", "record_type", "object_repr"]
    list_filter = ["action", RecordTypeFilter]
    list_select_related = ["actor"]
    search_fields = ["object_repr", "actor__username"]
    readonly_fields = [
        {"actor": "who", "model": "record_type"}.get(f.name, f.name)
        for f in AuditEvent._meta.fields
    ]
    fields = readonly_fields

    @admin.display(description=_("who"), ordering="actor")
    def who(self, event):
        return event.who

    @admin.display(description=_("record type"), ordering="model")
    def record_type(self, event):
        return event.record_type

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class PolicyForm(forms.ModelForm):
    proposers = forms.MultipleChoiceField(
        label=_("who may take or propose it"),
        choices=Role.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    approvers = forms.MultipleChoiceField(
        label=_("who may approve it"),
        choices=Role.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = ActPolicy
        fields = ["act", "proposers", "approvers", "note"]


class LimitInline(TabularInline):
    model = ActLimit
    extra = 1
    fields = ["role", "alone_up_to"]

    # Only administrators reach the rules at all (accounts.roles): the inline follows them.
    def has_add_permission(self, request, obj=None):
        return can_change(request.user, "accounts", "actlimit")

    def has_change_permission(self, request, obj=None):
        return can_change(request.user, "accounts", "actlimit")

    def has_view_permission(self, request, obj=None):
        return can_view(request.user, "accounts", "actlimit")

    def has_delete_permission(self, request, obj=None):
        return False  # a limit of 0 means never alone: the row stays in the history


@admin.register(ActPolicy)
class ActPolicyAdmin(ScopedAdmin):
    """The four-eyes rules, editable by administrators only; every change is audited."""

    selector = policy.rules_for
    form = PolicyForm
    inlines = [LimitInline]
    list_display = ["act", "proposers_display", "approvers_display", "limits_display"]

    @admin.display(description=_("who may take or propose it"))
    def proposers_display(self, obj):
        return ", ".join(str(Role(r).label) for r in obj.proposers)

    @admin.display(description=_("who may approve it"))
    def approvers_display(self, obj):
        return ", ".join(str(Role(r).label) for r in obj.approvers)

    @admin.display(description=_("alone up to (đồng)"))
    def limits_display(self, obj):
        return ", ".join(
            f"{Role(limit.role).label}: "
            + (vnd(limit.alone_up_to) if limit.alone_up_to is not None else str(_("any amount")))
            for limit in obj.limits.all()
        )

    def get_readonly_fields(self, request, obj=None):
        return ["act"] if obj is not None else []
