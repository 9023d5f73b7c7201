from django.urls import include, path
from django.views.i18n import JavaScriptCatalog

from abonent.core.urls import site_urlpatterns
from abonent.core.views.language import set_language

urlpatterns = [
    *site_urlpatterns,
    path("i18n/setlang/", set_language, name="set_language"),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="jsi18n"),
    path("org/", include("abonent.core.urls")),
    path("property/", include("abonent.property.urls")),
    path("people/", include("abonent.people.urls")),
    path("accounts/", include("abonent.accounts.urls")),
    path("tariffs/", include("abonent.tariffs.urls")),
    path("metering/", include("abonent.metering.urls")),
    path("billing/", include("abonent.billing.urls")),
    path("money/", include("abonent.payments.urls")),
    path("", include("abonent.payments.providers.urls")),
    path("collections/", include("abonent.collections.urls")),
    path("reports/", include("abonent.reports.urls")),
    path("search/", include("abonent.search.urls")),
    path("import/", include("abonent.imports.urls")),
    path("api/", include("abonent.api.urls")),
]
