from django.urls import path

from . import views, views_office

app_name = "documents"
urlpatterns = [
    path("", views.document_list, name="list"),
    path("soan-thao/", views.document_edit, name="create"),
    path("<int:pk>/", views.document_detail, name="detail"),
    path("<int:pk>/sua/", views.document_edit, name="edit"),
    path("<int:pk>/thao-tac/<slug:action>/", views.document_action, name="action"),
    path("<int:pk>/tep/<slug:kind>/", views.document_file, name="file"),
    path("so/<str:direction>/", views_office.register, name="register"),
    path("den/vao-so/", views_office.incoming_create, name="incoming_create"),
    path("den/<int:pk>/", views_office.incoming_detail, name="incoming_detail"),
    path("xac-thuc/", views_office.verify, name="verify"),
    path("ho-so/", views_office.archive_list, name="archive_list"),
    path("ho-so/lap/", views_office.archive_create, name="archive_create"),
    path("ho-so/<int:pk>/", views_office.archive_detail, name="archive_detail"),
    path("ho-so/<int:pk>/xuat/", views_office.archive_export, name="archive_export"),
    path("chi-so/", views_office.kpi, name="kpi"),
]
