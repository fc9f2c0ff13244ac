"""Kept for ``{% load procedures_tags %}``: the number filters now live in core's builtin vn_numbers."""

from __future__ import annotations

from cchc.apps.core.templatetags.vn_numbers import register  # noqa: F401
