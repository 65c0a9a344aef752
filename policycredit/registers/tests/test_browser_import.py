"""The register import in real Chromium: choose the file, check it, take it in."""

import re

import pytest
from playwright.sync_api import expect

from policycredit.loans.models import Loan
from policycredit.registers.tests.hstd_files import loan, write_xlsx
from policycredit.web.tests.test_browser import log_in

pytestmark = pytest.mark.browser


def test_an_accountant_checks_and_imports_a_register(page, live_world, tmp_path):
    path = write_xlsx(
        tmp_path / "HSTD.xlsx", [loan(contract="KU-WEB-1"), loan(contract="KU-WEB-2")]
    )
    log_in(page, live_world.url, "ketoan")
    page.goto(f"{live_world.url}/registers/import/")
    page.set_input_files("#id_file", str(path))
    # Choosing a file leaves the export date alone (the admin theme's script once wrote the
    # file's name into it, and the check then refused "enter a valid date").
    expect(page.locator("#id_as_of")).to_have_value("")
    page.get_by_test_id("import-check").click()
    expect(page.get_by_test_id("import-summary")).to_contain_text("31/10/2026")
    page.get_by_test_id("import-confirm").click()
    page.wait_for_url(re.compile(r".*/registers/import/\d+/$"))
    assert set(
        Loan.objects.filter(number__startswith="KU-WEB").values_list("number", flat=True)
    ) == {
        "KU-WEB-1",
        "KU-WEB-2",
    }
