"""Production: everything from the environment; refuses to start with an unsafe configuration."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import DEBUG, MIDDLEWARE, SECRET_KEY, STORAGES

if DEBUG:
    raise ImproperlyConfigured("CCHC_DEBUG phải tắt trong môi trường production")
if len(SECRET_KEY) < 32:
    raise ImproperlyConfigured("CCHC_SECRET_KEY phải dài ít nhất 32 ký tự")
SECURE_SSL_REDIRECT = True
SECURE_HSTS_SECONDS = 31536000

# Static files served by the application itself (whitenoise), compressed, collected by `cchc manage collectstatic`.
MIDDLEWARE = [MIDDLEWARE[0], "whitenoise.middleware.WhiteNoiseMiddleware", *MIDDLEWARE[1:]]
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"}}
