"""The stack configuration: pydantic models of every `stackyard:` key, profile defaults, clear errors.

A stack file carries three keys in the `stackyard:` namespace (all declared in `Pulumi.yaml`):

- `stackyard:cloud`: `aws` or `gcp`;
- `stackyard:environment`: `staging` or `prod`, which picks the profile defaults (`stacks/profiles.py`);
- `stackyard:app`: the application (name, domain, network, database, cache, buckets, services, site,
  alarms, and the names of its secrets);

and one optional secret key, `stackyard:secrets`, a mapping from each name in `app.secrets` to its value,
set with `pulumi config set --secret --path 'secrets.NAME' VALUE`. Secret values never enter these
models: `load_stack_config` only checks that each declared secret has a value and that the values are
stored as secrets.

`load_stack_config(values, secret_keys)` validates everything at once and raises `ConfigError` with one
line per problem, naming the full key path and what is allowed.
"""

from __future__ import annotations

import difflib
import ipaddress
import json
import re
import types
import typing
from typing import Annotated, Any, Literal, Union

from pydantic import (
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    Tag,
    TypeAdapter,
    ValidationError,
    field_validator,
)

from components.limits import MAXMEMORY_POLICIES, POSTGRES_MAJOR_VERSIONS, RETENTION_DAYS
from components.naming import physical_name

from .cloud_rules import (
    alarm_cloud_problems,
    data_cloud_problems,
    service_cloud_problems,
    service_size_problems,
    site_cloud_problems,
)
from .data_sizing import problems as data_sizing_problems
from .errors import ConfigError
from .limitation_rules import limitation_problems
from .profiles import apply_profile, service_kind
from .runtime_rules import runtime_problems
from .site_rules import site_problems
from .unused_keys import problems as unused_key_problems
from .variables import field_description as variables_description
from .variables import variable_problems

NAMESPACE = "stackyard"
CLOUD_KEY = f"{NAMESPACE}:cloud"
ENVIRONMENT_KEY = f"{NAMESPACE}:environment"
APP_KEY = f"{NAMESPACE}:app"
SECRETS_KEY = f"{NAMESPACE}:secrets"
STACKYARD_KEYS = (CLOUD_KEY, ENVIRONMENT_KEY, APP_KEY, SECRETS_KEY)

# Provider settings each cloud needs before anything can be created.
REQUIRED_PROVIDER_KEYS = {"aws": ("aws:region",), "gcp": ("gcp:project", "gcp:region")}

NAME_PATTERN = r"^[a-z][a-z0-9-]*[a-z0-9]$"
# `app.name_suffix`: empty (the pin), or lowercase letters, digits and hyphens, no hyphen at either end.
NAME_SUFFIX_PATTERN = r"^([a-z0-9]([a-z0-9-]*[a-z0-9])?)?$"
# The base of a stack's physical names fits one DNS label (a component's `physical_name` limit).
MAX_PHYSICAL_BASE = 63
SECRET_NAME_PATTERN = r"^[A-Z][A-Z0-9_]*$"
ENV_NAME_PATTERN = r"^[A-Za-z_][A-Za-z0-9_]*$"
HOSTNAME_PATTERN = r"^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$"
# A Kubernetes object name that may hold dots (an IngressClass, a ClusterIssuer): a DNS subdomain.
INGRESS_CLASS_PATTERN = r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$"


class Model(BaseModel):
    """Base of every config model: unknown keys are errors, instances are immutable."""

    # Numbers are accepted where text is expected: `version: 16` and `image_tag: 1.2` mean what they say.
    model_config = ConfigDict(extra="forbid", frozen=True, coerce_numbers_to_str=True)


class Network(Model):
    """`stackyard:app.network`: the private network every other resource lives in."""

    cidr: str = Field(
        default="10.0.0.0/16", description="IPv4 range of the network, /16 to /20. Default 10.0.0.0/16."
    )
    zones: int = Field(
        default=2,
        ge=2,
        le=6,
        description="Availability zones to spread over, 2-6 (aws; gcp subnets are regional). Profile: 2 / 3.",
    )
    availability_zones: list[str] | None = Field(
        default=None,
        description="Pin the zones by name (e.g. [us-east-1a, us-east-1b]); default: the region's first.",
    )
    nat: Literal["none", "single", "per-zone", "ec2"] = Field(
        default="single",
        description="Outbound internet for private subnets: none, single (one NAT gateway), per-zone, or ec2 "
        "(one small NAT instance, cheapest). On gcp single and per-zone both mean Cloud NAT, which is "
        "regional. Profile: single / per-zone.",
    )
    endpoints: list[Literal["ecr.api", "ecr.dkr", "secretsmanager", "logs", "ssm", "sts", "kms"]] = Field(
        default=[], description="Interface endpoints, so private tasks reach AWS without NAT. Default none."
    )
    flow_logs: bool = Field(
        default=True,
        description="VPC flow logs (CloudWatch Logs on aws, Cloud Logging on gcp). Default true.",
    )
    flow_log_retention_days: int = Field(
        default=14,
        description="Days flow logs are kept (aws: a CloudWatch retention value). Profile: 14 / 90.",
    )

    @field_validator("cidr")
    @classmethod
    def _cidr(cls, value: str) -> str:
        try:
            network = ipaddress.IPv4Network(value)
        except ValueError:
            raise ValueError(f"{value!r} is not an IPv4 CIDR block such as 10.0.0.0/16") from None
        if not 16 <= network.prefixlen <= 20:
            raise ValueError(f"{value} has prefix /{network.prefixlen}; use /16 to /20")
        return str(network)


