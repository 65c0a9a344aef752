"""The wording of each problem code an import can report (translated at display time)."""

from django.utils.translation import gettext as _


def texts() -> dict[str, str]:
    return {
        "not_amount": _("not an amount of money"),
        "not_whole": _("not a whole number of đồng"),
        "not_number": _("not a whole number"),
        "not_rate": _("not an interest rate"),
        "not_date": _("not a date (day/month/year)"),
        "not_sex": _("sex must be Nam or Nữ"),
        "id_digits": _("an ID number has digits only"),
        "id_length": _("an ID number has 9 digits (CMND) or 12 digits (CCCD)"),
        "id_province": _("the first three digits of this CCCD are not a province code"),
        "id_shared": _("this ID number belongs to another customer"),
        "required": _("required, but empty"),
        "negative": _("a balance cannot be negative"),
        "total_mismatch": _("the total is not in term + overdue + frozen"),
        "above_amount": _("more is outstanding than was lent"),
        "not_positive": _("must be more than zero"),
        "missing_column": _("the file has no such column"),
        "no_header": _("no header row naming the register's columns was found"),
        "format": _("this kind of file cannot be read (use .xlsx, .csv or .xls)"),
        "xls_unsupported": _("old .xls files cannot be read here: save the file as .xlsx"),
        "damaged": _("the file cannot be opened"),
        "truncated": _("the file is cut short (not completely uploaded or saved): send it again"),
        "encoding": _("the file's text is neither UTF-8 nor Windows-1258"),
        "too_big": _("the file is larger than a register can be (50 MB)"),
        "too_big_unpacked": _("the workbook unpacks to more than a register can be (500 MB)"),
        "bomb": _("the workbook is packed like an attack, not like a register: it is not read"),
        "too_many_rows": _("the sheet has more rows than a register can have (2,000,000)"),
        "too_large": _("more than the largest figure accepted"),
        "no_as_of": _("the export date is not in the file: give it"),
        "future_as_of": _("the export date is after today's business date"),
        "after_as_of": _("the loan date is after the export date"),
        "several_offices": _("the file holds several offices: choose one"),
        "office_unknown": _("this office is not known and no known ward places it"),
        "other_office": _("the row is of another office"),
        "ward_unknown": _("no ward or commune has this code"),
        "ward_closed": _("this ward no longer exists and its successor is not known"),
        "ward_mapped": _("this ward no longer exists: its loans go to its successor"),
        "programme_unknown": _("this programme code is not configured"),
        "no_terms": _(
            "the programme has no terms in force on the loan date: record its terms (rate, "
            "ceiling, term, legal basis) under Programmes first"
        ),
        "other_as_of": _("the row's data date is not the export date of the file"),
        "source_unknown": _("the capital source must be 1 (central) or 2 (local)"),
        "org_unknown": _("the entrusted organisation cannot be told from its name"),
        "duplicate": _("this contract number is already on an earlier row"),
        "number_taken": _("a loan of PolicyCredit already has this number"),
        "due_passed": _("in term, but its due date has passed: it falls due at the export date"),
        "settled_new": _("nothing outstanding: a settled loan is not imported"),
        "frozen_open": _("this loan's frozen principal cannot be settled by an import"),
    }


def text_of(code: str) -> str:
    return texts().get(code, code)


def figures() -> dict[str, str]:
    """The figures a reconciliation compares."""
    return {
        "principal_in_term": _("principal in term"),
        "principal_overdue": _("principal overdue"),
        "principal_frozen": _("principal frozen"),
        "interest_unpaid": _("unpaid interest"),
        "settled": _("settled at the bank"),
    }
