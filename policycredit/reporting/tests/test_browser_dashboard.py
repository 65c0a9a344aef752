"""The director opens the dashboard in real Chromium, clicks a bar of a chart through to the
list behind it, and downloads that list as Excel."""

import io
import re

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from policycredit.demo import capital_plan

pytestmark = pytest.mark.browser


def test_the_director_clicks_a_chart_through_to_its_list_and_its_excel(page, live_world):
    base = live_world.url
    page.goto(f"{base}/login/")
    page.fill("input[name=username]", "giamdoc")
    page.fill("input[name=password]", "demo")
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r".*/$"))

    page.goto(f"{base}/reports/dashboard/?as_of=11/06/2024")
    expect(page.get_by_test_id("figure-entrusted")).to_contain_text("80.627.000.000")
    canvas = page.get_by_test_id("chart-capital")
    expect(canvas).to_be_visible()
    page.wait_for_function("window.pcCharts && window.pcCharts.capital")
    # Where Chart.js drew the bar of 2015 (the second: the base year 2014 is the first), in the
    # canvas' pixels.
    point = page.evaluate(
        "() => { const bar = window.pcCharts.capital.getDatasetMeta(0).data[1];"
        " return {x: bar.x, y: (bar.y + bar.base) / 2}; }"
    )
    canvas.scroll_into_view_if_needed()
    box = canvas.bounding_box()
    page.mouse.click(box["x"] + point["x"], box["y"] + point["y"])
    page.wait_for_url(re.compile(r".*/reports/decisions/\?.*year=2015.*"))
    table = page.get_by_test_id("table-decisions")
    expect(table).to_contain_text("KH-2015/NHCSXH-HN")

    with page.expect_download() as download:
        page.get_by_test_id("xlsx").click()
    book = load_workbook(io.BytesIO(open(download.value.path(), "rb").read()))
    sheet = book.active
    district_2015 = 2_870_000_000
    assert sheet[sheet.max_row][5].value == (
        capital_plan.CENTRAL_YEARLY + capital_plan.CITY_YEARLY + district_2015
    )
