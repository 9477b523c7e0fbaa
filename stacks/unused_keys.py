"""Keys the stack file sets that its cloud, runtime or settings would not use: each refused with its key path
and what to do, so that nothing in a stack file is silently dropped.

Only what the stack file itself says is checked: `problems(cloud, given)` reads the `stackyard:app` mapping
as written, before the environment profile fills its defaults (the profiles set some keys, such as
`spot` for staging workers or `network.zones`, for every cloud; those are not the file's asks). A value that
is what the cloud does anyway is accepted (`spot: false` on Cloud Run, `log_retention_days: 30` where
Cloud Logging keeps 30 days).

Adding one is one `Rule` in `SERVICE_RULES` or `APP_RULES`: where it applies, the key, when the value is
refused, and the message.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .profiles import service_kind

APP = "stackyard:app"
# Cloud Logging's _Default bucket keeps logs 30 days (Cloud Logging, "Routing and storage overview").
CLOUD_LOGGING_DAYS = 30


@dataclass(frozen=True)
class Where:
    """The context of a key: the cloud, whether services run on the cloud's own platform, the section."""

    cloud: Any
    managed: bool
    section: dict[str, Any]
    """The mapping the key is in (a service's, the site's, the network's …), as the file gives it."""
    app: dict[str, Any]


@dataclass(frozen=True)
class Rule:
    key: str
    """The key within its section, dotted for a nested one (`scale.cpu_percent`)."""
    refused: Callable[[Where, Any], bool]
    """Whether the value the file gives is unused there."""
    message: str
    """What to say after the key path."""


def _on_gcp_managed(w: Where) -> bool:
    return w.cloud == "gcp" and w.managed


def _existing_cluster(w: Where) -> bool:
    kubernetes = w.app.get("kubernetes")
    return isinstance(kubernetes, dict) and kubernetes.get("cluster") == "existing"


def _rolling(w: Where) -> bool:
    return w.section.get("deployment", "rolling") == "rolling"


SERVICE_RULES: list[Rule] = [
    Rule(
        "spot",
        lambda w, v: v is True and (_on_gcp_managed(w) or not w.managed),
        "spare capacity is Fargate Spot (aws, runtime managed); Cloud Run and the kubernetes runtime do not "
        "offer it here, remove it",
    ),
    Rule(
        "read_only_root_filesystem",
        lambda w, v: (v is True and _on_gcp_managed(w)) or (v is False and not w.managed),
        "Cloud Run has no read-only root filesystem (its filesystem is in memory), and on kubernetes the "
        "root filesystem is always read-only with a writable /tmp; remove it",
    ),
    Rule(
        "architecture",
        lambda w, v: v != "x86_64" and not w.managed,
        "the pods run on the cluster's nodes, which the stack does not pick by architecture (ECS only); "
        "push a multi-architecture image and remove it",
    ),
    Rule(
        "log_retention_days",
        lambda w, v: (
            (w.cloud == "gcp" and v != CLOUD_LOGGING_DAYS)
            or (w.cloud == "aws" and not w.managed and _existing_cluster(w))
        ),
        "container logs are kept in CloudWatch Logs by ECS, or by the EKS cluster the stack creates (its "
        "CloudWatch Observability add-on); an existing cluster's logging is its own, and Cloud Logging "
        f"keeps them {CLOUD_LOGGING_DAYS} days; remove it",
    ),
    Rule(
        "image_tag",
        lambda w, v: w.section.get("image") is not None or not w.managed,
        "the tag deployed from the service's own registry repository, which a service with image (and every "
        "service on kubernetes) does not have; put the tag in image instead",
    ),
    Rule(
        "bake_minutes",
        lambda w, v: w.cloud != "aws" or not w.managed or _rolling(w),
        "minutes ECS watches each step of a blue_green, canary or linear deployment; Cloud Run, kubernetes "
        "and rolling deployments have no such step, remove it",
    ),
    Rule(
        "canary_percent",
        lambda w, v: (
            not (
                (w.cloud == "aws" and w.managed and w.section.get("deployment") in ("canary", "linear"))
                or (
                    _on_gcp_managed(w)
                    and w.section.get("deployment") == "canary"
                    and w.section.get("stable_revision")
                )
            )
        ),
        "only used by deployment canary or linear on ECS, or canary with stable_revision on Cloud Run; "
        "remove it or set the deployment",
    ),
    Rule(
        "scale.cpu_percent",
        lambda w, v: _on_gcp_managed(w),
        "Cloud Run scales on requests and CPU at its own targets, not on a CPU percentage; remove it",
    ),
    Rule(
        "scale.memory_percent",
        lambda w, v: _on_gcp_managed(w),
        "Cloud Run does not scale on memory; remove it",
    ),
]

APP_RULES: list[tuple[str, Rule]] = [
    (
        "network",
        Rule(
            "zones",
            lambda w, v: w.cloud == "gcp",
            "GCP subnets are regional and span every zone; remove it",
        ),
    ),
    (
        "network",
        Rule(
            "flow_log_retention_days",
            lambda w, v: w.cloud == "gcp" and v != CLOUD_LOGGING_DAYS,
            f"on gcp flow logs go to Cloud Logging, which keeps them {CLOUD_LOGGING_DAYS} days; remove it",
        ),
    ),
    (
        "cache",
        Rule(
            "snapshot_retention_days",
            lambda w, v: w.cloud == "gcp",
            "Memorystore for Redis keeps no series of snapshots to retain (set the period with "
            "snapshot_every_hours); remove it",
        ),
    ),
    (
        "database",
        Rule(
            "point_in_time_recovery",
            lambda w, v: w.cloud == "aws" and v is False,
            "RDS always keeps point-in-time recovery while it keeps automated backups (Amazon RDS User "
            'Guide, "Restoring a DB instance to a specified time"); remove it',
        ),
    ),
    (
        "site",
        Rule(
            "rate_limit",
            lambda w, v: not w.section.get("waf"),
            "the firewall's rate limit, which needs site.waf: true; set waf or remove it",
        ),
    ),
    (
        "site",
        Rule(
            "api_path",
            lambda w, v: not w.section.get("api_service"),
            "the path routed to site.api_service, which is not set; set api_service or remove it",
        ),
    ),
]


def problems(cloud: Any, given: Any) -> list[str]:
    """One line per key of `given` (the `stackyard:app` mapping as the stack file writes it) that the
    stack would not use."""
    if not isinstance(given, dict) or cloud not in ("aws", "gcp"):
        return []
    managed = given.get("runtime", "managed") == "managed"
    found: list[str] = []
    for section_key, rule in APP_RULES:
        section = given.get(section_key)
        if isinstance(section, dict):
            found += _check(rule, Where(cloud, managed, section, given), f"{APP}.{section_key}")
    services = given.get("services")
    for name, service in (services if isinstance(services, dict) else {}).items():
        if not isinstance(service, dict):
            continue
        where = Where(cloud, managed, service, given)
        for rule in SERVICE_RULES:
            if rule.key == "scale.cpu_percent" and service_kind(service) == "job":
                continue  # a job has no scale (the shape check reports it)
            found += _check(rule, where, f"{APP}.services.{name}")
    return found


def _check(rule: Rule, where: Where, path: str) -> list[str]:
    value: Any = where.section
    for part in rule.key.split("."):
        if not isinstance(value, dict) or part not in value:
            return []
        value = value[part]
    if not rule.refused(where, value):
        return []
    return [f"{path}.{rule.key}: {_show(value)} is not used here: {rule.message}"]


def _show(value: Any) -> str:
    return str(value).lower() if isinstance(value, bool) else str(value)
