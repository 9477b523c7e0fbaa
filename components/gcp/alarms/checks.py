"""The checks of `AlarmsArgs`, run before the component registers: each raises a ValueError that starts
"Alarms <argument>" and says what is allowed."""

import re
from collections.abc import Mapping
from typing import Any

from ...alarm_checks import PERCENT
from ...alarm_checks import fail as _fail
from ...alarm_checks import is_int as _is_int
from ...alarm_checks import is_number as _is_number
from ...alarm_checks import items as _items
from ...alarm_checks import uptime_target as _uptime_target
from ...bounds import Between, OneOf, bounds
from ...checks import check_bounds
from ..labels import check_labels
from .alarm import COMPARISONS
from .args import (
    AlarmsArgs,
    AlarmsCache,
    AlarmsCustom,
    AlarmsDatabase,
    AlarmsService,
    AlarmsUptimeCheck,
)
from .custom import custom_filter
from .services import service_label

MAX_EVALUATION_MINUTES = 1440  # our bound: a condition that must hold for more than a day is not an alarm
MAX_PERIOD_SECONDS = 90000  # Aggregation.alignmentPeriod: at least 60 s, at most 25 hours for alert policies
MAX_FILTER = 2048  # MetricThreshold.filter
ALIGNERS = (
    "ALIGN_MEAN",
    "ALIGN_SUM",
    "ALIGN_MAX",
    "ALIGN_MIN",
    "ALIGN_COUNT",
    "ALIGN_RATE",
    "ALIGN_PERCENTILE_99",
    "ALIGN_PERCENTILE_95",
    "ALIGN_PERCENTILE_50",
    "ALIGN_PERCENTILE_05",
)
SEVERITIES = ("CRITICAL", "ERROR", "WARNING")  # AlertPolicy.severity
UPTIME_PERIODS = (60, 300, 600, 900)  # UptimeCheckConfig.period, in seconds
MAX_UPTIME_TIMEOUT = 60  # UptimeCheckConfig.timeout: 1-60 s
MAX_UPTIME_PATH = 2048
_EMAIL = re.compile(r"^[^@\s\"]+@[^@\s\"]+\.[^@\s\"]+$")
_ID = re.compile(r"^[a-z](?:[a-z0-9-]{0,38}[a-z0-9])?$")
_ID_RULE = "lowercase letters, digits and hyphens, at most 40, starting with a letter"
_RUN_SERVICE = re.compile(r"^[a-z](?:[a-z0-9-]{0,47}[a-z0-9])?$")  # Cloud Run service names: at most 49
_SQL_INSTANCE = re.compile(r"^[a-z](?:[a-z0-9-]{0,96}[a-z0-9])?$")
_REDIS_ID = r"[a-z](?:[a-z0-9-]{0,38}[a-z0-9])?"  # Memorystore instance ids: at most 40
_REDIS = re.compile(rf"^(?:projects/[^/\s\"]+/locations/[a-z0-9-]+/instances/)?{_REDIS_ID}$")
_PROJECT = re.compile(r"^(?:[a-z0-9.-]+:)?[a-z][a-z0-9-]{4,28}[a-z0-9]$")
_REGION = re.compile(r"^[a-z]+-[a-z]+\d+$")
_METRIC_TYPE = re.compile(r"^[a-z][a-z0-9-]*(?:\.[a-z0-9-]+)+/[A-Za-z0-9_./-]+$")
_RESOURCE_TYPE = re.compile(r"^[a-z][a-z0-9_]*$")
_METRIC_LABEL = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,99}$")

