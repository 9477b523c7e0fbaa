"""The parameter group: the engine's family, `maxmemory-policy` and the extra `parameters`."""

import pulumi
import pulumi_aws as aws

from ..naming import physical_name
from .settings import GROUP_NAME_LIMIT, _named, _Settings


def parameter_group(owner: pulumi.Resource, name: str, settings: _Settings) -> aws.elasticache.ParameterGroup:
    """The cache's parameter group, named after its family (`<physical_name>-redis-<family>`)."""
    family = _family(settings.engine, settings.version)
    return aws.elasticache.ParameterGroup(
        f"{name}-params",
        # The family is part of the name: a major upgrade creates a new group before deleting the old one.
        name=physical_name(f"{settings.base}-redis-{family}", GROUP_NAME_LIMIT),
        family=family,
        description=f"{settings.label} cache {name} ({family}), managed by stackyard",
        parameters=[
            {"name": "maxmemory-policy", "value": settings.maxmemory_policy},
            *({"name": key, "value": value} for key, value in sorted(settings.parameters.items())),
        ],
        tags=_named(settings.tags, name, "params"),
        opts=pulumi.ResourceOptions(parent=owner),
    )


def _family(engine: str, version: str) -> str:
    """The parameter group family: "redis6.x", "redis7", "valkey7" or "valkey8"."""
    return "redis6.x" if (engine, version) == ("redis", "6.2") else f"{engine}{version.split('.')[0]}"