class Database(Model):
    """`stackyard:app.database`: a managed PostgreSQL instance."""

    version: str = Field(default="16", description="PostgreSQL major version: 13-17. Default 16.")
    size: str = Field(
        default="small",
        description="micro | small | medium | large | xlarge, or the cloud's own class (db.t4g.small, "
        "db-custom-2-7680). Default small.",
    )
    storage_gb: int = Field(default=20, ge=20, le=65536, description="Allocated storage in GB. Default 20.")
    max_storage_gb: int | None = Field(
        default=None, ge=20, le=65536, description="Storage autoscaling ceiling."
    )
    extensions: list[Literal["postgis", "pgvector", "pg_stat_statements", "pg_trgm", "uuid-ossp"]] = Field(
        default=[], description="Extensions to enable; their CREATE EXTENSION statements are a stack output."
    )
    read_replicas: int = Field(default=0, ge=0, le=5, description="Read replicas. Default 0.")
    multi_az: bool = Field(default=False, description="Standby in a second zone. Profile: false / true.")
    backup_retention_days: int = Field(
        default=7, ge=1, le=35, description="Days of backups. Profile: 3 / 14."
    )
    point_in_time_recovery: bool = Field(
        default=True,
        description="Restore to any second of the retention window (AWS: always on while backups are kept).",
    )
    deletion_protection: bool = Field(
        default=False, description="Cloud-side deletion protection. Profile: off / on."
    )
    final_snapshot: bool = Field(default=False, description="Snapshot before deletion. Profile: off / on.")
    protect: bool = Field(default=False, description="Pulumi `protect`: refuse to delete. Profile: off / on.")
    parameters: dict[str, str] = Field(
        default={}, description="Extra engine parameters (rds.force_ssl stays 1)."
    )
    cross_region_replica: str | None = Field(
        default=None, description="Region of a disaster-recovery replica."
    )
    backup_replication_region: str | None = Field(
        default=None, description="Region automated backups are copied to (AWS). Default none."
    )
    name: str | None = Field(
        default=None,
        pattern=r"^[a-z][a-z0-9_]{0,62}$",
        description="The database created on the instance (what DATABASE_NAME holds): lowercase letters, "
        "digits and _. Default: app.name with - as _ on aws, app on gcp. Changing it creates a new, empty "
        "database (the old one is kept on gcp, and the RDS instance is replaced on aws).",
    )
    cpu: float | None = Field(
        default=None,
        gt=0,
        le=96,
        description="vCPUs asked for, with memory_gb, instead of size: the smallest class that has both "
        "(aws: db.t4g / db.m7g / db.r7g; gcp: db-custom-<vCPUs>-<MiB>, rounded up to a shape Cloud SQL "
        "offers); the plan says when the class gives more than asked. Default none.",
    )
    memory_gb: float | None = Field(
        default=None, gt=0, le=624, description="Memory in GB asked for, with cpu. Default none."
    )
    password_version: int = Field(
        default=1,
        ge=1,
        description="Version of the generated master password: a new value rotates it (a new password in "
        "the secret store, set on the database; the services that read it roll). Default 1.",
    )
    rds_managed_password: bool = Field(
        default=False,
        description="aws: let RDS make and rotate (every 7 days) the master password instead of the stack. "
        "Services read it only when they start, so the app must re-read the secret after an authentication "
        "error; no DATABASE_URL, no read replicas, not with runtime kubernetes. Default false.",
    )

    @field_validator("version")
    @classmethod
    def _version(cls, value: str) -> str:
        if value not in POSTGRES_MAJOR_VERSIONS:
            raise ValueError(
                f"{value!r} is not a supported major version; use one of {', '.join(POSTGRES_MAJOR_VERSIONS)}"
            )
        return value


class Cache(Model):
    """`stackyard:app.cache`: a managed Redis-compatible cache."""

    engine: Literal["redis", "valkey"] = Field(default="redis", description="Cache engine. Default redis.")
    version: str | None = Field(
        default=None,
        pattern=r"^\d+(\.\d+)?$",
        description="Engine version, e.g. 7.1. Default: the component's (redis 7.1, valkey 8.0).",
    )
    size: str = Field(
        default="small", description="micro | small | medium | large, or the cloud's node type."
    )
    eviction: str = Field(default="volatile-lru", description="maxmemory-policy. Default volatile-lru.")
    replicas: int = Field(
        default=0,
        ge=0,
        le=5,
        description="Read replicas (gcp: any makes it STANDARD_HA; read replicas from 5 GB). Profile: 0 / 1.",
    )
    automatic_failover: bool = Field(
        default=False, description="Promote a replica on failure. Profile: off / on."
    )
    snapshot_retention_days: int = Field(
        default=1, ge=0, le=35, description="Days of snapshots (aws). Profile: 1 / 7."
    )
    parameters: dict[str, str] = Field(default={}, description="Extra engine parameters.")
    persistence: Literal["none", "rdb", "aof"] | None = Field(
        default=None,
        description="Durability of the data: rdb (snapshots), aof (an append-only file) or none. Default "
        "rdb: daily snapshots kept snapshot_retention_days on aws, a snapshot every hour on gcp. Neither "
        "ElastiCache nor Memorystore for Redis offers an append-only file, so aof gets the nearest "
        'documented equivalent, which `stackyard plan` lists under "What the cloud does instead": on aws '
        "the snapshots and a Multi-AZ replica (cache.replicas, automatic_failover), on gcp an RDB snapshot "
        "every hour and the STANDARD_HA standby.",
    )
    maxmemory_mb: int | None = Field(
        default=None,
        ge=1,
        description="Memory Redis may hold before it evicts (maxmemory), in MB. gcp: set as maxmemory-gb "
        "(20 % to 100 % of the instance); aws: ElastiCache fixes maxmemory by node type, so the node "
        "(size) must hold it after its 25 % reserved memory, and the plan says so. Default: the whole "
        "node or instance.",
    )
    snapshot_every_hours: Literal[1, 2, 3, 4, 6, 8, 12, 24] | None = Field(
        default=None,
        description="Hours between snapshots. gcp: the RDB snapshot period (1, 6, 12 or 24; 2-4 take 1, 8 "
        "takes 6); aws: 24 is the daily automatic snapshot, less adds scheduled snapshots between them "
        "(kept snapshot_retention_days; ElastiCache takes at most 20 manual ones a day, so 1 takes 2). "
        "Default: daily on aws, every hour on gcp.",
    )

    @field_validator("eviction")
    @classmethod
    def _eviction(cls, value: str) -> str:
        if value not in MAXMEMORY_POLICIES:
            raise ValueError(f"{value!r} is not allowed; use one of {', '.join(MAXMEMORY_POLICIES)}")
        return value

    protect: bool = Field(default=False, description="Pulumi `protect`: refuse to delete. Profile: off / on.")


class BucketSpec(Model):
    """`stackyard:app.buckets.<name>`: a private object-storage bucket."""

    versioned: bool = Field(default=True, description="Keep previous object versions. Default true.")
    expire_days: int | None = Field(
        default=None, ge=1, description="Delete objects this many days after creation."
    )
    cors_origins: list[str] = Field(default=[], description="Origins allowed to upload from a browser.")
    replication_region: str | None = Field(
        default=None, description="Replicate every object to a bucket in this region. Default none."
    )
    protect: bool = Field(default=False, description="Pulumi `protect`. Profile: off / on.")


class Scale(Model):
    """How many copies of a service run."""

    min: int = Field(default=1, ge=0, le=1000, description="Fewest copies. Profile: see the table above.")
    max: int = Field(default=2, ge=1, le=1000, description="Most copies. Profile: see the table above.")
    cpu_percent: int = Field(default=70, ge=10, le=95, description="Target average CPU. Default 70.")
    memory_percent: int | None = Field(
        default=None, ge=10, le=95, description="Target average memory; off by default."
    )


