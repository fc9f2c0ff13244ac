from django.urls import path

from .views import overview, periodic

app_name = "reports"
urlpatterns = [
    path("tong-quan/", overview.overview, name="overview"),
    path("dinh-ky/", periodic.report_list, name="report_list"),
    path("dinh-ky/<int:pk>/", periodic.report_detail, name="report_detail"),
    path("dinh-ky/<int:pk>/cap-nhat-so-lieu/", periodic.report_refresh, name="report_refresh"),
    path("dinh-ky/<int:pk>/ban-hanh/", periodic.report_issue, name="report_issue"),
    path("dinh-ky/<int:pk>/van-ban/", periodic.report_document, name="report_document"),
    path("dinh-ky/<int:pk>/tep.<str:fmt>", periodic.report_download, name="report_download"),
]
