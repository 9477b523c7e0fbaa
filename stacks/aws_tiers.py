"""The AWS application tier's shared records: `DataTier` (what `stacks/aws.py` built for the services to
connect to) and `AppTier` (what `build_services` made), read by the services (`stacks/aws_app.py`) and the
alarms (`stacks/aws_alarms.py`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pulumi

from components.aws import (
    Bucket,
    Cluster,
    ContainerService,
    LoadBalancer,
    ManagedPostgres,
    RedisCache,
    ServiceDistribution,
    Vpc,
)

from .config import Job, WebService, Worker


@dataclass
class DataTier:
    """What the services connect to; built by `stacks/aws.py`."""

    network: Vpc
    database: ManagedPostgres | None = None
    cache: RedisCache | None = None
    buckets: dict[str, Bucket] = field(default_factory=dict)
    secret_references: dict[str, pulumi.Output[str]] = field(default_factory=dict)
    """The app's own secrets by name, pinned to their current versions."""
    secrets_key_arn: pulumi.Output[str] | None = None
    """The customer-managed key of the app's own secrets ("" with the AWS managed key)."""
    zone_id: pulumi.Input[str] | None = None
    """The Route 53 zone `hosted_zone: create` made; None: `app.hosted_zone_id`, or the components look the
    zone up by name."""


@dataclass
class AppTier:
    """The cluster, load balancer and services `build_services` made, and their stack outputs."""

    cluster: Cluster | None = None
    load_balancer: LoadBalancer | None = None
    services: dict[str, ContainerService] = field(default_factory=dict)
    outputs: dict[str, Any] = field(default_factory=dict)
    distributions: dict[str, ServiceDistribution] = field(default_factory=dict)
    """Without `app.domain`: each public service's CloudFront distribution, by service name."""


def _is_public(service: WebService | Worker | Job) -> bool:
    return isinstance(service, WebService) and service.public
