"""Every route of the project declares what it requires (``cchc.apps.org.access.declare``).

The route × role suite derives its expectations from these declarations; a page or endpoint added
without one fails here, so it cannot slip past the suite unchecked.
"""

from __future__ import annotations

from django.apps import apps

from cchc.apps.org.access import Obj

from .routes import all_routes, project_routes


def test_the_url_map_and_the_api_were_walked():
    routes = all_routes()
    assert len(project_routes()) > 80
    assert any(r.api for r in routes) and any(not r.api for r in routes)
    assert any(r.pattern == "van-ban/<int:pk>/thao-tac/<slug:action>/" for r in routes)


def test_every_project_route_declares_its_access():
    missing = [r.label for r in project_routes() if r.access is None]
    assert not missing, (
        f"views without @declare(...): {missing}. Declare next to each view what it requires: "
        "@declare(read_capability, write_capability, pk=Obj('app.Model', unit='unit')) from cchc.apps.org.access "
        "(docs/architecture.md, Phân quyền)."
    )


def test_no_route_falls_outside_the_known_framework_routes():
    unknown = [r.label for r in all_routes() if r.framework == "unknown"]
    assert not unknown, f"routes neither declared nor known framework routes: {unknown}"


def test_declarations_name_every_url_argument_and_real_models():
    for route in project_routes():
        access = route.access
        assert access is not None
        for arg in route.args:
            assert arg in access.args, f"{route.label}: argument {arg} is not declared"
        for name, spec in access.args.items():
            if isinstance(spec, Obj):
                model = apps.get_model(spec.model)  # raises LookupError for a wrong name
                for path in filter(None, (spec.unit, spec.owner)):
                    head = path.split("__")[0]
                    assert head in {f.name for f in model._meta.get_fields()}, f"{route.label}: {name}"
        if isinstance(access.write, dict):
            keyed = [
                n for n, v in access.args.items() if isinstance(v, tuple) and set(v) == set(access.write)
            ]
            assert keyed, f"{route.label}: per-value write capabilities need an argument with those values"
