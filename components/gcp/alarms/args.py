"""The arguments of `Alarms`, each key with its type, default and meaning.

Their own module, so that the checks, the presets and the component read the same declarations without
importing each other. Import them from `components.gcp.alarms` as before.
"""

from typing import Required, TypedDict

import pulumi


class AlarmsService(TypedDict, total=False):
    name: Required[pulumi.Input[str]]
    """The Cloud Run service's name (e.g. `ContainerService.service_name`; an Output works). Required."""
    label: str | None
    """Short label of the service in the policies' Pulumi names (lowercase letters, digits and hyphens, at
    most 40), e.g. "api". Default None: `name` when it is a plain string, else "service-<position from 1>"
    (so reordering services whose names are Outputs replaces their policies)."""
    error_rate_percent: float
    """Share of the service's requests answered with a 5xx that alarms, in percent (above 0, at most 100).
    Default 5."""
    p95_latency_ms: int
    """95th percentile request latency that alarms, in milliseconds (1 or more). Default 1000."""
    cpu_percent: float
    """Container CPU utilization that alarms, in percent (above 0, at most 100): the 99th percentile of the
    service's instances (`container/cpu/utilizations`), the worst revision. Default 80."""
    memory_percent: float
    """Container memory utilization that alarms, in percent (above 0, at most 100), measured like
    `cpu_percent` (`container/memory/utilizations`); an instance that runs out of memory is killed.
    Default 80."""
    evaluation_minutes: int
    """How many minutes in a row a condition must hold before it alarms, 1-1440. Default 5."""


class AlarmsDatabase(TypedDict, total=False):
    instance_name: Required[pulumi.Input[str]]
    """The Cloud SQL instance's name (e.g. `ManagedPostgres.instance_name`), not its connection name.
    Required. `ManagedPostgres.alarm_target()` gives it, with `max_connections` read from the database."""
    max_connections: int | None
    """The database's `max_connections` (its `max_connections` flag, else Cloud SQL's default for the
    tier's memory, e.g. 50 on db-g1-small, 500 on 15 GB: `SHOW max_connections`), 1 or more. Default None:
    no connections alarm."""
    cpu_percent: float
    """CPU utilization that alarms, in percent (above 0, at most 100). Default 80."""
    disk_percent: float
    """Disk utilization that alarms, in percent (above 0, at most 100). Default 85."""
    connections_percent: float
    """Open connections (`num_backends`, all databases) that alarm, in percent of `max_connections` (above 0,
    at most 100). Default 80."""
    slow_queries_per_5min: int | None
    """Slow statements in 5 minutes above which it alarms (0 or more: 0 alarms on any): a log-based counter
    metric `<physical_name>-db-slow-queries` counts the "duration:" lines Cloud SQL writes to the
    `cloudsql.googleapis.com/postgres.log` log for each statement slower than `log_min_duration_statement`
    (1000 ms as `ManagedPostgres` sets it), and the policy watches this instance's series. Default None: no
    slow-query alarm."""
    evaluation_minutes: int
    """How many minutes in a row a condition must hold before it alarms, 1-1440. Default 5."""


class AlarmsCache(TypedDict, total=False):
    instance_id: Required[pulumi.Input[str]]
    """The Memorystore for Redis instance: its full name
    "projects/<project>/locations/<region>/instances/<id>" (`gcp.redis.Instance.id`) or its id alone (e.g.
    `RedisCache.instance_name`), completed with `project` and `region`. Required."""
    region: pulumi.Input[str] | None
    """Region of the instance, used when `instance_id` is an id alone. Default None: the provider's region."""
    memory_percent: float
    """Memory use (`usage_ratio` of `maxmemory`, the fullest node) that alarms, in percent (above 0, at most
    100). Default 80."""
    evaluation_minutes: int
    """How many minutes in a row a condition must hold before it alarms, 1-1440. Default 5."""


