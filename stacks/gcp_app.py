"""The GCP application and edge tier: Cloud Run services, the load balancer, the site and alarms, wired to
the network and data tier built in `stacks/gcp.py`."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pulumi

from components.gcp import (
    Alarms,
    AlarmsArgs,
    Bucket,
    CdnSite,
    CdnSiteArgs,
    ContainerService,
    ContainerServiceArgs,
    LoadBalancer,
    LoadBalancerArgs,
    ManagedPostgres,
    RedisCache,
    SecurityPolicy,
    SecurityPolicyArgs,
    Vpc,
)
from components.gcp.alarms import AlarmsCustom, AlarmsService, AlarmsUptimeCheck
from components.gcp.load_balancer import LoadBalancerRoute
from components.naming import physical_part

from .cloud_rules import GCP_ALIGNERS
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
from .variables import Lookup, creation_order

# Bucket access in the config -> the Bucket method that grants it.
GRANTS = {"read": "grant_read", "put": "grant_put", "read_write": "grant_read_write"}
# Metric types an application writes itself (custom and OpenTelemetry/Prometheus-ingested metrics).
CUSTOM_METRICS = ("custom.googleapis.com/", "workload.googleapis.com/", "prometheus.googleapis.com/")
METRIC_WRITER = "roles/monitoring.metricWriter"


@dataclass
class GcpDataTier:
    """What the services connect to; built by `stacks/gcp.py`."""

    network: Vpc
    apis: pulumi.Resource
    database: ManagedPostgres | None = None
    cache: RedisCache | None = None
    buckets: dict[str, Bucket] = field(default_factory=dict)
    log_bucket: Bucket | None = None
    """The bucket that receives the usage logs of the data and site buckets (prod; `stacks.gcp`)."""
    registry_key: pulumi.Output[str] | None = None
    """The Cloud KMS key of the services' repositories (`app.registry_encryption` cmek; `stacks.gcp`)."""
    secret_references: dict[str, pulumi.Output[str]] = field(default_factory=dict)
    """The app's own secrets by name, pinned to their current versions."""
    dns_zone: pulumi.Input[str] | None = None
    """The Cloud DNS zone `hosted_zone: create` made (its name); None: `app.hosted_zone_id`, or no records."""

    def after_apis(self) -> pulumi.ResourceOptions:
        """Options for a component that needs the project's APIs switched on first."""
        return pulumi.ResourceOptions(depends_on=[self.apis])


@dataclass
class GcpAppTier:
    """The services and load balancer `build_services` made, and their stack outputs."""

    services: dict[str, ContainerService] = field(default_factory=dict)
    load_balancer: LoadBalancer | None = None
    outputs: dict[str, Any] = field(default_factory=dict)
    security_policy_id: pulumi.Output[str] | None = None
    """The Cloud Armor policy on the public services (`site.waf`), for the site's service backends too."""


def build_services(config: StackConfig, data: GcpDataTier, labels: dict[str, str]) -> GcpAppTier:
    """One ContainerService per service, and the load balancer in front of the public ones."""
    app = config.app
    if not app.services:
        return GcpAppTier()
    base = physical_base(app, pulumi.get_stack())
    public = {n: s for n, s in app.services.items() if isinstance(s, WebService) and s.public}
    firewall = None
    # site.waf, and always in prod (`Hardening.load_balancer_waf`, as on AWS; issue #18).
    waf = (app.site is not None and app.site.waf) or hardening(config.environment).load_balancer_waf
    if public and waf and app.domain:  # without a domain, no load balancer to put Cloud Armor on
        armor: SecurityPolicyArgs = {"physical_name": physical_part(base, "api")}
        if app.site is not None:
            armor.update(rate_limit=app.site.rate_limit, verbose_logging=app.site.waf_verbose_logging)
        firewall = SecurityPolicy(f"{app.name}-api", armor, data.after_apis())

    # Cloud Run admits a call to an internal service only when it arrives through the VPC, so when the
    # app has one, every service sends all its egress through the VPC (Cloud NAT for the internet).
    egress = "ALL_TRAFFIC" if any(_is_internal(s) for s in app.services.values()) else "PRIVATE_RANGES_ONLY"
    # Services publish the custom metrics that custom alarms watch.
    roles = [METRIC_WRITER] if any(a.metric.startswith(CUSTOM_METRICS) for a in app.alarms.custom) else []
    services: dict[str, ContainerService] = {}
    # An internal service's URL exists once the service does: create those first. The service that migrates
    # comes right after the services it reads, so that every later one rolls after its migration.
    migration: pulumi.Resource | None = None
    migrating = app.model_copy(update={"services": dict(migrating_first(app.services))})
    for name in creation_order(migrating):
        spec = app.services[name]
        lookup = _lookup(config, data, services)
        args = _service_args(data, spec, labels, config, lookup)
        args["physical_name"] = physical_part(base, name)
        args["vpc_egress"] = egress
        if roles:
            args["project_roles"] = roles
        if firewall is not None and name in public:
            args["security_policy"] = firewall.policy_id
        service = ContainerService(f"{app.name}-{name}", args, after_migration(migration, data.after_apis()))
        migration = migration or service.migration
        services[name] = service
        for bucket, access in spec.buckets.items():
            getattr(data.buckets[bucket], GRANTS[access])(f"{name}", service.member)
    # Private web services answer the app's other services (as ECS Service Connect does on AWS).
    for name, service in services.items():
        spec = app.services[name]
        if isinstance(spec, WebService) and not spec.public:
            for caller_name, caller in services.items():
                if caller_name != name:
                    service.allow_from(caller_name, caller.member)

    load_balancer = None
    if public and app.domain:
        routes: list[LoadBalancerRoute] = [
            {
                "host": public_host(config, n, s),
                "backend_service_id": services[n].backend_service_id,
                "paths": list(s.paths),
            }
            for n, s in public.items()
        ]
        lb_args: LoadBalancerArgs = {"routes": routes, "labels": labels, "physical_name": base}
        zone = data.dns_zone if data.dns_zone is not None else app.hosted_zone_id
        if zone:
            lb_args["dns_zone"] = zone
        load_balancer = LoadBalancer(app.name, lb_args, data.after_apis())

    outputs: dict[str, Any] = {
        "serviceNames": {n: s.service_name for n, s in services.items()},
        "serviceAccounts": {n: s.service_account_email for n, s in services.items()},
        "repositoryUrls": {n: s.repository_url for n, s in services.items()},
    }
    if load_balancer is not None:
        outputs["loadBalancerIp"] = load_balancer.ip_address
        outputs["serviceUrls"] = {n: f"https://{public_host(config, n, s)}" for n, s in public.items()}
    elif public:  # no custom domain: each at its own run.app URL
        outputs["serviceUrls"] = {n: services[n].uri for n in public}
    return GcpAppTier(services, load_balancer, outputs, firewall.policy_id if firewall is not None else None)


