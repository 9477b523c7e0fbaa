"""ECS: task definitions (secrets by reference, no host privileges, logs, a read-only root), services and
scheduled tasks in private subnets, clusters with Container Insights."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from ..model import ADVISORY, MANDATORY, Resource, Rule, rule, stack_rule
from .helpers import _items, _join, _json, _mapping, _raw, _unknown
from .iam import ROLE

RULES: list[Rule] = []


TASK_DEFINITION = "aws:ecs/taskDefinition:TaskDefinition"
ECS_SERVICE = "aws:ecs/service:Service"
ECS_CLUSTER = "aws:ecs/cluster:Cluster"
SCHEDULE = "aws:scheduler/schedule:Schedule"

# Environment variable names that hold a secret: a word that names one, unless the name ends with a word
# saying it is about the secret rather than the secret (REFRESH_TOKEN_EXPIRATION, DB_PASSWORD_SECRET_ARN).
_SECRET_WORDS = frozenset({"PASSWORD", "PASSWD", "PASSPHRASE", "SECRET", "TOKEN", "APIKEY", "CREDENTIALS"})
_SECRET_KEY_QUALIFIERS = frozenset(
    {"API", "SECRET", "PRIVATE", "ACCESS", "SIGNING", "ENCRYPTION", "MASTER", "AUTH", "LICENSE", "HMAC"}
)
_NOT_A_SECRET_SUFFIXES = frozenset(
    {
        "ARN", "ID", "NAME", "FILE", "PATH", "URL", "URI", "ENDPOINT", "HEADER", "TYPE", "ALGORITHM",
        "EXPIRATION", "EXPIRY", "EXPIRES", "TTL", "LIFETIME", "TIMEOUT", "LENGTH", "ISSUER", "AUDIENCE",
        "ENABLED", "REGION", "VERSION", "MODE", "HOST", "PORT", "USER", "USERNAME",
    }
)  # fmt: skip
_URL_WITH_PASSWORD = re.compile(r"://[^/\s:@]+:[^/\s@]+@")


def _containers(resource: Resource) -> list[Mapping[str, Any]] | None:
    """The container definitions (a JSON string input); None when unknown or unreadable."""
    parsed = _json(_raw(resource, "containerDefinitions"))
    if parsed is None:
        return None
    return [c for c in _items(parsed) if isinstance(c, Mapping)]


def _secret_like(name: str) -> bool:
    words = [w for w in re.split(r"[^A-Z0-9]+", name.upper()) if w]
    if not words or words[-1] in _NOT_A_SECRET_SUFFIXES:
        return False
    if any(w in _SECRET_WORDS for w in words):
        return True
    return any(w == "KEY" and i > 0 and words[i - 1] in _SECRET_KEY_QUALIFIERS for i, w in enumerate(words))


def _plain_secret(name: str, value: Any) -> str | None:
    if value == "[secret]":
        return f"environment {name} holds a secret value"
    if not isinstance(value, str) or not value or _unknown(value) or value.startswith("arn:"):
        return None
    if _URL_WITH_PASSWORD.search(value):
        return f"environment {name} is a URL with a password in it"
    if _secret_like(name):
        return f"environment {name} has a literal value"
    return None


@rule(
    "aws-ecs-no-plain-secrets",
    MANDATORY,
    [TASK_DEFINITION],
    "Secrets reach containers by reference (the task's `secrets`), never as plain text in the task "
    "definition, which any ecs:Describe* caller can read (cdk-nag ECS2).",
    "list the variable under services.<name>.secrets (or pass it with --secret) instead of environment",
    RULES,
)
def _ecs_no_plain_secrets(resource: Resource) -> str | None:
    if _raw(resource, "containerDefinitions") == "[secret]":
        return (
            "containerDefinitions is secret as a whole: a secret value was written into the task definition"
        )
    containers = _containers(resource)
    if containers is None:
        return None
    problems: list[str] = []
    for container in containers:
        for variable in _items(container.get("environment")):
            entry = _mapping(variable)
            name = entry.get("name")
            if isinstance(name, str):
                problem = _plain_secret(name, entry.get("value"))
                if problem:
                    problems.append(f"container {container.get('name')}: {problem}")
    return _join(problems)


@rule(
    "aws-ecs-not-privileged",
    MANDATORY,
    [TASK_DEFINITION],
    "A container must not get the host's privileges or PID namespace (checkov CKV_AWS_334/335).",
    "remove privileged: true and pidMode: host from the task definition",
    RULES,
)
def _ecs_not_privileged(resource: Resource) -> str | None:
    problems = ["pidMode is host"] if _raw(resource, "pidMode") == "host" else []
    problems += [
        f"container {c.get('name')} is privileged"
        for c in _containers(resource) or []
        if c.get("privileged") is True
    ]
    return _join(problems)


@rule(
    "aws-ecs-logging",
    MANDATORY,
    [TASK_DEFINITION],
    "Every container's output must be collected, for debugging and incident response (cdk-nag ECS7).",
    "give every container a logConfiguration (ContainerService sends logs to a CloudWatch log group)",
    RULES,
)
def _ecs_logging(resource: Resource) -> str | None:
    return _join(
        f"container {c.get('name')} has no logConfiguration"
        for c in _containers(resource) or []
        if not _mapping(c.get("logConfiguration")).get("logDriver")
    )


@rule(
    "aws-ecs-read-only-root",
    ADVISORY,
    [TASK_DEFINITION],
    "A read-only root filesystem stops an attacker from changing the image's files (checkov CKV_AWS_336).",
    "set services.<name>.read_only_root_filesystem: true (the default; /tmp stays writable)",
    RULES,
)
def _ecs_read_only(resource: Resource) -> str | None:
    return _join(
        f"container {c.get('name')} has a writable root filesystem"
        for c in _containers(resource) or []
        if c.get("readonlyRootFilesystem") is not True
    )


@rule(
    "aws-ecs-no-public-ip",
    MANDATORY,
    [ECS_SERVICE, SCHEDULE],
    "Tasks run in private subnets and are reached through the load balancer only (checkov CKV_AWS_333).",
    "set assignPublicIp: false and use private subnets with NAT or VPC endpoints (ContainerService does)",
    RULES,
)
def _ecs_no_public_ip(resource: Resource) -> str | None:
    path = (
        "target.ecsParameters.networkConfiguration.assignPublicIp"
        if resource.type == SCHEDULE
        else "networkConfiguration.assignPublicIp"
    )
    return "assignPublicIp is true" if _raw(resource, path) is True else None


@rule(
    "aws-ecs-container-insights",
    ADVISORY,
    [ECS_CLUSTER],
    "Container Insights gives per-task CPU, memory and network metrics (checkov CKV_AWS_65, cdk-nag ECS4).",
    "set the cluster setting containerInsights to enabled or enhanced (stackyard's cluster does)",
    RULES,
)
def _ecs_insights(resource: Resource) -> str | None:
    settings = _raw(resource, "settings")
    if _unknown(settings):
        return None
    for setting in _items(settings):
        entry = _mapping(setting)
        if entry.get("name") == "containerInsights":
            value = entry.get("value")
            return (
                None
                if value in ("enabled", "enhanced") or _unknown(value)
                else f"containerInsights is {value}"
            )
    return "containerInsights is not set"


@stack_rule(
    "aws-scheduler-cmk-prod",
    MANDATORY,
    (SCHEDULE, ROLE),
    "A production EventBridge Scheduler schedule (a scheduled job's, the cache's extra snapshots) is "
    "encrypted with a customer-managed KMS key, whose use can be audited and revoked, not AWS's own key "
    "(checkov CKV_AWS_297, issue #18).",
    "keep ContainerService encrypt_logs on (the prod profile does): the job's schedule uses the service's "
    "key; the cache's snapshot schedule uses the cache's",
    RULES,
)
def _schedule_cmk(resources: Sequence[Resource]) -> Iterator[tuple[Resource, str]]:
    # A schedule has no tags: it is a production one when the role it runs as (which it depends on) is.
    roles = {r.urn: r for r in resources if r.type == ROLE}
    for schedule in resources:
        if schedule.type != SCHEDULE:
            continue
        if not any(roles[urn].is_prod for urn in schedule.dependencies if urn in roles):
            continue
        key = _raw(schedule, "kmsKeyArn")
        if not key and not _unknown(key):
            yield schedule, "kmsKeyArn is not set: the schedule is encrypted with an AWS owned key"
