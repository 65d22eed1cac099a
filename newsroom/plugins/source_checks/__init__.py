"""Source checks: each file before Pelican reads it (source_checks), the whole site after it
has read them all and before it writes anything (site_checks)."""

from pelican import signals

from . import site_checks, source_checks


def register() -> None:
    source_checks.register()
    signals.all_generators_finalized.connect(site_checks.check_site)


__all__ = ["register"]
