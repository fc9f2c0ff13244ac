"""Django's makemessages, with the domain's context marker: ``cchc.domain.i18n.pgettext_noop(context, msgid)``
is extracted with its msgctxt (Django's own keyword list has ``pgettext`` but no context-aware no-op)."""

from __future__ import annotations

from django.core.management.commands import makemessages


class Command(makemessages.Command):
    xgettext_options = [*makemessages.Command.xgettext_options, "--keyword=pgettext_noop:1c,2"]
