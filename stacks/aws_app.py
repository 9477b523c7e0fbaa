"""The AWS services tier: cluster, load balancer (with, without `app.domain`, one CloudFront distribution
per public service) and one ContainerService per service, wired to the network and data tier built in
`stacks/aws.py`. The site lives in `stacks/aws_site.py`, the alarms in `stacks/aws_alarms.py`, the
`DataTier`/`AppTier` records in `stacks/aws_tiers.py`."""

from __future__ import annotations

import hashlib
from typing import Any

import pulumi

from components.aws import (
    Bucket,
    Cluster,
    ContainerService,
    ContainerServiceArgs,
    LoadBalancer,
    LoadBalancerArgs,
    ServiceDistribution,
)
from components.aws.container_service import (
    DISCOVERY_LIMIT,
    ContainerHealthCheckTimings,
    ServiceLoadBalancer,
)
from components.naming import physical_name, physical_part

# Re-exported so `from stacks.aws_app import ...` keeps working (stacks/aws.py, stacks/aws_k8s.py):
# AppTier, DataTier (stacks/aws_tiers.py); build_alarms (stacks/aws_alarms.py);
# CLOUDFRONT_TLS, SiteBucketAccess, build_site (stacks/aws_site.py).
from .aws_alarms import build_alarms  # noqa: F401
from .aws_site import CLOUDFRONT_TLS, SiteBucketAccess, build_site  # noqa: F401
from .aws_tiers import AppTier, DataTier, _is_public
from .config import Job, StackConfig, WebService, Worker, physical_base, public_host
from .connections import (
    bucket_lookup,
    cache_lookup,
    database_lookup,
    reference_lookup,
    service_environment,
    service_lookup,
)
from .migrations import after_migration, migrate_args, migrating_first
from .profiles import hardening
from .variables import Lookup, internal_targets, parts_of, variables_of

# `spot: true` (the staging profile for workers and jobs) runs on spare Fargate capacity.
CAPACITY = {True: "FARGATE_SPOT", False: "FARGATE"}


def rule_priority(name: str, taken: set[int]) -> int:
    """A listener rule priority that depends only on the service's name (so adding a service never
    renumbers another's rule), moved on past any already taken."""
    priority = 1 + int(hashlib.sha256(name.encode()).hexdigest(), 16) % 40000
    while priority in taken:
        priority += 1
    taken.add(priority)
    return priority


def build_services(config: StackConfig, data: DataTier, tags: dict[str, str]) -> AppTier:
    """Cluster, load balancer and one ContainerService per service."""
    app = config.app
    if not app.services:
        return AppTier()
    network = data.network
    base = physical_base(app, pulumi.get_stack())
    cluster = Cluster(
        app.name,
        {"vpc_id": network.vpc_id, "namespace": f"{base}.internal", "tags": tags, "physical_name": base},
    )
    public = {n: s for n, s in app.services.items() if isinstance(s, WebService) and _is_public(s)}
    hardened = hardening(config.environment)
    load_balancer = None
    distributions: dict[str, ServiceDistribution] = {}
    if public:
        # Without a custom domain: an internal load balancer behind one CloudFront distribution per service.
        lb_args: LoadBalancerArgs = {
            **(network.public if app.domain else network.private),
            "vpc_cidr": network.cidr_block,
            "deletion_protection": config.is_prod,
            "web_acl": hardened.load_balancer_waf,
            "encrypt_logs": hardened.log_encryption,
            "tags": tags,
            "physical_name": base,
        }
        if app.domain:
            lb_args["domain"] = app.domain
            lb_args["hostnames"] = sorted({public_host(config, n, s) for n, s in public.items()})
            zone_id = data.zone_id if data.zone_id is not None else app.hosted_zone_id
            if zone_id:
                lb_args["hosted_zone_id"] = zone_id
        else:
            lb_args["internal"] = True
        if hardened.log_retention_days is not None:
            lb_args["waf_log_retention_days"] = hardened.log_retention_days
        load_balancer = LoadBalancer(app.name, lb_args)
        if not app.domain:
            distributions = {
                n: ServiceDistribution(
                    f"{app.name}-{n}",
                    {
                        "vpc_origin_id": load_balancer.vpc_origin_id,
                        "origin_domain_name": load_balancer.dns_name,
                        "tags": tags,
                        "physical_name": physical_part(base, n),
                    },
                )
                for n in public
            }

    taken: set[int] = set()
    services: dict[str, ContainerService] = {}
    migration: pulumi.Resource | None = None  # the app's other services roll after its migration
    for name, spec in migrating_first(app.services):
        args = _service_args(config, data, cluster, name, spec, tags, distributions)
        args["physical_name"] = physical_part(base, name)
        if load_balancer is not None and name in public:
            assert isinstance(spec, WebService)
            edge = distributions.get(name)
            route: ServiceLoadBalancer = {
                "listener_arn": load_balancer.listener_arn,
                "security_group_id": load_balancer.security_group_id,
                "priority": rule_priority(name, taken),
                # CloudFront forwards the viewer's Host: its own name
                "hosts": [edge.domain_name if edge is not None else public_host(config, name, spec)],
                "paths": list(spec.paths),
                "arn_suffix": load_balancer.arn_suffix,
            }
            args["load_balancer"] = route
        service = ContainerService(f"{app.name}-{name}", args, after_migration(migration))
        migration = migration or service.migration
        services[name] = service
        # A service reaches the parts of the data tier its variables read (all of them by default).
        reaches = parts_of(variables_of(app, config.cloud, spec))
        if data.database is not None and "database" in reaches:
            data.database.allow_from(name, service.security_group_id)
        if data.cache is not None and "cache" in reaches:
            data.cache.allow_from(name, service.security_group_id)
    services = {name: services[name] for name in app.services}
    # An internal service admits the services whose variables read its URL (through Service Connect).
    for name, spec in app.services.items():
        for target in sorted(internal_targets(app, spec.variables or {})):
            services[target].allow_from(name, services[name].security_group_id)

    outputs: dict[str, Any] = {
        "clusterName": cluster.name,
        "serviceNames": {n: s.service_name for n, s in services.items()},
        "repositoryUrls": {n: s.repository_url for n, s in services.items()},
    }
    if load_balancer is not None:
        outputs["loadBalancerDnsName"] = load_balancer.dns_name
        outputs["serviceUrls"] = {
            n: distributions[n].url if n in distributions else f"https://{public_host(config, n, s)}"
            for n, s in public.items()
        }
    return AppTier(cluster, load_balancer, services, outputs, distributions)


