"""The worker's plan tasks (Django's task framework, run by `manage.py db_worker`): ids in, never content."""

from django.tasks import task

from clinic.plans import prerender


@task
def render_pdf(version_id: int, kind: str, paper: str) -> None:
    prerender.render(version_id, kind, paper)
