app_name = "tariffs"
urlpatterns: list = []
