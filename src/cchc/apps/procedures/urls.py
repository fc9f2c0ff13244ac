from django.urls import path

from .views import catalogue, costs, imports, plans

app_name = "procedures"
urlpatterns = [
    path("", catalogue.procedure_list, name="procedure_list"),
    path("xuat-danh-muc.xlsx", catalogue.catalogue_export, name="catalogue_export"),
    path("moi/", catalogue.procedure_edit, name="procedure_create"),
    path("<int:pk>/", catalogue.procedure_detail, name="procedure_detail"),
    path("<int:pk>/sua/", catalogue.procedure_edit, name="procedure_edit"),
    path("<int:procedure_pk>/phuong-an/", plans.plan_edit, name="plan_create"),
    path("<int:procedure_pk>/phuong-an/<int:year>/", plans.plan_edit, name="plan_edit"),
    path("<int:procedure_pk>/chi-phi/", costs.cost_record_edit, name="cost_record_edit"),
    path("chi-tieu/", plans.dashboard, name="dashboard"),
    path("chi-tieu/lien-ket/", plans.target_links, name="target_links"),
    path("phuong-an.docx", plans.plans_docx, name="plans_docx"),
    path("phuong-an.xlsx", plans.plans_xlsx, name="plans_xlsx"),
    path("tham-so/", plans.parameters, name="parameters"),
    path("tham-so/<int:pk>/", plans.parameters, name="parameter_edit"),
    path("nhap/", imports.import_upload, name="import_upload"),
    path("nhap/xem-truoc/", imports.import_preview, name="import_preview"),
    path("nhap/<int:pk>/", imports.batch_detail, name="batch_detail"),
    path("nhap/dong/<int:pk>/", imports.row_fix, name="row_fix"),
]
