"""The AWS application and edge tier: cluster, load balancer, services, site and alarms, wired to the
network and data tier built in `stacks/aws.py`."""

from __future__ import annotations

import hashlib
import json
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
    ServiceDistribution,
    Vpc,
)
from components.aws.alarms import CustomAlarmArgs, ServiceAlarmsArgs, UptimeCheckArgs
from components.aws.bucket import BucketArgs
from components.aws.cdn_site import BucketOrigin
from components.aws.container_service import (
    DISCOVERY_LIMIT,
    ContainerHealthCheckTimings,
    ServiceLoadBalancer,
)
from components.naming import physical_name, physical_part

from .config import Job, StackConfig, WebService, Worker, physical_base, public_host, uptime_targets
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


def _is_public(service: WebService | Worker | Job) -> bool:
    return isinstance(service, WebService) and service.public


def _grant(bucket: Bucket, access: str) -> pulumi.Output[str]:
    return {"read": bucket.grant_read, "put": bucket.grant_put, "read_write": bucket.grant_read_write}[
        access
    ]()


# `site.min_tls` -> CloudFront's viewer security policy.
CLOUDFRONT_TLS = {"1.2": "TLSv1.2_2021", "1.3": "TLSv1.3_2025"}


class SiteBucketAccess:
    """The CDN's read access to the app buckets the site serves (`site.buckets`). A bucket's policy and key
    policy name the distribution, which needs the bucket first: each such bucket gets deferred statements
    (`bucket_args`), resolved once the site exists (`resolve`)."""

    def __init__(self, config: StackConfig) -> None:
        site = config.app.site
        served = sorted(set(site.buckets.values())) if site is not None else []
        self._deferred = {name: (pulumi.deferred_output(), pulumi.deferred_output()) for name in served}

    def bucket_args(self, name: str, args: BucketArgs) -> BucketArgs:
        """`args` of the app bucket `name`, with the site's deferred statements when the site serves it."""
        if name in self._deferred:
            (read, _), (decrypt, _) = self._deferred[name]
            args["policy_statements"] = [*args.get("policy_statements", []), read]
            args["key_policy_statements"] = [*args.get("key_policy_statements", []), decrypt]
        return args

    def resolve(self, site: CdnSite, buckets: dict[str, Bucket]) -> None:
        """Let `site`'s distribution read (and decrypt) the objects of each served bucket."""
        for name, ((_, allow_read), (_, allow_decrypt)) in self._deferred.items():
            allow_read(site.bucket_read_statement(name, buckets[name].arn))
            allow_decrypt(site.key_read_statement())


