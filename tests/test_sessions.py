"""The session engine's own read: the same data Django's read gives, nothing for a key expired or unknown."""

from datetime import timedelta

from django.contrib.sessions.backends.db import SessionStore as DjangoSessionStore
from django.contrib.sessions.models import Session
from django.utils import timezone

from clinic.sessions import SessionStore


def _saved(**data: object) -> str:
    session = SessionStore()
    session.update(data)
    session.save()
    assert session.session_key is not None
    return session.session_key


def test_a_saved_session_reads_back_what_django_reads(db: None) -> None:
    key = _saved(attune_seen_at=1764288000.5, name="Sam", steps=[1, 2])
    read = SessionStore(key)
    assert (
        read.load()
        == DjangoSessionStore(key).load()
        == {"attune_seen_at": 1764288000.5, "name": "Sam", "steps": [1, 2]}
    )
    assert read.session_key == key


def test_an_expired_session_reads_nothing_and_forgets_its_key(db: None) -> None:
    key = _saved(name="Sam")
    Session.objects.filter(session_key=key).update(expire_date=timezone.now() - timedelta(seconds=1))
    read = SessionStore(key)
    assert read.load() == {}
    assert read.session_key is None  # so the next save makes a new session rather than reviving this one


def test_an_unknown_key_reads_nothing(db: None) -> None:
    _saved(name="Sam")
    read = SessionStore("x" * 32)
    assert read.load() == {}
    assert read.session_key is None


def test_another_session_is_never_read(db: None) -> None:
    first, second = _saved(name="Sam"), _saved(name="Alex")
    assert SessionStore(first).load() == {"name": "Sam"}
    assert SessionStore(second).load() == {"name": "Alex"}
