"""When the database refuses (locked, read-only, full, gone) or the keys cannot open what is sealed,
people get a calm 503 that says to try again, never a 500.

`server_error` is Attune's handler500: Django calls it for any exception no view handled, the
exception still in hand. The page is rendered without the request's context processors, which
would reach for the session and the user in the database that just failed. The partner's step
page handles a failed save itself, so that nothing typed is lost (intake/views.py).
"""

import sys

from cryptography.fernet import InvalidToken
from django.db import InterfaceError, InternalError, OperationalError
from django.http import HttpRequest, HttpResponse, HttpResponseServerError
from django.template.loader import get_template
from django.urls import reverse
from django.utils.cache import add_never_cache_headers

from intake.crypto import SealingRefused

FAULTS = (OperationalError, InternalError, InterfaceError, InvalidToken, SealingRefused)
RETRY_AFTER_SECONDS = 30


def server_error(request: HttpRequest) -> HttpResponse:
    _kind, error, _traceback = sys.exc_info()
    if not isinstance(error, FAULTS):
        return HttpResponseServerError(get_template("500.html").render({"messages": ()}))
    partner_page = request.path.startswith("/i/")
    context = {
        "messages": (),
        "partner_page": partner_page,
        "quick_exit_url": reverse("intake:leave") if partner_page else "",
    }
    response = HttpResponse(get_template("503.html").render(context), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    add_never_cache_headers(response)
    return response
