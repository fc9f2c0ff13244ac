"""Production: everything from the environment; refuses to start with an unsafe configuration."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import DEBUG, SECRET_KEY

if DEBUG:
    raise ImproperlyConfigured("CCHC_DEBUG phải tắt trong môi trường production")
if len(SECRET_KEY) < 32:
    raise ImproperlyConfigured("CCHC_SECRET_KEY phải dài ít nhất 32 ký tự")
SECURE_SSL_REDIRECT = True
SECURE_HSTS_SECONDS = 31536000
