"""The wording of the Directive 40 review as a document: its heading, title, narrative sections,
which tables go where, and the signature block — kept in the database so that a district writes
its next review by editing the words, not by typing the figures again.

Every text below is a small Django template: the review's figures are its variables
(`variables.py` names them, e.g. ``{{ capital.local_now }}``). A text that does not compile or
names a figure the review does not have is refused when it is saved (`clean`, which the admin's
form and the service both run). The wording in force is the newest whose `valid_from` has come;
migration 0002 seeds the project's own default one.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from policycredit.reviews import tables, wording


class ReviewTemplate(models.Model):
    name = models.CharField(_("name"), max_length=200)
    valid_from = models.DateField(_("valid from"), unique=True)
    issuer = models.TextField(
        _("issuing body"),
        help_text=_("One line per line of the heading's left side (the issuing body)."),
    )
    motto = models.TextField(
        _("national name and motto"), help_text=_("The heading's right side, line by line.")
    )
    number = models.CharField(_("document number"), max_length=200, blank=True)
    place_and_date = models.CharField(_("place and date"), max_length=300)
    title = models.TextField(_("title"), help_text=_("Line by line; the first line in capitals."))
    signature_title = models.TextField(
        _("signature title"), help_text=_("Who signs, line by line (e.g. on behalf of the board).")
    )
    signer = models.CharField(_("signer"), max_length=200, blank=True)
    recipients = models.TextField(_("recipients"), blank=True)
    source = models.CharField(
        _("source of the wording"), max_length=300, blank=True, help_text=_("Who wrote it, when.")
    )

    class Meta:
        verbose_name = _("review document template")
        verbose_name_plural = _("review document templates")
        ordering = ["-valid_from"]

    def __str__(self):
        return f"{self.name} ({self.valid_from:%d/%m/%Y})"

    TEXTS = (
        "issuer",
        "motto",
        "number",
        "place_and_date",
        "title",
        "signature_title",
        "signer",
        "recipients",
    )

    def clean(self):
        errors = {}
        for name in self.TEXTS:
            try:
                wording.check(getattr(self, name) or "")
            except ValidationError as refused:
                errors[name] = refused.messages
        if errors:
            raise ValidationError(errors)


class ReviewSection(models.Model):
    template = models.ForeignKey(
        ReviewTemplate,
        verbose_name=_("template"),
        on_delete=models.CASCADE,
        related_name="sections",
    )
    position = models.PositiveSmallIntegerField(_("position"))
    heading = models.CharField(_("heading"), max_length=300)
    body = models.TextField(
        _("text"),
        blank=True,
        help_text=_(
            "Each line is a paragraph. Figures as {{ capital.local_now }}; see the list of "
            "figures in docs/domain/review-document.md."
        ),
    )
    tables = models.CharField(
        _("tables after the text"),
        max_length=500,
        blank=True,
        help_text=_("Table keys separated by commas, e.g. capital, local_capital."),
    )

    class Meta:
        verbose_name = _("section")
        verbose_name_plural = _("sections")
        ordering = ["template", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["template", "position"], name="reviews_section_position_unique"
            )
        ]

    def __str__(self):
        return f"{self.position}. {self.heading}"

    @property
    def table_keys(self) -> list[str]:
        return [k.strip() for k in self.tables.split(",") if k.strip()]

    def clean(self):
        errors = {}
        for name in ("heading", "body"):
            try:
                wording.check(getattr(self, name) or "")
            except ValidationError as refused:
                errors[name] = refused.messages
        unknown = [k for k in self.table_keys if k not in tables.KEYS]
        if unknown:
            errors["tables"] = [
                _("No such table: %(keys)s. The tables are: %(known)s.")
                % {"keys": ", ".join(unknown), "known": ", ".join(tables.KEYS)}
            ]
        if errors:
            raise ValidationError(errors)
