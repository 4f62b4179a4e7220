"""Reaching partners and therapists by email: invitations, reminders, the therapist's notifications, the outbox.

Every message is queued in the database with its task (Django's task framework, `django_tasks_db`) and sent by
the worker (`manage.py db_worker`); nothing private ever goes into one (see `compose`).
"""
