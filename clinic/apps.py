"""The clinic app: at start-up it registers the system checks, the sign-out clocks, the messages' listeners and the
latest outcome's keeper."""

from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class ClinicConfig(AppConfig):
    name = "clinic"
    verbose_name = _("Clinic")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in
        from django.db.models.signals import post_migrate

        from clinic import checks  # noqa: F401  (registers the system checks)
        from clinic.accesslog_guard import install_after_migrate
        from clinic.accounts.timeouts import start_timers
        from clinic.messaging import notifications
        from clinic.models import record_partner_activity
        from clinic.outcomes.latest import fill_after_migrate, on_outcome_changed
        from clinic.printing.kept import forget
        from intake.models import Partner
        from intake.signals import outcome_changed, partner_activity

        user_logged_in.connect(start_timers, dispatch_uid="attune_session_timers")
        partner_activity.connect(record_partner_activity, dispatch_uid="attune_partner_activity")
        outcome_changed.connect(on_outcome_changed, dispatch_uid="attune_latest_outcome")
        # Only an intake's submit or reopen: nothing kept comes from a check-in (clinic/printing/kept.py).
        outcome_changed.connect(forget, sender=Partner, dispatch_uid="attune_kept_analysis")
        notifications.connect()
        post_migrate.connect(install_after_migrate, sender=self, dispatch_uid="attune_accesslog_guard")
        post_migrate.connect(fill_after_migrate, sender=self, dispatch_uid="attune_latest_outcome_fill")


class AttuneAdminConfig(admin_apps.AdminConfig):
    """Django's admin on Attune's site, which asks for a second factor (clinic/admin_site.py)."""

    default = False  # not the configuration of the `clinic` app itself
    default_site = "clinic.admin_site.AttuneAdminSite"
