from django.urls import path
from django.views.generic import RedirectView

from cchc.apps.org.access import SIGNED_IN, declare

from .views import corrections, directives, reports, tasks

app_name = "directives"
urlpatterns = [
    path("", declare(SIGNED_IN)(RedirectView.as_view(pattern_name="directives:my_tasks")), name="index"),
    path("van-ban/", directives.directive_list, name="directive_list"),
    path("tai-len/", directives.directive_upload, name="directive_upload"),
    path("nhap/<int:pk>/", directives.directive_review, name="directive_review"),
    path("tao-moi/", directives.directive_create, name="directive_create"),
    path("van-ban/<int:pk>/", directives.directive_detail, name="directive_detail"),
    path("van-ban/<int:pk>/them-nhiem-vu/", corrections.directive_add_task, name="directive_add_task"),
    path("van-ban/<int:pk>/huy/", corrections.directive_cancel, name="directive_cancel"),
    path("nhiem-vu/", tasks.task_list, name="task_list"),
    path("viec-cua-toi/", tasks.my_tasks, name="my_tasks"),
    path("qua-han/", tasks.overdue_list, name="overdue_list"),
    path("nhiem-vu/<int:pk>/", tasks.task_detail, name="task_detail"),
    path("nhiem-vu/<int:pk>/dieu-chinh/", corrections.task_edit, name="task_edit"),
    path("nhiem-vu/<int:pk>/huy/", corrections.task_cancel, name="task_cancel"),
    path("nhiem-vu/<int:pk>/<slug:action>/", tasks.task_action, name="task_action"),
    path("tong-quan/", reports.overview, name="overview"),
    path("ket-qua-don-vi/", reports.scorecard, name="scorecard"),
    path("thong-bao/", reports.notifications, name="notifications"),
    path("thong-bao/da-doc/", reports.notifications_read, name="notifications_read"),
    path("lich/<str:token>.ics", reports.calendar_feed, name="calendar_feed"),
]
