"""Issue 19's wording: no "---------" in a list, counts grouped, records named by their kind
and people by their names, labels of custom pages with a capital."""

import re

import pytest
from django import forms
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st
from unfold.widgets import UnfoldAdminSelectWidget

from policycredit.audit.models import AuditEvent, record_type_name
from policycredit.geo.models import Office
from policycredit.web.templatetags.choices import EMPTY_CHOICE
from policycredit.web.templatetags.counts import grouped, results_of


class PointForm(forms.Form):
    office = forms.ModelChoiceField(
        queryset=Office.objects.all(), required=False, widget=UnfoldAdminSelectWidget
    )
    kind = forms.ChoiceField(
        choices=[("", "---------"), ("a", "A")], required=True, widget=UnfoldAdminSelectWidget
    )


@pytest.mark.django_db
def test_a_list_never_offers_djangos_dashes():
    html = str(PointForm()["office"]) + str(PointForm()["kind"])
    assert "---------" not in html
    assert html.count(f'<option value="" selected>{EMPTY_CHOICE}</option>') == 2


def test_a_list_keeps_an_empty_label_its_form_names():
    class Form(forms.Form):
        office = forms.ModelChoiceField(
            queryset=Office.objects.none(),
            empty_label="all my offices",
            widget=UnfoldAdminSelectWidget,
        )

    assert '<option value="" selected>all my offices</option>' in str(Form()["office"])


@given(st.integers(min_value=0, max_value=10**12))
def test_counts_are_grouped_by_three_with_dots(n):
    text = grouped(n)
    assert int(text.replace(".", "")) == n
    assert all(len(part) == 3 for part in text.split(".")[1:])


def test_a_result_count_reads_in_vietnamese_grouped():
    with translation.override("vi"):
        assert results_of(76375) == "76.375 kết quả"


def test_a_record_type_is_its_verbose_name():
    with translation.override("vi"):
        assert record_type_name("geo.office") == "Phòng giao dịch"
    assert record_type_name("gone.model") == "gone.model"


@pytest.mark.django_db
def test_the_audit_log_names_kinds_of_records_and_people(client_as):
    event = AuditEvent.objects.filter(model="geo.office", actor__isnull=False).first()
    assert event is not None, "the test world records its loading"
    response = client_as("admin").get("/audit/auditevent/", {"model": "geo.office"})
    assert response.status_code == 200
    page = response.content.decode()
    rows = page[page.index('id="result_list"') :]
    rows = rows[: rows.index("</table>")]
    assert not re.search(r">\s*geo\.office\s*<", rows)  # as a cell's text
    assert str(record_type_name("geo.office")) in rows
    assert event.actor.get_full_name() in rows
    detail = client_as("admin").get(f"/audit/auditevent/{event.pk}/change/").content.decode()
    assert not re.search(r">\s*geo\.office\s*<", detail)