def _run_hosts(tier: GcpAppTier) -> dict[str, pulumi.Output[str]]:
    """Each service's run.app host name (its URL without the scheme)."""
    return {n: s.uri.apply(lambda uri: uri.removeprefix("https://")) for n, s in tier.services.items()}


def _is_internal(spec: WebService | Worker | Job) -> bool:
    return isinstance(spec, WebService) and not spec.public


def _service_args(
    data: GcpDataTier,
    spec: WebService | Worker | Job,
    labels: dict[str, str],
    config: StackConfig,
    lookup: Lookup,
) -> ContainerServiceArgs:
    env = service_environment(config, spec, lookup, data.secret_references)
    environment, secrets = env.environment, env.secrets
    args: ContainerServiceArgs = {
        "cpu": spec.cpu,
        "memory_gb": spec.memory_gb,
        "environment": environment,
        "secrets": secrets,
        **data.network.serverless,
        "labels": labels,
    }
    if spec.image:
        args["image"] = spec.image
    else:
        args["image_tag"] = spec.image_tag
        if data.registry_key is not None:
            args["kms_key_name"] = data.registry_key
    if spec.command:
        args["command"] = spec.command
    if spec.entrypoint:
        args["entrypoint"] = spec.entrypoint
    if isinstance(spec, Job):
        args["schedule"] = spec.schedule
        return args
    args.update(migrate_args(spec))  # type: ignore[typeddict-item]
    args.update(min_count=spec.scale.min, max_count=spec.scale.max)
    if isinstance(spec, WebService):
        args.update(port=spec.port, health_path=spec.health_path)
        if spec.public and not config.app.domain:  # no custom domain: its own run.app URL
            args["direct_ingress"] = True
        else:
            args["public"] = spec.public
        if spec.deployment == "canary" and spec.stable_revision:
            args.update(canary_percent=spec.canary_percent, stable_revision=spec.stable_revision)
    return args


def _lookup(config: StackConfig, data: GcpDataTier, services: dict[str, ContainerService]) -> Lookup:
    """Every source a Cloud Run service can read (`stacks/variables.py`), an internal service's URL once
    it is among `services`.

    Plain settings go in environment variables; credentials only as Secret Manager references pinned to the
    current version, which Cloud Run resolves when an instance starts (the service account may read exactly
    those secrets): a rotated credential is a new version, so the service rolls."""
    return {
        **(database_lookup(data.database) if data.database is not None else {}),
        **(cache_lookup(data.cache) if data.cache is not None else {}),
        **bucket_lookup(data.buckets),
        **reference_lookup(data.database, data.cache, data.secret_references),
        **service_lookup(config, lambda name: services[name].uri, lambda name: services[name].uri),
    }


