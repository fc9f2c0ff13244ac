from django.urls import path

from .views import assets, autonomy, disclosures, imports

app_name = "finance"
urlpatterns = [
    path("cong-khai-ngan-sach/", disclosures.register, name="register"),
    path("cong-khai-ngan-sach/xuat-excel/", disclosures.export, name="register_export"),
    path("cong-khai-ngan-sach/don-vi/<int:unit>/lap-nam/", disclosures.open_year, name="open_year"),
    path("cong-khai-ngan-sach/<int:pk>/", disclosures.disclosure_detail, name="disclosure_detail"),
    path("tu-chu-tai-chinh/", autonomy.register, name="autonomy"),
    path("tu-chu-tai-chinh/xuat-excel/", autonomy.export, name="autonomy_export"),
    path("tu-chu-tai-chinh/them/", autonomy.create, name="autonomy_create"),
    path("tu-chu-tai-chinh/<int:pk>/", autonomy.detail, name="autonomy_detail"),
    path("tu-chu-tai-chinh/<int:pk>/xoa/", autonomy.delete, name="autonomy_delete"),
    path("tai-san-cong/", assets.register, name="assets"),
    path("tai-san-cong/xuat-excel/", assets.export, name="assets_export"),
    path("tai-san-cong/them/", assets.create, name="asset_create"),
    path("tai-san-cong/<int:pk>/", assets.detail, name="asset_detail"),
    path("tai-san-cong/<int:pk>/xoa/", assets.delete, name="asset_delete"),
    path("nhap-excel/", imports.upload, name="import_upload"),
    path("nhap-excel/xem-truoc/", imports.preview, name="import_preview"),
    path("nhap-excel/lan/<int:pk>/", imports.batch_detail, name="import_batch"),
]
