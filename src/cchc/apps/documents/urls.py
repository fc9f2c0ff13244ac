from django.urls import path

from .views import documents, office

app_name = "documents"
urlpatterns = [
    path("", documents.document_list, name="list"),
    path("soan-thao/", documents.document_edit, name="create"),
    path("<int:pk>/", documents.document_detail, name="detail"),
    path("<int:pk>/sua/", documents.document_edit, name="edit"),
    path("<int:pk>/thao-tac/<slug:action>/", documents.document_action, name="action"),
    path("<int:pk>/tep/<slug:kind>/", documents.document_file, name="file"),
    path("so/<str:direction>/", office.register, name="register"),
    path("den/vao-so/", office.incoming_create, name="incoming_create"),
    path("den/<int:pk>/", office.incoming_detail, name="incoming_detail"),
    path("xac-thuc/", office.verify, name="verify"),
    path("ho-so/", office.archive_list, name="archive_list"),
    path("ho-so/lap/", office.archive_create, name="archive_create"),
    path("ho-so/<int:pk>/", office.archive_detail, name="archive_detail"),
    path("ho-so/<int:pk>/xuat/", office.archive_export, name="archive_export"),
    path("chi-so/", office.kpi, name="kpi"),
]