# What each preset's arguments admit, checked before anything else (`components.bounds`), declared here
# beside the limits (args.py, which this module imports, holds the TypedDicts). The uptime `period_seconds`
# (whole seconds only) and the custom `period_seconds` (a multiple of 60) keep their own checks.
_MINUTES = Between(1, MAX_EVALUATION_MINUTES, what=f"a whole number from 1 to {MAX_EVALUATION_MINUTES}")
SERVICE_BOUNDS = bounds(
    AlarmsService,
    error_rate_percent=PERCENT,
    cpu_percent=PERCENT,
    memory_percent=PERCENT,
    p95_latency_ms=Between(1, what="a whole number of 1 or more"),
    evaluation_minutes=_MINUTES,
)
DATABASE_BOUNDS = bounds(
    AlarmsDatabase,
    cpu_percent=PERCENT,
    disk_percent=PERCENT,
    connections_percent=PERCENT,
    max_connections=Between(1, what="a whole number of 1 or more"),
    slow_queries_per_5min=Between(0, what="a whole number of 0 or more"),
    evaluation_minutes=_MINUTES,
)
CACHE_BOUNDS = bounds(AlarmsCache, memory_percent=PERCENT, evaluation_minutes=_MINUTES)
UPTIME_BOUNDS = bounds(
    AlarmsUptimeCheck,
    timeout_seconds=Between(1, MAX_UPTIME_TIMEOUT, what=f"a whole number from 1 to {MAX_UPTIME_TIMEOUT}"),
    evaluation_minutes=_MINUTES,
)
CUSTOM_BOUNDS = bounds(
    AlarmsCustom,
    aligner=OneOf(*ALIGNERS),
    comparison=OneOf(*COMPARISONS, what="> or < (Cloud Monitoring threshold conditions have no >= or <=)"),
    minutes=_MINUTES,
    severity=OneOf(*SEVERITIES),
)


def check_args(args: AlarmsArgs) -> None:
    """Every plain argument, before anything is registered."""
    if not isinstance(args, dict):
        _fail("args", args, "a dict (AlarmsArgs)")
    check_bounds("Alarms", AlarmsArgs, args)
    _keys("args", args, AlarmsArgs)
    emails = args.get("emails")
    if not emails:
        _fail("emails", emails, "a list of at least one e-mail address")
    seen: set[str] = set()
    for email in _items("emails", emails):
        if not isinstance(email, str) or not _EMAIL.match(email):
            _fail("emails", email, "e-mail addresses such as ops@example.com")
        if email.lower() in seen:
            raise ValueError(f"Alarms emails {email!r} is listed twice; list each address once")
        seen.add(email.lower())
    project = args.get("project")
    if isinstance(project, str) and not _PROJECT.match(project):
        _fail("project", project, "a project id (6-30 lowercase letters, digits and hyphens) or None")
    check_labels("Alarms", args.get("labels"))
    names: set[str] = set()
    labels: set[str] = set()
    for index, service in enumerate(_items("services", args.get("services")), start=1):
        _check_service(index, service, names, labels)
    if args.get("database") is not None:
        _check_database(args.get("database"))
    if args.get("cache") is not None:
        _check_cache(args.get("cache"))
    labels = set()
    for index, check in enumerate(_items("uptime", args.get("uptime"))):
        _check_uptime(f"uptime[{index}]", check, labels)
    labels = set()
    for index, alarm in enumerate(_items("custom", args.get("custom"))):
        _check_custom(f"custom[{index}]", alarm, labels)


def _check_service(index: int, value: object, names: set[str], labels: set[str]) -> None:
    where = f"services[{index - 1}]"
    service = _preset(where, value, AlarmsService, "name is required")
    name = service["name"]
    if isinstance(name, str):
        if not _RUN_SERVICE.match(name):
            _fail(
                f"{where}.name",
                name,
                "a Cloud Run service name (lowercase letters, digits and hyphens, <= 49)",
            )
        if name in names:
            raise ValueError(f"Alarms {where}.name {name!r} is already used; watch each service once")
        names.add(name)
    label = service.get("label")
    if label is not None and not (isinstance(label, str) and _ID.match(label)):
        _fail(f"{where}.label", label, _ID_RULE)
    key = service_label(index, service)  # type: ignore[arg-type]
    if key in labels:
        raise ValueError(f"Alarms {where}.label {key!r} is already used; give each service its own label")
    labels.add(key)


def _check_database(value: object) -> None:
    database = _preset("database", value, AlarmsDatabase, "instance_name is required")
    instance = database["instance_name"]
    if isinstance(instance, str) and not _SQL_INSTANCE.match(instance):
        _fail(
            "database.instance_name",
            instance,
            "the Cloud SQL instance name (lowercase letters, digits and hyphens), not its connection name",
        )


