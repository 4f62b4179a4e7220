"""The words of every message Attune sends, and what must never be in one.

A partner's message holds their own link and nothing else about the couple: no name, no answer, no status
beyond "not finished", no word about safety; the subject says nothing about therapy unless the practice's
template does. A therapist's notice names no client and no couple: it asks them to sign in.
"""

import base64
import re
from dataclasses import dataclass, field
from datetime import datetime

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from clinic.messaging.models import OutboxMessage, ReminderStop
from intake.models import Couple, Partner, hash_token

STOP_SALT = "attune.messaging.stop-reminders"


@dataclass
class Mail:
    subject: str
    paragraphs: list[str]
    link: str = ""  # the one private link the message carries
    link_intro: str = ""
    closing: list[str] = field(default_factory=list)
    headers: dict[str, str] = field(default_factory=dict)
    language: str = ""  # the reader's: a partner's own language, the therapist's account language

    def text(self) -> str:
        """The plain-text part, written here rather than by a template: templates escape HTML, mail text must not."""
        link = [part for part in (self.link_intro, self.link) if part]
        blocks = [*self.paragraphs, "\n".join(link), *self.closing]
        return "\n\n".join(block for block in blocks if block) + "\n"

    def html(self) -> str:
        with translation.override(self.language or translation.get_language()):
            return render_to_string("clinic/mail/message.html", {"mail": self})


def absolute(path: str) -> str:
    """A link for a message: messages leave without a request, so they use the address partners reach Attune at."""
    return settings.ATTUNE_BASE_URL + path


def mask(address: str) -> str:
    """An address as the outbox shows it: enough to tell two apart, not enough to read it off the screen."""
    local, _at, domain = address.partition("@")
    name, _dot, suffix = domain.rpartition(".")
    return f"{local[:1]}•••@{(name or suffix)[:1]}•••.{suffix}" if name else f"{local[:1]}•••@{domain[:1]}•••"


def stop_token(partner: Partner) -> str:
    """The partner's "stop reminders" token: derived, so the worker can write it into any later reminder."""
    digest = salted_hmac(STOP_SALT, str(partner.pk), algorithm="sha256").digest()
    token = base64.urlsafe_b64encode(digest).decode().rstrip("=")
    ReminderStop.objects.get_or_create(partner=partner, defaults={"token_hash": hash_token(token)})
    return token


def stop_url(partner: Partner) -> str:
    return absolute(reverse("stop_reminders", args=[stop_token(partner)]))


