from django.urls import path

from abonent.core.views import home

urlpatterns = [path("", home.HomeView.as_view(), name="home")]
