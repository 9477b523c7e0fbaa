"""The checks of `AlarmsArgs`, run before the component registers: each raises a ValueError that starts
"Alarms <argument>" and says what is allowed."""

import re
from typing import Any

from ...alarm_checks import fail as _fail
from ...alarm_checks import is_int as _is_int
from ...alarm_checks import is_number as _is_number
from ...alarm_checks import items as _items
from ...alarm_checks import number as _number
from ...alarm_checks import uptime_target as _uptime_target
from ...checks import check_bounds
from .alarm import COMPARISONS, PERIOD, STATISTICS  # noqa: F401 - importable from here as before
from .args import (  # noqa: F401 - what checks defined stays importable from here
    MAX_CACHE_NODES,
    MAX_EVALUATION_MINUTES,
    MAX_FAILURE_THRESHOLD,
    MAX_STORAGE_GB,
    REQUEST_INTERVALS,
    TREAT_MISSING_DATA,
    AlarmsArgs,
    CacheAlarmsArgs,
    CdnAlarmsArgs,
    CustomAlarmArgs,
    DatabaseAlarmsArgs,
    LoadBalancerAlarmsArgs,
    ServiceAlarmsArgs,
    TargetGroupAlarmArgs,
    UptimeCheckArgs,
)

MAX_RESOURCE_PATH = 255  # Route 53 HealthCheckConfig.ResourcePath
MAX_DIMENSIONS = 30
_PERCENTILE = re.compile(r"^p(100|\d{1,2}(\.\d{1,2})?)$")
_LABEL = re.compile(r"^[a-z](?:[a-z0-9-]{0,38}[a-z0-9])?$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_HTTPS = re.compile(r"^https://[^\s/?#]+\S*$")
_LABEL_RULE = "lowercase letters, digits and hyphens, at most 40, starting with a letter"


def _preset(argument: str, value: object, shape: type, what: str) -> dict[str, Any]:
    """`value` as a dict with only `shape`'s keys and all its required keys."""
    if not isinstance(value, dict):
        _fail(argument, value, f"a dict ({what})")
    allowed = list(shape.__annotations__)
    for key in value:
        if key not in allowed:
            raise ValueError(f"Alarms {argument} key {key!r} is not allowed; use one of {', '.join(allowed)}")
    for key in sorted(getattr(shape, "__required_keys__", ())):
        found = value.get(key)
        if found is None or found == "":
            raise ValueError(f"Alarms {argument}.{key} is required ({what})")
    return value


def _label(argument: str, value: object, seen: set[str]) -> None:
    if not isinstance(value, str) or not _LABEL.match(value):
        _fail(argument, value, _LABEL_RULE)
    if value in seen:
        raise ValueError(f"Alarms {argument} {value!r} is already used; use a unique name")
    seen.add(value)


def _arn_suffix(argument: str, value: object, kind: str, example: str) -> None:
    """A plain ARN suffix must look like "<kind>/<name>/<id>" (not a full ARN); an Output is not checked."""
    if isinstance(value, str) and not re.match(rf"^{kind}/[^/]+/[^/]+$", value):
        _fail(argument, value, f'the ARN suffix "{example}" (the `arn_suffix` output), not the full ARN')


def check_args(args: AlarmsArgs) -> None:
    _preset("args", args, AlarmsArgs, "see AlarmsArgs")
    check_bounds("Alarms", AlarmsArgs, args)
    seen: set[str] = set()
    for email in _items("emails", args.get("emails")):
        if not isinstance(email, str) or not _EMAIL.match(email):
            _fail("emails", email, "e-mail addresses such as ops@example.com")
        if email.lower() in seen:
            raise ValueError(f"Alarms emails {email!r} is listed twice; list each address once")
        seen.add(email.lower())
    for endpoint in _items("https_endpoints", args.get("https_endpoints")):
        if not isinstance(endpoint, str) or not _HTTPS.match(endpoint):
            _fail("https_endpoints", endpoint, "https:// URLs such as https://hooks.example.com/alarms")
        if endpoint in seen:
            raise ValueError(f"Alarms https_endpoints {endpoint!r} is listed twice; list each URL once")
        seen.add(endpoint)
    key = args.get("kms_key_arn")
    if isinstance(key, str) and (not key or key.endswith("alias/aws/sns")):
        _fail(
            "kms_key_arn",
            key,
            "a customer-managed key whose policy lets cloudwatch.amazonaws.com use it (CloudWatch cannot "
            "publish to a topic encrypted with the AWS-managed SNS key), or None for a new one",
        )
    tags = args.get("tags")
    if tags is not None and not (
        isinstance(tags, dict) and all(isinstance(k, str) and isinstance(v, str) for k, v in tags.items())
    ):
        _fail("tags", tags, "a dict of string keys and values")
    if args.get("load_balancer") is not None:
        _check_load_balancer(args.get("load_balancer"))
    labels: set[str] = set()
    for index, service in enumerate(_items("services", args.get("services"))):
        where = f"services[{index}]"
        _preset(where, service, ServiceAlarmsArgs, "name, cluster_name and service_name are required")
        _label(f"{where}.name", service["name"], labels)
    if args.get("database") is not None:
        _check_database(args.get("database"))
    if args.get("cache") is not None:
        _preset("cache", args.get("cache"), CacheAlarmsArgs, "replication_group_id is required")
    if args.get("cdn") is not None:
        _preset("cdn", args.get("cdn"), CdnAlarmsArgs, "distribution_id is required")
    labels = set()
    for index, check in enumerate(_items("uptime", args.get("uptime"))):
        _check_uptime(f"uptime[{index}]", check, labels)
    labels = set()
    for index, alarm in enumerate(_items("custom", args.get("custom"))):
        _check_custom(f"custom[{index}]", alarm, labels)


def _check_load_balancer(value: object) -> None:
    lb = _preset("load_balancer", value, LoadBalancerAlarmsArgs, "arn_suffix is required")
    _arn_suffix("load_balancer.arn_suffix", lb["arn_suffix"], "app", "app/<name>/<id>")
    labels: set[str] = set()
    for index, group in enumerate(_items("load_balancer.target_groups", lb.get("target_groups"))):
        where = f"load_balancer.target_groups[{index}]"
        _preset(where, group, TargetGroupAlarmArgs, "name and arn_suffix are required")
        _label(f"{where}.name", group["name"], labels)
        _arn_suffix(f"{where}.arn_suffix", group["arn_suffix"], "targetgroup", "targetgroup/<name>/<id>")


def _check_database(value: object) -> None:
    database = _preset(
        "database", value, DatabaseAlarmsArgs, "identifier and allocated_storage_gb are required"
    )
    free = database.get("free_storage_percent", 15)
    _number("database.free_storage_percent", free, 0, 100, above=True)
    if free == 100:
        _fail("database.free_storage_percent", free, "a number above 0 and below 100")
    replicas = _items("database.replica_identifiers", database.get("replica_identifiers"))
    for index, replica in enumerate(replicas):
        if replica is None or replica == "":
            _fail(f"database.replica_identifiers[{index}]", replica, "RDS instance identifiers")


def _check_uptime(where: str, value: object, labels: set[str]) -> None:
    check = _preset(where, value, UptimeCheckArgs, "name and host are required")
    _uptime_target(where, check, labels, MAX_RESOURCE_PATH)


def _check_custom(where: str, value: object, labels: set[str]) -> None:
    alarm = _preset(where, value, CustomAlarmArgs, "name, namespace, metric_name and threshold are required")
    _label(f"{where}.name", alarm["name"], labels)
    for text in ("namespace", "metric_name"):
        if not isinstance(alarm[text], str) or not 1 <= len(alarm[text]) <= 255:
            _fail(f"{where}.{text}", alarm[text], "a string of 1 to 255 characters")
    if not _is_number(alarm["threshold"]):
        _fail(f"{where}.threshold", alarm["threshold"], "a number")
    dimensions = alarm.get("dimensions") or {}
    if (
        not isinstance(dimensions, dict)
        or len(dimensions) > MAX_DIMENSIONS
        or not all(isinstance(k, str) and k and v is not None and v != "" for k, v in dimensions.items())
    ):
        _fail(f"{where}.dimensions", dimensions, f"a dict of at most {MAX_DIMENSIONS} name -> value pairs")
    statistic = alarm.get("statistic", "Average")
    if statistic not in STATISTICS and not (isinstance(statistic, str) and _PERCENTILE.match(statistic)):
        _fail(
            f"{where}.statistic",
            statistic,
            f"one of {', '.join(STATISTICS)} or a percentile p0 to p100 (p95)",
        )
    period = alarm.get("period_seconds", PERIOD)
    if not _is_int(period) or not (
        period in (10, 20, 30) or (period > 0 and period % 60 == 0 and period <= 86400)
    ):
        _fail(f"{where}.period_seconds", period, "10, 20, 30 or a multiple of 60 up to 86400")
    periods = alarm.get("evaluation_periods", 5)
    limit, span = (7 * 86400, "a week") if period >= 3600 else (86400, "a day")
    if not _is_int(periods) or periods < 1 or periods * period > limit:
        _fail(
            f"{where}.evaluation_periods",
            periods,
            f"1 to {limit // period} with period_seconds {period} (at most {span})",
        )
    datapoints = alarm.get("datapoints_to_alarm")
    if datapoints is not None:
        _number(f"{where}.datapoints_to_alarm", datapoints, 1, periods, integer=True)
    description = alarm.get("description")
    if description is not None and not (isinstance(description, str) and len(description) <= 1024):
        _fail(f"{where}.description", description, 'a string of at most 1024 characters ("" builds one)')
