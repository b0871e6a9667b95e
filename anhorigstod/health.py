"""The load balancer's health check: is this process able to reach its database?

Public, answered from the database with a trivial query, never cached, and it
says nothing about users or cases.
"""

import logging

from django.contrib.auth.decorators import login_not_required
from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

log = logging.getLogger("anhorigstod.health")


def database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as error:
        log.warning(
            "health check: database unavailable",
            extra={"event": "health_database_unavailable", "error": type(error).__name__},
        )
        return False
    return True


@login_not_required
@never_cache
@require_safe
def health(request):
    if database_ok():
        return JsonResponse({"status": "ok", "database": "ok"})
    response = JsonResponse({"status": "unavailable", "database": "unavailable"}, status=503)
    response["Retry-After"] = "30"
    return response