class HealthCheck(Model):
    """`services.<name>.health_check`: a container health check (aws: ECS's `healthCheck`, whose bounds
    these are; source: Amazon ECS API Reference, "HealthCheck")."""

    command: list[str] = Field(
        min_length=2,
        description="In Docker's form [CMD, program, args…] or [CMD-SHELL, command], e.g. [CMD, wget, -q, "
        "--spider, http://localhost:8000/health]; it exits 0 when healthy. Required.",
    )
    interval_seconds: int = Field(
        default=30, ge=5, le=300, description="Seconds between checks, 5-300. Default 30."
    )
    timeout_seconds: int = Field(
        default=5, ge=2, le=120, description="Seconds a check may take before it fails, 2-120. Default 5."
    )
    retries: int = Field(
        default=3,
        ge=1,
        le=10,
        description="Failed checks in a row that make the container unhealthy, 1-10. Default 3.",
    )
    start_period_seconds: int = Field(
        default=60,
        ge=0,
        le=300,
        description="Seconds after start during which failures do not count, 0-300. Default 60.",
    )


class _ServiceBase(Model):
    image: str | None = Field(
        default=None, description="Container image; default: a registry repository per service."
    )
    image_tag: str = Field(
        default="bootstrap",
        pattern=r"^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$",
        description="Tag deployed from the service's repository (when image is not set). Default bootstrap.",
    )
    cpu: float = Field(default=0.5, gt=0, description="vCPUs. Default 0.5.")
    memory_gb: float = Field(default=1, gt=0, description="Memory in GB. Default 1.")
    architecture: Literal["x86_64", "arm64"] = Field(
        default="x86_64", description="CPU architecture of the image."
    )
    command: list[str] | None = Field(default=None, description="Command, overriding the image's.")
    entrypoint: list[str] | None = Field(default=None, description="Entrypoint, overriding the image's.")
    environment: dict[str, str] = Field(default={}, description="Plain settings; never secrets.")
    secrets: list[str] = Field(
        default=[], description="Names from app.secrets, given to the container by reference."
    )
    variables: dict[str, str] | None = Field(default=None, description=variables_description())
    spot: bool = Field(
        default=False,
        description="Run on spare capacity (aws Fargate Spot). Profile: workers and jobs in staging.",
    )
    read_only_root_filesystem: bool = Field(
        default=True,
        description="Mount the image read-only (with a writable /tmp; aws, Cloud Run has no such switch). "
        "Default true.",
    )
    buckets: dict[str, Literal["read", "put", "read_write"]] = Field(
        default={}, description="Access to app.buckets by name: read, put (upload only) or read_write."
    )
    log_retention_days: int = Field(
        default=30,
        description="Days container logs are kept (aws: the service's log group on ECS; on a created EKS "
        "cluster all pods share one, kept the longest of the services'; gcp keeps Cloud Logging's 30). "
        "Default 30.",
    )
    health_check: HealthCheck | None = Field(
        default=None,
        description="aws: a container health check that ECS runs in the container (command and timings, "
        "below). Default none: nothing is assumed about the image; the load balancer checks health_path.",
    )
    cpu_request: float | None = Field(
        default=None,
        gt=0,
        description="kubernetes: vCPUs requested (cpu is the limit). Default: equal to cpu.",
    )
    memory_request_gb: float | None = Field(
        default=None,
        gt=0,
        description="kubernetes: memory requested in GB (memory_gb is the limit). Default: memory_gb.",
    )
    migrate: list[Annotated[str, Field(min_length=1)]] | None = Field(
        default=None,
        min_length=1,
        description="A command that migrates the database before a new version takes traffic, e.g. [npx, "
        "prisma, migrate, deploy]: run once per rollout with this service's new image, network, environment "
        "and secrets (an ECS task or Cloud Run job that `pulumi up` runs and waits for, a Kubernetes Job), "
        "before the service rolls; if it fails, `pulumi up` stops and the old version keeps serving. Web "
        "services and workers, one service per app (the app's other services roll after it). Default none.",
    )
    migrate_timeout_seconds: int | None = Field(
        default=None,
        ge=60,
        le=86400,
        description="How long the migration may run before it is stopped and the rollout fails, 60-86400. "
        "Default 1800.",
    )

    @field_validator("environment")
    @classmethod
    def _environment_names(cls, value: dict[str, str]) -> dict[str, str]:
        bad = [name for name in value if not re.match(ENV_NAME_PATTERN, name)]
        if bad:
            raise ValueError(f"{', '.join(bad)}: environment variable names are letters, digits and _")
        return value


class WebService(_ServiceBase):
    """A service with a `port`, reachable over HTTP; `public: true` puts it behind the load balancer."""

    port: int = Field(ge=1, le=65535, description="Port the container listens on.")
    public: bool = Field(default=False, description="Reachable from the internet through the load balancer.")
    health_path: str = Field(
        default="/health", pattern=r"^/", description="Health check path. Default /health."
    )
    readiness_path: str | None = Field(
        default=None,
        pattern=r"^/",
        description="kubernetes: readiness probe path (health_path is the liveness probe's). Default: "
        "health_path.",
    )
    host: str | None = Field(
        default=None,
        pattern=HOSTNAME_PATTERN,
        description="Hostname the load balancer routes to a public service. Default: <service>.<app.domain>.",
    )
    paths: list[Annotated[str, Field(pattern=r"^/")]] = Field(
        default=["/*"], description="Path patterns routed to a public service. Default /*."
    )
    deployment: Literal["rolling", "blue_green", "canary", "linear"] = Field(
        default="rolling",
        description="rolling, or blue_green, canary, linear (these need public: true). Default rolling.",
    )
    canary_percent: float = Field(
        default=10, gt=0, lt=100, description="Traffic share of the first canary step. Default 10."
    )
    bake_minutes: int = Field(
        default=10, ge=0, le=1440, description="Minutes each step is watched (aws). Default 10."
    )
    stable_revision: str | None = Field(
        default=None,
        pattern=r"^[a-z][a-z0-9-]{0,62}$",
        description="gcp canary: the Cloud Run revision that keeps 100 - canary_percent of the traffic; "
        "without it the latest revision takes all. Default none.",
    )
    scale: Scale = Field(default=Scale(), description="Copies and autoscaling.")


class Worker(_ServiceBase):
    """A service without a port (queue consumers and the like)."""

    scale: Scale = Field(default=Scale(), description="Copies and autoscaling.")


class Job(_ServiceBase):
    """A task started on a schedule (`schedule` is a 5-field cron expression, UTC)."""

    schedule: str = Field(description="When to run: a 5-field cron expression in UTC, e.g. 0 3 * * *.")

    @field_validator("schedule")
    @classmethod
    def _cron(cls, value: str) -> str:
        problem = cron_problem(value)
        if problem:
            raise ValueError(problem)
        return value


Service = Annotated[
    Annotated[WebService, Tag("web")] | Annotated[Worker, Tag("worker")] | Annotated[Job, Tag("job")],
    Discriminator(service_kind),
]
SERVICE_KINDS = {"web": WebService, "worker": Worker, "job": Job}


