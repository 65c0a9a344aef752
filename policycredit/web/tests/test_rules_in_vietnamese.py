"""Rules as data reach a Vietnamese user as they are stored, with no catalogue between: the
notes and legal bases an installation starts with are written in Vietnamese, and a database
seeded before (with English notes) has them rewritten by its apps' migrations, except where an
office has written its own. Judged by the walk's own test for English (walk.english_words)."""

import importlib

import pytest
from django.apps import apps

from policycredit.accounts.models import ActPolicy
from policycredit.accounts.policy_defaults import DEFAULTS
from policycredit.fees import defaults as fee_defaults
from policycredit.fees.models import FeeKind, FeeRate
from policycredit.restructuring import defaults as risk_defaults
from policycredit.restructuring.models import ApprovalRule, LossBand
from policycredit.web.tests.walk import english_words

OFFICES_OWN = "Theo quyết định số 12/QĐ-PGD ngày 02/01/2025 của phòng giao dịch."


def _migration(app: str, name: str):
    return importlib.import_module(f"policycredit.{app}.migrations.{name}")


def test_the_rules_an_installation_starts_with_are_written_in_vietnamese():
    texts = {f"four-eyes {act}": rule[3] for act, rule in DEFAULTS.items()}
    texts |= {f"approval {measure}": rule[2] for measure, rule in risk_defaults.RULES.items()}
    texts["loss bands' basis"] = risk_defaults.BASIS
    for kind, *_, basis, note in fee_defaults.RATES:
        texts[f"{kind} basis"], texts[f"{kind} note"] = basis, note
    english = {name: english_words(text) for name, text in texts.items()}
    assert {name: words for name, words in english.items() if words} == {}


@pytest.mark.django_db
def test_four_eyes_notes_seeded_in_english_are_rewritten_unless_the_office_wrote_its_own():
    migration = _migration("accounts", "0006_rule_notes_in_vietnamese")
    assert set(migration.SEEDED_NOTES) == set(DEFAULTS)
    for act, seeded in migration.SEEDED_NOTES.items():
        assert ActPolicy.objects.filter(act=act).update(note=seeded) == 1
    ActPolicy.objects.filter(act="loan.repay").update(note=OFFICES_OWN)

    migration.to_vietnamese(apps, None)

    notes = dict(ActPolicy.objects.values_list("act", "note"))
    assert notes.pop("loan.repay") == OFFICES_OWN
    assert notes == {act: DEFAULTS[act][3] for act in notes}


@pytest.mark.django_db
def test_risk_rules_seeded_in_english_are_rewritten_unless_the_office_wrote_its_own():
    migration = _migration("restructuring", "0003_rules_in_vietnamese")
    assert set(migration.SEEDED_NOTES) == set(risk_defaults.RULES)
    bands = list(LossBand.objects.order_by("lower"))
    assert len(bands) > 1
    LossBand.objects.update(legal_basis=migration.SEEDED_BASIS)
    LossBand.objects.filter(pk=bands[0].pk).update(legal_basis=OFFICES_OWN)
    for measure, seeded in migration.SEEDED_NOTES.items():
        assert ApprovalRule.objects.filter(measure=measure).update(note=seeded) == 2
    ApprovalRule.objects.filter(measure="freeze", source_kind="local").update(note=OFFICES_OWN)

    migration.to_vietnamese(apps, None)

    bases = list(LossBand.objects.order_by("lower").values_list("legal_basis", flat=True))
    assert bases == [OFFICES_OWN] + [risk_defaults.BASIS] * (len(bands) - 1)
    for rule in ApprovalRule.objects.all():
        own = (rule.measure, rule.source_kind) == ("freeze", "local")
        assert rule.note == (OFFICES_OWN if own else risk_defaults.RULES[rule.measure][2])


@pytest.mark.django_db
def test_the_demo_commission_rate_seeded_in_english_is_rewritten():
    migration = _migration("fees", "0003_demo_note_in_vietnamese")
    assert migration.DEMO_NOTE == fee_defaults.DEMO_NOTE
    commission = FeeRate.objects.get(kind=FeeKind.COMMISSION)
    fee = FeeRate.objects.get(kind=FeeKind.ENTRUSTMENT_FEE)
    FeeRate.objects.filter(pk=commission.pk).update(note=migration.SEEDED_NOTE)
    FeeRate.objects.filter(pk=fee.pk).update(note=OFFICES_OWN)

    migration.to_vietnamese(apps, None)

    commission.refresh_from_db()
    fee.refresh_from_db()
    assert (commission.note, fee.note) == (fee_defaults.DEMO_NOTE, OFFICES_OWN)
