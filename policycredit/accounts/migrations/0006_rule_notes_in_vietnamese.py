"""The four-eyes rules' notes in Vietnamese (accounts.policy_defaults): data an administrator
reads and rewrites, not interface text a catalogue translates. A rule still holding the English
it was seeded with is rewritten; a note an office has changed is left as the office wrote it."""

from django.db import migrations

from policycredit.accounts.policy_defaults import DEFAULTS

OFFICE_TO_SET = "Default to be set by the office."
DESIGN = "design.md (Access): sensitive actions need a second person (maker-checker)."
SEEDED_NOTES = {
    "application.approve": (
        "The office director (or a deputy) approves on form 04/TD after the group's review, "
        "the organisation's appraisal and the ward's confirmation, so the approval is itself "
        "the second pair of eyes. Whatever this row says, one person takes at most one step "
        "of an application, and its approver never disburses it."
    ),
    "loan.disburse": (
        "Paying out an approved loan. 100,000,000 đ is the poor-household programme's "
        "ceiling in the catalogue (programmes/catalogue.py); a teller pays out more only "
        "with the controller's or the director's approval. " + OFFICE_TO_SET
    ),
    "loan.repay": "Money taken at the counter outside a transaction day. " + OFFICE_TO_SET,
    "savings.deposit": (
        "Members' savings are tens of thousands of đồng a month; a large deposit at the "
        "counter is unusual and checked. " + OFFICE_TO_SET
    ),
    "savings.withdraw": "Cash paid out of a member's savings. " + OFFICE_TO_SET,
    "loan.reverse": "A correction of the books: always two people. " + DESIGN,
    "savings.reverse": "A correction of the books: always two people. " + DESIGN,
    "loan.extend": (
        "Extension and term adjustment are decided by the office director on the credit "
        "officer's proposal (the bank's rules on extension and term adjustment)."
    ),
    "loan.freeze": (
        "A freeze follows a decision on objective risk; the office proposes, the director "
        "approves. " + DESIGN
    ),
    "loan.write_off": (
        "A write-off follows a decision on objective risk; the office proposes, the director "
        "approves. " + DESIGN
    ),
    "loan.transfer": (
        "Chuyển nợ to another member of the household (the borrower died or moved away) "
        "changes who owes the debt: the office proposes, the director approves, never one "
        "person alone. " + DESIGN
    ),
    "capital.decision": (
        "The accountant enters the local government's decision; the director checks it "
        "against the signed paper before its money reaches the books."
    ),
    "register.import": (
        "Taking in the bank's register (the service asks before reading the file). Each may "
        "import alone: the import only opens the positions the bank's own books already hold, "
        "and its reconciliation report is the check; the administrator because a new "
        "installation's first register comes in before any office, so any office user, exists. "
        "An import cannot wait for a second person (its file is deleted after the run): a role "
        "without a limit here is refused. " + OFFICE_TO_SET
    ),
    "accounts.user": (
        "A new user, a role, a scope or an administrator's rights: one administrator "
        "proposes, another (or the office's director) approves."
    ),
}


def to_vietnamese(apps, schema_editor):
    ActPolicy = apps.get_model("accounts", "ActPolicy")
    for act, seeded in SEEDED_NOTES.items():
        ActPolicy.objects.filter(act=act, note=seeded).update(note=DEFAULTS[act][3])


class Migration(migrations.Migration):
    dependencies = [("accounts", "0005_proposal_decide_at")]
    operations = [migrations.RunPython(to_vietnamese, migrations.RunPython.noop)]
