"""URL map. Each app mounts its own urls; the API lives under /api/ (OpenAPI at /api/docs)."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from cchc.api import api
from cchc.apps.core.views import pages as core_pages

urlpatterns = [
    path("", core_pages.home, name="home"),
    path("", include("cchc.apps.core.urls")),
    path("accounts/login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/password/change/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path(
        "accounts/password/change/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("accounts/password/reset/", auth_views.PasswordResetView.as_view(), name="password_reset"),
    path(
        "accounts/password/reset/done/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "accounts/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "accounts/reset/done/", auth_views.PasswordResetCompleteView.as_view(), name="password_reset_complete"
    ),
    path("i18n/", include("django.conf.urls.i18n")),
    path("to-chuc/", include("cchc.apps.org.urls")),
    path("chi-dao/", include("cchc.apps.directives.urls")),
    path("thu-tuc/", include("cchc.apps.procedures.urls")),
    path("ho-so/", include("cchc.apps.dossiers.urls")),
    path("van-ban/", include("cchc.apps.documents.urls")),
    path("nhan-su/", include("cchc.apps.people.urls")),
    path("chi-so-cchc/", include("cchc.apps.assessment.urls")),
    path("tai-chinh/", include("cchc.apps.finance.urls")),
    path("the-che/", include("cchc.apps.institutions.urls")),
    path("bao-cao/", include("cchc.apps.reports.urls")),
    # Stored files only through authenticated downloads; there is deliberately no /media/ route.
    path("tep/", include("cchc.apps.core.download_urls")),
    path("api/", api.urls),
    path("quan-tri/", admin.site.urls),
]

handler400 = "cchc.apps.core.views.errors.error_400"
handler403 = "cchc.apps.core.views.errors.error_403"
handler404 = "cchc.apps.core.views.errors.error_404"
handler500 = "cchc.apps.core.views.errors.error_500"
