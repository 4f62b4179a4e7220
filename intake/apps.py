"""The intake app: couples, partners, their private links and answers."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntakeConfig(AppConfig):
    name = "intake"
    verbose_name = _("Intake")

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        post_migrate.connect(make_key_canary, sender=self, dispatch_uid="attune_key_canary")


def make_key_canary(sender: object, using: str = "default", **kwargs: object) -> None:
    """After migrate, seal the key canary if the database has none (and the keys open what is there)."""
    from intake.canary import check_keys

    if using == "default":
        check_keys(create=True)  # a wrong key is reported by the system check attune.E004, not here