def _service_args(
    config: StackConfig,
    data: DataTier,
    cluster: Cluster,
    name: str,
    spec: WebService | Worker | Job,
    tags: dict[str, str],
    distributions: dict[str, ServiceDistribution],
) -> ContainerServiceArgs:
    environment, secrets, keys = _connections(config, data, spec, distributions)
    args: ContainerServiceArgs = {
        "cluster_arn": cluster.arn,
        "cluster_name": cluster.name,
        **data.network.private,
        "vpc_cidr": data.network.cidr_block,
        "cpu": spec.cpu,
        "memory_gb": spec.memory_gb,
        "architecture": spec.architecture.upper(),
        "environment": environment,
        "secrets": secrets,
        "secret_kms_key_arns": keys,
        "read_only_root_filesystem": spec.read_only_root_filesystem,
        "log_retention_days": spec.log_retention_days,
        "encrypt_logs": hardening(config.environment).log_encryption,
        "capacity": CAPACITY[spec.spot],
        "service_connect": {"namespace_arn": cluster.namespace_arn},
        "task_role_policies": {
            f"bucket-{bucket}": _grant(data.buckets[bucket], access)
            for bucket, access in spec.buckets.items()
        },
        "tags": tags,
    }
    if spec.image:
        args["image"] = spec.image
    else:
        args["image_tag"] = spec.image_tag
    if spec.command:
        args["command"] = spec.command
    if spec.entrypoint:
        args["entrypoint"] = spec.entrypoint
    if spec.health_check is not None:
        check = spec.health_check
        args["health_check_command"] = check.command
        args["health_check_timings"] = ContainerHealthCheckTimings(
            interval_seconds=check.interval_seconds,
            timeout_seconds=check.timeout_seconds,
            retries=check.retries,
            start_period_seconds=check.start_period_seconds,
        )
    if isinstance(spec, Job):
        args["schedule"] = spec.schedule
        args.pop("service_connect")
        return args
    args.update(migrate_args(spec))  # type: ignore[typeddict-item]
    args.update(
        min_count=spec.scale.min,
        desired_count=spec.scale.min,
        max_count=spec.scale.max,
        cpu_target_percent=spec.scale.cpu_percent,
        memory_target_percent=spec.scale.memory_percent,
    )
    if isinstance(spec, WebService):
        args.update(
            port=spec.port,
            health_path=spec.health_path,
            deployment=spec.deployment,
            canary_percent=spec.canary_percent,
            bake_minutes=spec.bake_minutes,
        )
    return args


def _connections(
    config: StackConfig,
    data: DataTier,
    spec: WebService | Worker | Job,
    distributions: dict[str, ServiceDistribution],
) -> tuple[dict[str, pulumi.Input[str]], dict[str, pulumi.Input[str]], list[pulumi.Input[str]]]:
    """The service's environment, secret references and the KMS keys of the secrets it reads: its
    `variables` (or the defaults, `stacks/variables.py`), `environment` and `secrets`.

    Plain settings go in environment variables; credentials only as references to their secrets' JSON keys,
    pinned to the current version (`arn:…:url::<version id>`), which ECS resolves when a task starts: a
    rotated credential changes the task definition and rolls the service."""
    env = service_environment(config, spec, _lookup(config, data, distributions), data.secret_references)
    keys: list[pulumi.Input[str]] = []
    if data.database is not None and "database" in env.credential_parts:
        keys.append(data.database.kms_key_arn)
    if data.cache is not None and "cache" in env.credential_parts:
        keys.append(data.cache.kms_key_arn)
    if data.secrets_key_arn is not None and (spec.secrets or "secrets" in env.credential_parts):
        keys.append(data.secrets_key_arn)
    return env.environment, env.secrets, keys


def _lookup(config: StackConfig, data: DataTier, distributions: dict[str, ServiceDistribution]) -> Lookup:
    """Every source a service on ECS can read (`stacks/variables.py`); without `app.domain` a public
    service's URL is its distribution's."""
    lookup = {
        **(database_lookup(data.database) if data.database is not None else {}),
        **(cache_lookup(data.cache) if data.cache is not None else {}),
        **bucket_lookup(data.buckets, arns=True),
        **reference_lookup(data.database, data.cache, data.secret_references),
        **service_lookup(
            config, lambda name: _internal_url(config, name), lambda name: distributions[name].url
        ),
    }
    return lookup


def _internal_url(config: StackConfig, name: str) -> str:
    """An internal web service's Service Connect address, `http://<app>-<service>:<port>` (the discovery
    name ContainerService gives it)."""
    spec = config.app.services[name]
    assert isinstance(spec, WebService)
    return f"http://{physical_name(f'{config.app.name}-{name}', DISCOVERY_LIMIT)}:{spec.port}"


def _grant(bucket: Bucket, access: str) -> pulumi.Output[str]:
    return {"read": bucket.grant_read, "put": bucket.grant_put, "read_write": bucket.grant_read_write}[
        access
    ]()
