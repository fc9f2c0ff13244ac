"""``{% feed_panel %}``: the continuous feeds' panel of the dossier dashboard (last import per feed, quiet
feeds, files waiting for a column mapping), for those who may see the feeds; nothing for the others."""

from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.inclusion_tag("dossiers/_feeds.html", takes_context=True)
def feed_panel(context: dict[str, Any]) -> dict[str, Any]:
    from ..feed_selectors import feed_states

    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"states": []}
    return {"states": feed_states(user=user)}
