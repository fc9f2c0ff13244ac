from django.urls import path
from django.views.generic import RedirectView

from cchc.apps.org.access import SIGNED_IN, declare

from .views import evaluation, imports, staff, training

app_name = "people"
urlpatterns = [
    path("", declare(SIGNED_IN)(RedirectView.as_view(pattern_name="people:staff_list")), name="index"),
    path("can-bo/", staff.staff_list, name="staff_list"),
    path("can-bo/xuat-excel/", staff.staff_export, name="staff_export"),
    path("can-bo/them/", staff.staff_create, name="staff_create"),
    path("can-bo/<int:pk>/", staff.staff_detail, name="staff_detail"),
    path("can-bo/<int:pk>/sua/", staff.staff_edit, name="staff_edit"),
    path("can-bo/<int:pk>/ky-luat/", staff.discipline_add, name="discipline_add"),
    path("ho-so-cua-toi/", staff.my_record, name="my_record"),
    path("ky-nang-so/", training.training, name="training"),
    path("ky-nang-so/khoa-hoc/them/", training.course_create, name="course_create"),
    path("ky-nang-so/khoa-hoc/<int:pk>/", training.course_detail, name="course_detail"),
    path("danh-gia/cua-toi/", evaluation.my_evaluation, name="my_evaluation"),
    path("danh-gia/", evaluation.evaluation_list, name="evaluation_list"),
    path("danh-gia/<int:pk>/", evaluation.evaluation_detail, name="evaluation_detail"),
    path("danh-gia/don-vi/<int:unit>/phe-duyet/", evaluation.approve_unit, name="approve_unit"),
    path("xep-loai-nam/", evaluation.annual, name="annual"),
    path("xep-loai-nam/don-vi/<int:unit>/chot/", evaluation.annual_lock, name="annual_lock"),
    path("nhap/", imports.import_upload, name="import_upload"),
    path("nhap/xem-truoc/", imports.import_preview, name="import_preview"),
    path("nhap/<int:pk>/", imports.batch_detail, name="batch_detail"),
]
