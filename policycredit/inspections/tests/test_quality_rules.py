"""The quality scales as data: the seeded ones, the scale in force on a day, and their changes
by the administrator through the service (audited; a scale in force is history)."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from policycredit.accounts.policy import Refused
from policycredit.audit.models import Action, AuditEvent
from policycredit.domain.quality import Band
from policycredit.inspections import services
from policycredit.inspections.models import QualityRule, Subject
from policycredit.inspections.quality_defaults import load_defaults
from policycredit.inspections.selectors import scale_in_force
from policycredit.inspections.tests.conftest import set_today

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture(autouse=True)
def seeded(db):
    # A test that flushed the database before these ran took the migration's rows with it.
    load_defaults()


def rule(subject, valid_from, grade, below=None, **more):
    return QualityRule(
        subject=subject, valid_from=valid_from, grade=grade, overdue_below=below, **more
    )


def test_the_seeded_scales_keep_the_figures_of_before():
    groups = scale_in_force(Subject.GROUP, D(2024, 6, 11))
    assert groups.valid_from == D(2014, 1, 1)
    assert groups.bands == (
        Band("good", Decimal("0")),
        Band("fair", Decimal("2")),
        Band("average", Decimal("5")),
        Band("weak"),
    )
    units = scale_in_force(Subject.ORGANISATION, D(2024, 6, 11))
    assert [b.overdue_below for b in units.bands] == [Decimal(2), Decimal(3), Decimal(4), None]
    points = scale_in_force(Subject.POINT, D(2024, 6, 11))
    assert [b.missed_at_most for b in points.bands] == [0, 1, 2, None]
    # Every row names its source or says it is unverified.
    assert not QualityRule.objects.filter(note="").exists()


def test_no_scale_before_the_first_one():
    scale = scale_in_force(Subject.GROUP, D(2013, 12, 31))
    assert not scale and scale.problem == "none"


def test_a_newer_scale_applies_from_its_own_date_only():
    QualityRule.objects.bulk_create(
        [
            rule("group", D(2025, 7, 1), "good", Decimal("0")),
            rule("group", D(2025, 7, 1), "fair", Decimal("1")),
            rule("group", D(2025, 7, 1), "weak"),
        ]
    )
    assert scale_in_force(Subject.GROUP, D(2025, 6, 30)).valid_from == D(2014, 1, 1)
    newer = scale_in_force(Subject.GROUP, D(2025, 7, 1))
    assert [b.grade for b in newer.bands] == ["good", "fair", "weak"]
    # The other subjects keep their own scales.
    assert scale_in_force(Subject.POINT, D(2025, 7, 1)).valid_from == D(2014, 1, 1)


def test_rows_that_make_no_scale_are_reported_not_graded():
    QualityRule.objects.bulk_create(
        [
            rule("organisation", D(2025, 1, 1), "good", Decimal("3")),
            rule("organisation", D(2025, 1, 1), "fair", Decimal("2")),
            rule("organisation", D(2025, 1, 1), "weak"),
        ]
    )
    scale = scale_in_force(Subject.ORGANISATION, D(2025, 1, 1))
    assert not scale and scale.problem == "tightens" and len(scale.rules) == 3


def test_the_administrator_enters_a_new_scale_and_it_is_audited(user):
    set_today(D(2026, 12, 7))
    admin = user("admin")
    saved = services.save_quality_rule(
        actor=admin,
        instance=rule("point", D(2027, 1, 1), "good", Decimal("1"), missed_at_most=0),
    )
    event = AuditEvent.objects.filter(object_id=str(saved.pk)).latest("pk")
    assert event.action == Action.CREATED
    # Not yet in force, it may still be corrected.
    saved.overdue_below = Decimal("1.5")
    services.save_quality_rule(actor=admin, instance=saved)
    assert AuditEvent.objects.filter(object_id=str(saved.pk), action=Action.UPDATED).exists()


def test_a_scale_in_force_is_history(user):
    set_today(D(2026, 12, 7))
    admin = user("admin")
    seeded = QualityRule.objects.get(subject="group", valid_from=D(2014, 1, 1), grade="fair")
    seeded.overdue_below = Decimal("3")
    with pytest.raises(ValidationError) as refused:
        services.save_quality_rule(actor=admin, instance=seeded)
    assert refused.value.code == "in_force"
    with pytest.raises(ValidationError):
        services.save_quality_rule(
            actor=admin, instance=rule("group", D(2026, 12, 6), "good", Decimal("0"))
        )
    assert QualityRule.objects.get(pk=seeded.pk).overdue_below == Decimal("2")


def test_only_the_administrator_changes_the_rules(user):
    set_today(D(2026, 12, 7))
    with pytest.raises(Refused):
        services.save_quality_rule(
            actor=user("giamdoc"), instance=rule("group", D(2027, 1, 1), "weak")
        )


def test_a_criterion_belongs_to_its_subject(user):
    set_today(D(2026, 12, 7))
    with pytest.raises(ValidationError) as refused:
        services.save_quality_rule(
            actor=user("admin"),
            instance=rule("group", D(2027, 1, 1), "good", Decimal("0"), missed_at_most=0),
        )
    assert "missed_at_most" in refused.value.message_dict


def test_the_office_reads_the_rules_and_the_administrator_edits_them(client_as):
    director = client_as("giamdoc")
    assert director.get(reverse("admin:inspections_qualityrule_changelist")).status_code == 200
    some = QualityRule.objects.first()
    page = director.get(reverse("admin:inspections_qualityrule_change", args=[some.pk]))
    assert page.status_code == 200
    add = reverse("admin:inspections_qualityrule_add")
    assert director.get(add).status_code == 403
    assert client_as("admin").get(add).status_code == 200