class AlarmsUptimeCheck(TypedDict, total=False):
    name: Required[str]
    """Label of the endpoint in the check's and policy's names (lowercase letters, digits and hyphens, at
    most 40), e.g. "api". Required."""
    host: Required[pulumi.Input[str]]
    """The public DNS name checked over HTTPS on port 443, its certificate validated, e.g.
    "api.shop.example.com". Required."""
    path: str
    """The path requested, e.g. the service's health path "/health". Default "/"."""
    period_seconds: int
    """How often each checker region requests it: 60, 300, 600 or 900. Default 60."""
    timeout_seconds: int
    """How long a request may take, 1-60 seconds. Default 10."""
    evaluation_minutes: int
    """How many minutes in a row more than one checker region must fail before it alarms, 1-1440.
    Default 2."""


class AlarmsCustom(TypedDict, total=False):
    name: Required[str]
    """Label of the policy (lowercase letters, digits and hyphens, at most 40), e.g. "review-backlog".
    Required."""
    metric_type: Required[str]
    """The metric's type, e.g. "custom.googleapis.com/queue/pending" or "logging.googleapis.com/user/<log
    metric>". Required."""
    threshold: Required[float]
    """The value the aligned metric is compared with. Required."""
    resource_type: str | None
    """The monitored resource type of the metric, e.g. "global", "cloud_run_revision" (Google recommends
    naming it). Default None: any resource type."""
    labels: dict[str, str]
    """Metric label filters, e.g. {"queue": "reviews"} (`metric.labels.queue="reviews"`). Default {}."""
    aligner: str
    """How each period's data points become one value: ALIGN_MEAN, ALIGN_SUM, ALIGN_MAX, ALIGN_MIN,
    ALIGN_COUNT, ALIGN_RATE (per second, for counters) or ALIGN_PERCENTILE_99 / _95 / _50 / _05 (distribution
    metrics). Default "ALIGN_MEAN"."""
    comparison: str
    """">" or "<" (Cloud Monitoring has no >= or <= for threshold conditions). Default ">"."""
    period_seconds: int
    """Length of one aligned data point, a multiple of 60 from 60 to 90000. Default 60."""
    minutes: int
    """How many minutes in a row the comparison must hold before it alarms, 1-1440. Default 5."""
    description: str
    """What the alarm means and what to check (markdown, in the notification). Default "": one built from the
    metric, the comparison and the threshold."""
    severity: str
    """"CRITICAL", "ERROR" or "WARNING". Default "WARNING"."""


class AlarmsArgs(TypedDict, total=False):
    emails: Required[list[str]]
    """Addresses notified of every incident (one e-mail notification channel each; e-mail channels need no
    confirmation). At least one. Required."""
    services: list[AlarmsService]
    """Cloud Run services whose 5xx ratio, p95 latency, CPU and memory alarm. Default []."""
    database: AlarmsDatabase | None
    """Alarms on a Cloud SQL for PostgreSQL instance: CPU, disk, connections, slow queries. Default None
    (off)."""
    cache: AlarmsCache | None
    """An alarm on a Memorystore for Redis instance's memory. Default None (off)."""
    uptime: list[AlarmsUptimeCheck]
    """Public HTTPS endpoints checked by Cloud Monitoring uptime checks from checker regions around the
    world (2xx and 3xx pass), each with an alert policy when more than one region fails. Default []."""
    custom: list[AlarmsCustom]
    """Alarms on any metric, e.g. a queue backlog or a log-based metric. Default []."""
    project: pulumi.Input[str] | None
    """Project the channels, policies and dashboard are created in and whose metrics they watch. Default None:
    the provider's project."""
    labels: dict[str, str]
    """Labels added to every policy and channel (`user_labels`) and to the dashboard, with
    `managed-by: stackyard` (lowercase keys and values, at most 63 characters). Default {}."""
    physical_name: str
    """The name the channels, policies and dashboard are displayed under ("<physical_name> <what>"; Cloud
    Monitoring gives them their ids). Default: the component's name. Give each stack its own (e.g.
    "shop-staging") so that two stacks in one project are told apart, while the logical names, and so the
    URNs, stay the same. 1-63 lowercase letters, digits and hyphens, starting with a letter."""
