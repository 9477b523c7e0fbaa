"""What `Alarms` (components/gcp/alarms.py) watches: the Cloud Monitoring filters, aggregations and thresholds
of its presets, the dashboard's charts, and the checks of its arguments.

Metric types, monitored-resource labels and value units come from Google's metric list
(https://cloud.google.com/monitoring/api/metrics_gcp): Cloud Run `request_count` (DELTA INT64, label
`response_code_class` "2xx" … "5xx") and `request_latencies` (DELTA DISTRIBUTION, milliseconds), and
`container/cpu/utilizations` and `container/memory/utilizations` (DELTA DISTRIBUTION of per-instance
utilization samples, a fraction 0-1) on `cloud_run_revision`; Cloud SQL `cpu/utilization` and
`disk/utilization` (GAUGE DOUBLE, a fraction 0-1) and `postgresql/num_backends` (GAUGE INT64, one series per
database) on `cloudsql_database`, whose `database_id` label is "<project>:<instance>"; Memorystore
`stats/memory/usage_ratio` (GAUGE DOUBLE 0-1, one series per node) on `redis_instance`, whose `instance_id`
label is the full name "projects/<project>/locations/<region>/instances/<id>"; uptime checks'
`monitoring.googleapis.com/uptime_check/check_passed` (GAUGE BOOL, one series per checker region, label
`check_id`) on `uptime_url`. Slow queries come from Cloud SQL's PostgreSQL log
(`projects/<project>/logs/cloudsql.googleapis.com%2Fpostgres.log`, one text entry per line, a slow statement
"… LOG:  duration: 1234.567 ms  statement: …") through a log-based counter metric, whose series keep the
log entries' `cloudsql_database` resource and labels.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

import pulumi
import pulumi_gcp as gcp

from ..alarm_checks import fail as _fail
from ..alarm_checks import is_int as _is_int
from ..alarm_checks import is_number as _is_number
from ..alarm_checks import items as _items
from ..alarm_checks import number as _number
from ..alarm_checks import percent as _percent
from ..alarm_checks import uptime_target as _uptime_target
from .alarm_args import (
    AlarmsArgs,
    AlarmsCache,
    AlarmsCustom,
    AlarmsDatabase,
    AlarmsService,
    AlarmsUptimeCheck,
)
from .labels import check_labels

MAX_EVALUATION_MINUTES = 1440  # our bound: a condition that must hold for more than a day is not an alarm
MAX_PERIOD_SECONDS = 90000  # Aggregation.alignmentPeriod: at least 60 s, at most 25 hours for alert policies
DISPLAY_NAME_LIMIT = 512  # AlertPolicy.displayName
MAX_FILTER = 2048  # MetricThreshold.filter
# MetricThreshold.comparison: the API accepts only COMPARISON_GT and COMPARISON_LT for metric-threshold
# conditions (the pulumi-gcp 10 schema and the API reference, projects.alertPolicies#MetricThreshold).
COMPARISONS = {">": "COMPARISON_GT", "<": "COMPARISON_LT"}
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

PERIOD = "60s"  # every preset aligns one-minute buckets
CLOUD_RUN = "cloud_run_revision"
REQUEST_COUNT = "run.googleapis.com/request_count"
REQUEST_LATENCIES = "run.googleapis.com/request_latencies"
RUN_CPU = "run.googleapis.com/container/cpu/utilizations"
RUN_MEMORY = "run.googleapis.com/container/memory/utilizations"
SQL_CPU = "cloudsql.googleapis.com/database/cpu/utilization"
SQL_DISK = "cloudsql.googleapis.com/database/disk/utilization"
SQL_BACKENDS = "cloudsql.googleapis.com/database/postgresql/num_backends"
REDIS_MEMORY = "redis.googleapis.com/stats/memory/usage_ratio"
UPTIME_PASSED = "monitoring.googleapis.com/uptime_check/check_passed"
USER_METRIC = "logging.googleapis.com/user/"
POSTGRES_LOG = "cloudsql.googleapis.com%2Fpostgres.log"
SLOW_QUERY_TEXT = "duration:"  # the text PostgreSQL starts a log_min_duration_statement line with
SLOW_QUERY_PERIOD = "300s"  # the threshold counts slow statements per 5 minutes
LOG_METRIC_NAME_LIMIT = 100  # LogMetric.name: at most 100 characters
UPTIME_PERIODS = (60, 300, 600, 900)  # UptimeCheckConfig.period, in seconds
MAX_UPTIME_TIMEOUT = 60  # UptimeCheckConfig.timeout: 1-60 s
MAX_UPTIME_PATH = 2048
# Google's recipe for an uptime check's alert policy (Cloud Monitoring, "Alerting policies for uptime
# checks"): each checker region's latest result (ALIGN_NEXT_OLDER over a window long enough to hold one),
# then the number of regions whose latest check failed (REDUCE_COUNT_FALSE); more than one failing region
# alarms, so one region's network trouble does not.
UPTIME_WINDOW = "1200s"
UPTIME_FAILING_REGIONS = 1
BY_SERVICE = "resource.label.service_name"
BY_DATABASE = "resource.label.database_id"
BY_REDIS = "resource.label.instance_id"
BY_CLASS = "metric.label.response_code_class"
BY_UPTIME_TARGET = "resource.label.*"

Aggregation = gcp.monitoring.AlertPolicyConditionConditionThresholdAggregationArgsDict


def aggregation(
    aligner: str, reducer: str | None = None, group_by: str | None = None, period: str = PERIOD
) -> Aggregation:
    """One aggregation step: align each series over `period`, then (optionally) reduce across series,
    keeping `group_by`."""
    step: Aggregation = {"alignment_period": period, "per_series_aligner": aligner}
    if reducer is not None:
        step["cross_series_reducer"] = reducer
        if group_by is not None:
            step["group_by_fields"] = [group_by]
    return step


# -- filters ------------------------------------------------------------------------------------------------


def run_filter(service: pulumi.Input[str], metric: str, extra: str = "") -> pulumi.Output[str]:
    """A Cloud Run service's time series of `metric` (the service name may be an unknown Output)."""
    return pulumi.Output.concat(
        f'resource.type="{CLOUD_RUN}" AND resource.labels.service_name="',
        service,
        f'" AND metric.type="{metric}"{extra}',
    )


