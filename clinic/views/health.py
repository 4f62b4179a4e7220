"""Readiness for the load balancer: /readyz answers 200 only when the database answers and the
encryption keys open the key canary; /healthz (liveness) only says the process is up."""

import logging

from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from intake.canary import check_keys

logger = logging.getLogger("attune")


def _failed_checks() -> list[str]:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return ["key canary"] if check_keys(create=False) else []
    except DatabaseError as error:
        logger.warning("Not ready: the database did not answer (%s).", error)
        return ["database"]


@never_cache
@require_GET
def readyz(request: HttpRequest) -> HttpResponse:
    failed = _failed_checks()
    if failed:
        return HttpResponse("not ready: " + ", ".join(failed), status=503, content_type="text/plain")
    return HttpResponse("ready", content_type="text/plain")
