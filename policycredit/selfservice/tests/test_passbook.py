"""The passbook (sổ vay vốn): opened by the signed link a look-up gives, for 30 minutes; a link
changed by one character, or made without the site's key, opens nothing; the staff print the
same passbook from the loan's page. Its figures are the story's: disbursed 30,000,000 đ, then
2,000,000 đ of principal and 170,500 đ of interest paid on 15/04/2026, 28,000,000 đ left."""

import os
import re
import subprocess
import time

import pytest
from django.core import signing
from django.urls import reverse

from policycredit.common.selectors import replaying
from policycredit.selfservice import tokens
from policycredit.selfservice.models import Lookup, Outcome
from policycredit.selfservice.tests.conftest import TODAY, details

pytestmark = pytest.mark.django_db
PDFTOTEXT = "/usr/bin/pdftotext"


def passbook_link(client, loan) -> str:
    with replaying(TODAY):
        response = client.post(reverse("selfservice:lookup"), details(loan))
    found = re.search(r'data-testid="passbook" href="([^"]+)"', response.content.decode())
    return found.group(1).replace("&amp;", "&")


def rows(body: str, testid: str) -> list[list[str]]:
    table = re.search(rf'data-testid="{testid}">(.*?)</table>', body, re.S).group(1)
    body_rows = re.findall(r"<tr[^>]*>(.*?)</tr>", table.split("<tbody>")[1], re.S)
    return [
        [
            re.sub(r"<[^>]+>|\s+", " ", cell).strip()
            for cell in re.findall(r"<td[^>]*>(.*?)</td>", r, re.S)
        ]
        for r in body_rows
    ]


def test_the_link_of_a_look_up_opens_the_passbook_with_its_figures(loan, client):
    link = passbook_link(client, loan)
    with replaying(TODAY):
        response = client.get(link)
    assert response.status_code == 200
    body = response.content.decode()
    assert f'data-loan="{loan.number}"' in body
    assert rows(body, "schedule") == [
        ["1", "15/03/2027", "15.000.000 đ", "13.000.000 đ"],
        ["2", "15/03/2028", "15.000.000 đ", "15.000.000 đ"],
    ]
    lines = rows(body, "transactions")
    assert [(r[0], r[2], r[3], r[4], r[5]) for r in lines] == [
        ("15/03/2026", "30.000.000 đ", "", "", "30.000.000 đ"),
        ("15/04/2026", "", "2.000.000 đ", "170.500 đ", "28.000.000 đ"),
    ]
    assert re.search(r'data-field="interest_due">287.467 đ<', body)
    assert Lookup.objects.filter(outcome=Outcome.PASSBOOK, loan=loan).count() == 1
    cache = {d.strip() for d in response["Cache-Control"].split(",")}
    assert {"no-store", "private"} <= cache


def test_the_link_expires_after_thirty_minutes(loan, client, monkeypatch):
    link = passbook_link(client, loan)
    later = time.time() + 31 * 60
    monkeypatch.setattr("django.core.signing.time.time", lambda: later)
    response = client.get(link)
    assert response.status_code == 403
    assert 'data-refusal="expired"' in response.content.decode()
    assert f'data-loan="{loan.number}"' not in response.content.decode()


@pytest.mark.parametrize("how", ["one character changed", "another loan's id", "not signed"])
def test_a_link_changed_or_made_up_opens_nothing(loan, client, how):
    token = tokens.passbook_token(loan)
    value, stamp, signature = token.split(":")
    last = "A" if signature[-1] != "A" else "B"
    made = {
        "one character changed": f"{value}:{stamp}:{signature[:-1]}{last}",
        "another loan's id": f"{loan.pk + 1}:{stamp}:{signature}",
        "not signed": signing.TimestampSigner(salt="another purpose").sign(str(loan.pk)),
    }[how]
    response = client.get(reverse("selfservice:passbook"), {"t": made})
    assert response.status_code == 403
    assert 'data-refusal="invalid"' in response.content.decode()
    assert not Lookup.objects.filter(outcome=Outcome.PASSBOOK).exists()


def test_the_passbook_without_its_link_sends_the_borrower_to_the_look_up(client):
    response = client.get(reverse("selfservice:passbook"))
    assert response.status_code == 302
    assert response["Location"] == reverse("selfservice:lookup")


@pytest.mark.skipif(not os.path.exists(PDFTOTEXT), reason="needs poppler-utils' pdftotext")
def test_the_passbook_as_a_pdf_names_the_contract(loan, client):
    link = passbook_link(client, loan)
    with replaying(TODAY):
        response = client.get(f"{link}&format=pdf&paper=a5")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = subprocess.run(
        [PDFTOTEXT, "-", "-"], input=response.content, capture_output=True, check=True
    ).stdout.decode()
    assert loan.number in text
    assert "28.000.000" in text


def test_the_staff_print_the_same_passbook_from_the_loan_s_page(loan, client_as):
    client = client_as("tindung")
    with replaying(TODAY):
        page = client.get(reverse("loans:loan", args=[loan.pk]))
        link = reverse("selfservice:staff_passbook", args=[loan.pk])
        assert f'href="{link}"' in page.content.decode()
        response = client.get(link)
    assert response.status_code == 200
    body = response.content.decode()
    assert f'data-loan="{loan.number}"' in body
    assert rows(body, "transactions")[1][5] == "28.000.000 đ"
    # A member of staff printing it is not a borrower's look-up.
    assert not Lookup.objects.exists()


def test_another_group_s_leader_cannot_print_it(loan, client_as):
    from policycredit.accounts.models import User
    from policycredit.network.models import SavingsGroup

    leader = User.objects.get(username="totruong")
    other = SavingsGroup.objects.exclude(pk=leader.group_id).first()
    User.objects.filter(pk=leader.pk).update(group=other)
    response = client_as("totruong").get(reverse("selfservice:staff_passbook", args=[loan.pk]))
    assert response.status_code == 404
