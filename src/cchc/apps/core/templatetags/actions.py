"""Show an action only to who may use it: ``{% may "org:unit_create" as ok %}{% if ok %}<a …>{% endif %}``.

The answer comes from the same declarations the views carry (access.declare: the capability a GET needs
and the objects named by the URL with the unit that scopes them), so a button and the page it opens
cannot disagree: a leader is not shown "Thêm đơn vị" that would answer 403, and a "Phục vụ" link to
another unit's task is not offered to staff who cannot open it.
"""

from __future__ import annotations

from django import template
from django.apps import apps
from django.urls import NoReverseMatch, Resolver404, resolve, reverse

from cchc.apps.org.access import Obj, allows, can_access_unit, declared, is_admin

register = template.Library()


def may_open(user, path: str) -> bool:
    """Whether ``user`` may GET ``path`` (an app URL), by the view's declaration."""
    if not getattr(user, "is_authenticated", False):
        return False
    try:
        match = resolve(path.split("?")[0])
    except Resolver404:
        return False
    declaration = declared(match.func)
    if declaration is None:  # undeclared views are refused by the security suite; show nothing here
        return False
    if declaration.read is not None and not allows(user, declaration.read):
        return False
    for name, spec in declaration.args.items():
        value = match.kwargs.get(name)
        if isinstance(spec, tuple):
            if value not in spec:
                return False
            continue
        if not isinstance(spec, Obj) or value is None or is_admin(user):
            continue
        model = apps.get_model(spec.model)
        obj = model._default_manager.filter(**{spec.key: value}).first()
        if obj is None:
            return False
        if spec.owner is not None:
            owner_id = getattr(obj, f"{spec.owner}_id", None)
            if owner_id != user.pk:
                return False
        if spec.unit is not None:
            unit = obj
            for part in spec.unit.split("__") if spec.unit else []:
                unit = getattr(unit, part, None)
            if unit is not None and not can_access_unit(user, unit):
                return False
    return True


@register.simple_tag(takes_context=True)
def may(context, name_or_path: str, *args) -> bool:
    """``{% may "app:view" arg… as ok %}``, or ``{% may some_url as ok %}`` for a URL already built."""
    user = context.get("user") or getattr(context.get("request"), "user", None)
    if not name_or_path:
        return False
    if name_or_path.startswith("/"):
        path = name_or_path
    else:
        try:
            path = reverse(name_or_path, args=args)
        except NoReverseMatch:
            return False
    return may_open(user, path)
