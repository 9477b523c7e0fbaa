"""The stack configuration's model: pydantic models of every `stackyard:` key, with their defaults, bounds
and descriptions, declared once.

`stacks.config` reads a stack file into these models and runs the rules that span keys (`semantic_problems`);
the rule modules (`stacks.cloud_rules`, `stacks.data_sizing`, `stacks.variables` …) read the models' types
from here, never from `stacks.config`, so the imports run one way: model <- rules <- config.
"""

from __future__ import annotations

import ipaddress
import re
import types
import typing
from typing import Annotated, Any, ClassVar, Literal, Union
from urllib.parse import quote

from pydantic import (
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    Tag,
    ValidationInfo,
    field_validator,
    model_validator,
)

from components.alarm_checks import URL_PATH
from components.checks import command_list
from components.countries import country_problem
from components.cron import cron_fields
from components.images import BOOTSTRAP_TAG
from components.limits import MAXMEMORY_POLICIES, POSTGRES_MAJOR_VERSIONS, system_namespace
from components.naming import physical_name

from .profiles import service_kind
from .variable_catalogue import field_description as variables_description

NAMESPACE = "stackyard"
CLOUD_KEY = f"{NAMESPACE}:cloud"
ENVIRONMENT_KEY = f"{NAMESPACE}:environment"
APP_KEY = f"{NAMESPACE}:app"
SECRETS_KEY = f"{NAMESPACE}:secrets"
# Optional: ADVISORY findings of `stackyard check` the stack accepts, each with its reason (stacks/accept.py).
ACCEPT_KEY = f"{NAMESPACE}:accept"
STACKYARD_KEYS = (CLOUD_KEY, ENVIRONMENT_KEY, APP_KEY, SECRETS_KEY, ACCEPT_KEY)

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


# IPv4 ranges that cannot be a cloud network: "this network" (0.0.0.0/8), loopback (127.0.0.0/8),
# link-local (169.254.0.0/16, where the clouds serve instance metadata), multicast (224.0.0.0/4) and reserved
# (240.0.0.0/4, with the broadcast address). Sources: RFC 6890 (special-purpose address registry); Google
# Cloud VPC documentation, "Subnets", "Valid IPv4 ranges" (prohibited subnet ranges); Amazon VPC User Guide,
# "VPC CIDR blocks" (a VPC uses a private RFC 1918 range or a publicly routable one).
UNUSABLE_NETWORKS = (
    (ipaddress.IPv4Network("0.0.0.0/8"), "the 'this network' range (RFC 1122)"),
    (ipaddress.IPv4Network("127.0.0.0/8"), "the loopback range"),
    (ipaddress.IPv4Network("169.254.0.0/16"), "the link-local range (instance metadata lives there)"),
    (ipaddress.IPv4Network("224.0.0.0/4"), "the multicast range"),
    (ipaddress.IPv4Network("240.0.0.0/4"), "the reserved range (240.0.0.0/4, with the broadcast address)"),
)
# An HTTP path a load balancer or probe requests: the components' own rule (components.alarm_checks.URL_PATH:
# a leading /, no spaces, no fragment), in printable ASCII (a request line is ASCII: percent-encode the rest),
# at most 1024 characters (an ALB health check path's and a GCP URL map path's limit).
MAX_HTTP_PATH = 1024


def http_path_problem(value: str) -> str | None:
    """Why `value` cannot be an HTTP path a health check or probe requests, or None."""
    encoded = quote(value, safe="/:@!$&'()*+,;=-._~%?")
    if not value.isascii() or not value.isprintable():
        return f"{value!r} is not printable ASCII; percent-encode the other characters, e.g. {encoded}"
    if not URL_PATH.match(value):
        if not value.startswith("/"):
            return f"{value!r} is not an HTTP path; a path starts with /"
        return f"{value!r} holds a space or #, which an HTTP path cannot; percent-encode it: {encoded}"
    if len(value) > MAX_HTTP_PATH:
        return f"the path has {len(value)} characters; the load balancers take at most {MAX_HTTP_PATH}"
    return None


