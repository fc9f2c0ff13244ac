from django.urls import path
from django.views.generic import RedirectView

from cchc.apps.org.access import SIGNED_IN, declare

from .views import documents, imports, reviews

app_name = "institutions"
urlpatterns = [
    path(
        "", declare(SIGNED_IN)(RedirectView.as_view(pattern_name="institutions:document_list")), name="index"
    ),
    path("van-ban/", documents.document_list, name="document_list"),
    path("van-ban/xuat-excel/", documents.document_export, name="document_export"),
    path("van-ban/them/", documents.document_create, name="document_create"),
    path("van-ban/<int:pk>/", documents.document_detail, name="document_detail"),
    path("van-ban/<int:pk>/sua/", documents.document_edit, name="document_edit"),
    path("ra-soat/", reviews.round_list, name="round_list"),
    path("ra-soat/mo-dot/", reviews.round_create, name="round_create"),
    path("ra-soat/<int:pk>/", reviews.round_detail, name="round_detail"),
    path("ra-soat/<int:pk>/xuat-excel/", reviews.round_export, name="round_export"),
    path("ra-soat/<int:pk>/ket-thuc/", reviews.round_close, name="round_close"),
    path("ra-soat/van-ban/<int:pk>/", reviews.item_edit, name="item_edit"),
    path("nhap/", imports.import_upload, name="import_upload"),
    path("nhap/xem-truoc/", imports.import_preview, name="import_preview"),
    path("nhap/<int:pk>/", imports.batch_detail, name="batch_detail"),
]
