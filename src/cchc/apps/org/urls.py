from django.urls import path

from .views import history, staffing, units, users

app_name = "org"
urlpatterns = [
    path("", units.unit_list, name="unit_list"),
    path("don-vi/moi/", units.unit_edit, name="unit_create"),
    path("don-vi/<int:pk>/sua/", units.unit_edit, name="unit_edit"),
    path("thay-doi/", history.change_list, name="change_list"),
    path("thay-doi/moi/", history.change_create, name="change_create"),
    path("thay-doi/<int:pk>/rut-lai/", history.change_withdraw, name="change_withdraw"),
    path("don-vi/<int:pk>/lich-su/", history.unit_history, name="unit_history"),
    path("bien-che/", staffing.staffing_list, name="staffing"),
    path("bien-che/xuat/", staffing.staffing_export, name="staffing_export"),
    path("bien-che/nhap/", staffing.staffing_import, name="staffing_import"),
    path("bien-che/nhap/xem-truoc/", staffing.staffing_import_preview, name="staffing_import_preview"),
    path("bien-che/nhap/<int:pk>/", staffing.staffing_batch, name="staffing_batch"),
    path("nguoi-dung/", users.user_list, name="user_list"),
    path("nguoi-dung/moi/", users.user_edit, name="user_create"),
    path("nguoi-dung/<int:pk>/", users.user_detail, name="user_detail"),
    path("nguoi-dung/<int:pk>/sua/", users.user_edit, name="user_edit"),
]
