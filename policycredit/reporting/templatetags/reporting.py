import json

from django import template

from policycredit.reporting.exports import cell as format_cell
from policycredit.reporting.report import _plain

register = template.Library()


@register.filter
def cell(value):
    return format_cell(value)


@register.filter
def index(items, i):
    return items[i] if i < len(items) else ""


@register.filter
def charts_json(charts):
    """The charts for Chart.js, escaped for a <script type="application/json"> block."""
    data = [
        {
            "key": c.key,
            "title": c.title,
            "kind": c.kind,
            "labels": c.labels,
            "series": [[str(n), [_plain(v) for v in vs]] for n, vs in c.series],
            "links": c.links,
        }
        for c in charts
    ]
    return json.dumps(data).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
