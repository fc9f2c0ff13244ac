from django.urls import path

from .views import calendar, channel_costs, feeds, imports, indicators, portal

app_name = "dossiers"
urlpatterns = [
    path("", indicators.dashboard, name="dashboard"),
    path("chi-so-766/", indicators.scorecard_view, name="scorecard"),
    path("danh-sach/", indicators.drilldown_view, name="drilldown"),
    path("chi-phi-theo-kenh/", channel_costs.channel_costs, name="channel_costs"),
    path("chi-phi-theo-kenh.xlsx", channel_costs.channel_costs_xlsx, name="channel_costs_xlsx"),
    path("nhap/", imports.import_list, name="import_list"),
    path("nhap/ghep-cot/", imports.import_preview, name="import_preview"),
    path("nhap/<int:pk>/", imports.import_detail, name="import_detail"),
    path("nhap/<int:pk>/trang-thai/", imports.import_status, name="import_status"),
    path("nhap/<int:pk>/cach-ly/", imports.quarantine_export, name="quarantine_export"),
    path("nhap/<int:pk>/<str:action>/", imports.import_action, name="import_action"),
    path("doi-chieu-cong/", portal.portal_list, name="portal_list"),
    path("doi-chieu-cong/<int:pk>/", portal.portal_detail, name="portal_detail"),
    path("nguon-tu-dong/", feeds.feed_list, name="feed_list"),
    path("nguon-tu-dong/<int:pk>/", feeds.feed_detail, name="feed_detail"),
    path("nguon-tu-dong/tep/<int:pk>/ghep-cot/", feeds.feed_file_map, name="feed_file_map"),
    path("lich-lam-viec/", calendar.calendar_view, name="calendar"),
    path("lich-lam-viec/<int:pk>/", calendar.calendar_view, name="calendar_edit"),
    path("lich-lam-viec/<int:pk>/xoa/", calendar.calendar_delete, name="calendar_delete"),
]