class Site(Model):
    """`stackyard:app.site`: the site the CDN serves at `app.domain`: a static site from a bucket, or a
    running web service (`service`, e.g. a server-rendered Next.js frontend)."""

    spa: bool = Field(default=False, description="Serve index.html for unknown paths (single-page apps).")
    service: str | None = Field(
        default=None,
        description="A public web service the CDN serves as the site (server-rendered pages, e.g. Next.js): "
        "every path not in static_paths, buckets or api_path goes to it, uncached, with its query strings, "
        "cookies and headers; the service keeps its own host on the load balancer. Default none: a static "
        "site from the site bucket.",
    )
    static_paths: list[str] = Field(
        default=[],
        description="With service: path patterns of the framework's static files, cached at the edge as "
        "long as the service's Cache-Control allows (up to a year), e.g. [/_next/static/*, /favicon.ico]. "
        "Default none.",
    )
    buckets: dict[str, str] = Field(
        default={},
        description="Path pattern -> a bucket of app.buckets served there through the CDN, e.g. "
        '{"/uploads/*": uploads}: /uploads/a.png is the object uploads/a.png, and everything under the path '
        "is public. Default none.",
    )
    api_service: str | None = Field(
        default=None, description="A public web service the CDN also serves under api_path. Default none."
    )
    api_path: str = Field(default="/api/*", pattern=r"^/", description="Path routed to api_service.")
    waf: bool = Field(
        default=False, description="A web application firewall with managed rules and a rate limit."
    )
    rate_limit: int = Field(
        default=2000, ge=100, description="Requests per 5 minutes per IP before the firewall blocks."
    )
    min_tls: Literal["1.2", "1.3"] = Field(
        default="1.2",
        description="Oldest TLS version browsers may use: 1.2 (aws: CloudFront TLSv1.2_2021; gcp: SSL policy "
        "MODERN, TLS 1.2) or 1.3 (aws: TLSv1.3_2025; gcp: RESTRICTED, TLS 1.3). aws: 1.3 needs app.domain. "
        "Default 1.2.",
    )
    price_class: Literal["PriceClass_100", "PriceClass_200", "PriceClass_All"] | None = Field(
        default=None,
        description="aws: the CloudFront edge locations that serve the site: PriceClass_100 (North America, "
        "Europe, Israel), PriceClass_200 (plus Africa, the Middle East, Japan, India and the rest of Asia) "
        "or PriceClass_All (plus South America, Australia, New Zealand). gcp: not offered. "
        "Default PriceClass_100.",
    )

    @field_validator("min_tls", mode="before")
    @classmethod
    def _tls_number(cls, value: Any) -> Any:
        """`min_tls: 1.3` (a YAML number) means "1.3"."""
        return f"{value:g}" if isinstance(value, float) else value


class CustomAlarm(Model):
    """An alarm on any CloudWatch metric, e.g. a queue backlog."""

    name: str = Field(pattern=NAME_PATTERN, max_length=40, description="Alarm name (lowercase, hyphens).")
    namespace: str | None = Field(
        default=None,
        description="CloudWatch namespace, e.g. PropFlow/Queues (aws: required; gcp: leave out).",
    )
    metric: str = Field(
        description="Metric name, e.g. PendingReviews (aws), or the metric type, e.g. "
        "custom.googleapis.com/queue/pending (gcp)."
    )
    dimensions: dict[str, str] = Field(default={}, description="Metric dimensions.")
    statistic: str = Field(
        default="Average",
        pattern=r"^(Average|Sum|Minimum|Maximum|SampleCount|p\d{1,2}(\.\d+)?)$",
        description="Average, Sum, Minimum, Maximum, SampleCount or a percentile (p95). Default Average.",
    )
    comparison: Literal[">", ">=", "<", "<="] = Field(default=">", description="How the metric is compared.")
    threshold: float = Field(description="Value that alarms.")
    period_seconds: Literal[10, 30, 60, 300, 900, 3600] = Field(default=60, description="Metric period.")
    minutes: int = Field(default=5, ge=1, le=1440, description="How long the condition must hold. Default 5.")


class Alarms(Model):
    """`stackyard:app.alarms`: alerting to email. Profile: off in staging (unless the section sets anything
    but `enabled`), on in prod."""

    enabled: bool = Field(
        default=False,
        description="Create the alarms. Profile: off / on; in staging an alarms section that sets anything "
        "else (emails, thresholds …) turns them on, unless it says enabled: false.",
    )
    emails: list[str] = Field(default=[], description="Addresses notified when an alarm fires.")
    error_rate_percent: float = Field(
        default=5, gt=0, le=100, description="5xx share that alarms. Default 5."
    )
    p95_latency_ms: int = Field(default=1000, ge=1, description="p95 latency that alarms. Default 1000.")
    cpu_percent: int = Field(default=80, ge=1, le=100, description="Service and database CPU that alarms.")
    memory_percent: int = Field(default=80, ge=1, le=100, description="Service and cache memory that alarms.")
    db_connections_percent: int = Field(
        default=80, ge=1, le=100, description="Database connections, in percent of the maximum, that alarm."
    )
    db_free_storage_percent: int = Field(
        default=15, ge=1, le=99, description="Free database storage below which it alarms (disk > 85 % used)."
    )
    slow_queries_per_5min: int | None = Field(
        default=10,
        ge=0,
        description="Statements slower than the database's log_min_duration_statement (1 s unless its "
        "parameters change it) in 5 minutes above which it alarms, counted from the PostgreSQL log; 0 "
        "alarms on any, null turns the alarm off. Default 10.",
    )
    uptime: bool = Field(
        default=False,
        description="HTTPS uptime checks from outside, of each public service's health_path on its host and "
        "of the site's / (aws: Route 53 health checks, alarmed in us-east-1; gcp: Cloud Monitoring uptime "
        "checks). Profile: off / on.",
    )
    uptime_period_seconds: int | None = Field(
        default=None,
        description="How often each checker requests an endpoint: aws 30 or 10 (Route 53's standard or "
        "fast interval), gcp 60, 300, 600 or 900. Default: 30 on aws, 60 on gcp.",
    )
    custom: list[CustomAlarm] = Field(default=[], description="Alarms on your own metrics.")

    @field_validator("emails")
    @classmethod
    def _emails(cls, value: list[str]) -> list[str]:
        bad = [email for email in value if not re.match(r"^[^@\s]+@[^@\s]+\.[^@\s]+$", email)]
        if bad:
            raise ValueError(f"{', '.join(bad)}: not an email address")
        return value


