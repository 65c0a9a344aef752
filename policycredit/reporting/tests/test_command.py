"""``policycredit report``: the list, a report in each format."""

import io
import json

import pytest
from django.core.management import call_command
from openpyxl import load_workbook

pytestmark = pytest.mark.django_db


def _run(*args) -> str:
    out = io.StringIO()
    call_command("report", *args, stdout=out)
    return out.getvalue()


def test_the_list_names_every_report():
    names = [line.split("\t")[0] for line in _run("--list").splitlines()]
    assert names == [
        "directive40",
        "outstanding",
        "overdue",
        "turnover",
        "capital-use",
        "fees",
        "quality",
        "credit_plan",
    ]


def test_the_review_as_json_xlsx_and_pdf(tmp_path):
    data = json.loads(_run("directive40", "--as-of", "11/06/2024", "--from-year", "2014"))
    local = next(t for t in data["tables"] if t["key"] == "local_capital")
    assert local["rows"][0][3] == 80_627_000_000
    xlsx = tmp_path / "r.xlsx"
    _run("directive40", "--as-of", "11/06/2024", "--format", "xlsx", "--out", str(xlsx))
    assert load_workbook(xlsx).worksheets[0]["A1"].value.startswith(data["title"][:10])
    pdf = tmp_path / "r.pdf"
    _run("outstanding", "--as-of", "30/06/2024", "--format", "pdf", "--out", str(pdf))
    assert pdf.read_bytes().startswith(b"%PDF")


def test_a_new_ward_by_its_code_and_year_before_the_reform():
    data = json.loads(_run("directive40", "--as-of", "11/06/2024", "--unit", "00256:2025"))
    assert any("Lê Đại Hành" in note for note in data["notes"])
