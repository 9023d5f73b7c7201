from django.urls import path

from abonent.search.views import QuickSearchView

urlpatterns = [path("", QuickSearchView.as_view(), name="search")]
