"""The passbook's link: a signed, dated token naming the loan, given after a successful look-up.

Signed with the site's secret (TimestampSigner, a salt of its own), so an id cannot be guessed
or changed into another's passbook, and dated, so a link left in a shared phone's history stops
opening after POLICYCREDIT_PASSBOOK_LINK_MINUTES.
"""

from django.conf import settings
from django.core import signing

_SALT = "policycredit.selfservice.passbook"


class LinkExpired(Exception):
    pass


class LinkInvalid(Exception):
    pass


def passbook_token(loan) -> str:
    return signing.TimestampSigner(salt=_SALT).sign(str(loan.pk))


def loan_id_of(token: str) -> int:
    """The loan's id a token names; LinkExpired or LinkInvalid when it cannot be used."""
    signer = signing.TimestampSigner(salt=_SALT)
    try:
        value = signer.unsign(token, max_age=settings.POLICYCREDIT_PASSBOOK_LINK_MINUTES * 60)
    except signing.SignatureExpired:
        raise LinkExpired from None
    except signing.BadSignature:
        raise LinkInvalid from None
    if not value.isascii() or not value.isdigit():
        raise LinkInvalid  # signed by us, so never; but an id is read as one only when it is one
    return int(value)
