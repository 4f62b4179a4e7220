"""The clinic app: at start-up it registers the system checks and starts the sign-out clocks at sign-in."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ClinicConfig(AppConfig):
    name = "clinic"
    verbose_name = _("Clinic")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from clinic import checks  # noqa: F401  (registers the system checks)
        from clinic.accounts.timeouts import start_timers

        user_logged_in.connect(start_timers, dispatch_uid="attune_session_timers")
