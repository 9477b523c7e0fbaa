"""`stackyard:app.services.<name>`: `WebService`, `Worker` and `Job` on their shared base (`_ServiceBase`),
with `Scale` and `HealthCheck`; `Service`, the union a service's keys choose a kind from
(`stacks.profiles.service_kind`), and `SERVICE_KINDS`."""

from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import Discriminator, Field, Tag, ValidationInfo, field_validator

from components.checks import command_list
from components.images import BOOTSTRAP_TAG
from components.limits import HEALTH_CHECK_TIMINGS

from ..profiles import service_kind
from ..variable_catalogue import field_description as variables_description
from .common import ENV_NAME_PATTERN, HOSTNAME_PATTERN, Model, cron_problem, http_path_problem


class Scale(Model):
    """How many copies of a service run."""

    min: int = Field(default=1, ge=0, le=1000, description="Fewest copies. Profile: see the table above.")
    max: int = Field(default=2, ge=1, le=1000, description="Most copies. Profile: see the table above.")
    cpu_percent: int = Field(default=70, ge=10, le=95, description="Target average CPU. Default 70.")
    memory_percent: int | None = Field(
        default=None, ge=10, le=95, description="Target average memory; off by default."
    )


def _least(key: str) -> int:
    """The least value ECS takes for a health check timing, as ContainerService declares it
    (`components.limits.HEALTH_CHECK_TIMINGS`)."""
    return HEALTH_CHECK_TIMINGS[key][2]


def _most(key: str) -> int:
    """The most ECS takes for a health check timing (`components.limits.HEALTH_CHECK_TIMINGS`)."""
    return HEALTH_CHECK_TIMINGS[key][3]


def _range(key: str) -> str:
    return f"{_least(key)}-{_most(key)}"


class HealthCheck(Model):
    """`services.<name>.health_check`: a container health check (aws: ECS's `healthCheck`, whose bounds
    these are; source: Amazon ECS API Reference, "HealthCheck")."""

    command: list[str] = Field(
        min_length=2,
        description="In Docker's form [CMD, program, args…] or [CMD-SHELL, command], e.g. [CMD, wget, -q, "
        "--spider, http://localhost:8000/health]; it exits 0 when healthy. Required.",
    )
    interval_seconds: int = Field(
        default=30,
        ge=_least("interval_seconds"),
        le=_most("interval_seconds"),
        description=f"Seconds between checks, {_range('interval_seconds')}. Default 30.",
    )
    timeout_seconds: int = Field(
        default=5,
        ge=_least("timeout_seconds"),
        le=_most("timeout_seconds"),
        description=f"Seconds a check may take before it fails, {_range('timeout_seconds')}. Default 5.",
    )
    retries: int = Field(
        default=3,
        ge=_least("retries"),
        le=_most("retries"),
        description="Failed checks in a row that make the container unhealthy, "
        f"{_range('retries')}. Default 3.",
    )
    start_period_seconds: int = Field(
        default=60,
        ge=_least("start_period_seconds"),
        le=_most("start_period_seconds"),
        description="Seconds after start during which failures do not count, "
        f"{_range('start_period_seconds')}. Default 60.",
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
