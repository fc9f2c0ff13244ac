"""Embedded default for `cchc demo` (and every `cchc` command): SQLite under ./var, console e-mail.

DEBUG is off, as in production: a visitor of the demo sees the Vietnamese 400/403/404/500 pages
(cchc.apps.core.views.errors.error_*), never Django's English debug page with the exception and the settings.
``CCHC_DEBUG=true cchc demo`` switches it on for a developer.

Static files: ``runserver`` serves them only with DEBUG on, so whitenoise (production's server of static
files, docs/architecture.md) serves them here too, straight from the source folders through the finders
(no ``collectstatic`` needed for the demo).
"""

import os

os.environ.setdefault("CCHC_SECRET_KEY", "dev-only-insecure-key-change-me")
os.environ.setdefault("CCHC_DEBUG", "false")
os.environ.setdefault("CCHC_SECURE_COOKIES", "false")

from .base import *  # noqa: F403
from .base import DEBUG, MIDDLEWARE

if not DEBUG:
    MIDDLEWARE = [MIDDLEWARE[0], "whitenoise.middleware.WhiteNoiseMiddleware", *MIDDLEWARE[1:]]
    WHITENOISE_USE_FINDERS = True  # from STATICFILES_DIRS and the apps' static/, without collectstatic
    WHITENOISE_AUTOREFRESH = True  # a file edited while the demo runs is served as edited
