from django.db import transaction

from policycredit.common.services import save_record
from policycredit.programmes.catalogue import BUSINESS, PROGRAMMES, TERMS
from policycredit.programmes.models import Programme, ProgrammeTerms


def save_programme(*, actor, instance: Programme):
    return save_record(actor=actor, instance=instance)


@transaction.atomic
def save_terms(*, actor, instance: ProgrammeTerms):
    # Lock the programme so two versions saved at once cannot both pass the overlap check.
    Programme.objects.select_for_update().get(pk=instance.programme_id)
    return save_record(actor=actor, instance=instance)


@transaction.atomic
def load_catalogue(*, actor) -> int:
    """Create the published programmes and their terms where they do not exist yet, and give
    the bank's code to a programme that lacks it (run again, it changes nothing)."""

    created = 0
    for code, bank_code, name, channel, records_jobs, active in PROGRAMMES:
        programme = Programme.objects.filter(code=code).first()
        if programme is None:
            save_programme(
                actor=actor,
                instance=Programme(
                    code=code,
                    bank_code=bank_code,
                    name=name,
                    channel=channel,
                    records_jobs=records_jobs,
                    active=active,
                ),
            )
            created += 1
        elif not programme.bank_code and not Programme.objects.filter(bank_code=bank_code).exists():
            programme.bank_code = bank_code
            save_programme(actor=actor, instance=programme)
    for code, start, end, rate, ceiling, term, collateral, rule, basis in TERMS:
        programme = Programme.objects.get(code=code)
        if programme.terms.filter(valid_from=start).exists():
            continue
        save_terms(
            actor=actor,
            instance=ProgrammeTerms(
                programme=programme,
                valid_from=start,
                valid_to=end,
                monthly_rate=rate,
                max_amount=ceiling,
                max_term_months=term,
                collateral_threshold=collateral,
                rate_rule=rule,
                legal_basis=basis,
                max_amount_business=BUSINESS.get((code, start), (None, None))[0],
                max_per_job=BUSINESS.get((code, start), (None, None))[1],
            ),
        )
    return created