def distinct(values: list[Any]) -> list[Any]:
    """`values`, refused when one is listed twice (a second copy would be dropped, or make a second resource
    of the same name)."""
    twice = sorted({str(v) for v in values if values.count(v) > 1})
    if twice:
        raise ValueError(f"{', '.join(twice)} listed twice; list each once")
    return values


def _scalar_kinds(annotation: Any) -> set[Any]:
    """The scalar types (bool, int, float, str, None) a field's annotation admits; `object` for anything else
    (a model, a list, a mapping), about which this says nothing."""
    origin = typing.get_origin(annotation)
    if origin is Annotated:
        return _scalar_kinds(typing.get_args(annotation)[0])
    if origin in (Union, types.UnionType):
        return set().union(*(_scalar_kinds(arg) for arg in typing.get_args(annotation)))
    if origin is Literal:
        return {type(value) for value in typing.get_args(annotation)}
    if annotation in (bool, int, float, str, type(None)):
        return {annotation}
    return {object}


class Model(BaseModel):
    """Base of every config model: unknown keys are errors, instances are immutable."""

    # Numbers are accepted where text is expected: `version: 16` and `image_tag: 1.2` mean what they say.
    model_config = ConfigDict(extra="forbid", frozen=True, coerce_numbers_to_str=True)
    DISTINCT: ClassVar[tuple[str, ...]] = ()
    """The list fields whose items must differ."""

    @field_validator("*")
    @classmethod
    def _distinct_items(cls, value: Any, info: ValidationInfo) -> Any:
        return distinct(value) if info.field_name in cls.DISTINCT and isinstance(value, list) else value

    @field_validator("*", mode="before")
    @classmethod
    def _booleans_are_not_numbers(cls, value: Any, info: ValidationInfo) -> Any:
        """`port: true` is not port 1, and `public: 1` is not true: YAML's true and false go only where a
        boolean belongs, and numbers only where a number (or text) does."""
        if not isinstance(value, bool | int | float) or info.field_name is None:
            return value
        field = cls.model_fields.get(info.field_name)
        kinds = _scalar_kinds(field.annotation) if field is not None else {object}
        if object in kinds:
            return value
        numeric = bool(kinds & {int, float})
        if isinstance(value, bool) and bool not in kinds and numeric:
            raise ValueError(f"{str(value).lower()} is a boolean where a number belongs; give the number")
        if not isinstance(value, bool) and bool in kinds and not numeric and str not in kinds:
            raise ValueError(f"{value} is a number where a boolean belongs; use true or false")
        return value


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
        description="Days flow logs are kept (aws: a CloudWatch retention value). Profile: 14 / 365.",
    )

    DISTINCT = ("endpoints",)

    @field_validator("cidr")
    @classmethod
    def _cidr(cls, value: str) -> str:
        try:
            network = ipaddress.IPv4Network(value)
        except ValueError:
            raise ValueError(f"{value!r} is not an IPv4 CIDR block such as 10.0.0.0/16") from None
        if not 16 <= network.prefixlen <= 20:
            raise ValueError(f"{value} has prefix /{network.prefixlen}; use /16 to /20")
        for unusable, what in UNUSABLE_NETWORKS:
            if network.overlaps(unusable):
                raise ValueError(
                    f"{value} is in {what}, which cannot be a cloud network; use a private range such as "
                    "10.0.0.0/16, 172.16.0.0/16 or 192.168.0.0/16"
                )
        return str(network)


class Database(Model):
    """`stackyard:app.database`: a managed PostgreSQL instance."""

    DISTINCT = ("extensions",)

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

    DISTINCT = ("cors_origins",)

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

    @field_validator("command")
    @classmethod
    def _words(cls, value: list[str]) -> list[str]:
        if not all(value):
            raise ValueError(
                f"{value!r} has an empty word; e.g. [CMD, wget, -q, --spider, http://localhost/]"
            )
        return value


