from django.http import HttpResponse
from django.urls import path

app_name = "imports"
urlpatterns = [path("buildings/", lambda request: HttpResponse(""), name="building_import")]
