"""The default rules' legal basis and notes in Vietnamese (restructuring.defaults): they are
data an office reads, not interface text a catalogue translates. A row still holding the English
it was seeded with is rewritten; a row an office has changed is left as the office wrote it."""

from django.db import migrations

from policycredit.restructuring.defaults import BASIS, RULES

SEEDED_BASIS = (
    "Quy chế xử lý nợ bị rủi ro của NHCSXH (the bank's rules on debts hit by objective risk)"
)
SEEDED_NOTES = {
    "extension": "Decided by the office director on the credit officer's proposal.",
    "extension_whole": "Decided by the office director within the programme's ceiling.",
    "term_adjustment": "Decided by the office director.",
    "transfer": "Decided by the office director after a death or a move.",
    "freeze": (
        "Central capital: the provincial branch decides. Local budget money: the entrusting "
        "People's Committee decides; the office director confirms its decision here."
    ),
    "unfreeze": "The provincial branch that decided the freeze ends it.",
    "write_off": (
        "Central capital: the bank's head office decides. Local budget money: the entrusting "
        "People's Committee decides."
    ),
}


def to_vietnamese(apps, schema_editor):
    LossBand = apps.get_model("restructuring", "LossBand")
    ApprovalRule = apps.get_model("restructuring", "ApprovalRule")
    LossBand.objects.filter(legal_basis=SEEDED_BASIS).update(legal_basis=BASIS)
    for measure, seeded in SEEDED_NOTES.items():
        ApprovalRule.objects.filter(measure=measure, note=seeded).update(note=RULES[measure][2])


class Migration(migrations.Migration):
    dependencies = [("restructuring", "0002_default_rules")]
    operations = [migrations.RunPython(to_vietnamese, migrations.RunPython.noop)]