def _partner_headers(partner: Partner, automatic: bool) -> dict[str, str]:
    # RFC 8058: a mail client may offer one-click "unsubscribe", which posts to the same page the link opens.
    headers = {"List-Unsubscribe": f"<{stop_url(partner)}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}
    if automatic:
        headers["Auto-Submitted"] = "auto-generated"  # RFC 3834: no out-of-office replies to a reminder
    return headers


def until(moment: datetime) -> str:
    return formats.date_format(timezone.localtime(moment), "j F Y")


def default_invitation(therapist: object, language: str) -> tuple[str, str]:
    """The invitation a therapist starts from, in the partners' `language`: the practice's template, else Attune's
    own."""
    if settings.ATTUNE_INVITATION_TEMPLATE:
        return settings.ATTUNE_INVITATION_TEMPLATE
    name = therapist.get_full_name() if hasattr(therapist, "get_full_name") else ""
    with translation.override(language):
        message = _(
            "Hello,\n\nI would like you to fill in a short questionnaire before we next meet. It is private: your "
            "answers come to me alone. It takes about 20 minutes; you can stop at any time and come back later, and "
            "what you have answered is kept.\n\nPlease open the link below yourself: it is meant for you alone."
        )
        return _("Your private questionnaire link"), f"{message}\n\n{name}".strip()


def check_in_invitation(therapist: object, language: str) -> tuple[str, str]:
    """The words of an emailed check-in link, in the partner's `language`: short, and no word about therapy or the
    other partner."""
    name = therapist.get_full_name() if hasattr(therapist, "get_full_name") else ""
    with translation.override(language):
        message = _(
            "Hello,\n\nBefore we next meet, please answer a few short questions: it takes about two minutes. It is "
            "private: your answers come to me alone.\n\nPlease open the link below yourself: it is meant for you "
            "alone."
        )
        return _("A few short questions before we meet"), f"{message}\n\n{name}".strip()


def invitation(partner: Partner, url: str, expires_at: datetime, subject: str, message: str) -> Mail:
    """The therapist's words (`subject`, `message`) and Attune's, in the partner's own language."""
    with translation.override(partner.language):
        return _invitation(partner, url, expires_at, subject, message)


def _invitation(partner: Partner, url: str, expires_at: datetime, subject: str, message: str) -> Mail:
    return Mail(
        subject=subject,
        paragraphs=[part.strip() for part in message.split("\n\n") if part.strip()],
        link=url,
        link_intro=_("Your private link (it works until %(date)s):") % {"date": until(expires_at)},
        closing=[
            _("If the link does not open, copy it into your browser. Please do not forward this message."),
            _("If it is not finished, you may get up to two short reminders. To stop them: %(url)s")
            % {"url": stop_url(partner)},
        ],
        headers=_partner_headers(partner, automatic=False),
        language=partner.language,
    )


def reminder(partner: Partner, url: str, expires_at: datetime, last: bool, what: object) -> Mail:
    """A reminder in the partner's own language; `what` (a lazy translation) is worded in it too."""
    with translation.override(partner.language):
        return _reminder(partner, url, expires_at, last, str(what))


def _reminder(partner: Partner, url: str, expires_at: datetime, last: bool, what: str) -> Mail:
    if last:
        subject = _("Last reminder: your private link")
        opening = _(
            "This is a last reminder: the %(what)s you were sent is not finished, and its link works until "
            "%(date)s. After that, ask for a new one."
        ) % {"what": what, "date": until(expires_at)}
    else:
        subject = _("A reminder: your private link")
        opening = _(
            "This is a reminder: the %(what)s you were sent is not finished yet. Whatever you have "
            "already answered is kept."
        ) % {"what": what}
    return Mail(
        subject=subject,
        paragraphs=[_("Hello,"), opening],
        link=url,
        link_intro=_("Your private link:"),
        closing=[
            _("You will get no more than two reminders. To stop them now: %(url)s") % {"url": stop_url(partner)},
        ],
        headers=_partner_headers(partner, automatic=True),
        language=partner.language,
    )


def notice(kind: str, url: str, language: str) -> Mail:
    """A therapist's notice, in their account `language`: what happened, never to whom; the link needs their
    sign-in."""
    with translation.override(language):
        return _notice(kind, url, language)


def _notice(kind: str, url: str, language: str) -> Mail:
    words = {
        OutboxMessage.Kind.URGENT: (
            _("Attune: a client needs follow-up"),
            _("A client of yours needs follow-up; sign in to see who."),
        ),
        OutboxMessage.Kind.BOTH_SUBMITTED: (
            _("Attune: both questionnaires are in"),
            _("Both partners of one of your couples have sent their answers; sign in to see the comparison."),
        ),
        OutboxMessage.Kind.CHECK_IN: (
            _("Attune: a check-in is in"),
            _("A client of yours has sent a check-in; sign in to see it."),
        ),
    }
    subject, line = words[OutboxMessage.Kind(kind)]
    return Mail(
        subject=subject,
        paragraphs=[line],
        link=url,
        closing=[_("You can switch these notices off on your profile page in Attune.")],
        headers={"Auto-Submitted": "auto-generated"},
        language=language,
    )


def names_in(text: str, couple: Couple) -> list[str]:
    """The partners' names that `text` contains, as whole words: no message to one partner may name either."""
    found = []
    for partner in couple.partners.all():
        name = partner.display_name.strip()
        if name and re.search(rf"(?<!\w){re.escape(name)}(?!\w)", text, re.IGNORECASE):
            found.append(name)
    return found
