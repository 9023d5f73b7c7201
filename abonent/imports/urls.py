from django.urls import path

from abonent.imports import views

app_name = "imports"
urlpatterns = [
    path("buildings/", views.BuildingImportView.as_view(), name="building_import"),
    path("buildings/<int:pk>/apply/", views.BuildingImportApplyView.as_view(),
         name="building_import_apply"),
    path("template.xlsx", views.TemplateDownloadView.as_view(), name="template"),
]