def errors_filter(service: pulumi.Input[str]) -> pulumi.Output[str]:
    """The service's requests answered with a 5xx: the numerator of the error ratio."""
    return run_filter(service, REQUEST_COUNT, ' AND metric.labels.response_code_class="5xx"')


def sql_filter(database_id: pulumi.Input[str], metric: str) -> pulumi.Output[str]:
    return pulumi.Output.concat(
        'resource.type="cloudsql_database" AND resource.labels.database_id="',
        database_id,
        f'" AND metric.type="{metric}"',
    )


def redis_filter(instance: pulumi.Input[str]) -> pulumi.Output[str]:
    return pulumi.Output.concat(
        'resource.type="redis_instance" AND resource.labels.instance_id="',
        instance,
        f'" AND metric.type="{REDIS_MEMORY}"',
    )


def uptime_filter(check_id: pulumi.Input[str]) -> pulumi.Output[str]:
    """The results of one uptime check, one series per checker region."""
    return pulumi.Output.concat(
        f'metric.type="{UPTIME_PASSED}" AND resource.type="uptime_url" AND metric.labels.check_id="',
        check_id,
        '"',
    )


def slow_query_log_filter(project: pulumi.Input[str]) -> pulumi.Output[str]:
    """The slow-statement lines of every Cloud SQL for PostgreSQL instance of the project. The instance is
    picked by the alert policy (the metric's series keep the entries' `database_id`), so the metric needs
    nothing from the instance and exists well before the policy: Cloud Monitoring refuses a policy on a
    log-based metric created moments before ("Cannot find metric(s) … could take up to 10 minutes",
    github.com/hashicorp/terraform-provider-google/issues/11102)."""
    return pulumi.Output.concat(
        'resource.type="cloudsql_database" AND logName="projects/',
        project,
        f'/logs/{POSTGRES_LOG}" AND textPayload:"{SLOW_QUERY_TEXT}"',
    )


def slow_query_filter(metric_name: pulumi.Input[str], database_id: pulumi.Input[str]) -> pulumi.Output[str]:
    """The log-based metric's series of one instance."""
    return pulumi.Output.concat(
        f'metric.type="{USER_METRIC}',
        metric_name,
        '" AND resource.type="cloudsql_database" AND resource.labels.database_id="',
        database_id,
        '"',
    )


def custom_filter(metric_type: str, resource_type: str | None, labels: dict[str, str]) -> str:
    """`metric.type`, then the resource type and each metric label (sorted, so the text never changes)."""
    parts = [f'metric.type="{metric_type}"']
    if resource_type:
        parts.append(f'resource.type="{resource_type}"')
    parts += [f'metric.labels.{key}="{value}"' for key, value in sorted(labels.items())]
    return " AND ".join(parts)


