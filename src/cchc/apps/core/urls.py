from django.urls import path

from .views import pages, second_factor

app_name = "core"
urlpatterns = [
    path("favicon.ico", pages.favicon, name="favicon"),
    path("nhat-ky/", pages.audit_list, name="audit_list"),
    path("accounts/otp/setup/", second_factor.otp_setup, name="otp_setup"),
    path("accounts/otp/disable/", second_factor.otp_disable, name="otp_disable"),
    path("accounts/otp/verify/", second_factor.otp_verify, name="otp_verify"),
]
