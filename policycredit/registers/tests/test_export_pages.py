"""The export page and `policycredit export`: who may take the files out, what they get, and
that each user gets only their offices."""

import datetime
import io

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from policycredit.audit.models import Action, AuditEvent
from policycredit.geo.models import Office
from policycredit.registers.tests import export_portfolio

D = datetime.date


@pytest.fixture
def portfolio(db):
    return export_portfolio.build()


@pytest.fixture
def other_office(portfolio):
    return Office.objects.create(code="PGD-KHAC", name="PGD khác", area=portfolio.office.area)


def sheet_of(reply):
    content = b"".join(reply.streaming_content) if reply.streaming else reply.content
    return load_workbook(io.BytesIO(content)).active


@pytest.mark.parametrize("username", ["ketoan", "giamdoc"])
def test_accountant_and_director_download_the_register(client_as, portfolio, username):
    client = client_as(username)
    assert client.get("/registers/export/").status_code == 200
    reply = client.get("/registers/export/hstd/", {"as_of": "30/04/2024"})
    assert reply.status_code == 200
    assert reply["Content-Disposition"].endswith('hstd-PGD-HBT-20240430.xlsx"')
    rows = list(sheet_of(reply).iter_rows(values_only=True))
    header = rows[2]
    assert "Số khế ước" in header and "Lãi tồn QH" in header
    outstanding = [r[header.index("Tổng dư nợ")] for r in rows[3:]]
    assert sorted(outstanding) == [30_000_000, 50_000_000, 60_000_000, 100_000_000]
    # The file holds citizen IDs in full: the download is in the audit log.
    event = AuditEvent.objects.filter(action=Action.SENSITIVE_VIEWED, model="geo.office").first()
    assert event.actor.username == username
    assert event.new == {"export": "hstd", "as_of": "2024-04-30", "rows": 4}


def test_telegram_download_is_the_banks_layout(client_as, portfolio):
    reply = client_as("ketoan").get("/registers/export/dienbao/", {"month": "2024-04"})
    assert reply.status_code == 200
    rows = [r for r in sheet_of(reply).iter_rows(values_only=True) if any(r)]
    header = list(rows.index(r) for r in rows if r[0] == "Mã PGD")[0]
    assert rows[header] == (
        "Mã PGD",
        "Tên PGD",
        "Dư nợ",
        "DS Cho vay",
        "DS Thu nợ",
        "NQH",
        "Khoanh",
        "Lãi tồn",
    )
    office = rows[header + 1]
    assert office[0] == "PGD-HBT"
    assert office[2:] == (240_000_000, 50_000_000, 40_000_000, 25_000_000, 30_000_000, 2_650_450)


@pytest.mark.parametrize("username", ["giaodich", "phuong.vinhtuy", "totruong", "hoiphunu"])
def test_other_roles_may_not_export(client_as, username):
    client = client_as(username)
    for url in ("/registers/export/", "/registers/export/hstd/", "/registers/export/dienbao/"):
        assert client.get(url).status_code == 403


def test_a_user_gets_only_their_offices(client_as, portfolio, other_office):
    client = client_as("ketoan")
    reply = client.get("/registers/export/dienbao/", {"month": "2024-04"})
    codes = {r[0] for r in sheet_of(reply).iter_rows(values_only=True)}
    assert "PGD-HBT" in codes and "PGD-KHAC" not in codes
    # Another office cannot be asked for by its id: it is not among the choices.
    refused = client.get("/registers/export/hstd/", {"office": other_office.pk})
    assert refused.status_code == 400
    # The administrator sees every office.
    everything = client_as("admin").get("/registers/export/dienbao/", {"month": "2024-04"})
    codes = {r[0] for r in sheet_of(everything).iter_rows(values_only=True)}
    assert {"PGD-HBT", "PGD-KHAC"} <= codes


def test_bad_or_future_dates_are_refused_with_the_form(client_as, portfolio):
    client = client_as("giamdoc")
    assert client.get("/registers/export/dienbao/", {"month": "tháng 4"}).status_code == 400
    assert client.get("/registers/export/dienbao/", {"month": "2999-01"}).status_code == 400
    assert client.get("/registers/export/hstd/", {"as_of": "01/01/2999"}).status_code == 400


def test_export_commands_write_both_files(portfolio, tmp_path, capsys):
    register = tmp_path / "hstd.xlsx"
    call_command("export", "hstd", "--as-of", "2024-04-30", "--out", str(register))
    sheet = load_workbook(register).active
    assert sheet.max_row == 7  # the title, a blank row, the header and four loans
    assert "4 loans" in capsys.readouterr().out
    telegram = tmp_path / "dienbao.xlsx"
    call_command(
        "export", "dienbao", "--month", "2024-04", "--office", "PGD-HBT", "--out", str(telegram)
    )
    values = [c for row in load_workbook(telegram).active.iter_rows(values_only=True) for c in row]
    assert 240_000_000 in values and 2_650_450 in values


def test_export_command_refusals(db, tmp_path):
    out = str(tmp_path / "x.xlsx")
    with pytest.raises(CommandError):
        call_command("export", "hstd", "--office", "KHONG-CO", "--out", out)
    with pytest.raises(CommandError):
        call_command("export", "dienbao", "--month", "2999-01", "--out", out)
    with pytest.raises(CommandError):
        call_command("export", "dienbao", "--month", "04-2024x", "--out", out)
