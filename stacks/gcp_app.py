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
    Vpc,
)
from components.gcp.alarms import AlarmsCustom, AlarmsService
from components.gcp.load_balancer import LoadBalancerRoute
from components.naming import physical_part

from .cloud_rules import GCP_ALIGNERS
from .config import Job, StackConfig, WebService, Worker, physical_base, public_host
from .connections import bucket_settings, cache_settings, database_settings

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
    database_max_connections: int | None = None
    cache: RedisCache | None = None
    buckets: dict[str, Bucket] = field(default_factory=dict)
    secret_references: dict[str, pulumi.Output[str]] = field(default_factory=dict)
    """The app's own secrets by name, pinned to their current versions."""

    def after_apis(self) -> pulumi.ResourceOptions:
        """Options for a component that needs the project's APIs switched on first."""
        return pulumi.ResourceOptions(depends_on=[self.apis])


@dataclass
class GcpAppTier:
    """The services and load balancer `build_services` made, and their stack outputs."""

    services: dict[str, ContainerService] = field(default_factory=dict)
    load_balancer: LoadBalancer | None = None
    outputs: dict[str, Any] = field(default_factory=dict)


def build_services(config: StackConfig, data: GcpDataTier, labels: dict[str, str]) -> GcpAppTier:
    """One ContainerService per service, and the load balancer in front of the public ones."""
    app = config.app
    if not app.services:
        return GcpAppTier()
    base = physical_base(app, pulumi.get_stack())
    public = {n: s for n, s in app.services.items() if isinstance(s, WebService) and s.public}
    firewall = None
    if public and app.site is not None and app.site.waf:
        firewall = SecurityPolicy(
            f"{app.name}-api",
            {"rate_limit": app.site.rate_limit, "physical_name": physical_part(base, "api")},
            data.after_apis(),
        )

    # Cloud Run admits a call to an internal service only when it arrives through the VPC, so when the
    # app has one, every service sends all its egress through the VPC (Cloud NAT for the internet).
    egress = "ALL_TRAFFIC" if any(_is_internal(s) for s in app.services.values()) else "PRIVATE_RANGES_ONLY"
    # Services publish the custom metrics that custom alarms watch.
    roles = [METRIC_WRITER] if any(a.metric.startswith(CUSTOM_METRICS) for a in app.alarms.custom) else []
    services: dict[str, ContainerService] = {}
    for name, spec in app.services.items():
        args = _service_args(data, spec, labels)
        args["physical_name"] = physical_part(base, name)
        args["vpc_egress"] = egress
        if roles:
            args["project_roles"] = roles
        if firewall is not None and name in public:
            args["security_policy"] = firewall.policy_id
        service = ContainerService(f"{app.name}-{name}", args, data.after_apis())
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
    if public:
        routes: list[LoadBalancerRoute] = [
            {
                "host": public_host(config, n, s),
                "backend_service_id": services[n].backend_service_id,
                "paths": list(s.paths),
            }
            for n, s in public.items()
        ]
        lb_args: LoadBalancerArgs = {"routes": routes, "labels": labels, "physical_name": base}
        if app.hosted_zone_id:
            lb_args["dns_zone"] = app.hosted_zone_id
        load_balancer = LoadBalancer(app.name, lb_args, data.after_apis())

    outputs: dict[str, Any] = {
        "serviceNames": {n: s.service_name for n, s in services.items()},
        "serviceAccounts": {n: s.service_account_email for n, s in services.items()},
        "repositoryUrls": {n: s.repository_url for n, s in services.items()},
    }
    if load_balancer is not None:
        outputs["loadBalancerIp"] = load_balancer.ip_address
        outputs["serviceUrls"] = {n: f"https://{public_host(config, n, s)}" for n, s in public.items()}
    return GcpAppTier(services, load_balancer, outputs)


def _is_internal(spec: WebService | Worker | Job) -> bool:
    return isinstance(spec, WebService) and not spec.public


def _service_args(
    data: GcpDataTier, spec: WebService | Worker | Job, labels: dict[str, str]
) -> ContainerServiceArgs:
    environment, secrets = _connections(data)
    environment.update(spec.environment)
    secrets.update({secret: data.secret_references[secret] for secret in spec.secrets})
    args: ContainerServiceArgs = {
        "cpu": spec.cpu,
        "memory_gb": spec.memory_gb,
        "environment": environment,
        "secrets": secrets,
        "network": data.network.vpc_id,
        "subnetwork": data.network.serverless_subnet_id,
        "labels": labels,
    }
    if spec.image:
        args["image"] = spec.image
    else:
        args["image_tag"] = spec.image_tag
    if spec.command:
        args["command"] = spec.command
    if spec.entrypoint:
        args["entrypoint"] = spec.entrypoint
    if isinstance(spec, Job):
        args["schedule"] = spec.schedule
        return args
    args.update(min_count=spec.scale.min, max_count=spec.scale.max)
    if isinstance(spec, WebService):
        args.update(port=spec.port, health_path=spec.health_path, public=spec.public)
        if spec.deployment == "canary" and spec.stable_revision:
            args.update(canary_percent=spec.canary_percent, stable_revision=spec.stable_revision)
    return args


def _connections(data: GcpDataTier) -> tuple[dict[str, pulumi.Input[str]], dict[str, pulumi.Input[str]]]:
    """Environment and secret references every service gets for the database, cache and buckets.

    Addresses go in plain environment variables; the URLs and passwords only as Secret Manager references
    pinned to the current version, which Cloud Run resolves when an instance starts (the service account may
    read exactly those secrets): a rotated credential is a new version, so the service rolls."""
    environment: dict[str, pulumi.Input[str]] = {}
    secrets: dict[str, pulumi.Input[str]] = {}
    if data.database is not None:
        db = data.database
        environment.update(database_settings(db))
        secrets["DATABASE_PASSWORD"] = db.secret_reference("password")
        secrets["DATABASE_URL"] = db.secret_reference("url")
    if data.cache is not None:
        cache = data.cache
        environment.update(cache_settings(cache))
        # The server CA is public; clients need it to verify Memorystore's certificate.
        environment["REDIS_CA_CERT"] = cache.ca_certificate
        secrets["REDIS_PASSWORD"] = cache.secret_reference("password")
        secrets["REDIS_URL"] = cache.secret_reference("url")
    environment.update(bucket_settings(data.buckets))
    return environment, secrets


def build_site(
    config: StackConfig, data: GcpDataTier, tier: GcpAppTier, labels: dict[str, str]
) -> dict[str, Any]:
    """The CDN-served site at `app.domain`, with the API under `site.api_path` when `site.api_service`
    is set."""
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
    if app.hosted_zone_id:
        args["dns_zone"] = app.hosted_zone_id
    if app.site.api_service:
        args["api_backend_service_id"] = tier.services[app.site.api_service].backend_service_id
        args["api_path"] = app.site.api_path
    # site.waf: the API behind api_path is covered by the Cloud Armor policy on its backend service
    # (build_services). The static files need none: an edge policy can only match addresses and regions.
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
        }
        for name, service in tier.services.items()
        if isinstance(app.services[name], WebService)
    ]
    if services:
        args["services"] = services
    if data.database is not None and data.database_max_connections is not None:
        args["database"] = {
            "instance_name": data.database.instance_name,
            "cpu_percent": settings.cpu_percent,
            "disk_percent": 100 - settings.db_free_storage_percent,
            "max_connections": data.database_max_connections,
            "connections_percent": settings.db_connections_percent,
        }
    if data.cache is not None:
        args["cache"] = {"instance_id": data.cache.instance_name, "memory_percent": settings.memory_percent}
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
