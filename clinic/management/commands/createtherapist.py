"""`manage.py createtherapist USERNAME`: add a therapist account."""

import getpass
import os
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser


class Command(BaseCommand):
    help = "Add a therapist. The password comes from ATTUNE_PASSWORD, else it is asked for."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--email", default="")

    def handle(self, *args: Any, username: str, email: str, **options: Any) -> None:
        User = get_user_model()
        if User.objects.filter(username=username).exists():
            raise CommandError(f"A user named {username!r} already exists.")
        password = os.environ.get("ATTUNE_PASSWORD") or self._prompt()
        user = User(username=username, email=email)
        try:
            validate_password(password, user)
        except ValidationError as error:
            raise CommandError("Password refused: " + " ".join(error.messages)) from None
        user.set_password(password)
        user.save()
        self.stdout.write(f"Therapist {username!r} created.")

    def _prompt(self) -> str:
        password = getpass.getpass("Password: ")
        if password != getpass.getpass("Password (again): "):
            raise CommandError("The passwords did not match.")
        return password
