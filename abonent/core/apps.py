from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "abonent.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from abonent.core import audit, celery_audit  # noqa: F401

        audit.connect()
