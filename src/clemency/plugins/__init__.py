"""Pelican plugins: thin adapters from Pelican's signals to the pure logic in `clemency`."""


def listed_in(settings: dict, module_name: str) -> bool:
    """Pelican's signals are global to the process: a handler left connected by an earlier build
    must not act on a build whose PLUGINS leave its plugin out."""
    return any(
        p == module_name or getattr(p, "__name__", None) == module_name for p in settings.get("PLUGINS") or []
    )