def database_id(project: pulumi.Input[str], instance: pulumi.Input[str]) -> pulumi.Output[str]:
    """The `cloudsql_database` resource's `database_id` label: "<project>:<instance name>"."""
    return pulumi.Output.concat(project, ":", instance)


def redis_instance_name(
    instance: pulumi.Input[str], project: pulumi.Input[str], region: pulumi.Input[str]
) -> pulumi.Output[str]:
    """The `redis_instance` resource's `instance_id` label, the instance's full name: `instance` itself when
    it is already "projects/…/instances/<id>", else built from the project and region."""

    def full(values: list[Any]) -> str:
        given, project_id, location = (str(value) for value in values)
        if given.startswith("projects/"):
            return given
        return f"projects/{project_id}/locations/{location}/instances/{given}"

    return pulumi.Output.all(instance, project, region).apply(full)


# -- dashboard ----------------------------------------------------------------------------------------------

COLUMNS = 48  # the mosaic grid's width (1-48); two charts of 24 columns a row
TILE_WIDTH, TILE_HEIGHT = 24, 16


def dataset(
    filter_: pulumi.Input[str], step: Aggregation, legend: pulumi.Input[str] | None = None
) -> dict[str, Any]:
    """One line (or one line per group) of an XY chart. Camel-case keys: this is the dashboard's JSON."""
    period = step.get("alignment_period", PERIOD)
    aggregate: dict[str, Any] = {
        "alignmentPeriod": period,
        "perSeriesAligner": step.get("per_series_aligner"),
    }
    if "cross_series_reducer" in step:
        aggregate["crossSeriesReducer"] = step["cross_series_reducer"]
    if "group_by_fields" in step:
        aggregate["groupByFields"] = step["group_by_fields"]
    spec: dict[str, Any] = {
        "timeSeriesQuery": {"timeSeriesFilter": {"filter": filter_, "aggregation": aggregate}},
        # The API fills these in when left out, which shows as a diff on every `pulumi up`.
        "plotType": "LINE",
        "targetAxis": "Y1",
        "minAlignmentPeriod": period,
    }
    if legend is not None:
        spec["legendTemplate"] = legend
    return spec


def chart(
    title: str, datasets: list[dict[str, Any]], y_label: str, thresholds: list[float] | None = None
) -> dict[str, Any]:
    """An XY chart widget; `thresholds` are drawn as horizontal lines."""
    widget: dict[str, Any] = {
        "dataSets": datasets,
        "chartOptions": {"mode": "COLOR"},
        "yAxis": {"label": y_label, "scale": "LINEAR"},
    }
    if thresholds:
        widget["thresholds"] = [{"value": value, "targetAxis": "Y1"} for value in sorted(set(thresholds))]
    return {"title": title, "xyChart": widget}


