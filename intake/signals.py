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
    CHANGE_LANGUAGE = "change_language"


# Sent with request (HttpRequest), partner (Partner), event (PartnerEvent) and detail (str).
partner_activity = Signal()

# Sent with couple_id when something a couple's outcome figures come from changes (a check-in or re-assessment
# sent, an intake submitted or reopened), inside the transaction that changed it: clinic keeps the dashboard's
# latest outcome per couple (clinic/outcomes/latest.py) and stores it again in that same transaction.
outcome_changed = Signal()
