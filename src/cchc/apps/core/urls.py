from django.urls import path

from . import views

app_name = "core"
urlpatterns = [
    path("favicon.ico", views.favicon, name="favicon"),
    path("nhat-ky/", views.audit_list, name="audit_list"),
    path("accounts/otp/setup/", views.otp_setup, name="otp_setup"),
    path("accounts/otp/disable/", views.otp_disable, name="otp_disable"),
    path("accounts/otp/verify/", views.otp_verify, name="otp_verify"),
]