class Kubernetes(Model):
    """`stackyard:app.kubernetes`: the cluster the services run on with `runtime: kubernetes`."""

    cluster: Literal["create", "existing"] = Field(
        default="create",
        description="create: a private EKS Auto Mode (aws) or GKE Autopilot (gcp) cluster in the stack's "
        "network, enforcing NetworkPolicies; existing: the cluster of the kubernetes provider's "
        "configuration (kubernetes:kubeconfig or KUBECONFIG), which must enforce them itself. Default "
        "create.",
    )
    version: str | None = Field(
        default=None,
        pattern=r"^1\.\d{2}$",
        description="Kubernetes minor version of a created cluster, e.g. 1.34. Default: the component's.",
    )
    api_access_cidrs: list[str] = Field(
        default=[],
        description="Networks that may reach a created cluster's API endpoint (your CI runners, office). "
        "Default none: the endpoint is private, so run pulumi from inside the network.",
    )
    admins: list[str] = Field(
        default=[],
        description="aws: IAM principal ARNs given cluster-admin access to a created cluster. Default none.",
    )
    security_group_id: str | None = Field(
        default=None,
        description="aws, existing cluster: the security group of its nodes, which the database and cache "
        "then admit. Default none.",
    )
    namespace: str | None = Field(
        default=None,
        pattern=NAME_PATTERN,
        max_length=63,
        description="Namespace of the app's objects. Default: <app.name>-<environment>.",
    )
    ingress_class: str | None = Field(
        default=None,
        max_length=253,
        pattern=INGRESS_CLASS_PATTERN,
        description="Your own ingress controller (Traefik, HAProxy, ...): the IngressClass public services' "
        "Ingresses name; they then get TLS from cert-manager (cert_issuer) and admit its namespace "
        "(ingress_namespace, required). Required for public services on an existing cluster. Default: the "
        "platform's own load balancer on a created cluster: EKS Auto Mode's ALB (an IngressClass alb the "
        "stack creates, with an ACM certificate and a TLS 1.3 policy) or GKE's gce (a Google-managed "
        "certificate, a static IP and a TLS 1.2+ SSL policy per service).",
    )
    ingress_namespace: str | None = Field(
        default=None,
        pattern=NAME_PATTERN,
        max_length=63,
        description="With ingress_class: the namespace of your ingress controller's pods, the only pods "
        "public services admit. Required with ingress_class.",
    )
    cert_issuer: str = Field(
        default="letsencrypt",
        max_length=253,
        pattern=INGRESS_CLASS_PATTERN,
        description="With ingress_class: the cert-manager ClusterIssuer of the Ingresses' TLS certificates. "
        "Default letsencrypt.",
    )
    internet_egress: bool = Field(
        default=False,
        description="Let the pods open HTTPS connections to the internet (beyond DNS, the database and "
        "the cache). Default false.",
    )

    @field_validator("api_access_cidrs")
    @classmethod
    def _cidrs(cls, value: list[str]) -> list[str]:
        for cidr in value:
            try:
                network = ipaddress.IPv4Network(cidr)
            except ValueError:
                raise ValueError(f"{cidr!r} is not an IPv4 CIDR block such as 203.0.113.0/24") from None
            if network.prefixlen == 0:
                raise ValueError(f"{cidr} opens the cluster's API to the internet; list your networks")
        return value


class DeclaredStandIn(Model):
    """`stackyard:app.stand_ins[]`: one ask of the application's guide that no stack key expresses, and what
    the stack gives instead."""

    key: str = Field(
        pattern=r"^[a-z][a-z0-9-]*(\.[a-z0-9-]+)*$",
        max_length=80,
        description="A short stable name, e.g. guide.uptime-robot.",
    )
    asked: str = Field(min_length=1, description="What the guide asks, in its words.")
    instead: str = Field(min_length=1, description="What the stack gives instead.")
    reason: str = Field(min_length=1, description="Why the ask itself is not planned.")


class App(Model):
    """`stackyard:app`: the application this stack deploys."""

    name: str = Field(
        min_length=2,
        max_length=40,
        pattern=NAME_PATTERN,
        description="Lowercase letters, digits, hyphens; 2-40.",
    )
    name_suffix: str | None = Field(
        default=None,
        max_length=40,
        pattern=NAME_SUFFIX_PATTERN,
        description="Appended to name in the physical names of the cloud resources (<name>-<suffix>-db, "
        "<name>-<suffix>-api …), so that two stacks of the app (staging and prod) can share an account or "
        "project. Lowercase letters, digits, hyphens; at most 40. Default: the Pulumi stack name "
        '(shopfront-prod-db). "" pins the names of a stack deployed before this key existed (release 0.2: '
        "<name>-db …): set it before upgrading such a stack, since a new name replaces the database, cache "
        "and buckets. Logical names (URNs) never change.",
    )
    domain: str | None = Field(
        default=None,
        max_length=253,
        pattern=HOSTNAME_PATTERN,
        description="DNS name of the app (the site); public services get <service>.<domain>. Default none.",
    )
    hosted_zone_id: str | None = Field(
        default=None,
        description="DNS zone of the domain: a Route 53 zone id (aws; default: looked up by the domain's "
        "name) or a Cloud DNS managed zone name (gcp; default: no records, point the domain at the "
        "ipAddress output).",
    )
    network: Network = Field(default=Network(), description="The private network.")
    runtime: Literal["managed", "kubernetes"] = Field(
        default="managed",
        description="Where services run: managed (ECS Fargate on aws, Cloud Run on gcp) or kubernetes. "
        "Default managed.",
    )
    kubernetes: Kubernetes | None = Field(
        default=None,
        description="The cluster, with runtime kubernetes. Default: a created cluster, defaults below.",
    )
    database: Database | None = Field(
        default=None, description="A managed PostgreSQL database. Default none."
    )
    cache: Cache | None = Field(default=None, description="A managed Redis-compatible cache. Default none.")
    buckets: dict[Annotated[str, Field(pattern=NAME_PATTERN, max_length=20)], BucketSpec] = Field(
        default={}, description="Private buckets by name (lowercase, up to 20 characters)."
    )
    services: dict[Annotated[str, Field(pattern=NAME_PATTERN, max_length=20)], Service] = Field(
        default={}, description="Containers by name: web services, workers and scheduled jobs."
    )
    site: Site | None = Field(
        default=None,
        description="The site behind the CDN: static files, or a server-rendered frontend (site.service). "
        "Default none.",
    )
    alarms: Alarms = Field(default=Alarms(), description="Alerting.")
    secrets: list[Annotated[str, Field(pattern=SECRET_NAME_PATTERN)]] = Field(
        default=[], description="Names of the secrets whose values are set in stackyard:secrets."
    )
    stand_ins: list[DeclaredStandIn] = Field(
        default=[],
        description="What this stack gives instead of something its application's guide asks and no stack "
        "key can express (e.g. an outside uptime service): shown by stackyard plan and pulumi up with the "
        "computed stand-ins. Default none.",
    )


