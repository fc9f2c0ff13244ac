from django.urls import path

from .views import entries, library, sets, years

app_name = "assessment"
urlpatterns = [
    path("", years.index, name="index"),
    path("lich-su/", years.history, name="history"),
    path("<int:year>/", years.year_detail, name="year"),
    path("<int:year>/buoc/<slug:step>/", years.step, name="step"),
    path("<int:year>/so-lieu/", years.refresh_measured, name="refresh"),
    path("<int:year>/dieu-tra/", years.survey, name="survey"),
    path("<int:year>/diem-mat/", years.gaps, name="gaps"),
    path("<int:year>/tham-dinh/", years.appraisal, name="appraisal"),
    path("<int:year>/tu-danh-gia.xlsx", years.export_xlsx, name="export_xlsx"),
    path("<int:year>/bao-cao.docx", years.export_docx, name="export_docx"),
    path("<int:year>/tieu-chi/<str:code>/", entries.entry, name="entry"),
    path("minh-chung/", library.library, name="library"),
    path("minh-chung/kiem-tra/", library.verify, name="verify_evidence"),
    path("bo-tieu-chi/", sets.set_list, name="sets"),
    path("bo-tieu-chi/nhap/", sets.set_import, name="set_import"),
    path("bo-tieu-chi/nhap/xem-truoc/", sets.set_import_preview, name="set_import_preview"),
    path("bo-tieu-chi/<int:pk>/", sets.set_detail, name="set_detail"),
    path("bo-tieu-chi/<int:pk>/sua/", sets.set_edit, name="set_edit"),
    path("bo-tieu-chi/<int:pk>/bo-tieu-chi.xlsx", sets.set_export, name="set_export"),
]