def mosaic(display_name: str, widgets: list[dict[str, Any]], labels: dict[str, str]) -> dict[str, Any]:
    """The dashboard's JSON document: the widgets two to a row."""
    tiles = [
        {
            "xPos": (index % 2) * TILE_WIDTH,
            "yPos": (index // 2) * TILE_HEIGHT,
            "width": TILE_WIDTH,
            "height": TILE_HEIGHT,
            "widget": widget,
        }
        for index, widget in enumerate(widgets)
    ]
    return {
        "displayName": display_name,
        "mosaicLayout": {"columns": COLUMNS, "tiles": tiles},
        "labels": labels,
    }


# -- the presets' pieces, from the arguments -----------------------------------------------------------


def duration(minutes: int) -> str:
    return f"{minutes * 60}s"


def minutes_text(minutes: int) -> str:
    return f"{minutes} minute{'s' if minutes != 1 else ''}"


def service_label(index: int, service: AlarmsService) -> str:
    label = service.get("label")
    if label:
        return label
    name = service["name"]
    return name if isinstance(name, str) else f"service-{index}"


def custom_alarm_filter(alarm: AlarmsCustom) -> str:
    return custom_filter(alarm["metric_type"], alarm.get("resource_type"), dict(alarm.get("labels") or {}))


# -- dashboard ----------------------------------------------------------------------------------------------


def service_widgets(services: list[AlarmsService]) -> list[dict[str, Any]]:
    by_class = aggregation("ALIGN_RATE", "REDUCE_SUM", BY_CLASS)
    p95 = aggregation("ALIGN_DELTA", "REDUCE_PERCENTILE_95", BY_SERVICE)
    requests = [
        dataset(
            run_filter(s["name"], REQUEST_COUNT),
            by_class,
            pulumi.Output.concat(s["name"], " ${metric.labels.response_code_class}"),
        )
        for s in services
    ]
    latencies = [dataset(run_filter(s["name"], REQUEST_LATENCIES), p95, s["name"]) for s in services]
    thresholds = [float(s.get("p95_latency_ms", 1000)) for s in services]
    busiest = utilization_aggregation()
    cpu = [dataset(run_filter(s["name"], RUN_CPU), busiest, s["name"]) for s in services]
    memory = [dataset(run_filter(s["name"], RUN_MEMORY), busiest, s["name"]) for s in services]
    return [
        chart("Requests per second by response class", requests, "requests/s"),
        chart("p95 latency (ms)", latencies, "ms", thresholds),
        chart(
            "Container CPU utilization (p99 of instances)",
            cpu,
            "ratio",
            [s.get("cpu_percent", 80) / 100 for s in services],
        ),
        chart(
            "Container memory utilization (p99 of instances)",
            memory,
            "ratio",
            [s.get("memory_percent", 80) / 100 for s in services],
        ),
    ]


def utilization_aggregation() -> Aggregation:
    """Cloud Run's container CPU and memory utilizations are distributions of per-instance samples, with no
    max aligner: ALIGN_PERCENTILE_99 takes, per revision and minute, the utilization 99 % of the samples stay
    under (the busiest instances, without one sample's spike), and REDUCE_MAX keeps the worst revision (two
    serve during a rollout). A mean would hide the one instance that runs out of memory and is killed, or
    that saturates its CPU, while the others idle: "memory > 80 %" is a per-instance limit."""
    return aggregation("ALIGN_PERCENTILE_99", "REDUCE_MAX", BY_SERVICE)


def database_widgets(
    database: AlarmsDatabase, database_id: pulumi.Output[str], slow_metric: pulumi.Output[str] | None = None
) -> list[dict[str, Any]]:
    mean = aggregation("ALIGN_MEAN")
    usage = [
        dataset(sql_filter(database_id, SQL_CPU), mean, "CPU"),
        dataset(sql_filter(database_id, SQL_DISK), mean, "disk"),
    ]
    connections = [
        dataset(
            sql_filter(database_id, SQL_BACKENDS),
            aggregation("ALIGN_MEAN", "REDUCE_SUM", BY_DATABASE),
            "connections",
        )
    ]
    max_connections = database.get("max_connections")
    limits = (
        [] if max_connections is None else [max_connections * database.get("connections_percent", 80) / 100]
    )
    ratios = [database.get("cpu_percent", 80) / 100, database.get("disk_percent", 85) / 100]
    widgets = [
        chart("Cloud SQL CPU and disk utilization", usage, "ratio", ratios),
        chart("Cloud SQL connections", connections, "connections", limits),
    ]
    if slow_metric is not None:
        slow = dataset(slow_query_filter(slow_metric, database_id), slow_query_aggregation(), "slow queries")
        threshold = database.get("slow_queries_per_5min")
        widgets.append(
            chart(
                "Slow queries per 5 minutes",
                [slow],
                "statements",
                [float(threshold)] if threshold is not None else None,
            )
        )
    return widgets


def slow_query_aggregation() -> Aggregation:
    """The slow statements of each 5 minutes, summed over the instance's series."""
    return aggregation("ALIGN_SUM", "REDUCE_SUM", BY_DATABASE, period=SLOW_QUERY_PERIOD)


def uptime_aggregation() -> Aggregation:
    return aggregation("ALIGN_NEXT_OLDER", "REDUCE_COUNT_FALSE", BY_UPTIME_TARGET, period=UPTIME_WINDOW)


def uptime_widget(checks: list[AlarmsUptimeCheck], check_ids: list[pulumi.Output[str]]) -> dict[str, Any]:
    failing = [
        dataset(uptime_filter(check_id), uptime_aggregation(), check["name"])
        for check, check_id in zip(checks, check_ids, strict=True)
    ]
    return chart("Uptime: checker regions failing", failing, "regions", [float(UPTIME_FAILING_REGIONS)])


def cache_widget(cache: AlarmsCache, instance: pulumi.Output[str]) -> dict[str, Any]:
    memory = dataset(
        redis_filter(instance),
        aggregation("ALIGN_MEAN", "REDUCE_MAX", BY_REDIS),
        "memory (fullest node)",
    )
    return chart("Memorystore memory usage", [memory], "ratio", [cache.get("memory_percent", 80) / 100])


def custom_widget(custom: list[AlarmsCustom]) -> dict[str, Any]:
    datasets = [
        dataset(
            custom_alarm_filter(alarm),
            aggregation(alarm.get("aligner", "ALIGN_MEAN"), period=f"{alarm.get('period_seconds', 60)}s"),
            alarm["name"],
        )
        for alarm in custom
    ]
    return chart("Custom metrics", datasets, "value")


# -- argument checks ----------------------------------------------------------------------------------------


def check(args: AlarmsArgs) -> None:
    """Every plain argument, before anything is registered."""
    if not isinstance(args, dict):
        _fail("args", args, "a dict (AlarmsArgs)")
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
    _percent(f"{where}.error_rate_percent", service.get("error_rate_percent", 5))
    _number(f"{where}.p95_latency_ms", service.get("p95_latency_ms", 1000), 1, None, integer=True)
    _percent(f"{where}.cpu_percent", service.get("cpu_percent", 80))
    _percent(f"{where}.memory_percent", service.get("memory_percent", 80))
    _evaluation(where, service, "evaluation_minutes")


def _check_database(value: object) -> None:
    database = _preset("database", value, AlarmsDatabase, "instance_name is required")
    instance = database["instance_name"]
    if isinstance(instance, str) and not _SQL_INSTANCE.match(instance):
        _fail(
            "database.instance_name",
            instance,
            "the Cloud SQL instance name (lowercase letters, digits and hyphens), not its connection name",
        )
    if database.get("max_connections") is not None:
        _number("database.max_connections", database["max_connections"], 1, None, integer=True)
    for key, default in (("cpu_percent", 80), ("disk_percent", 85), ("connections_percent", 80)):
        _percent(f"database.{key}", database.get(key, default))
    if database.get("slow_queries_per_5min") is not None:
        _number("database.slow_queries_per_5min", database["slow_queries_per_5min"], 0, None, integer=True)
    _evaluation("database", database, "evaluation_minutes")


def _check_uptime(where: str, value: object, labels: set[str]) -> None:
    check = _preset(where, value, AlarmsUptimeCheck, "name and host are required")
    _uptime_target(where, check, labels, MAX_UPTIME_PATH)
    period = check.get("period_seconds", 60)
    if not _is_int(period) or period not in UPTIME_PERIODS:
        _fail(f"{where}.period_seconds", period, f"one of {', '.join(map(str, UPTIME_PERIODS))}")
    _number(f"{where}.timeout_seconds", check.get("timeout_seconds", 10), 1, MAX_UPTIME_TIMEOUT, integer=True)
    _evaluation(where, check, "evaluation_minutes")


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
    _percent("cache.memory_percent", cache.get("memory_percent", 80))
    _evaluation("cache", cache, "evaluation_minutes")


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
    aligner = alarm.get("aligner", "ALIGN_MEAN")
    if aligner not in ALIGNERS:
        _fail(f"{where}.aligner", aligner, f"one of {', '.join(ALIGNERS)}")
    comparison = alarm.get("comparison", ">")
    if comparison not in COMPARISONS:
        _fail(
            f"{where}.comparison",
            comparison,
            "> or < (Cloud Monitoring threshold conditions have no >= or <=)",
        )
    period = alarm.get("period_seconds", 60)
    if not _is_int(period) or period < 60 or period > MAX_PERIOD_SECONDS or period % 60:
        _fail(f"{where}.period_seconds", period, f"a multiple of 60 from 60 to {MAX_PERIOD_SECONDS}")
    _evaluation(where, alarm, "minutes")
    description = alarm.get("description", "")
    if not isinstance(description, str) or len(description) > 10240:
        _fail(f"{where}.description", description, "markdown text of at most 10240 characters")
    severity = alarm.get("severity", "WARNING")
    if severity not in SEVERITIES:
        _fail(f"{where}.severity", severity, f"one of {', '.join(SEVERITIES)}")


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


def _evaluation(where: str, preset: dict[str, Any], key: str) -> None:
    _number(f"{where}.{key}", preset.get(key, 5), 1, MAX_EVALUATION_MINUTES, integer=True)