class StackConfig(Model):
    """The whole validated configuration of one stack."""

    cloud: Literal["aws", "gcp"]
    environment: Literal["staging", "prod"]
    app: App
    region: str = Field(description="aws:region or gcp:region.")
    project: str | None = Field(default=None, description="gcp:project (GCP only).")

    @property
    def is_prod(self) -> bool:
        return self.environment == "prod"


def name_suffix(app: App, stack: str) -> str:
    """`app.name_suffix`, or by default the Pulumi stack's name made lowercase letters, digits and hyphens."""
    if app.name_suffix is not None:
        return app.name_suffix
    return re.sub(r"[^a-z0-9]+", "-", stack.lower()).strip("-")


def physical_base(app: App, stack: str) -> str:
    """The base of the stack's physical names (every component's `physical_name` starts with it):
    `<app.name>-<suffix>` (`name_suffix`), shortened with a hash past 63 characters; `app.name` itself when
    the suffix is "" (the pin on the names of release 0.2)."""
    suffix = name_suffix(app, stack)
    return physical_name(f"{app.name}-{suffix}", MAX_PHYSICAL_BASE) if suffix else app.name


def names_pinned(app: App) -> bool:
    """Whether `app.name_suffix` is "": the stack keeps the physical names of release 0.2."""
    return app.name_suffix == ""


def public_host(config: StackConfig, name: str, service: WebService) -> str:
    """The hostname a public service is served on: its `host`, or `<service>.<app.domain>`."""
    return service.host or f"{name}.{config.app.domain}"


def uptime_targets(config: StackConfig) -> list[tuple[str, str, str]]:
    """What `alarms.uptime` checks, as (label, host, path): each public web service's health_path on its
    host, and the site's / on app.domain (a site without a domain is left to the caller). Labels are the
    service names, and "site" (or "site-cdn" when a service is called site)."""
    app = config.app
    targets = [
        (name, public_host(config, name, spec), spec.health_path)
        for name, spec in app.services.items()
        if isinstance(spec, WebService) and spec.public
    ]
    if app.site is not None and app.domain:
        label = "site-cdn" if "site" in app.services else "site"
        targets.append((label, app.domain, "/"))
    return targets


# ---------------------------------------------------------------------------------------------------------
# Loading


def load_stack_config(
    values: dict[str, Any], secret_keys: set[str] | frozenset[str] = frozenset()
) -> StackConfig:
    """Validate raw config `values` (full keys such as `stackyard:app`, values as Pulumi stores them:
    strings, JSON strings for objects, or already-parsed objects) and return the `StackConfig`.

    `secret_keys` names the keys that are stored as secrets. Raises `ConfigError` listing every problem.
    """
    problems: list[str] = []
    for key in values:
        if key.startswith(f"{NAMESPACE}:") and key not in STACKYARD_KEYS:
            problems.append(f"{key}: unknown key{_suggest(key, STACKYARD_KEYS)}")

    cloud = values.get(CLOUD_KEY)
    environment = values.get(ENVIRONMENT_KEY)
    app = _parse_object(values.get(APP_KEY), APP_KEY, problems)
    given = app  # as the stack file writes it, before the profile fills in its defaults
    if environment in ("staging", "prod") and isinstance(app, dict):
        # Cloud Run's and Fargate's own defaults do not apply to pods on a cluster.
        on_platform = isinstance(cloud, str) and app.get("runtime", "managed") == "managed"
        app = apply_profile(app, environment, cloud if on_platform else None)

    provider_keys = REQUIRED_PROVIDER_KEYS.get(cloud, ()) if isinstance(cloud, str) else ()
    for key in provider_keys:
        if not values.get(key):
            problems.append(
                f"{key}: required for stackyard:cloud {cloud}; set it with `pulumi config set {key} …`"
            )
    region_key = f"{cloud}:region"
    raw = {
        "cloud": cloud,
        "environment": environment,
        "app": app,
        "region": values.get(region_key) or "",
        "project": values.get("gcp:project") if cloud == "gcp" else None,
    }
    config: StackConfig | None = None
    try:
        config = StackConfig.model_validate({k: v for k, v in raw.items() if v is not None})
    except ValidationError as error:
        problems.extend(describe_validation_error(error))

    problems.extend(semantic_problems(cloud, app, values.get(region_key)))
    problems.extend(unused_key_problems(cloud, given))
    if config is not None:
        problems.extend(_secret_problems(config.app.secrets, values, secret_keys))
    if problems:
        raise ConfigError(problems)
    assert config is not None
    return config


def _parse_object(value: Any, key: str, problems: list[str]) -> Any:
    if isinstance(value, str):
        try:
            return json.loads(value)
        except json.JSONDecodeError:
            problems.append(f"{key}: must be a mapping (YAML object), got the text {value[:40]!r}")
            return None
    return value


def _secret_problems(
    names: list[str], values: dict[str, Any], secret_keys: set[str] | frozenset[str]
) -> list[str]:
    problems: list[str] = []
    given = _parse_object(values.get(SECRETS_KEY), SECRETS_KEY, problems)
    if given is None:
        given = {}
    if not isinstance(given, dict):
        return [f"{SECRETS_KEY}: must be a mapping of secret names to values"]
    if given and SECRETS_KEY not in secret_keys:
        problems.append(
            f"{SECRETS_KEY}: values are stored in plain text; set each with "
            "`pulumi config set --secret --path 'secrets.NAME' VALUE`"
        )
    for name in names:
        if name not in given:
            problems.append(
                f"{SECRETS_KEY}.{name}: no value for the secret declared in {APP_KEY}.secrets; set it with "
                f"`pulumi config set --secret --path 'secrets.{name}' VALUE`"
            )
    for name in given:
        if name not in names:
            problems.append(f"{SECRETS_KEY}.{name}: not declared in {APP_KEY}.secrets{_suggest(name, names)}")
    return problems


# ---------------------------------------------------------------------------------------------------------
# Rules that span several keys (pydantic checks each key on its own).


