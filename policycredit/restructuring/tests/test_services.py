"""The dossier's steps and the measures, through the services: each step by its person, the
maker-checker and band refusals, the deciding level, the scope."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from policycredit.audit.models import Action, AuditEvent
from policycredit.common.selectors import business_date, replaying
from policycredit.domain.risk import treatment_for
from policycredit.loans.models import Loan
from policycredit.restructuring import selectors, services
from policycredit.restructuring.models import LossBand, Measure, RiskDossier

from .conftest import WARD_OFFICER, loan_due_next_week
from .stories import confirmed_dossier, extension, propose, who

pytestmark = pytest.mark.django_db
DAY = datetime.timedelta(days=1)


def actions_of(*records) -> set[int]:
    found = set()
    for r in records:
        found |= set(
            AuditEvent.objects.filter(model=r._meta.label_lower, object_id=str(r.pk)).values_list(
                "action", flat=True
            )
        )
    return found


def test_a_20_percent_loss_is_extended_on_the_directors_approval(loan):
    # 6,000,000 of 30,000,000 owed on the day of the event: 20 %, the extension band.
    dossier = confirmed_dossier(loan, 6_000_000)
    assert dossier.loss_base == 30_000_000 and dossier.loss_percent == Decimal("20.00")
    assert selectors.band_for(dossier).measure == "extension"
    old_due = loan.next_due
    measure = extension(loan, dossier)
    assert measure.status == "pending" and measure.level == "office"
    assert RiskDossier.objects.get(pk=dossier.pk).status == "proposed"
    assert [r[0] for r in measure.figures][:2] == ["borrower", "principal_outstanding"]

    measure = services.approve_measure(actor=who("giamdoc"), measure=measure)
    assert measure.status == "done" and measure.transaction.kind == "extension"
    assert measure.decision_number == "1/QĐ-PGD"
    assert Loan.objects.get(pk=loan.pk).next_due == old_due + 90 * DAY
    assert RiskDossier.objects.get(pk=dossier.pk).status == "done"
    assert {
        Action.RISK_DOSSIER_OPENED,
        Action.RISK_LOSS_ASSESSED,
        Action.RISK_CONFIRMED_BY_WARD,
        Action.MEASURE_PROPOSED,
        Action.MEASURE_APPROVED,
    } <= actions_of(dossier, measure)
    # The next decision of the office in the year takes the next number.
    second = loan_due_next_week(source="NS-HBT")
    other = services.approve_measure(actor=who("giamdoc"), measure=extension(second))
    assert other.decision_number == "2/QĐ-PGD"


def test_the_one_who_proposed_cannot_approve(loan):
    dossier = confirmed_dossier(loan, 3_000_000)
    measure = extension(loan, dossier, by="giamdoc")
    with pytest.raises(PermissionDenied) as refused:
        services.approve_measure(actor=who("giamdoc"), measure=measure)
    assert refused.value.code == "same_person"
    with pytest.raises(PermissionDenied) as refused:
        services.approve_measure(actor=who("tindung"), measure=measure)
    assert refused.value.code == "role"
    assert Measure.objects.get(pk=measure.pk).status == "pending"


def test_a_freeze_needs_a_confirmed_dossier_and_a_loss_in_its_band(loan):
    officer = who("tindung")
    opened = services.open_dossier(
        actor=officer, loan=loan, cause="fire", description="Cháy nhà", event_on=business_date()
    )
    small = confirmed_dossier(loan, 6_000_000)  # 20 %: an extension, not a freeze
    for dossier, code in ((None, "no_dossier"), (opened, "not_confirmed"), (small, "band")):
        with pytest.raises(ValidationError) as refused:
            propose(loan, "freeze", dossier, months=24, amount=None)
        assert refused.value.code == code
    assert not Measure.objects.filter(loan=loan).exists()


def test_a_freeze_beyond_its_bands_months_is_refused(loan):
    dossier = confirmed_dossier(loan, 18_000_000)  # 60 %: at most 36 months
    with pytest.raises(ValidationError) as refused:
        propose(loan, "freeze", dossier, months=48, amount=None)
    assert refused.value.code == "band"


def test_a_freeze_of_central_capital_is_decided_by_the_province(loan):
    dossier = confirmed_dossier(loan, 18_000_000)
    measure = propose(loan, "freeze", dossier, months=24, amount=None)
    assert measure.level == "province"
    with pytest.raises(ValidationError) as refused:
        services.approve_measure(actor=who("giamdoc"), measure=measure)
    assert refused.value.code == "deciding_document"
    measure = services.approve_measure(
        actor=who("giamdoc"),
        measure=measure,
        deciding_number="245/QĐ-NHCS",
        deciding_date=business_date(),
        deciding_issuer="Chi nhánh NHCSXH thành phố Hà Nội",
    )
    assert measure.status == "done" and measure.decision_number == "245/QĐ-NHCS"
    assert Loan.objects.get(pk=loan.pk).principal_frozen == 30_000_000
    ends = selectors.freeze_end(Loan.objects.get(pk=loan.pk))
    assert ends == datetime.date(
        business_date().year + 2, business_date().month, business_date().day
    )


def test_a_write_off_of_local_budget_money_needs_the_peoples_committees_decision(db):
    loan = loan_due_next_week(source="NS-HBT")
    dossier = confirmed_dossier(loan, 27_000_000, cause="death")  # 90 %
    measure = propose(loan, "write_off", dossier, principal=30_000_000, interest=0)
    assert measure.level == "government"
    measure = services.approve_measure(
        actor=who("giamdoc"),
        measure=measure,
        deciding_number="88/QĐ-UBND",
        deciding_date=business_date(),
        deciding_issuer="UBND quận Hai Bà Trưng",
    )
    assert Loan.objects.get(pk=loan.pk).principal_written_off == 30_000_000


def test_a_write_off_needs_the_top_band(loan):
    dossier = confirmed_dossier(loan, 18_000_000)  # 60 %
    with pytest.raises(ValidationError) as refused:
        propose(loan, "write_off", dossier, principal=1_000_000, interest=0)
    assert refused.value.code == "band"


def test_a_rejection_carries_its_reason(loan):
    dossier = confirmed_dossier(loan, 3_000_000)
    measure = extension(loan, dossier)
    with pytest.raises(ValidationError):
        services.reject_measure(actor=who("giamdoc"), measure=measure, reason="  ")
    measure = services.reject_measure(
        actor=who("giamdoc"), measure=measure, reason="Thiếu biên bản"
    )
    assert measure.status == "rejected" and measure.rejection_reason == "Thiếu biên bản"
    assert RiskDossier.objects.get(pk=dossier.pk).status == "rejected"
    assert Action.MEASURE_REJECTED in actions_of(measure)
    # Rejected, the dossier may carry another proposal.
    assert extension(loan, dossier).status == "pending"


def test_only_the_ward_officer_of_the_borrowers_ward_confirms(loan):
    officer = who("tindung")
    dossier = services.open_dossier(
        actor=officer, loan=loan, cause="illness", description="Ốm nặng", event_on=business_date()
    )
    with pytest.raises(ValidationError) as refused:
        services.confirm_by_ward(actor=who(WARD_OFFICER), dossier=dossier, reference="1")
    assert refused.value.code == "no_loss"
    services.record_loss(actor=officer, dossier=dossier, by_group=1, by_organisation=1)
    for username, code in (("phuong.bachmai", "scope"), ("tindung", "role")):
        with pytest.raises(PermissionDenied) as refused:
            services.confirm_by_ward(actor=who(username), dossier=dossier, reference="1")
        assert refused.value.code == code
    services.confirm_by_ward(actor=who(WARD_OFFICER), dossier=dossier, reference="7/XN")
    with pytest.raises(ValidationError):
        services.record_loss(actor=officer, dossier=dossier, by_group=2, by_organisation=2)


def test_neither_a_teller_nor_a_ward_officer_opens_a_dossier(loan):
    with pytest.raises(PermissionDenied):
        services.open_dossier(
            actor=who("giaodich"),
            loan=loan,
            cause="fire",
            description="x",
            event_on=business_date(),
        )
    with pytest.raises(PermissionDenied):
        services.open_dossier(
            actor=who(WARD_OFFICER),
            loan=loan,
            cause="fire",
            description="x",
            event_on=business_date(),
        )


def test_withdrawn_dossiers_take_no_measure(loan):
    dossier = confirmed_dossier(loan, 3_000_000)
    services.withdraw(actor=who("tindung"), dossier=dossier, reason="Hộ đã khắc phục")
    assert RiskDossier.objects.get(pk=dossier.pk).status == "withdrawn"
    with pytest.raises(ValidationError) as refused:
        extension(loan, RiskDossier.objects.get(pk=dossier.pk))
    assert refused.value.code == "withdrawn"
    assert Action.RISK_DOSSIER_WITHDRAWN in actions_of(dossier)


PDF = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"


def test_scans_are_judged_by_their_content(loan, scans_root):
    dossier = confirmed_dossier(loan, 3_000_000)
    officer = who("tindung")
    document = services.attach_document(
        actor=officer,
        dossier=dossier,
        kind="ward_confirmation",
        upload=SimpleUploadedFile("xac-nhan.pdf", PDF),
    )
    assert document.content_type == "application/pdf"
    assert (scans_root / document.file.name).exists()
    assert Action.RISK_DOCUMENT_RECEIVED in actions_of(document)
    for upload, code in (
        (SimpleUploadedFile("virus.pdf", b"MZ\x90\x00 not a pdf"), "scan_type"),
        (
            SimpleUploadedFile("big.png", b"\x89PNG\r\n\x1a\n" + b"0" * (10 * 1024 * 1024)),
            "scan_too_large",
        ),
    ):
        with pytest.raises(ValidationError) as refused:
            services.attach_document(actor=officer, dossier=dossier, kind="other", upload=upload)
        assert refused.value.code == code
    assert dossier.documents.count() == 1


def test_the_queues_list_an_item_when_due_and_drop_it_when_done(loan):
    officer, director, ward = who("tindung"), who("giamdoc"), who(WARD_OFFICER)
    today = business_date()
    dossier = services.open_dossier(
        actor=officer, loan=loan, cause="disaster", description="Lũ", event_on=today
    )
    services.record_loss(
        actor=officer, dossier=dossier, by_group=1_000_000, by_organisation=1_000_000
    )
    assert list(selectors.dossiers_to_confirm(ward)) == [dossier]
    assert not selectors.dossiers_to_confirm(who("phuong.bachmai")).exists()
    assert [x.pk for x in selectors.extensions_to_decide(officer, today)] == [loan.pk]
    assert selectors.extensions_to_decide(officer, today)[0].due_soon == loan.next_due
    dossier = services.confirm_by_ward(actor=ward, dossier=dossier, reference="3/XN")
    assert not selectors.dossiers_to_confirm(ward).exists()
    measure = extension(loan, dossier)
    assert list(selectors.measures_waiting(director)) == [measure]
    assert not selectors.measures_waiting(officer).exists()
    services.approve_measure(actor=director, measure=measure)
    assert not selectors.measures_waiting(director).exists()
    assert selectors.extensions_to_decide(officer, today) == []
    assert selectors.dossiers_for(ward).filter(pk=dossier.pk).exists()
    assert not selectors.dossiers_for(who("phuong.bachmai")).filter(pk=dossier.pk).exists()


def test_a_freeze_ending_within_60_days_is_listed(loan):
    dossier = confirmed_dossier(loan, 18_000_000)
    measure = propose(loan, "freeze", dossier, months=1, amount=None)
    assert selectors.freezes_expiring(who("tindung"), business_date()) == []
    services.approve_measure(
        actor=who("giamdoc"),
        measure=measure,
        deciding_number="9/QĐ",
        deciding_date=business_date(),
        deciding_issuer="Chi nhánh",
    )
    (found,) = selectors.freezes_expiring(who("tindung"), business_date())
    assert found.pk == loan.pk and found.freeze_ends == business_date() + (
        found.freeze_ends - business_date()
    )
    assert selectors.freezes_expiring(who("tindung"), business_date(), days=1) == []


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.decimals(min_value=0, max_value=100, places=2))
def test_the_default_bands_as_rows_say_what_the_engine_says(db, loss):
    from policycredit.restructuring.defaults import install
    from policycredit.restructuring.models import ApprovalRule

    install(LossBand, ApprovalRule)
    dossier = RiskDossier(event_on=datetime.date(2026, 1, 1), loss_percent=loss)
    band, engine = selectors.band_for(dossier), treatment_for(loss)
    assert (band.lower, band.upper, band.measure, band.max_months) == tuple(engine)
    assert band.write_off_allowed == (loss >= 80)


def test_measures_without_a_dossier_term_adjustment_whole_extension_transfer_unfreeze(loan):
    """A borrower's request (term adjustment, extension of the whole loan) or a death in the
    household (transfer) needs no dossier; an unfreeze brings the frozen debt back."""
    from policycredit.borrowers.models import Person

    director = who("giamdoc")
    today = business_date()
    plan = [
        [(today + 30 * DAY).isoformat(), 10_000_000],
        [(today + 365 * DAY).isoformat(), 20_000_000],
    ]
    done = services.approve_measure(
        actor=director, measure=propose(loan, "term_adjustment", instalments=plan)
    )
    assert done.status == "done" and done.transaction.kind == "adjustment"
    done = services.approve_measure(
        actor=director, measure=propose(loan, "extension_whole", months=3)
    )
    assert done.status == "done"
    member = Person.objects.filter(household_id=loan.household_id).exclude(pk=loan.borrower_id)
    heir = member.first()
    done = services.approve_measure(
        actor=director, measure=propose(loan, "transfer", to_borrower=heir.pk)
    )
    assert done.status in ("done", "approved")
    assert Loan.objects.get(pk=loan.pk).borrower_id == heir.pk
    dossier = confirmed_dossier(loan, 18_000_000)
    frozen = propose(loan, "freeze", dossier, months=12, amount=None)
    services.approve_measure(
        actor=director,
        measure=frozen,
        deciding_number="7/QĐ",
        deciding_date=today,
        deciding_issuer="Chi nhánh",
    )
    back = [[(today + 60 * DAY).isoformat(), 30_000_000]]
    with replaying(today + DAY):  # a freeze ends after the day it began
        ended = propose(loan, "unfreeze", instalments=back)
        if ended.status == "pending":  # the province decided it: its document is entered
            ended = services.approve_measure(
                actor=director,
                measure=ended,
                deciding_number="8/QĐ",
                deciding_date=today,
                deciding_issuer="Chi nhánh",
            )
    assert ended.status == "done" and Loan.objects.get(pk=loan.pk).principal_frozen == 0


def test_a_dossier_goes_to_the_ward_in_force_when_the_borrowers_ward_was_abolished(loan):
    """A household still registered in a ward abolished on 01/07/2025: the People's Committee
    that confirms is its successor's, and its officer confirms it."""
    from policycredit.geo.models import AdminUnit, Succession

    old = loan.household.ward
    if old.valid_to is None:  # the test world's ward is a new one: register the household
        link = Succession.objects.filter(successor=old).select_related("predecessor").first()
        assert link is not None, "the small world has wards made from abolished ones"
        old = link.predecessor
        loan.household.ward = old
        loan.household.save(update_fields=["ward"])
    assert AdminUnit.objects.get(pk=old.pk).valid_to is not None
    dossier = services.open_dossier(
        actor=who("tindung"),
        loan=loan,
        cause="disaster",
        description="Bão làm sập chuồng trại",
        event_on=business_date(),
    )
    assert dossier.ward_id != old.pk and dossier.ward.valid_to is None
    services.record_loss(actor=who("tindung"), dossier=dossier, by_group=1, by_organisation=1)
    services.confirm_by_ward(actor=who(WARD_OFFICER), dossier=dossier, reference="12/XN-UBND")
