"""django-unfold's settings: the look, the sidebar, the dashboard."""

from django.templatetags.static import static
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _


def _can_view(app_label, model_name):
    def check(request):
        from policycredit.accounts.roles import can_view

        return can_view(request.user, app_label, model_name)

    check.by_role = True  # the role table alone answers: web.sidebar keeps it per role
    return check


def _can_act(action):
    def check(request):
        from policycredit.accounts.roles import can_act

        return request.user.is_authenticated and can_act(request.user, action)

    check.by_role = True
    return check


def _item(title, icon, app_label, model_name):
    return {
        "title": title,
        "icon": icon,
        "link": reverse_lazy(f"admin:{app_label}_{model_name}_changelist"),
        "permission": _can_view(app_label, model_name),
    }


UNFOLD = {
    "SITE_TITLE": _("PolicyCredit"),
    "SITE_HEADER": _("PolicyCredit"),
    "SITE_SUBHEADER": _("Social-policy credit"),
    "SITE_SYMBOL": "account_balance",
    "SHOW_LANGUAGES": True,
    "SHOW_VIEW_ON_SITE": False,
    "STYLES": [lambda request: static("web/policycredit.css")],
    "LOGIN": {"form": "policycredit.web.forms.SignInForm"},
    "DASHBOARD_CALLBACK": "policycredit.web.dashboard.dashboard_callback",
    "COLORS": {
        "primary": {
            "50": "oklch(97.1% .013 17.38)",
            "100": "oklch(93.6% .032 17.717)",
            "200": "oklch(88.5% .062 18.334)",
            "300": "oklch(80.8% .114 19.571)",
            "400": "oklch(70.4% .191 22.216)",
            "500": "oklch(63.7% .237 25.331)",
            "600": "oklch(57.7% .245 27.325)",
            "700": "oklch(50.5% .213 27.518)",
            "800": "oklch(44.4% .177 26.899)",
            "900": "oklch(39.6% .141 25.723)",
            "950": "oklch(25.8% .092 26.042)",
        },
    },
    # The search box finds households and loans too (web.search), in the command palette.
    "COMMAND": {"search_callback": "policycredit.web.search.records"},
    "SIDEBAR": {
        "show_search": True,
        "command_search": True,
        "show_all_applications": False,
        "navigation": [
            {
                "title": _("Borrowers"),
                "items": [
                    {
                        "title": _("Overview"),
                        "icon": "dashboard",
                        "link": reverse_lazy("admin:index"),
                    },
                    {
                        # What waits for a second person, and what the user proposed.
                        "title": _("Approvals"),
                        "icon": "task_alt",
                        "link": reverse_lazy("approvals:list"),
                    },
                    {
                        # Tokens for other programs, and the API's documentation (api/).
                        "title": _("API tokens"),
                        "icon": "key",
                        "link": reverse_lazy("api:tokens"),
                    },
                    _item(_("Households"), "home", "borrowers", "household"),
                    _item(_("Persons"), "person", "borrowers", "person"),
                    _item(_("Poverty status"), "volunteer_activism", "borrowers", "povertyrecord"),
                ],
            },
            {
                "title": _("Loans"),
                "items": [
                    _item(_("Loan applications"), "edit_document", "loans", "application"),
                    _item(_("Loans"), "payments", "loans", "loan"),
                    {
                        "title": _("Interest calculator"),
                        "icon": "calculate",
                        "link": reverse_lazy("loans:calculator"),
                    },
                    {
                        "title": _("Risk dossiers and measures"),
                        "icon": "crisis_alert",
                        "link": reverse_lazy("restructuring:dossiers"),
                        "permission": _can_act("risk.view"),
                    },
                    {
                        "title": _("Borrowers' look-ups"),
                        "icon": "person_search",
                        "link": reverse_lazy("selfservice:log"),
                        "permission": _can_act("selfservice.log"),
                    },
                ],
            },
            {
                "title": _("Field checks"),
                "items": [
                    {
                        "title": _("Loan-use checks (06/TD)"),
                        "icon": "fact_check",
                        "link": reverse_lazy("inspections:checks"),
                        "permission": _can_act("inspections.view"),
                    },
                    {
                        "title": _("Group inspections (16/TD)"),
                        "icon": "checklist",
                        "link": reverse_lazy("inspections:groups"),
                        "permission": _can_act("inspections.view"),
                    },
                    {
                        "title": _("Group grades by year"),
                        "icon": "leaderboard",
                        "link": reverse_lazy("inspections:summary"),
                        "permission": _can_act("inspections.view"),
                    },
                ],
            },
            {
                "title": _("Local budget capital"),
                "items": [
                    {
                        "title": _("Plans by year"),
                        "icon": "account_balance_wallet",
                        "link": reverse_lazy("budgets:plans"),
                        "permission": _can_act("budgets.view"),
                    },
                    {
                        "title": _("Statement to the budget"),
                        "icon": "summarize",
                        "link": reverse_lazy("budgets:statement"),
                        "permission": _can_act("budgets.view"),
                    },
                    {
                        "title": _("Interest and its use"),
                        "icon": "percent",
                        "link": reverse_lazy("budgets:interest"),
                        "permission": _can_act("budgets.view"),
                    },
                    {
                        "title": _("Hand-overs"),
                        "icon": "swap_horiz",
                        "link": reverse_lazy("budgets:handovers"),
                        "permission": _can_act("budgets.view"),
                    },
                ],
            },
            {
                "title": _("Supervision"),
                "items": [
                    {
                        "title": _("Supervision plan"),
                        "icon": "event_note",
                        "link": reverse_lazy("supervision:plans"),
                        "permission": _can_act("supervision.view"),
                    },
                    {
                        "title": _("Supervision findings"),
                        "icon": "report",
                        "link": reverse_lazy("supervision:findings"),
                        "permission": _can_act("supervision.view"),
                    },
                    {
                        "title": _("Supervision by year"),
                        "icon": "summarize",
                        "link": reverse_lazy("supervision:summary"),
                        "permission": _can_act("supervision.view"),
                    },
                ],
            },
            {
                "title": _("Boards of Representatives"),
                "items": [
                    {
                        "title": _("Boards of Representatives"),
                        "icon": "groups_3",
                        "link": reverse_lazy("boards:boards"),
                        "permission": _can_act("boards.view"),
                    },
                    {
                        "title": _("Tasks of the boards"),
                        "icon": "assignment_turned_in",
                        "link": reverse_lazy("boards:tasks"),
                        "permission": _can_act("boards.view"),
                    },
                ],
            },
            {
                "title": _("Transaction day"),
                "items": [
                    {
                        "title": _("Transaction days"),
                        "icon": "point_of_sale",
                        "link": reverse_lazy("transactiondays:days"),
                        "permission": _can_act("day.view"),
                    },
                    {
                        "title": _("Text messages to households"),
                        "icon": "sms",
                        "link": reverse_lazy("notices:outbox"),
                        "permission": _can_act("notices.view"),
                    },
                    {
                        "title": _("Group leader's papers"),
                        "icon": "description",
                        "link": reverse_lazy("transactiondays:leader_sheet"),
                        "permission": _can_act("leader.papers"),
                    },
                    {
                        "title": _("Field app (works offline)"),
                        "icon": "install_mobile",
                        "link": reverse_lazy("field:app"),
                        "permission": _can_act("field.use"),
                    },
                    {
                        "title": _("Transaction-day calendar"),
                        "icon": "calendar_month",
                        "link": reverse_lazy("calendar:schedule"),
                        "permission": _can_view("calendar", "holiday"),
                    },
                    _item(_("Public holidays"), "event_busy", "calendar", "holiday"),
                    _item(
                        _("Transaction-day moves"), "event_repeat", "calendar", "transactiondaymove"
                    ),
                ],
            },
            {
                "title": _("Members' savings"),
                "items": [
                    {
                        "title": _("Savings by group"),
                        "icon": "savings",
                        "link": reverse_lazy("savings:overview"),
                        "permission": _can_view("savings", "savingstransaction"),
                    },
                    _item(
                        _("Savings transactions"),
                        "receipt_long",
                        "savings",
                        "savingstransaction",
                    ),
                ],
            },
            {
                "title": _("Fees and commissions"),
                "items": [
                    {
                        "title": _("Fee statements"),
                        "icon": "request_quote",
                        "link": reverse_lazy("fees:index"),
                        "permission": _can_view("fees", "feestatement"),
                    },
                    _item(_("Fee and commission rates"), "percent", "fees", "feerate"),
                    _item(_("Quality bands"), "tune", "fees", "qualityband"),
                    _item(_("Shares by level"), "pie_chart", "fees", "levelshare"),
                ],
            },
            {
                "title": _("Books"),
                "items": [
                    {
                        "title": _("Trial balance"),
                        "icon": "balance",
                        "link": reverse_lazy("ledger:trial_balance"),
                        "permission": _can_act("ledger.view"),
                    },
                    {
                        "title": _("Capital by source and year"),
                        "icon": "trending_up",
                        "link": reverse_lazy("ledger:capital"),
                        "permission": _can_act("ledger.view"),
                    },
                    {
                        "title": _("Close of day"),
                        "icon": "event_available",
                        "link": reverse_lazy("closing:close"),
                        "permission": _can_act("day.close"),
                    },
                    {
                        "title": _("Exports for the bank"),
                        "icon": "download",
                        "link": reverse_lazy("registers:export_index"),
                        "permission": _can_act("register.export"),
                    },
                    {
                        "title": _("Import the bank's loan register"),
                        "icon": "upload",
                        "link": reverse_lazy("registers:import_index"),
                        "permission": _can_act("register.import"),
                    },
                    _item(_("Journal"), "receipt_long", "ledger", "journalentry"),
                    _item(_("Chart of accounts"), "format_list_numbered", "ledger", "chartaccount"),
                ],
            },
            {
                "title": _("Reports"),
                "items": [
                    {
                        "title": _("Dashboard"),
                        "icon": "monitoring",
                        "link": reverse_lazy("reporting:dashboard"),
                        "permission": _can_act("reports.view"),
                    },
                    {
                        "title": _("Reports"),
                        "icon": "summarize",
                        "link": reverse_lazy("reporting:index"),
                        "permission": _can_act("reports.view"),
                    },
                    _item(_("Review document wording"), "description", "reviews", "reviewtemplate"),
                    {
                        "title": _("Credit plan"),
                        "icon": "flag",
                        "link": reverse_lazy("creditplans:plans"),
                        "permission": _can_act("creditplans.view"),
                    },
                ],
            },
            {
                "title": _("Network"),
                "items": [
                    _item(_("Savings-and-loan groups"), "groups", "network", "savingsgroup"),
                    _item(_("Mass organisations"), "diversity_3", "network", "massorganisation"),
                    _item(_("Transaction points"), "storefront", "geo", "transactionpoint"),
                ],
            },
            {
                "title": _("Capital and programmes"),
                "items": [
                    _item(_("Lending programmes"), "list_alt", "programmes", "programme"),
                    _item(_("Programme terms"), "percent", "programmes", "programmeterms"),
                    _item(_("Capital sources"), "savings", "capital", "capitalsource"),
                    _item(
                        _("Entrustment decisions"),
                        "account_balance",
                        "capital",
                        "entrustmentdecision",
                    ),
                ],
            },
            {
                "title": _("Administration"),
                "items": [
                    _item(_("Administrative units"), "map", "geo", "adminunit"),
                    _item(_("Bank offices"), "corporate_fare", "geo", "office"),
                    _item(_("Users"), "manage_accounts", "accounts", "user"),
                    _item(_("Four-eyes rules"), "rule_settings", "accounts", "actpolicy"),
                    _item(_("Risk loss bands"), "stacked_bar_chart", "restructuring", "lossband"),
                    _item(_("Who decides a measure"), "gavel", "restructuring", "approvalrule"),
                    _item(_("Group inspection criteria"), "grading", "inspections", "criterion"),
                    _item(_("Group grade bands"), "grade", "inspections", "gradeband"),
                    _item(_("Levels of the boards"), "account_tree", "boards", "levelperiod"),
                    _item(_("Quality grading rules"), "grading", "inspections", "qualityrule"),
                    _item(_("Interest use rules"), "percent", "budgets", "interestuserule"),
                    _item(_("Business rules"), "rule", "common", "rule"),
                    _item(_("Audit log"), "history", "audit", "auditevent"),
                ],
            },
        ],
    },
}
