from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "abonent.search"
    label = "search"
    verbose_name = _("Search")

    def ready(self) -> None:
        from django.utils.module_loading import autodiscover_modules

        from abonent.search import kinds, signals  # noqa: F401 - registers the built-in kinds

        autodiscover_modules("search")  # each app's search.py registers its kinds
        signals.connect()