class _ServiceBase(Model):
    DISTINCT = ("secrets", "paths")

    image: str | None = Field(
        default=None, description="Container image; default: a registry repository per service."
    )
    image_tag: str = Field(
        default=BOOTSTRAP_TAG,
        pattern=r"^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$",
        description="Tag deployed from the service's repository (when image is not set). Default bootstrap: "
        "nothing pushed yet, so the first pulumi up needs no image (aws: the service runs 0 tasks, a job's "
        "schedule is off; gcp: Google's placeholder image runs) and migrate does not run.",
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
        "Default 30; profile: 30 / 365.",
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

    @field_validator("image")
    @classmethod
    def _image_reference(cls, value: str | None) -> str | None:
        if value is not None and (not value.strip() or any(c.isspace() for c in value)):
            raise ValueError(
                f"{value!r} is not an image reference such as ghcr.io/shop/api:1.4.2 (no spaces)"
            )
        return value

    @field_validator("command", "entrypoint")
    @classmethod
    def _command_words(cls, value: list[str] | None, info: ValidationInfo) -> list[str] | None:
        """A non-empty list of non-empty words, as every ContainerService takes it (components.checks)."""
        try:
            return command_list("", str(info.field_name), value)
        except ValueError:
            raise ValueError(
                f"{value!r} is not a command; give a non-empty list of non-empty words, e.g. [celery, worker]"
            ) from None

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

    @field_validator("health_path", "readiness_path")
    @classmethod
    def _http_path(cls, value: str | None) -> str | None:
        problem = http_path_problem(value) if value is not None else None
        if problem:
            raise ValueError(problem)
        return value

    @field_validator("paths")
    @classmethod
    def _http_paths(cls, value: list[str]) -> list[str]:
        for pattern in value:
            if problem := http_path_problem(pattern):
                raise ValueError(problem)
        return value


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


class GeoRestriction(Model):
    """`site.geo_restriction`: which countries may see the site, by the viewer's IP address."""

    DISTINCT = ("countries",)

    mode: Literal["allow", "block"] = Field(
        description="allow: only these countries; block: every country but these. Required."
    )
    countries: list[str] = Field(
        min_length=1,
        description="ISO 3166-1 alpha-2 country codes, e.g. [US, CA] (quote NO: YAML reads it as false). "
        "Required.",
    )

    @field_validator("countries", mode="before")
    @classmethod
    def _codes(cls, value: Any) -> Any:
        if isinstance(value, list):
            for code in value:
                if code is False:
                    raise ValueError("false is not a country code; YAML reads NO (Norway) as false: quote it")
                if problem := country_problem(code):
                    raise ValueError(problem)
        return value


class FailoverBucket(Model):
    """`site.failover_bucket` (aws): an existing copy of the site's files in another region."""

    name: str = Field(
        pattern=r"^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$", description="The bucket's name. Required."
    )
    region: str = Field(
        pattern=r"^[a-z]{2}(-[a-z]+)+-\d+$", description="Its AWS region, e.g. us-west-2. Required."
    )


class Site(Model):
    """`stackyard:app.site`: the site the CDN serves at `app.domain`: a static site from a bucket, or a
    running web service (`service`, e.g. a server-rendered Next.js frontend)."""

    DISTINCT = ("static_paths",)

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
    waf_verbose_logging: bool = Field(
        default=False,
        description="gcp: Cloud Armor's verbose request logging (with waf, and in prod, which always has "
        "it): which part of a request matched a WAF rule (may log request content), for tuning rules. aws: "
        "not offered (the WAF logs already name the matching rule). Default false.",
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
    geo_restriction: GeoRestriction | None = Field(
        default=None,
        description="{mode: allow or block, countries: [US, CA]}: serve only these countries (allow) or "
        "every country but these (block), by the viewer's IP address (ISO 3166-1 alpha-2 codes; the "
        "others get 403). aws: CloudFront geo restriction, every path. gcp: block only, a Cloud Armor edge "
        "policy on the site's buckets and service (not the API under api_path). Default none: every country.",
    )
    failover_bucket: FailoverBucket | None = Field(
        default=None,
        description="aws, static site: an existing bucket ({name, region}) with a copy of the site that "
        "CloudFront reads when the site bucket fails (an origin group; status 500, 502, 503, 504). Deploy "
        "the site to it too, and add the stack output siteFailoverReadStatement to its bucket policy. gcp: "
        "not offered. Default none.",
    )

    @field_validator("api_path")
    @classmethod
    def _http_path(cls, value: str) -> str:
        if problem := http_path_problem(value):
            raise ValueError(problem)
        return value

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

    DISTINCT = ("emails",)

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
        description="Namespace of the app's objects, never default or kube-*. Default: "
        "<app.name>-<environment>.",
    )

    @field_validator("namespace")
    @classmethod
    def _not_a_system_namespace(cls, value: str | None) -> str | None:
        if value is not None and system_namespace(value):
            raise ValueError(
                f"{value} is the default or a system namespace; use the app's own, e.g. shop-prod"
            )
        return value

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
        networks: list[ipaddress.IPv4Network] = []
        for cidr in value:
            try:
                network = ipaddress.IPv4Network(cidr)
            except ValueError:
                raise ValueError(f"{cidr!r} is not an IPv4 CIDR block such as 203.0.113.0/24") from None
            if network.prefixlen == 0:
                raise ValueError(f"{cidr} opens the cluster's API to the internet; list your networks")
            for earlier in networks:
                if network == earlier:
                    raise ValueError(f"{cidr} is listed twice; list each network once")
                if network.overlaps(earlier):
                    wider, narrower = (
                        (earlier, network)
                        if earlier.prefixlen <= network.prefixlen
                        else (
                            network,
                            earlier,
                        )
                    )
                    raise ValueError(
                        f"{narrower} lies inside {wider}, also listed; list {wider} only (or only the "
                        "narrower network)"
                    )
            networks.append(network)
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

    DISTINCT = ("secrets",)

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
    hosted_zone: Literal["existing", "create"] = Field(
        default="existing",
        description="Where the DNS records of app.domain go. existing (default): a public zone you have, "
        "delegated at your registrar (aws: looked up by the domain's registrable name, or hosted_zone_id; "
        "gcp: the Cloud DNS zone hosted_zone_id, or no records). create: the stack creates a public zone "
        "named app.domain (a Route 53 hosted zone, a Cloud DNS managed zone), writes the records there and "
        "outputs its name servers (nameServers) to delegate at your registrar; runtime managed only. No "
        "custom domain: leave app.domain out (the site is then served at the CDN's own name; public "
        "services need a domain for their HTTPS certificate).",
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
    registry_encryption: Literal["cmek", "google"] | None = Field(
        default=None,
        description="gcp: how the services' Artifact Registry repositories are encrypted: cmek (a Cloud KMS "
        "key of the stack, rotated every 90 days) or google (Google-managed). Default: cmek in prod, google "
        "in staging. The key of a repository is fixed when it is created: on a stack whose repositories "
        "exist, cmek replaces each one and deletes its images (push them again before the next deploy); set "
        "google there to keep them. aws: not used.",
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

    @model_validator(mode="after")
    def _created_zone(self) -> App:
        """`hosted_zone: create` makes the zone of `domain`: it needs the domain, no `hosted_zone_id`, the
        managed runtime (the Kubernetes ingress takes an existing zone), and every public host in it."""
        if self.hosted_zone != "create":
            return self
        if not self.domain:
            raise ValueError("hosted_zone: create makes the public zone of app.domain; set app.domain")
        if self.hosted_zone_id:
            raise ValueError(
                "hosted_zone: create makes a zone, hosted_zone_id names an existing one; give one of them"
            )
        if self.runtime != "managed":
            raise ValueError(
                "hosted_zone: create is for runtime managed; with kubernetes create the zone yourself and "
                "give hosted_zone_id"
            )
        for name, spec in self.services.items():
            host = getattr(spec, "host", None)
            if host and host != self.domain and not host.endswith(f".{self.domain}"):
                raise ValueError(
                    f"services.{name}.host {host} is not in the zone {self.domain} that hosted_zone: create "
                    "makes; use a name in it, or an existing zone"
                )
        return self


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


def cron_problem(expression: str) -> str | None:
    """Why `expression` is not a 5-field cron expression (minute hour day-of-month month day-of-week, UTC)
    that both clouds' schedulers take, or None: the components' own check (`components.cron.cron_fields`).
    What only one cloud's scheduler refuses is checked with the cloud (`stacks.cloud_rules`)."""
    try:
        cron_fields("", expression)
    except ValueError as error:
        return (
            str(error).removeprefix(" schedule ").replace(" is not allowed", " is not a cron expression", 1)
        )
    return None
