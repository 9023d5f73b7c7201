from django.urls import include, path

urlpatterns = [
    path("", include("abonent.core.urls")),
]
