"""Config rules that depend on the cloud: sizes each cloud accepts, and keys one cloud has no use for.

`stacks/config.py` validates the shape of every key; these functions see the validated sections and
return one problem per line, with the full key path, so a GCP stack that asks for a Fargate-only
setting is told so before anything is created.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from components.limits import CLOUD_RUN_WHOLE_CPUS, FARGATE_MEMORY_GB, cloud_run_size_problem

if TYPE_CHECKING:
    from .model import Alarms, Cache, Database, Network

APP = "stackyard:app"

# The config's t-shirt sizes. Any other value is taken as the cloud's own class / tier / node type.
NAMED_SIZES = ("micro", "small", "medium", "large", "xlarge")
GCP_DATABASE_TIER = re.compile(r"^db-(f1-micro|g1-small|custom-\d+-\d+)$")
# CloudWatch statistics the GCP alarms can express, as Cloud Monitoring aligners.
GCP_ALIGNERS = {
    "Average": "ALIGN_MEAN",
    "Sum": "ALIGN_SUM",
    "Maximum": "ALIGN_MAX",
    "Minimum": "ALIGN_MIN",
    "SampleCount": "ALIGN_COUNT",
    "p99": "ALIGN_PERCENTILE_99",
    "p95": "ALIGN_PERCENTILE_95",
    "p50": "ALIGN_PERCENTILE_50",
    "p05": "ALIGN_PERCENTILE_05",
}
# alarms.uptime_period_seconds per cloud: Route 53's request intervals (REQUEST_INTERVALS in
# components.aws.alarms) and Cloud Monitoring's uptime periods (UPTIME_PERIODS in components.gcp.alarms).
UPTIME_PERIODS = {"aws": (30, 10), "gcp": (60, 300, 600, 900)}


def service_size_problems(cloud: Any, path: str, cpu: float, memory_gb: float) -> list[str]:
    """`cpu` / `memory_gb` checked against Fargate's task sizes (aws) or Cloud Run's limits (gcp)."""
    if cloud == "gcp":
        problem = cloud_run_size_problem(cpu, memory_gb)
        return [f"{path}.{problem[0]}: {problem[1]} on Cloud Run"] if problem else []
    if cloud == "aws":
        return _fargate_problems(path, cpu, memory_gb)
    return []


def _fargate_problems(path: str, cpu: float, memory_gb: float) -> list[str]:
    if cpu not in FARGATE_MEMORY_GB:
        sizes = ", ".join(_number(c) for c in FARGATE_MEMORY_GB)
        return [f"{path}.cpu: {_number(cpu)} is not a Fargate size; use one of {sizes}"]
    allowed = FARGATE_MEMORY_GB[cpu]
    if memory_gb not in allowed:
        if len(allowed) > 4:
            step = allowed[1] - allowed[0]
            choices = f"{_number(allowed[0])} to {_number(allowed[-1])} in steps of {_number(step)}"
        else:
            choices = ", ".join(_number(m) for m in allowed)
        return [
            f"{path}.memory_gb: {_number(memory_gb)} does not fit {_number(cpu)} vCPU on Fargate; "
            f"use {choices}"
        ]
    return []


def service_cloud_problems(cloud: Any, path: str, service: Any) -> list[str]:
    """Service keys only one cloud offers."""
    problems = []
    deployment = getattr(service, "deployment", "rolling")
    stable_revision = getattr(service, "stable_revision", None)
    if cloud == "gcp":
        if service_kind_of(service) == "worker" and service.cpu not in CLOUD_RUN_WHOLE_CPUS:
            problems.append(
                f"{path}.cpu: {service.cpu:g} is not allowed for a worker on gcp: Cloud Run worker pools "
                f"take whole vCPUs; use one of {', '.join(str(c) for c in CLOUD_RUN_WHOLE_CPUS)}"
            )
        if service.architecture != "x86_64":
            problems.append(f"{path}.architecture: Cloud Run runs x86_64 images only")
        if service.health_check is not None:
            problems.append(
                f"{path}.health_check: Cloud Run probes are HTTP requests to health_path; remove it"
            )
        if deployment in ("blue_green", "linear"):
            problems.append(
                f"{path}.deployment: {deployment} is an ECS strategy; on gcp use rolling, or canary with "
                "stable_revision"
            )
    elif cloud == "aws" and stable_revision is not None:
        problems.append(f"{path}.stable_revision: a Cloud Run revision; on aws leave it out")
    if cloud == "aws" and service_kind_of(service) == "job":
        problems.extend(_eventbridge_schedule_problems(path, service.schedule))
    command = service.health_check.command if service.health_check is not None else None
    if cloud == "aws" and command is not None and command[0] not in ("CMD", "CMD-SHELL"):
        problems.append(
            f"{path}.health_check.command: {command} starts with neither CMD (a program and its arguments) "
            "nor CMD-SHELL (one shell command), e.g. [CMD, wget, -q, --spider, http://localhost:8000/health]"
        )
    elif cloud == "aws" and command is not None and command[0] == "CMD-SHELL" and len(command) != 2:
        problems.append(
            f"{path}.health_check.command: CMD-SHELL takes one shell command as a single string, e.g. "
            "[CMD-SHELL, curl -fsS http://localhost:8000/health || exit 1]"
        )
    return problems


def _eventbridge_schedule_problems(path: str, schedule: str) -> list[str]:
    """A job's schedule as EventBridge Scheduler takes it (ContainerService's own conversion, which refuses
    what EventBridge cannot express: a step in day-of-week, or both day fields restricted)."""
    from components.aws.container_service.cron import _aws_cron

    try:
        _aws_cron(schedule)
    except ValueError as error:
        reason = str(error).removeprefix("ContainerService schedule ")
        return [f"{path}.schedule: {reason} (on aws, EventBridge Scheduler starts the job)"]
    return []


def service_kind_of(service: Any) -> str:
    """ "web", "job" or "worker" for a validated service model."""
    if hasattr(service, "port"):
        return "web"
    return "job" if hasattr(service, "schedule") else "worker"


def data_cloud_problems(
    cloud: Any, network: Network | None, database: Database | None, cache: Cache | None
) -> list[str]:
    """Network, database and cache keys that the chosen cloud cannot honour."""
    problems = []
    if cloud == "gcp":
        if database and database.rds_managed_password:
            problems.append(
                f"{APP}.database.rds_managed_password: an RDS setting; on gcp the stack always generates the "
                "password, remove it"
            )
        if network and network.nat == "ec2":
            problems.append(
                f"{APP}.network.nat: ec2 is an AWS NAT instance; on gcp use single (Cloud NAT) or none"
            )
        if network and network.endpoints:
            problems.append(
                f"{APP}.network.endpoints: interface endpoints are AWS's; on gcp Private Google Access "
                "already reaches Google APIs privately, remove them"
            )
        if network and network.availability_zones:
            problems.append(f"{APP}.network.availability_zones: GCP subnets are regional; remove it")
        if database and database.size not in NAMED_SIZES and not GCP_DATABASE_TIER.match(database.size):
            problems.append(
                f"{APP}.database.size: {database.size!r} is not a Cloud SQL tier; use "
                f"{', '.join(NAMED_SIZES)}, db-f1-micro, db-g1-small or db-custom-<vCPUs>-<MiB>"
            )
        if cache and cache.engine != "redis":
            problems.append(f"{APP}.cache.engine: Memorystore for Redis runs redis; on gcp use redis")
        if cache and cache.version is not None:
            from components.gcp.redis import ENGINE_VERSIONS as MEMORYSTORE_VERSIONS

            if cache.version not in MEMORYSTORE_VERSIONS:
                problems.append(
                    f"{APP}.cache.version: {cache.version} is not a Memorystore for Redis version; use one "
                    f"of {', '.join(MEMORYSTORE_VERSIONS)}"
                )
        if cache and cache.size not in NAMED_SIZES and not cache.size.isdigit():
            problems.append(
                f"{APP}.cache.size: {cache.size!r} is not allowed on gcp; use {', '.join(NAMED_SIZES)} or "
                "the memory size in GB (e.g. 5)"
            )
    # cache.persistence aof: neither cloud has it; stacks/stand_ins.py says what stands in.
    return problems


def site_cloud_problems(cloud: Any, site: Any, domain: Any) -> list[str]:
    """On gcp the site is served by a load balancer with a Google-managed certificate for app.domain
    (CloudFront on aws has a default domain of its own)."""
    if cloud == "gcp" and site is not None and not domain:
        return [f"{APP}.site: on gcp the site is served at app.domain; set {APP}.domain"]
    return []


def alarm_cloud_problems(cloud: Any, alarms: Alarms | None) -> list[str]:
    """Custom alarms name a CloudWatch namespace on aws and a Cloud Monitoring metric type on gcp; on gcp
    alert policies notify email channels directly, so enabled alarms need an address (aws sends them to an
    SNS topic that can be subscribed to later). An uptime period is one the cloud's checker offers, and is
    refused while uptime checks are off rather than ignored."""
    problems: list[str] = []
    if cloud == "gcp" and alarms and alarms.enabled and not alarms.emails:
        problems.append(
            f"{APP}.alarms.emails: alarms are on (the prod profile turns them on, and so does an alarms "
            "section with settings) but nobody would be notified; add an address or set alarms.enabled: false"
        )
    period = alarms.uptime_period_seconds if alarms else None
    if alarms and period is not None:
        if not alarms.uptime:
            problems.append(
                f"{APP}.alarms.uptime_period_seconds: uptime checks are off (alarms.uptime; the staging "
                "profile turns them off); set alarms.uptime: true or remove this key"
            )
        allowed = UPTIME_PERIODS.get(cloud)
        if allowed and period not in allowed:
            checker = "Route 53 health checks" if cloud == "aws" else "Cloud Monitoring uptime checks"
            problems.append(
                f"{APP}.alarms.uptime_period_seconds: {checker} request every "
                f"{' or '.join(map(str, allowed))} seconds, not {period}"
            )
    for index, alarm in enumerate(alarms.custom if alarms else []):
        path = f"{APP}.alarms.custom[{index}]"
        if cloud == "aws" and not alarm.namespace:
            problems.append(f"{path}.namespace: required on aws (the CloudWatch namespace, e.g. AWS/SQS)")
        if cloud == "gcp":
            if alarm.namespace:
                problems.append(
                    f"{path}.namespace: CloudWatch only; on gcp put the full metric type in metric"
                )
            if "/" not in alarm.metric:
                problems.append(
                    f"{path}.metric: {alarm.metric!r} is not a Cloud Monitoring metric type such as "
                    "custom.googleapis.com/queue/pending"
                )
            if alarm.statistic not in GCP_ALIGNERS:
                problems.append(
                    f"{path}.statistic: {alarm.statistic} has no Cloud Monitoring aligner; use one of "
                    f"{', '.join(GCP_ALIGNERS)}"
                )
    return problems


def _number(value: float) -> str:
    return f"{value:g}"