def build_site(
    config: StackConfig, data: GcpDataTier, tier: GcpAppTier, labels: dict[str, str]
) -> dict[str, Any]:
    """The CDN-served site at `app.domain`: the site bucket, or `site.service` with its static paths cached;
    the API under `site.api_path` when `site.api_service` is set; the app buckets of `site.buckets` under
    their paths."""
    app = config.app
    if app.site is None:
        return {}
    assert app.domain, "the config check requires app.domain for a site on gcp"
    args: CdnSiteArgs = {
        "domain": app.domain,
        "spa": app.site.spa,
        "labels": labels,
        "physical_name": physical_base(app, pulumi.get_stack()),
    }
    zone = data.dns_zone if data.dns_zone is not None else app.hosted_zone_id
    if zone:
        args["dns_zone"] = zone
    if data.log_bucket is not None:
        args["log_bucket"] = data.log_bucket.bucket_name
    if app.site.min_tls == "1.3":
        args.update(ssl_profile="RESTRICTED", min_tls_version="TLS_1_3")  # TLS 1.3 needs RESTRICTED
    if app.site.service:
        # The site's own serverless NEG and CDN backends; the service keeps its own host on the stack's
        # load balancer (the API and health checks).
        args["service_origin"] = {
            "service_name": tier.services[app.site.service].service_name,
            "static_paths": list(app.site.static_paths),
        }
        if tier.security_policy_id is not None:
            args["security_policy"] = tier.security_policy_id
    if app.site.buckets:
        paths: dict[str, list[str]] = {}
        for pattern, bucket in app.site.buckets.items():
            paths.setdefault(bucket, []).append(pattern)
        args["bucket_origins"] = [
            {"name": bucket, "bucket_name": data.buckets[bucket].bucket_name, "path_patterns": patterns}
            for bucket, patterns in sorted(paths.items())
        ]
    if app.site.api_service:
        args["api_backend_service_id"] = tier.services[app.site.api_service].backend_service_id
        args["api_path"] = app.site.api_path
    # site.waf: the API behind api_path, and the site's service, are covered by the Cloud Armor policy on
    # their backend services (build_services). The static files need none: an edge policy can only match
    # addresses and regions, which is what site.geo_restriction (mode block; config checks refuse allow)
    # uses: an edge policy on the site's backend buckets and service backends.
    geo = app.site.geo_restriction
    if geo is not None:
        edge: SecurityPolicyArgs = {
            "edge": True,
            "blocked_regions": list(geo.countries),
            "labels": labels,
            "physical_name": physical_part(args["physical_name"], "geo"),
        }
        args["edge_security_policy"] = SecurityPolicy(f"{app.name}-geo", edge, data.after_apis()).policy_id
    site = CdnSite(app.name, args, data.after_apis())
    return {
        "siteUrl": site.url,
        "siteBucket": site.bucket_name,
        "siteIpAddress": site.ip_address,
        "siteUrlMap": site.url_map_name,
    }


def build_alarms(
    config: StackConfig, data: GcpDataTier, tier: GcpAppTier, labels: dict[str, str]
) -> dict[str, Any]:
    """Alert policies for every part the stack has, with the thresholds of `app.alarms`."""
    app = config.app
    settings = app.alarms
    if not settings.enabled:
        return {}
    args: AlarmsArgs = {
        "emails": list(settings.emails),
        "labels": labels,
        "physical_name": physical_base(app, pulumi.get_stack()),
    }
    services: list[AlarmsService] = [
        {
            "name": service.service_name,
            "label": name,
            "error_rate_percent": settings.error_rate_percent,
            "p95_latency_ms": settings.p95_latency_ms,
            "cpu_percent": settings.cpu_percent,
            "memory_percent": settings.memory_percent,
        }
        for name, service in tier.services.items()
        if isinstance(app.services[name], WebService)
    ]
    if services:
        args["services"] = services
    if data.database is not None:
        # The instance and its max_connections come from the database itself; the stack adds thresholds.
        args["database"] = {
            **data.database.alarm_target(),
            "cpu_percent": settings.cpu_percent,
            "disk_percent": 100 - settings.db_free_storage_percent,
            "connections_percent": settings.db_connections_percent,
        }
        if settings.slow_queries_per_5min is not None:
            args["database"]["slow_queries_per_5min"] = settings.slow_queries_per_5min
    if data.cache is not None:
        args["cache"] = {**data.cache.alarm_target(), "memory_percent": settings.memory_percent}
    if settings.uptime:
        uptime: list[AlarmsUptimeCheck] = [
            {
                "name": label,
                "host": host,
                "path": path,
                "period_seconds": settings.uptime_period_seconds or 60,
            }
            for label, host, path in uptime_targets(config, None if app.domain else _run_hosts(tier))
        ]
        if uptime:
            args["uptime"] = uptime
    custom: list[AlarmsCustom] = [
        {
            "name": alarm.name,
            "metric_type": alarm.metric,
            "labels": dict(alarm.dimensions),
            "aligner": GCP_ALIGNERS[alarm.statistic],
            "comparison": alarm.comparison,
            "threshold": alarm.threshold,
            "period_seconds": alarm.period_seconds,
            "minutes": alarm.minutes,
        }
        for alarm in settings.custom
    ]
    if custom:
        args["custom"] = custom
    alarms = Alarms(app.name, args, data.after_apis())
    return {"alertPolicyNames": alarms.alert_policy_names, "dashboardId": alarms.dashboard_id}
