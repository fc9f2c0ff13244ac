"""Production: everything from the environment; refuses to start with an unsafe configuration.

The documented production environment (docs/deployment.md) passes ``cchc manage check --deploy`` with no
warning; tests/test_deploy_check.py runs that check.
"""

from django.core.exceptions import ImproperlyConfigured

from cchc.config import ConfigError

from .base import *  # noqa: F403
from .base import DEBUG, MIDDLEWARE, SECRET_KEY, STORAGES, env, env_bool
from .keycheck import weakness


class UnsafeSettings(ImproperlyConfigured, ConfigError):
    """Refused at start-up; a Vietnamese message written for the operator, so the CLI prints it as it is."""


if DEBUG:
    raise UnsafeSettings("CCHC_DEBUG phải tắt trong môi trường production")
if (_weak := weakness(SECRET_KEY)) is not None:
    raise UnsafeSettings(_weak)

SECURE_SSL_REDIRECT = True
# Behind the reverse proxy (docs/deployment.md): it terminates HTTPS and sets X-Forwarded-Proto, which it
# must overwrite on every request (a client's own header would otherwise pass through).
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = int(env("CCHC_HSTS_SECONDS", "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
# Preloading is a promise to browsers that is slow to take back (every subdomain, HTTPS only, for
# months): off unless the department decides it; Django's reminder about it (W021) is silenced then.
SECURE_HSTS_PRELOAD = env_bool("CCHC_HSTS_PRELOAD", False)
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]

# A second factor is compulsory for the administrator and the leader (they sign and manage accounts).
OTP_REQUIRED_ROLES = [
    r.strip() for r in env("CCHC_OTP_REQUIRED_ROLES", "admin,leader").split(",") if r.strip()
]

# Static files served by the application itself (whitenoise), compressed, collected by `cchc manage collectstatic`.
MIDDLEWARE = [MIDDLEWARE[0], "whitenoise.middleware.WhiteNoiseMiddleware", *MIDDLEWARE[1:]]
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"}}
