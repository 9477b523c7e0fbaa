"""The component provider host behind `pulumi package add`: one provider per cloud folder
(`stackyard-aws`, `stackyard-gcp`, `stackyard-k8s`) serving every component that folder exports, with a
schema Pulumi infers from the Args TypedDicts and the Output attributes (names, types, docstrings)."""

from __future__ import annotations

import importlib

import pulumi

from . import __version__

CLOUDS = ("aws", "gcp", "k8s")


def provider_name(cloud: str) -> str:
    """The package name, the prefix of every type token: `stackyard-<cloud>`."""
    return f"stackyard-{cloud}"


def component_classes(cloud: str) -> list[type[pulumi.ComponentResource]]:
    """The components `components.<cloud>` exports, in `__all__` order."""
    if cloud not in CLOUDS:
        raise ValueError(f"cloud {cloud!r} is not allowed; use one of {', '.join(CLOUDS)}")
    package = importlib.import_module(f"{__package__}.{cloud}")
    found = [getattr(package, name) for name in package.__all__]
    return [c for c in found if isinstance(c, type) and issubclass(c, pulumi.ComponentResource)]


def serve(cloud: str) -> None:
    """Run the provider for `cloud` (blocks; Pulumi starts and stops it)."""
    from pulumi.provider.experimental import component_provider_host

    component_provider_host(
        components=component_classes(cloud), name=provider_name(cloud), version=__version__
    )
