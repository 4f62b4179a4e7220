"""The worker's tasks (Django's task framework, run by `manage.py db_worker`): ids in, never content.

A task's arguments are stored in the queue's table in plain text, so they are only record ids; what a message
says and where its link goes stay sealed in the outbox.
"""

from django.tasks import task

from clinic.messaging import outbox, reminders


@task
def deliver_message(message_id: str) -> None:
    outbox.deliver(message_id)


@task
def send_reminder(reminder_id: int) -> None:
    reminders.run(reminder_id)
