"""Who may call an endpoint: the same role table as the web's pages (`accounts/roles.py`).

An API view says what it needs in `required_action`: an action of ACTIONS ("reports.view"),
or "view:<app>.<model>" / "change:<app>.<model>" for the role table's rights, as the matrix's
rules name them. A view without one is left to its own checks (the field app's check theirs).
"""

from rest_framework.permissions import BasePermission

from policycredit.accounts.roles import can_act, can_change, can_view


def allowed(user, rule: str) -> bool:
    if user is None or not user.is_authenticated:
        return False
    if rule.startswith("view:"):
        app_label, model_name = rule.removeprefix("view:").split(".")
        return can_view(user, app_label, model_name)
    if rule.startswith("change:"):
        app_label, model_name = rule.removeprefix("change:").split(".")
        return can_change(user, app_label, model_name)
    return can_act(user, rule)


class RoleAction(BasePermission):
    def has_permission(self, request, view) -> bool:
        rule = getattr(view, "required_action", None)
        return rule is None or allowed(request.user, rule)
