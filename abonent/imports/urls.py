from django.urls import path

from abonent.imports import views

app_name = "imports"
urlpatterns = [
    # The buildings workbook keeps the names it had before there were several kinds.
    path("buildings/", views.ImportPageView.as_view(), {"kind": "buildings"},
         name="building_import"),
    path("buildings/<int:pk>/apply/", views.ImportApplyView.as_view(), {"kind": "buildings"},
         name="building_import_apply"),
    path("template.xlsx", views.TemplateDownloadView.as_view(), {"kind": "buildings"},
         name="template"),
    # Every kind of kinds.py: /import/readings/, /import/readings/template.xlsx, ...
    path("<slug:kind>/", views.ImportPageView.as_view(), name="import"),
    path("<slug:kind>/<int:pk>/apply/", views.ImportApplyView.as_view(), name="import_apply"),
    path("<slug:kind>/template.xlsx", views.TemplateDownloadView.as_view(),
         name="import_template"),
]
