"""The AWS application and edge tier: cluster, load balancer, services, site and alarms, wired to the
network and data tier built in `stacks/aws.py`."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

import pulumi

from components.aws import (
    Alarms,
    AlarmsArgs,
    Bucket,
    CdnSite,
    CdnSiteArgs,
    Cluster,
    ContainerService,
    ContainerServiceArgs,
    LoadBalancer,
    LoadBalancerArgs,
    ManagedPostgres,
    RedisCache,
    Vpc,
)
from components.aws.alarms import CustomAlarmArgs, ServiceAlarmsArgs
from components.aws.container_service import ServiceLoadBalancer
from components.naming import physical_part

from .config import Job, StackConfig, WebService, Worker, physical_base, public_host
from .connections import bucket_settings, cache_settings, database_settings

# `spot: true` (the staging profile for workers and jobs) runs on spare Fargate capacity.
CAPACITY = {True: "FARGATE_SPOT", False: "FARGATE"}


@dataclass
class DataTier:
    """What the services connect to; built by `stacks/aws.py`."""

    network: Vpc
    database: ManagedPostgres | None = None
    cache: RedisCache | None = None
    buckets: dict[str, Bucket] = field(default_factory=dict)
    secret_references: dict[str, pulumi.Output[str]] = field(default_factory=dict)
    """The app's own secrets by name, pinned to their current versions."""
    rds_managed_password: bool = False
    """The database's master password is RDS's (`database.rds_managed_password`): no URL to hand out."""


@dataclass
class AppTier:
    """The cluster, load balancer and services `build_services` made, and their stack outputs."""

    cluster: Cluster | None = None
    load_balancer: LoadBalancer | None = None
    services: dict[str, ContainerService] = field(default_factory=dict)
    outputs: dict[str, Any] = field(default_factory=dict)


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
    load_balancer = None
    if public:
        lb_args: LoadBalancerArgs = {
            "vpc_id": network.vpc_id,
            "subnet_ids": network.public_subnet_ids,
            "vpc_cidr": network.cidr_block,
            "domain": app.domain,
            "hostnames": sorted({public_host(config, n, s) for n, s in public.items()}),
            "deletion_protection": config.is_prod,
            "tags": tags,
            "physical_name": base,
        }
        if app.hosted_zone_id:
            lb_args["hosted_zone_id"] = app.hosted_zone_id
        load_balancer = LoadBalancer(app.name, lb_args)

    taken: set[int] = set()
    services: dict[str, ContainerService] = {}
    for name, spec in app.services.items():
        args = _service_args(config, data, cluster, name, spec, tags)
        args["physical_name"] = physical_part(base, name)
        if load_balancer is not None and name in public:
            assert isinstance(spec, WebService)
            route: ServiceLoadBalancer = {
                "listener_arn": load_balancer.https_listener_arn,
                "security_group_id": load_balancer.security_group_id,
                "priority": rule_priority(name, taken),
                "hosts": [public_host(config, name, spec)],
                "paths": list(spec.paths),
                "arn_suffix": load_balancer.arn_suffix,
            }
            args["load_balancer"] = route
        service = ContainerService(f"{app.name}-{name}", args)
        services[name] = service
        if data.database is not None:
            data.database.allow_from(name, service.security_group_id)
        if data.cache is not None:
            data.cache.allow_from(name, service.security_group_id)

    outputs: dict[str, Any] = {
        "clusterName": cluster.name,
        "serviceNames": {n: s.service_name for n, s in services.items()},
        "repositoryUrls": {n: s.repository_url for n, s in services.items()},
    }
    if load_balancer is not None:
        outputs["loadBalancerDnsName"] = load_balancer.dns_name
        outputs["serviceUrls"] = {n: f"https://{public_host(config, n, s)}" for n, s in public.items()}
    return AppTier(cluster, load_balancer, services, outputs)


def _service_args(
    config: StackConfig,
    data: DataTier,
    cluster: Cluster,
    name: str,
    spec: WebService | Worker | Job,
    tags: dict[str, str],
) -> ContainerServiceArgs:
    environment, secrets, keys = _connections(data)
    environment.update(spec.environment)
    secrets.update({secret: data.secret_references[secret] for secret in spec.secrets})
    args: ContainerServiceArgs = {
        "cluster_arn": cluster.arn,
        "cluster_name": cluster.name,
        "vpc_id": data.network.vpc_id,
        "subnet_ids": data.network.private_subnet_ids,
        "vpc_cidr": data.network.cidr_block,
        "cpu": spec.cpu,
        "memory_gb": spec.memory_gb,
        "architecture": spec.architecture.upper(),
        "environment": environment,
        "secrets": secrets,
        "secret_kms_key_arns": keys,
        "read_only_root_filesystem": spec.read_only_root_filesystem,
        "log_retention_days": spec.log_retention_days,
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
    if spec.health_check_command:
        args["health_check_command"] = spec.health_check_command
    if isinstance(spec, Job):
        args["schedule"] = spec.schedule
        args.pop("service_connect")
        return args
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
    data: DataTier,
) -> tuple[dict[str, pulumi.Input[str]], dict[str, pulumi.Input[str]], list[pulumi.Input[str]]]:
    """Environment and secret references every service gets for the database, cache and buckets.

    Host names go in plain environment variables; the URLs and passwords only as references to their
    secrets' JSON keys, pinned to the current version (`arn:…:url::<version id>`), which ECS resolves when a
    task starts: a rotated credential changes the task definition and rolls the service."""
    environment: dict[str, pulumi.Input[str]] = {}
    secrets: dict[str, pulumi.Input[str]] = {}
    keys: list[pulumi.Input[str]] = []
    if data.database is not None:
        db = data.database
        environment.update(database_settings(db))
        secrets["DATABASE_PASSWORD"] = db.secret_reference("password")
        if not data.rds_managed_password:  # RDS's own secret holds no URL
            secrets["DATABASE_URL"] = db.secret_reference("url")
        keys.append(db.kms_key_arn)
    if data.cache is not None:
        cache = data.cache
        environment.update(cache_settings(cache))
        secrets["REDIS_PASSWORD"] = cache.secret_reference("password")
        secrets["REDIS_URL"] = cache.secret_reference("url")
        keys.append(cache.kms_key_arn)
    environment.update(bucket_settings(data.buckets))
    return environment, secrets, keys


