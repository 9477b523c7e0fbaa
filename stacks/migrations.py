"""`services.<name>.migrate` across an app: the service that declares it is built first, and the app's other
services (web services, workers and scheduled jobs) wait for its migration, so that nothing of a new release
rolls onto the database before its schema does. The migration itself belongs to that service's
ContainerService (a Kubernetes Job, or an ECS task / Cloud Run job that `pulumi up` runs and waits for)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any, TypeVar

import pulumi

S = TypeVar("S")


def migrating_first(services: Mapping[str, S]) -> Iterator[tuple[str, S]]:
    """The app's services, the one that declares `migrate` first (the config allows one), the others in
    their order."""
    yield from sorted(services.items(), key=lambda item: getattr(item[1], "migrate", None) is None)


def after_migration(
    migration: pulumi.Resource | None, opts: pulumi.ResourceOptions | None = None
) -> pulumi.ResourceOptions | None:
    """`opts` for a service that rolls only after the app's migration: `migration` (the migrating
    ContainerService's `migration`) added to its `depends_on`, which every child of the component waits
    for. `opts` unchanged when the app has no migration."""
    if migration is None:
        return opts
    return pulumi.ResourceOptions.merge(opts, pulumi.ResourceOptions(depends_on=[migration]))


def migrate_args(spec: Any) -> dict[str, Any]:
    """The ContainerService arguments of a service's `migrate` (the same names on every runtime)."""
    if spec.migrate is None:
        return {}
    args: dict[str, Any] = {"migrate": list(spec.migrate)}
    if spec.migrate_timeout_seconds is not None:
        args["migrate_timeout_seconds"] = spec.migrate_timeout_seconds
    return args