def semantic_problems(cloud: Any, app: Any, region: Any = None) -> list[str]:
    """Problems that involve more than one key, or depend on the cloud (and its `region`, when given).

    Works on the raw (profile-applied) `app` mapping, section by section, so that these problems are
    reported together with shape errors elsewhere: a misspelled key must not hide a bad Fargate size.
    """
    if not isinstance(app, dict):
        return []
    problems: list[str] = []
    network = _valid(Network, app.get("network"))
    pinned = network.availability_zones if network else None
    if network and pinned is not None and len(pinned) != network.zones:
        problems.append(
            f"{APP_KEY}.network.availability_zones: lists {len(pinned)} zones but network.zones is "
            f"{network.zones}; give exactly {network.zones} or drop one of the two keys"
        )
    if pinned is not None and len(set(pinned)) != len(pinned):
        problems.append(f"{APP_KEY}.network.availability_zones: zones must be distinct")

    if network and network.flow_log_retention_days not in RETENTION_DAYS:
        problems.append(
            f"{APP_KEY}.network.flow_log_retention_days: {network.flow_log_retention_days} is not a "
            f"CloudWatch retention; use one of {', '.join(str(d) for d in RETENTION_DAYS)}"
        )
    database = _valid(Database, app.get("database"))
    if database and database.max_storage_gb is not None and database.max_storage_gb < database.storage_gb:
        problems.append(
            f"{APP_KEY}.database.max_storage_gb: {database.max_storage_gb} is below storage_gb "
            f"({database.storage_gb})"
        )
    cache = _valid(Cache, app.get("cache"))
    if cache and cache.automatic_failover and cache.replicas < 1:
        problems.append(f"{APP_KEY}.cache.automatic_failover: needs cache.replicas of at least 1")
    if cache and "maxmemory-policy" in cache.parameters:
        problems.append(f"{APP_KEY}.cache.parameters.maxmemory-policy: set it with cache.eviction instead")
    if database and database.parameters.get("rds.force_ssl", "1") != "1":
        problems.append(
            f"{APP_KEY}.database.parameters.rds.force_ssl: TLS is always enforced; remove this parameter"
        )

    secrets = app.get("secrets")
    declared = {s for s in secrets if isinstance(s, str)} if isinstance(secrets, list) else set()
    services = app.get("services")
    valid_services = {
        name: service
        for name, raw in (services if isinstance(services, dict) else {}).items()
        if (service := _valid(_SERVICE_ADAPTER, raw)) is not None
    }
    problems.extend(runtime_problems(cloud, app, valid_services))
    on_platform = app.get("runtime", "managed") == "managed"
    for name, service in valid_services.items():
        path = f"{APP_KEY}.services.{name}"
        for index, secret in enumerate(service.secrets):
            if secret not in declared:
                problems.append(
                    f"{path}.secrets[{index}]: {secret} is not declared in {APP_KEY}.secrets"
                    f"{_suggest(secret, sorted(declared))}"
                )
        clash = sorted(set(service.secrets) & set(service.environment))
        if clash:
            problems.append(
                f"{path}.environment: {', '.join(clash)} is also a secret; keep it in secrets only"
            )
        if isinstance(service, (WebService, Worker)) and service.scale.min > service.scale.max:
            problems.append(f"{path}.scale.min: {service.scale.min} is above scale.max ({service.scale.max})")
        if on_platform:
            problems.extend(service_size_problems(cloud, path, service.cpu, service.memory_gb))
            problems.extend(service_cloud_problems(cloud, path, service))
        problems.extend(_service_wiring_problems(path, service, app))
        problems.extend(variable_problems(cloud, app, name, service, valid_services))
    problems.extend(_migration_problems(valid_services))
    site = _valid(Site, app.get("site"))
    if site and site.api_service is not None:
        target = _valid(
            _SERVICE_ADAPTER, (services if isinstance(services, dict) else {}).get(site.api_service)
        )
        if not (isinstance(target, WebService) and target.public):
            problems.append(
                f"{APP_KEY}.site.api_service: {site.api_service!r} is not a public web service of "
                f"{APP_KEY}.services"
            )
    alarms = _valid(Alarms, app.get("alarms"))
    problems.extend(alarm_cloud_problems(cloud, alarms))
    problems.extend(site_cloud_problems(cloud, site, app.get("domain")))
    problems.extend(site_problems(cloud, app, site, valid_services))
    problems.extend(data_cloud_problems(cloud, network, database, cache))
    problems.extend(data_sizing_problems(cloud, database, cache))
    sections = {"network": network, "database": database, "cache": cache, "site": site, "alarms": alarms}
    sections = {key: model for key, model in sections.items() if model is not None}
    sections["services"] = valid_services
    if isinstance(region, str) and region:
        sections["region"] = region  # what a rule about other regions compares with
    problems.extend(limitation_problems(cloud, app, sections))
    names = [alarm.name for alarm in alarms.custom] if alarms else []
    for duplicate in sorted({n for n in names if names.count(n) > 1}):
        problems.append(f"{APP_KEY}.alarms.custom: the name {duplicate!r} is used twice")
    return problems


def _service_wiring_problems(path: str, service: Any, app: dict[str, Any]) -> list[str]:
    """A service's references to the rest of the app: buckets, domain, deployment strategy, log retention."""
    problems = []
    given = app.get("buckets")
    buckets: dict[str, Any] = given if isinstance(given, dict) else {}
    for bucket in service.buckets:
        if bucket not in buckets:
            problems.append(
                f"{path}.buckets.{bucket}: not a bucket of {APP_KEY}.buckets{_suggest(bucket, list(buckets))}"
            )
    if service.log_retention_days not in RETENTION_DAYS:
        problems.append(
            f"{path}.log_retention_days: {service.log_retention_days} is not a CloudWatch retention; "
            f"use one of {', '.join(str(d) for d in RETENTION_DAYS)}"
        )
    if isinstance(service, WebService):
        if service.public and not app.get("domain"):
            problems.append(
                f"{path}.public: a public service is served over HTTPS and needs {APP_KEY}.domain for its "
                "certificate"
            )
        if service.deployment != "rolling" and not service.public:
            problems.append(
                f"{path}.deployment: {service.deployment} shifts load balancer traffic; it needs public: true"
            )
    return problems


def _migration_problems(services: dict[str, Any]) -> list[str]:
    """`migrate`: on a web service or worker (a scheduled job has no rollout to hold back), on one service
    of the app (two would run migrations of one schema side by side), its timeout only with it."""
    problems = []
    for name, service in services.items():
        path = f"{APP_KEY}.services.{name}"
        if service.migrate is not None and isinstance(service, Job):
            problems.append(
                f"{path}.migrate: a scheduled job has no rollout to hold back; put migrate on the web "
                "service or worker that owns the database schema"
            )
        if service.migrate is None and service.migrate_timeout_seconds is not None:
            problems.append(f"{path}.migrate_timeout_seconds: needs migrate; give migrate or remove it")
    migrating = sorted(n for n, s in services.items() if s.migrate is not None)
    if len(migrating) > 1:
        problems.append(
            f"{APP_KEY}.services: migrate is declared by {', '.join(migrating)}; declare it on one service "
            "only (the one that owns the schema): the app's other services roll after its migration, and "
            "two migrations of one database at once would race"
        )
    return problems


_SERVICE_ADAPTER: TypeAdapter[Any] = TypeAdapter(Service)


def _valid(model: type[BaseModel] | TypeAdapter[Any], raw: Any) -> Any:
    """`raw` validated by `model`, or None when it is absent or invalid (its errors are reported already)."""
    if raw is None:
        return None
    try:
        if isinstance(model, TypeAdapter):
            return model.validate_python(raw)
        return model.model_validate(raw)
    except ValidationError:
        return None


