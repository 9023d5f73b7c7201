"""The REST API: /api/v1/ endpoints, the token endpoint, the OpenAPI schema and its docs."""

from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.routers import DefaultRouter

from abonent.accounts import api as accounts_api
from abonent.api.views import RedocView, not_found
from abonent.billing import api as billing_api
from abonent.collections import api as collections_api
from abonent.core.api import views as core_api
from abonent.core.api.auth import ObtainTokenView
from abonent.metering import api as metering_api
from abonent.payments import api as payments_api
from abonent.people import api as people_api
from abonent.property import api as property_api
from abonent.tariffs import api as tariffs_api

router = DefaultRouter()
router.include_root_view = False
for module in (core_api, property_api, people_api, accounts_api, tariffs_api, metering_api,
               billing_api, payments_api, collections_api):
    for prefix, viewset in module.ROUTES:
        router.register(prefix, viewset, basename=viewset.model._meta.model_name)

urlpatterns = [
    path("v1/auth/token/", ObtainTokenView.as_view(), name="api_token"),
    path("v1/", include(router.urls)),
    path("schema/", SpectacularAPIView.as_view(), name="api_schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api_schema"), name="api_docs"),
    path("redoc/", RedocView.as_view(url_name="api_schema"), name="api_redoc"),
    re_path(r"^.*$", not_found),  # API clients get JSON, never an HTML page
]
