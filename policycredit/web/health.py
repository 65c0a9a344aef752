"""``GET /health/``: what a monitor needs to know, with no sign-in and no personal data: the
database answers, the business date, how the last close of day ended. 200 when the database
answers, 503 when it does not."""

import time

from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from policycredit.closing.selectors import close_state
from policycredit.common.selectors import business_date


@never_cache
@require_GET
def health(request):
    started = time.perf_counter()
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        today = business_date()
        close = close_state(today)
    except DatabaseError as error:
        return JsonResponse(
            {"status": "error", "database": "unreachable", "error": type(error).__name__},
            status=503,
        )
    return JsonResponse(
        {
            "status": "ok",
            "database": connection.vendor,
            "database_ms": round((time.perf_counter() - started) * 1000, 1),
            "business_date": today.isoformat(),
            "close": close,
        }
    )