CRON_FIELDS = (
    ("minute", 0, 59),
    ("hour", 0, 23),
    ("day of month", 1, 31),
    ("month", 1, 12),
    ("day of week", 0, 7),
)
CRON_NAMES = {
    "month": ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"],
    "day of week": ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"],
}


def cron_problem(expression: str) -> str | None:
    """Why `expression` is not a 5-field cron expression (minute hour day-of-month month day-of-week),
    or None when it is one."""
    fields = expression.split()
    if len(fields) != 5:
        return (
            f"{expression!r} is not a cron expression; "
            "use 5 fields: minute hour day-of-month month day-of-week"
        )
    for text, (label, low, high) in zip(fields, CRON_FIELDS, strict=True):
        names = CRON_NAMES.get(label, [])
        for part in text.split(","):
            base, _, step = part.partition("/")
            if step and not step.isdigit():
                return f"{expression!r}: step {step!r} in the {label} field is not a number"
            if base == "*":
                continue
            for bound in base.split("-", 1):
                if bound.upper() in names:
                    continue
                if not bound.isdigit() or not low <= int(bound) <= high:
                    return f"{expression!r}: {bound!r} is not a valid {label} ({low}-{high})"
    return None


# ---------------------------------------------------------------------------------------------------------
# Turning pydantic's errors into one line per problem with the full key path.


def describe_validation_error(error: ValidationError) -> list[str]:
    lines = []
    for item in error.errors():
        path = _key_path(_strip_tags(item["loc"]))
        lines.append(f"{path}: {_describe(item, item['loc'])}")
    return lines


def _strip_tags(loc: tuple[Any, ...]) -> tuple[Any, ...]:
    """Drop the discriminator tag pydantic inserts after `services.<name>`."""
    out: list[Any] = []
    for index, part in enumerate(loc):
        if index >= 2 and loc[index - 2] == "services" and part in SERVICE_KINDS:
            continue
        if part == "[key]":  # pydantic's marker for an invalid mapping key; the key itself precedes it
            continue
        out.append(part)
    return tuple(out)


def _key_path(loc: tuple[Any, ...]) -> str:
    if not loc:
        return NAMESPACE
    head, *rest = loc
    text = {"region": "<cloud>:region", "project": "gcp:project"}.get(str(head), f"{NAMESPACE}:{head}")
    for part in rest:
        text += f"[{part}]" if isinstance(part, int) else f".{part}"
    return text


def _describe(item: Any, loc: tuple[Any, ...]) -> str:
    kind = item["type"]
    value = item.get("input")
    ctx = item.get("ctx", {})
    if kind == "extra_forbidden":
        key = str(loc[-1])
        kind_of_service = loc[-2] if len(loc) >= 4 and loc[-4] == "services" else None
        if kind_of_service in SERVICE_KINDS:
            owners = [k for k, model in SERVICE_KINDS.items() if key in model.model_fields]
            if owners:
                return (
                    f"unknown key for a {kind_of_service} service; {key!r} belongs to {' and '.join(owners)} "
                    "services (a web service has a port, a job has a schedule)"
                )
        return f"unknown key{_suggest(key, _allowed_keys(loc[:-1]))}"
    if kind == "missing":
        return "required key is missing"
    if kind in ("literal_error", "enum"):
        return f"{_show(value)} is not allowed; use one of {ctx.get('expected', '').replace(' or ', ', ')}"
    if kind == "value_error":
        return str(ctx.get("error", item["msg"]))
    if kind == "string_pattern_mismatch":
        return f"{_show(value)} is not allowed here; {_PATTERN_HELP.get(ctx.get('pattern'), 'see the docs')}"
    if kind == "union_tag_invalid":
        return "must be a mapping"
    if kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
        return f"{_show(value)} is out of range; it must be {_BOUNDS[kind]} {ctx.get(_BOUND_KEYS[kind])}"
    if kind.endswith("_type") or kind.endswith("_parsing"):
        return f"{_show(value)} has the wrong type; {item['msg'][0].lower()}{item['msg'][1:]}"
    return f"{_show(value)}: {item['msg']}"


_BOUNDS = {
    "greater_than_equal": "at least",
    "less_than_equal": "at most",
    "greater_than": "more than",
    "less_than": "less than",
}
_BOUND_KEYS = {"greater_than_equal": "ge", "less_than_equal": "le", "greater_than": "gt", "less_than": "lt"}

_PATTERN_HELP = {
    NAME_PATTERN: "use lowercase letters, digits and hyphens, starting with a letter",
    NAME_SUFFIX_PATTERN: 'use lowercase letters, digits and inner hyphens (e.g. eu1), or "" for 0.2 names',
    SECRET_NAME_PATTERN: "secret names are UPPER_CASE letters, digits and _",
    HOSTNAME_PATTERN: "use a lowercase DNS name such as app.example.com",
    r"^/": "a path starts with /",
    r"^\d+(\.\d+)?$": "use a version number such as 7.1",
}


def _show(value: Any) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return repr(value) if isinstance(value, str) else str(value)


def _suggest(word: str, choices: typing.Iterable[str]) -> str:
    choices = list(choices)
    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    if close:
        return f"; did you mean {close[0]!r}?"
    if choices:
        return f"; allowed: {', '.join(choices)}"
    return ""


def _allowed_keys(loc: tuple[Any, ...]) -> list[str]:
    """The field names allowed in the mapping at `loc`, walking the models from `StackConfig`."""
    annotation: Any = StackConfig
    for part in loc:
        annotation = _child_annotation(annotation, part)
        if annotation is None:
            return []
    model = _model_of(annotation)
    return list(model.model_fields) if model else []


def _child_annotation(annotation: Any, part: Any) -> Any:
    model = _model_of(annotation)
    if model is not None:
        field = model.model_fields.get(str(part))
        return field.annotation if field else None
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin is dict:
        return args[1]
    if origin is list:
        return args[0]
    if origin is Annotated:
        return _child_annotation(args[0], part)
    if origin in (Union, types.UnionType):
        if annotation == _SERVICE_UNION:
            return SERVICE_KINDS.get(str(part))
        for arg in args:
            if arg is not type(None):
                return _child_annotation(arg, part)
    return None


_SERVICE_UNION = typing.get_args(Service)[0]


def _model_of(annotation: Any) -> type[BaseModel] | None:
    if typing.get_origin(annotation) is Annotated:
        annotation = typing.get_args(annotation)[0]
    if typing.get_origin(annotation) in (Union, types.UnionType):
        members = [a for a in typing.get_args(annotation) if a is not type(None)]
        if len(members) == 1:
            return _model_of(members[0])
        return None
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    return None
