"""What a partner does that the practice's access log records.

`intake` never imports `clinic`, so the intake views announce a partner's activity here and
`clinic` (which owns the access log) listens. The partner's answers never travel with the signal.
"""

from enum import StrEnum

from django.dispatch import Signal


class PartnerEvent(StrEnum):
    OPEN_LINK = "open_link"
    SAVE_STEP = "save_step"
    SUBMIT = "submit_intake"
    SAVE_CHECK_IN = "save_check_in"
    SUBMIT_CHECK_IN = "submit_check_in"


# Sent with request (HttpRequest), partner (Partner), event (PartnerEvent) and detail (str).
partner_activity = Signal()
