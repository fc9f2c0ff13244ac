"""Tests: SQLite by default; PostgreSQL when DATABASE_URL is set (the README test command runs both)."""

import os

os.environ.setdefault("CCHC_SECRET_KEY", "test-only-key")
os.environ.setdefault("CCHC_DEBUG", "false")
os.environ.setdefault("CCHC_SECURE_COOKIES", "false")
os.environ.setdefault("CCHC_EMAIL_URL", "locmem://")

from .base import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
AXES_ENABLED = True
