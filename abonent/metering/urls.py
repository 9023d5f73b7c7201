from django.urls import path

from abonent.core.views.generic import crud_urls
from abonent.metering import grid, views

app_name = "metering"
urlpatterns = [
    *crud_urls("meter", list_view=views.MeterList, detail_view=views.MeterDetail,
               edit_view=views.MeterEdit, close_view=views.MeterClose),
    *crud_urls("reading", list_view=views.ReadingList, detail_view=views.ReadingDetail,
               edit_view=views.ReadingEdit),
    path("reading/<int:pk>/accept/", views.ReadingReview.as_view(action="accept"),
         name="reading_accept"),
    path("reading/<int:pk>/reject/", views.ReadingReview.as_view(action="reject"),
         name="reading_reject"),
    path("review/", views.HeldReadings.as_view(), name="review"),
    path("grid/", grid.GridView.as_view(), name="grid"),
    path("grid/row/<int:pk>/", grid.GridRowView.as_view(), name="grid_row"),
]
