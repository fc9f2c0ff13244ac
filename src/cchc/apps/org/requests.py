"""The request a view behind ``login_required`` receives: its user is an account, never ``AnonymousUser``.

Annotate such views with :class:`AuthenticatedRequest` so the type checker knows ``request.user`` is a
:class:`~cchc.apps.org.models.User` (what access.py and the services take); at run time it is the ordinary
``HttpRequest``, the decorator guarantees the rest.
"""

from django.http import HttpRequest

from .models import User


class AuthenticatedRequest(HttpRequest):
    user: User
