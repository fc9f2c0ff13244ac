"""``/tep/<slug>/<pk>/``: the authenticated downloads registered by the apps (see core.downloads)."""

from . import downloads

app_name = "downloads"
urlpatterns = downloads.urlpatterns()
