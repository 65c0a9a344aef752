"""Pages of a list: `?page=` and `?page_size=` (at most 200), refused by name when unreadable
rather than read as the first page."""

from django.utils.translation import gettext as _
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination

MAX_PAGE_SIZE = 200


class Pages(PageNumberPagination):
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE

    def get_page_size(self, request):
        typed = request.query_params.get(self.page_size_query_param)
        if typed is None:
            return self.page_size
        if not (typed.isascii() and typed.isdigit()) or not 1 <= int(typed) <= MAX_PAGE_SIZE:
            raise ValidationError(
                {
                    "page_size": [
                        _("A page holds from 1 to %(most)d rows.") % {"most": MAX_PAGE_SIZE}
                    ]
                },
                code="bad_page_size",
            )
        return int(typed)

    def paginate_queryset(self, queryset, request, view=None):
        typed = request.query_params.get(self.page_query_param)
        if typed is not None and not (typed.isascii() and typed.isdigit() and int(typed) >= 1):
            raise ValidationError(
                {"page": [_("A page number is a whole number from 1.")]}, code="bad_page"
            )
        return super().paginate_queryset(queryset, request, view)
