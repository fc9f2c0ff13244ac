"""Demo data registry: each app contributes a loader; `cchc demo` runs them in order, idempotently."""

from __future__ import annotations

from collections.abc import Callable

DemoLoader = Callable[[], list[str]]
_LOADERS: list[tuple[int, str, DemoLoader]] = []


def demo_loader(order: int, name: str) -> Callable[[DemoLoader], DemoLoader]:
    """Register a function that loads demo data and returns lines to print (e.g. the demo logins)."""

    def decorator(func: DemoLoader) -> DemoLoader:
        _LOADERS.append((order, name, func))
        return func

    return decorator


def load_all() -> list[str]:
    from django.apps import apps
    from django.db import transaction

    # Importing each app's demo module registers its loader.
    for config in apps.get_app_configs():
        if config.name.startswith("cchc.apps."):
            try:
                __import__(f"{config.name}.demo")
            except ModuleNotFoundError as exc:
                if exc.name != f"{config.name}.demo":
                    raise
    lines: list[str] = []
    for _order, _name, loader in sorted(_LOADERS, key=lambda item: item[0]):
        with transaction.atomic():
            lines.extend(loader())
    return lines