def build_site(
    config: StackConfig,
    tags: dict[str, str],
    buckets: dict[str, Bucket] | None = None,
    access: SiteBucketAccess | None = None,
    access_log_bucket: pulumi.Input[str] | None = None,
    zone_id: pulumi.Input[str] | None = None,
) -> tuple[CdnSite | None, dict[str, Any]]:
    """The CDN-served site: the site bucket, or `site.service` with its static paths cached; the API behind it
    when `site.api_service` is set; the app buckets of `site.buckets` under their paths (`buckets` are the
    app's buckets, `access` the deferred grants they were created with)."""
    app = config.app
    if app.site is None:
        return None, {}
    hardened = hardening(config.environment)
    args: CdnSiteArgs = {
        "spa": app.site.spa,
        "web_acl": app.site.waf,
        "rate_limit": app.site.rate_limit,
        "encrypt_logs": hardened.log_encryption,
        "tags": tags,
        "physical_name": physical_base(app, pulumi.get_stack()),
    }
    if hardened.log_retention_days is not None:
        args["log_retention_days"] = hardened.log_retention_days
        args["waf_log_retention_days"] = hardened.log_retention_days
    if access_log_bucket is not None:
        args["access_log_bucket"] = access_log_bucket
    if app.domain:
        args["domain"] = app.domain
        if app.site.min_tls != "1.2":
            args["minimum_protocol_version"] = CLOUDFRONT_TLS[app.site.min_tls]
    zone_id = zone_id if zone_id is not None else app.hosted_zone_id  # `zone_id`: `DataTier.zone_id`
    if zone_id:
        args["hosted_zone_id"] = zone_id
    if app.site.price_class:
        args["price_class"] = app.site.price_class
    if app.site.service:
        frontend = app.services[app.site.service]
        assert isinstance(frontend, WebService)
        # The service keeps its own host on the load balancer: it is the CDN's origin.
        args["service_origin"] = {
            "domain_name": public_host(config, app.site.service, frontend),
            "static_paths": list(app.site.static_paths),
        }
    if app.site.buckets:
        assert buckets is not None and access is not None, "site.buckets needs the app's buckets"
        paths: dict[str, list[str]] = {}
        for pattern, bucket in app.site.buckets.items():
            paths.setdefault(bucket, []).append(pattern)
        origins: list[BucketOrigin] = [
            {"name": bucket, "domain_name": buckets[bucket].regional_domain_name, "path_patterns": patterns}
            for bucket, patterns in sorted(paths.items())
        ]
        args["bucket_origins"] = origins
    if app.site.api_service:
        api = app.services[app.site.api_service]
        assert isinstance(api, WebService)
        args["api_origin"] = {
            "domain_name": public_host(config, app.site.api_service, api),
            "path_pattern": app.site.api_path,
        }
    if app.site.geo_restriction is not None:
        geo = app.site.geo_restriction
        args["geo_restriction"] = {"mode": geo.mode, "countries": list(geo.countries)}
    failover = app.site.failover_bucket
    if failover is not None:  # an existing bucket: S3's regional domain name (Amazon S3 User Guide)
        args["failover_origin"] = {"domain_name": f"{failover.name}.s3.{failover.region}.amazonaws.com"}
    site = CdnSite(app.name, args)
    if access is not None and buckets is not None:
        access.resolve(site, buckets)
    outputs: dict[str, Any] = {
        "siteUrl": site.url,
        "siteBucket": site.bucket_name,
        "siteDistributionId": site.distribution_id,
    }
    if failover is not None:  # what the failover bucket's own policy must allow: this distribution's reads
        outputs["siteFailoverReadStatement"] = site.failover_read_statement(
            f"arn:aws:s3:::{failover.name}"
        ).apply(json.dumps)
    return site, outputs


def build_alarms(
    config: StackConfig,
    data: DataTier,
    tier: AppTier,
    site: CdnSite | None,
    tags: dict[str, str],
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
        # What the database owns (its storage, its autoscaling ceiling, its max_connections, its
        # replicas) comes from the database itself; the stack adds only the thresholds.
        args["database"] = {
            **data.database.alarm_target(),
            "cpu_percent": settings.cpu_percent,
            "free_storage_percent": settings.db_free_storage_percent,
            "connections_percent": settings.db_connections_percent,
        }
        if settings.slow_queries_per_5min is not None:
            args["database"]["slow_queries_per_5min"] = settings.slow_queries_per_5min
    if data.cache is not None and app.cache is not None:
        args["cache"] = {
            **data.cache.alarm_target(),
            "cpu_percent": settings.cpu_percent,
            "memory_percent": settings.memory_percent,
        }
    if site is not None:
        args["cdn"] = {
            "distribution_id": site.distribution_id,
            "error_rate_percent": settings.error_rate_percent,
        }
    if settings.uptime:
        uptime: list[UptimeCheckArgs] = [
            {"name": label, "host": host, "path": path}
            for label, host, path in uptime_targets(
                config, {n: d.domain_name for n, d in tier.distributions.items()}
            )
        ]
        if site is not None and not app.domain:  # the distribution's own name
            uptime.append({"name": "site", "host": site.domain_name, "path": "/"})
        for check in uptime:
            check["request_interval_seconds"] = settings.uptime_period_seconds or 30
        if uptime:
            args["uptime"] = uptime
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
