"""The four-eyes rules an office starts with (`accounts.policy`). Each is a default for the
office to set (the administrator changes them on the "four-eyes rules" screen, audited); where a
default follows a rule of the bank or of the project's design, its note says which. Written by
the accounts' migration and again by the demo loader (a test database emptied by a test that
commits is filled again by the loader, not by the migrations)."""

OFFICE_TO_SET = "Default to be set by the office."
DESIGN = "design.md (Access): sensitive actions need a second person (maker-checker)."

# act: (who may take or propose it, who may approve it, {role: alone up to (None: any)}, note)
DEFAULTS = {
    "application.approve": (
        ["director"],
        [],
        {"director": None},
        "The office director (or a deputy) approves on form 04/TD after the group's review, "
        "the organisation's appraisal and the ward's confirmation, so the approval is itself "
        "the second pair of eyes. Whatever this row says, one person takes at most one step "
        "of an application, and its approver never disburses it.",
    ),
    "loan.disburse": (
        ["teller", "director"],
        ["controller", "director"],
        {"teller": 100_000_000, "director": None},
        "Paying out an approved loan. 100,000,000 đ is the poor-household programme's "
        "ceiling in the catalogue (programmes/catalogue.py); a teller pays out more only "
        "with the controller's or the director's approval. " + OFFICE_TO_SET,
    ),
    "loan.repay": (
        ["teller"],
        ["controller", "director"],
        {"teller": 50_000_000},
        "Money taken at the counter outside a transaction day. " + OFFICE_TO_SET,
    ),
    "savings.deposit": (
        ["teller"],
        ["controller", "director"],
        {"teller": 20_000_000},
        "Members' savings are tens of thousands of đồng a month; a large deposit at the "
        "counter is unusual and checked. " + OFFICE_TO_SET,
    ),
    "savings.withdraw": (
        ["teller"],
        ["controller", "director"],
        {"teller": 10_000_000},
        "Cash paid out of a member's savings. " + OFFICE_TO_SET,
    ),
    "loan.reverse": (
        ["controller", "director"],
        ["controller", "director"],
        {},
        "A correction of the books: always two people. " + DESIGN,
    ),
    "savings.reverse": (
        ["controller", "director"],
        ["controller", "director"],
        {},
        "A correction of the books: always two people. " + DESIGN,
    ),
    "loan.extend": (
        ["credit_officer", "director"],
        ["director"],
        {},
        "Extension and term adjustment are decided by the office director on the credit "
        "officer's proposal (the bank's rules on extension and term adjustment).",
    ),
    "loan.freeze": (
        ["credit_officer", "director"],
        ["director"],
        {},
        "A freeze follows a decision on objective risk; the office proposes, the director "
        "approves. " + DESIGN,
    ),
    "loan.write_off": (
        ["credit_officer", "director"],
        ["director"],
        {},
        "A write-off follows a decision on objective risk; the office proposes, the director "
        "approves. " + DESIGN,
    ),
    "loan.transfer": (
        ["credit_officer", "director"],
        ["director"],
        {},
        "Chuyển nợ to another member of the household (the borrower died or moved away) "
        "changes who owes the debt: the office proposes, the director approves, never one "
        "person alone. " + DESIGN,
    ),
    "capital.decision": (
        ["accountant"],
        ["director"],
        {},
        "The accountant enters the local government's decision; the director checks it "
        "against the signed paper before its money reaches the books.",
    ),
    "register.import": (
        ["accountant", "director", "administrator"],
        ["director"],
        {"accountant": None, "director": None, "administrator": None},
        "Taking in the bank's register (the service asks before reading the file). Each may "
        "import alone: the import only opens the positions the bank's own books already hold, "
        "and its reconciliation report is the check; the administrator because a new "
        "installation's first register comes in before any office, so any office user, exists. "
        "An import cannot wait for a second person (its file is deleted after the run): a role "
        "without a limit here is refused. " + OFFICE_TO_SET,
    ),
    "accounts.user": (
        ["administrator"],
        ["administrator", "director"],
        {},
        "A new user, a role, a scope or an administrator's rights: one administrator "
        "proposes, another (or the office's director) approves.",
    ),
}


def seed(ActPolicy, ActLimit) -> None:
    """Write the rules an act does not have yet (an office's own changes stay). Given the
    models, so the migration can hand in its historical ones."""
    for act, (proposers, approvers, limits, note) in DEFAULTS.items():
        policy, created = ActPolicy.objects.get_or_create(
            act=act, defaults={"proposers": proposers, "approvers": approvers, "note": note}
        )
        if created:
            ActLimit.objects.bulk_create(
                ActLimit(policy=policy, role=role, alone_up_to=up_to)
                for role, up_to in limits.items()
            )
