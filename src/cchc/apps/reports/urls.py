from django.urls import path

from .views import overview

app_name = "reports"
urlpatterns = [
    path("tong-quan/", overview.overview, name="overview"),
]