def _is_public(service: WebService | Worker | Job) -> bool:
    return isinstance(service, WebService) and service.public


def _grant(bucket: Bucket, access: str) -> pulumi.Output[str]:
    return {"read": bucket.grant_read, "put": bucket.grant_put, "read_write": bucket.grant_read_write}[
        access
    ]()


def build_site(config: StackConfig, tags: dict[str, str]) -> tuple[CdnSite | None, dict[str, Any]]:
    """The CDN-served site, with the API behind it when `site.api_service` is set."""
    app = config.app
    if app.site is None:
        return None, {}
    args: CdnSiteArgs = {
        "spa": app.site.spa,
        "web_acl": app.site.waf,
        "rate_limit": app.site.rate_limit,
        "tags": tags,
        "physical_name": physical_base(app, pulumi.get_stack()),
    }
    if app.domain:
        args["domain"] = app.domain
    if app.hosted_zone_id:
        args["hosted_zone_id"] = app.hosted_zone_id
    if app.site.api_service:
        api = app.services[app.site.api_service]
        assert isinstance(api, WebService)
        args["api_origin"] = {
            "domain_name": public_host(config, app.site.api_service, api),
            "path_pattern": app.site.api_path,
        }
    site = CdnSite(app.name, args)
    return site, {
        "siteUrl": site.url,
        "siteBucket": site.bucket_name,
        "siteDistributionId": site.distribution_id,
    }


def build_alarms(
    config: StackConfig,
    data: DataTier,
    tier: AppTier,
    site: CdnSite | None,
    tags: dict[str, str],
    db_max_connections: int | None,
) -> dict[str, Any]:
    """Alarms for every part the stack has, with the thresholds of `app.alarms`."""
    app = config.app
    settings = app.alarms
    if not settings.enabled:
        return {}
    cluster, load_balancer, services = tier.cluster, tier.load_balancer, tier.services
    args: AlarmsArgs = {
        "emails": list(settings.emails),
        "tags": tags,
        "physical_name": physical_base(app, pulumi.get_stack()),
    }
    if load_balancer is not None:
        args["load_balancer"] = {
            "arn_suffix": load_balancer.arn_suffix,
            "error_rate_percent": settings.error_rate_percent,
            "p95_latency_ms": settings.p95_latency_ms,
            "target_groups": [
                {"name": n, "arn_suffix": s.target_group_arn_suffix}
                for n, s in services.items()
                if _is_public(app.services[n])
            ],
        }
    service_alarms: list[ServiceAlarmsArgs] = [
        {
            "name": n,
            "cluster_name": cluster.name,
            "service_name": s.service_name,
            "cpu_percent": settings.cpu_percent,
            "memory_percent": settings.memory_percent,
        }
        for n, s in services.items()
        if cluster is not None and not isinstance(app.services[n], Job)
    ]
    if service_alarms:
        args["services"] = service_alarms
    if data.database is not None and app.database is not None:
        args["database"] = {
            "identifier": data.database.identifier,
            "allocated_storage_gb": app.database.storage_gb,
            "cpu_percent": settings.cpu_percent,
            "free_storage_percent": settings.db_free_storage_percent,
            "connections_percent": settings.db_connections_percent,
            "max_connections": db_max_connections,
        }
    if data.cache is not None and app.cache is not None:
        args["cache"] = {
            "replication_group_id": data.cache.replication_group_id,
            "nodes": 1 + app.cache.replicas,
            "cpu_percent": settings.cpu_percent,
            "memory_percent": settings.memory_percent,
        }
    if site is not None:
        args["cdn"] = {
            "distribution_id": site.distribution_id,
            "error_rate_percent": settings.error_rate_percent,
        }
    custom: list[CustomAlarmArgs] = []
    for alarm in settings.custom:
        periods = max(1, alarm.minutes * 60 // alarm.period_seconds)
        custom.append(
            {
                "name": alarm.name,
                "namespace": alarm.namespace or "",  # required on aws by the config check
                "metric_name": alarm.metric,
                "dimensions": dict(alarm.dimensions),
                "statistic": alarm.statistic,
                "comparison": alarm.comparison,
                "threshold": alarm.threshold,
                "period_seconds": alarm.period_seconds,
                "evaluation_periods": periods,
            }
        )
    if custom:
        args["custom"] = custom
    alarms = Alarms(app.name, args)
    return {"alarmTopicArn": alarms.topic_arn, "dashboardName": alarms.dashboard_name}
