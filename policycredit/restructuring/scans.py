"""What a dossier accepts as a scan: a PDF, JPEG or PNG of at most `MAX_BYTES`, recognised by
its first bytes, never by the name a phone or a scanner gave it."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# A page scanned at 300 dpi is 1-3 MB; a dossier of minutes and certificates fits well under.
MAX_BYTES = 10 * 1024 * 1024

_SIGNATURES = (
    (b"%PDF-", "application/pdf"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
)


def check_scan(upload) -> str:
    """The content type of an acceptable scan; a ValidationError with a code otherwise."""
    if upload is None or not upload.size:
        raise ValidationError(_("Choose the scanned file."), code="scan_missing")
    if upload.size > MAX_BYTES:
        raise ValidationError(
            _("The file is larger than %(mb)d MB: scan it at a lower resolution.")
            % {"mb": MAX_BYTES // (1024 * 1024)},
            code="scan_too_large",
        )
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    for signature, content_type in _SIGNATURES:
        if head.startswith(signature):
            return content_type
    raise ValidationError(
        _("Only a PDF, JPG or PNG scan is accepted: this file is none of them."),
        code="scan_type",
    )
