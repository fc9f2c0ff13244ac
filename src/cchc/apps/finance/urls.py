from django.urls import path

from .views import disclosures

app_name = "finance"
urlpatterns = [
    path("cong-khai-ngan-sach/", disclosures.register, name="register"),
    path("cong-khai-ngan-sach/don-vi/<int:unit>/lap-nam/", disclosures.open_year, name="open_year"),
    path("cong-khai-ngan-sach/<int:pk>/", disclosures.disclosure_detail, name="disclosure_detail"),
]