def _check_uptime(where: str, value: object, labels: set[str]) -> None:
    check = _preset(where, value, AlarmsUptimeCheck, "name and host are required")
    _uptime_target(where, check, labels, MAX_UPTIME_PATH)
    period = check.get("period_seconds", 60)
    if not _is_int(period) or period not in UPTIME_PERIODS:
        _fail(f"{where}.period_seconds", period, f"one of {', '.join(map(str, UPTIME_PERIODS))}")


def _check_cache(value: object) -> None:
    cache = _preset("cache", value, AlarmsCache, "instance_id is required")
    instance = cache["instance_id"]
    if isinstance(instance, str) and not _REDIS.match(instance):
        _fail(
            "cache.instance_id",
            instance,
            "projects/<project>/locations/<region>/instances/<id> or the instance id (lowercase letters, "
            "digits and hyphens, at most 40)",
        )
    region = cache.get("region")
    if isinstance(region, str) and not _REGION.match(region):
        _fail("cache.region", region, "a region such as us-central1, or None for the provider's region")


def _check_custom(where: str, value: object, labels: set[str]) -> None:
    alarm = _preset(where, value, AlarmsCustom, "name, metric_type and threshold are required")
    name = alarm["name"]
    if not isinstance(name, str) or not _ID.match(name):
        _fail(f"{where}.name", name, _ID_RULE)
    if name in labels:
        raise ValueError(f"Alarms {where}.name {name!r} is already used; give each custom alarm its own name")
    labels.add(name)
    metric = alarm["metric_type"]
    if not isinstance(metric, str) or not _METRIC_TYPE.match(metric):
        _fail(f"{where}.metric_type", metric, "a metric type such as custom.googleapis.com/queue/pending")
    resource = alarm.get("resource_type")
    if resource is not None and not (isinstance(resource, str) and _RESOURCE_TYPE.match(resource)):
        _fail(f"{where}.resource_type", resource, "a monitored resource type such as global, or None")
    filters = alarm.get("labels") or {}
    if not isinstance(filters, dict) or not all(
        isinstance(k, str) and _METRIC_LABEL.match(k) and isinstance(v, str) and _filter_value(v)
        for k, v in filters.items()
    ):
        _fail(f"{where}.labels", filters, 'a dict of metric label names to values (no " or \\)')
    if len(custom_filter(alarm["metric_type"], resource, filters)) > MAX_FILTER:
        _fail(
            f"{where}.labels",
            filters,
            f"fewer or shorter labels: the filter is at most {MAX_FILTER} characters",
        )
    if not _is_number(alarm["threshold"]):
        _fail(f"{where}.threshold", alarm["threshold"], "a number")
    period = alarm.get("period_seconds", 60)
    if not _is_int(period) or period < 60 or period > MAX_PERIOD_SECONDS or period % 60:
        _fail(f"{where}.period_seconds", period, f"a multiple of 60 from 60 to {MAX_PERIOD_SECONDS}")
    description = alarm.get("description", "")
    if not isinstance(description, str) or len(description) > 10240:
        _fail(f"{where}.description", description, "markdown text of at most 10240 characters")


def _filter_value(value: str) -> bool:
    """A label value that can stand between double quotes in a filter."""
    return bool(value) and '"' not in value and "\\" not in value


def _keys(argument: str, value: Mapping[str, object], shape: type) -> None:
    allowed = list(shape.__annotations__)
    for key in value:
        if key not in allowed:
            raise ValueError(f"Alarms {argument} key {key!r} is not allowed; use one of {', '.join(allowed)}")


def _preset(argument: str, value: object, shape: type, what: str) -> dict[str, Any]:
    """`value` as a dict with only `shape`'s keys and all its required keys."""
    if not isinstance(value, dict):
        _fail(argument, value, f"a dict ({what})")
    _keys(argument, value, shape)
    for key in sorted(getattr(shape, "__required_keys__", ())):
        found = value.get(key)
        if found is None or found == "":
            raise ValueError(f"Alarms {argument}.{key} is required ({what})")
    return value
