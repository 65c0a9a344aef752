"""PDF versions of printed pages, rendered by WeasyPrint from the same HTML (DejaVu fonts on
the machine keep Vietnamese diacritics intact)."""

from django.http import HttpResponse
from django.template.loader import render_to_string


def pdf_response(request, template: str, context: dict, filename: str) -> HttpResponse:
    return pdf_from_html(request, render_to_string(template, context, request=request), filename)


def pdf_from_html(request, html: str, filename: str) -> HttpResponse:
    """A page already rendered (a printed form in the site's shell), as a PDF."""
    # WeasyPrint is heavy and only the printed pages need it: imported when one is asked for.
    from weasyprint import HTML

    pdf = HTML(string=html, base_url=request.build_absolute_uri("/")).write_pdf()
    return HttpResponse(
        pdf,
        content_type="application/pdf",
        headers={"Content-Disposition": f'inline; filename="{filename}.pdf"'},
    )
