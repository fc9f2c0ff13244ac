"""Embedded default for `cchc demo`: SQLite under ./var, console e-mail, DEBUG on."""

import os

os.environ.setdefault("CCHC_SECRET_KEY", "dev-only-insecure-key-change-me")
os.environ.setdefault("CCHC_DEBUG", "true")
os.environ.setdefault("CCHC_SECURE_COOKIES", "false")

from .base import *  # noqa: F403
