"""The field app's words. The app's screens are drawn by JavaScript on the phone; their words
are rendered into the page here, through gettext, so the Vietnamese catalogue translates them
like every other screen's, and the service worker keeps them with the page for offline use.
Placeholders are written %(name)s and filled in by the app (screens.js `t`)."""

from django.utils.translation import gettext as _


def texts() -> dict[str, str]:
    return {
        # The status line.
        "online": _("Online"),
        "offline": _("Offline – saved on this phone, will be sent when there is a network"),
        "waiting_n": _("Waiting to be sent: %(n)s"),
        "nothing_waiting": _("Nothing is waiting to be sent"),
        "to_review_n": _("To look at again: %(n)s"),
        "downloading": _("Downloading…"),
        "sending": _("Sending…"),
        # Signing in and starting.
        "welcome": _("Savings-and-loan group"),
        "loading": _("Asking the bank for your groups…"),
        "first_time_offline": _(
            "The first time, this app needs a network: connect to the internet and open it again."
        ),
        "signin_title": _("Sign in first"),
        "signin_text": _(
            "You are not signed in to the bank's website, or your session has ended. "
            "Sign in, then you come back here."
        ),
        "signin_pending": _(
            "%(n)s records are kept on this phone: they will be sent after you sign in."
        ),
        "signin": _("Sign in"),
        "forbidden": _("Your role does not work with the field app."),
        "server_error": _("The bank's server could not answer. Try again in a moment."),
        "offline_now": _("No network: what you record is kept on this phone."),
        # Groups.
        "choose_group": _("Choose a group"),
        "no_groups": _("There is no group for you to work with."),
        "no_groups_offline": _(
            "No group on this phone yet: connect to the internet to download your groups."
        ),
        "all_groups": _("All groups"),
        "group_unknown": _("This group is not on this phone."),
        "day_on": _("Transaction day %(day)s"),
        "members_n": _("%(n)s members"),
        "downloaded_at": _("Downloaded at %(when)s"),
        "not_downloaded": _("Not downloaded yet"),
        "point": _("Transaction point"),
        "transaction_day": _("Transaction day"),
        "list_on_phone": _("List on this phone"),
        "download": _("Download the list to this phone"),
        "download_needs_network": _("Downloading needs a network: try again where there is one."),
        "downloaded": _("Downloaded: %(n)s members. You can now work without a network."),
        "download_first": _("Download the group's list first."),
        "record": _("Record payments"),
        "see_list": _("See what each member owes"),
        "send": _("Send to the bank"),
        "send_n": _("Send to the bank (%(n)s)"),
        "statement_13td": _("13/TD statement (print)"),
        "checks_06td": _("Loan-use checks (06/TD)"),
        "inspection_16td": _("Group inspection (16/TD)"),
        # Members and what they hand over.
        "members": _("Group members"),
        "tap_member": _("Tap a member to record what they handed over."),
        "read_only": _("For reading: payments are entered at the transaction point."),
        "interest_due_short": _("Interest %(amount)s"),
        "savings_due_short": _("Savings %(amount)s"),
        "recorded_short": _("Recorded: interest %(interest)s, savings %(savings)s"),
        "state_pending": _("waiting to be sent"),
        "state_sent": _("sent"),
        "state_bank": _("the bank has it"),
        "state_conflict": _("to look at again"),
        "state_refused": _("refused by the bank"),
        "state_none": _("not recorded"),
        "members_recorded": _("Members recorded"),
        "of_n": _("%(n)s of %(total)s"),
        "interest_collected": _("Interest collected"),
        "savings_collected": _("Savings collected"),
        "total_collected": _("Total collected"),
        "interest_due": _("Interest due"),
        "savings_due": _("Monthly savings"),
        "principal_due": _("Principal due"),
        "outstanding": _("Outstanding"),
        "savings_balance": _("Savings balance"),
        "principal_note": _(
            "Principal is for information: the member repays it at the transaction point."
        ),
        "interest_handed": _("Interest handed over (đồng)"),
        "savings_handed": _("Savings handed over (đồng)"),
        "save": _("Save"),
        "cancel": _("Back"),
        "back": _("Back"),
        "saved_on_phone": _("Saved on this phone: %(name)s."),
        "member_unknown": _("This member is not in the list on this phone."),
        "member_in_conflict": _("What you recorded for this member must be looked at again."),
        "see_conflicts": _("Look at it"),
        "loans_n": _("Loans (%(n)s)"),
        "loan_line": _(
            "Outstanding %(outstanding)s · interest %(interest)s · principal %(principal)s"
        ),
        "overdue_amount": _("Overdue %(amount)s"),
        "next_due": _("Next instalment %(day)s"),
        # Errors in a form.
        "err_empty": _("Enter an amount (0 if nothing)."),
        "err_amount": _("Only digits, e.g. 150.000."),
        "err_too_large": _("This amount is too large."),
        "err_count": _("A whole number, e.g. 2."),
        "err_choose": _("Choose one."),
        "err_date": _("A date as dd/mm/yyyy, e.g. 05/03/2026."),
        "err_score_max": _("At most %(max)s."),
        # Sending and conflicts.
        "offline_saved": _("No network now: everything is kept on this phone and will be sent."),
        "sent_summary": _("Sent: %(sent)s. To look at again: %(conflicts)s. Refused: %(refused)s."),
        "resolve_needs_network": _("This needs a network: try again where there is one."),
        "resolved": _("Settled: %(name)s."),
        "reason_figures_changed": _(
            "The bank's figures for this member changed after you downloaded the list "
            "(for example, a repayment was taken at the counter)."
        ),
        "reason_day_moved": _("The transaction day was moved after you downloaded the list."),
        "reason_other": _("The bank could not take this record as it was."),
        "you_recorded": _("You recorded: interest %(interest)s, savings %(savings)s."),
        "then": _("When downloaded"),
        "now": _("Now"),
        "keep": _("Keep what was collected"),
        "change": _("Change the amounts"),
        "save_change": _("Save the new amounts"),
        "keep_explained": _(
            "Keep: the bank takes what you collected against today's figures. "
            "Change: enter the amounts the member really handed over."
        ),
        "refused_n": _("Refused by the bank: %(n)s"),
        "refused_explained": _("Open each one, correct it and save: it is sent again."),
        # The printed 13/TD list.
        "form_13td": _("Form 13/TD"),
        "statement_title": _("Statement of interest and savings collected"),
        "group_of_point": _("Group %(group)s (%(code)s), transaction point %(point)s"),
        "print": _("Print"),
        "total": _("Total"),
        "col_no": _("No."),
        "col_household_code": _("Household code"),
        "col_full_name": _("Full name"),
        "col_outstanding": _("Outstanding"),
        "col_interest_due": _("Interest due"),
        "col_interest_collected": _("Interest collected"),
        "col_savings_collected": _("Savings collected"),
        "col_signature": _("Member's signature"),
        "leader_signs": _("Group leader"),
        "organisation_signs": _("Organisation officer"),
        "sign_and_name": _("(sign, full name)"),
        # 06/TD and 16/TD.
        "checked_already": _("checked this year"),
        "not_checked": _("not checked yet"),
        "loan_unknown": _("This loan is not in the list on this phone."),
        "choose": _("– Choose –"),
        "checked_on": _("Checked on"),
        "outcome": _("Outcome"),
        "amount_used": _("Amount used as planned (đồng)"),
        "optional": _("May be left empty."),
        "jobs_new": _("New jobs"),
        "jobs_maintained": _("Jobs kept"),
        "note": _("Note"),
        "inspected_on": _("Inspected on"),
        "inspection_year": _("Year %(year)s"),
        "inspection_done": _("This group's inspection for the year is recorded already."),
        "criterion_max": _("%(label)s (at most %(max)s)"),
        "findings": _("Findings"),
        "follow_up": _("To follow up"),
    }
