"""A ceiling on every request body, file parts included, checked before anything reads the body.

Django's DATA_UPLOAD_MAX_MEMORY_SIZE leaves out file uploads, so a 50 MB multipart post to the
sign-in page was read and spooled. Attune takes no files at all: any body larger than
ATTUNE_MAX_REQUEST_BYTES is answered 413 from its Content-Length alone.
"""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.template.loader import get_template


class RequestSizeLimit:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = -1
        if length < 0 or length > settings.ATTUNE_MAX_REQUEST_BYTES:
            # Rendered without the request: the session and user are not worth a database trip here.
            page = get_template("413.html").render({"messages": ()})
            return HttpResponse(page, status=413 if length > 0 else 400)
        return self.get_response(request)
