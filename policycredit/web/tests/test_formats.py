import datetime

import pytest
from django import forms
from django.template import Context, Template
from django.utils import translation


class DayForm(forms.Form):
    day = forms.DateField()


@pytest.mark.parametrize("language", ["vi", "en"])
def test_dates_are_read_and_shown_day_first_in_both_languages(language):
    with translation.override(language):
        form = DayForm({"day": "05/03/2025"})
        assert form.is_valid(), form.errors
        assert form.cleaned_data["day"] == datetime.date(2025, 3, 5)
        shown = Template("{{ d|date:'SHORT_DATE_FORMAT' }}").render(
            Context({"d": datetime.date(2025, 3, 5)})
        )
        assert shown == "05/03/2025"


def test_amount_filter():
    rendered = Template("{% load money %}{{ a|vnd }}").render(Context({"a": 80_627_000_000}))
    assert rendered == "80.627.000.000 đ"
