"""The arguments of `Alarms`: `AlarmsArgs` and the TypedDict of each preset. The component reference
(docs/components/alarms.md) and the provider schema are generated from these docstrings."""

from typing import Required, TypedDict

import pulumi

from ...alarm_checks import PERCENT
from ...bounds import Between, OneOf, bounds
from .alarm import COMPARISONS

REQUEST_INTERVALS = (10, 30)  # Route 53 RequestInterval: standard (30 s) or fast (10 s, billed extra)
MAX_FAILURE_THRESHOLD = 10  # Route 53 HealthCheckConfig.FailureThreshold: 1-10
MAX_EVALUATION_MINUTES = 1440  # evaluation periods x period may not exceed one day (for periods < 1 hour)
MAX_CACHE_NODES = 6  # a replication group (cluster mode disabled) has 1 primary and up to 5 replicas
MAX_STORAGE_GB = 65536
TREAT_MISSING_DATA = ("notBreaching", "breaching", "ignore", "missing")


def _whole(low: int, high: int | None = None) -> Between:
    """The bound of a whole number from `low` to `high` (no upper bound when None), worded as the checks
    of `components.alarm_checks` word it."""
    what = f"a whole number from {low} to {high}" if high is not None else f"a whole number of {low} or more"
    return Between(low, high, what=what)


# The bound of every preset's `evaluation_minutes`.
EVALUATION_MINUTES = _whole(1, MAX_EVALUATION_MINUTES)


class TargetGroupAlarmArgs(TypedDict, total=False):
    name: Required[str]
    """Label of the target group in alarm names and descriptions (lowercase letters, digits and hyphens, at
    most 40), e.g. "api". Required."""
    arn_suffix: Required[pulumi.Input[str]]
    """The target group's ARN suffix, "targetgroup/<name>/<id>" (`aws.lb.TargetGroup.arn_suffix`).
    Required."""


class LoadBalancerAlarmsArgs(TypedDict, total=False):
    arn_suffix: Required[pulumi.Input[str]]
    """The Application Load Balancer's ARN suffix, "app/<name>/<id>" (`aws.lb.LoadBalancer.arn_suffix`).
    Required."""
    error_rate_percent: float
    """Share of requests the targets answer with a 5xx that alarms, in percent (above 0, at most 100).
    Default 5."""
    p95_latency_ms: int
    """95th percentile target response time that alarms, in milliseconds. Default 1000."""
    p99_latency_ms: int | None
    """99th percentile target response time that alarms, in milliseconds. Default None (no p99 alarm)."""
    evaluation_minutes: int
    """How many consecutive minutes a condition must hold before it alarms, 1-1440. Default 5."""
    target_groups: list[TargetGroupAlarmArgs]
    """Target groups behind the load balancer: each gets an alarm for unhealthy targets (`UnHealthyHostCount`
    > 0) and one for no healthy target at all (`HealthyHostCount` < 1, missing data counts). Default []."""


# What each key admits, checked before anything else (`components.bounds`); likewise below.
LOAD_BALANCER_BOUNDS = bounds(
    LoadBalancerAlarmsArgs,
    error_rate_percent=PERCENT,
    p95_latency_ms=_whole(1),
    p99_latency_ms=_whole(1),
    evaluation_minutes=EVALUATION_MINUTES,
)


class ServiceAlarmsArgs(TypedDict, total=False):
    name: Required[str]
    """Label of the service in alarm names and descriptions (lowercase letters, digits and hyphens, at most
    40), e.g. "api". Required."""
    cluster_name: Required[pulumi.Input[str]]
    """The ECS cluster's name. Required."""
    service_name: Required[pulumi.Input[str]]
    """The ECS service's name. Required."""
    cpu_percent: float
    """Average CPU utilization of the service that alarms, in percent (above 0, at most 100). Default 80."""
    memory_percent: float
    """Average memory utilization of the service that alarms, in percent (above 0, at most 100).
    Default 80."""
    evaluation_minutes: int
    """How many consecutive minutes a condition must hold before it alarms, 1-1440. Default 5."""


SERVICE_BOUNDS = bounds(
    ServiceAlarmsArgs, cpu_percent=PERCENT, memory_percent=PERCENT, evaluation_minutes=EVALUATION_MINUTES
)


class DatabaseAlarmsArgs(TypedDict, total=False):
    identifier: Required[pulumi.Input[str]]
    """The RDS instance identifier of the primary (e.g. `ManagedPostgres.identifier`). Required.
    `ManagedPostgres.alarm_target()` gives it, with every other setting the database owns."""
    allocated_storage_gb: Required[pulumi.Input[int]]
    """The instance's allocated storage in GB (GiB), 1-65536: the free-storage threshold is a share of it.
    Give the instance's own `allocated_storage` (as `ManagedPostgres.alarm_target()` does): with storage
    autoscaling RDS grows the disk, the provider reports the grown size, and the threshold follows it at the
    next `pulumi up --refresh`. Required."""
    max_allocated_storage_gb: int | None
    """The storage autoscaling ceiling in GB, named in the free-storage alarm's description (the disk cannot
    grow past it, so free space that runs out there needs a new ceiling). Default None: no autoscaling."""
    cpu_percent: float
    """CPU utilization that alarms, in percent (above 0, at most 100). Default 80."""
    free_storage_percent: float
    """Free storage below which it alarms, in percent of `allocated_storage_gb` (above 0, below 100).
    Default 15."""
    max_connections: int | None
    """The database's `max_connections` (for RDS PostgreSQL it depends on the instance memory, e.g. about 200
    on db.t4g.small: `SHOW max_connections`). Default None: no connections alarm."""
    connections_percent: float
    """Connections that alarm, in percent of `max_connections` (above 0, at most 100). Default 80."""
    replica_identifiers: list[pulumi.Input[str]]
    """RDS identifiers of read replicas, each watched for replication lag. Default []."""
    replica_lag_seconds: int
    """Replication lag that alarms, in seconds (1 or more). Default 60."""
    slow_queries_per_5min: int | None
    """Slow statements in 5 minutes above which it alarms (0 or more: 0 alarms on any): a CloudWatch Logs
    metric filter counts the "duration:" lines PostgreSQL writes for each statement slower than
    `log_min_duration_statement` (1000 ms as `ManagedPostgres` sets it) to the primary's exported log group
    `/aws/rds/instance/<identifier>/postgresql`, into the metric `<physical_name>-db-slow-queries` of the
    namespace "Stackyard/PostgreSQL". The instance must export its `postgresql` log (`ManagedPostgres` does).
    Default None: no slow-query alarm."""
    evaluation_minutes: int
    """How many consecutive minutes a condition must hold before it alarms, 1-1440. Default 5."""


DATABASE_BOUNDS = bounds(
    DatabaseAlarmsArgs,
    cpu_percent=PERCENT,
    connections_percent=PERCENT,
    allocated_storage_gb=_whole(1, MAX_STORAGE_GB),
    max_allocated_storage_gb=_whole(1, MAX_STORAGE_GB),
    max_connections=_whole(1),
    replica_lag_seconds=_whole(1),
    slow_queries_per_5min=_whole(0),
    evaluation_minutes=EVALUATION_MINUTES,
)


class CacheAlarmsArgs(TypedDict, total=False):
    replication_group_id: Required[pulumi.Input[str]]
    """The ElastiCache replication group id (e.g. `RedisCache.replication_group_id`). Required."""
    nodes: int
    """How many nodes the group has (1 + replicas), 1-6. ElastiCache publishes metrics per node
    (`<replication group id>-001`, `-002` …); each alarm takes the worst node (the sum for evictions).
    Default 2 (a primary and one replica, as `RedisCache` creates by default)."""
    cpu_percent: float
    """Engine CPU utilization (`EngineCPUUtilization`) that alarms, in percent (above 0, at most 100).
    Default 80."""
    memory_percent: float
    """Memory use (`DatabaseMemoryUsagePercentage`) that alarms, in percent (above 0, at most 100).
    Default 80."""
    evictions: int
    """Evicted keys per minute above which it alarms (0 or more). Default 0: any eviction alarms; raise it
    for a pure cache with an `allkeys-*` eviction policy."""
    evaluation_minutes: int
    """How many consecutive minutes a condition must hold before it alarms, 1-1440. Default 5."""


CACHE_BOUNDS = bounds(
    CacheAlarmsArgs,
    cpu_percent=PERCENT,
    memory_percent=PERCENT,
    nodes=_whole(1, MAX_CACHE_NODES),
    evictions=_whole(0),
    evaluation_minutes=EVALUATION_MINUTES,
)


class CdnAlarmsArgs(TypedDict, total=False):
    distribution_id: Required[pulumi.Input[str]]
    """The CloudFront distribution id. Required."""
    error_rate_percent: float
    """Share of responses that are 5xx (`5xxErrorRate`) that alarms, in percent (above 0, at most 100).
    Default 5."""
    evaluation_minutes: int
    """How many consecutive minutes a condition must hold before it alarms, 1-1440. Default 5."""


CDN_BOUNDS = bounds(CdnAlarmsArgs, error_rate_percent=PERCENT, evaluation_minutes=EVALUATION_MINUTES)


class UptimeCheckArgs(TypedDict, total=False):
    name: Required[str]
    """Label of the endpoint in alarm and health check names (lowercase letters, digits and hyphens, at most
    40), e.g. "api". Required."""
    host: Required[pulumi.Input[str]]
    """The public DNS name checked over HTTPS on port 443 (sent as SNI and Host), e.g. "api.shop.example.com".
    Required."""
    path: str
    """The path requested, e.g. the service's health path "/health" (at most 255 characters). Default "/"."""
    request_interval_seconds: int
    """Seconds between two requests of each Route 53 checker: 30 (standard) or 10 (fast, billed extra; it
    cannot be changed after creation, a change replaces the health check). Default 30."""
    failure_threshold: int
    """Consecutive failed requests (1-10) after which a checker counts the endpoint unhealthy. Default 3."""
    evaluation_minutes: int
    """How many consecutive minutes the health check must be unhealthy before it alarms, 1-1440.
    Default 2."""


UPTIME_BOUNDS = bounds(
    UptimeCheckArgs,
    request_interval_seconds=OneOf(*REQUEST_INTERVALS),
    failure_threshold=_whole(1, MAX_FAILURE_THRESHOLD),
    evaluation_minutes=EVALUATION_MINUTES,
)


class CustomAlarmArgs(TypedDict, total=False):
    name: Required[str]
    """Label of the alarm (lowercase letters, digits and hyphens, at most 40), e.g. "review-backlog".
    Required."""
    namespace: Required[str]
    """The metric's namespace, e.g. "PropFlow/Queues" or "AWS/SQS". Required."""
    metric_name: Required[str]
    """The metric's name, e.g. "PendingReviews". Required."""
    threshold: Required[float]
    """The value compared with the statistic. Required."""
    dimensions: dict[str, pulumi.Input[str]]
    """The metric's dimensions (at most 30), e.g. {"QueueName": "reviews"}. Default {}."""
    statistic: str
    """"Average", "Sum", "Minimum", "Maximum", "SampleCount" or a percentile "p0" to "p100" (e.g. "p95",
    "p99.9"). Default "Average"."""
    comparison: str
    """How the statistic is compared with `threshold`: ">", ">=", "<" or "<=". Default ">"."""
    period_seconds: int
    """Length of one data point: 10, 20 or 30 (high-resolution metrics only) or a multiple of 60.
    Default 60."""
    evaluation_periods: int
    """How many periods are evaluated; with `period_seconds` at most one day (a week for periods of an hour or
    more). E.g. "for 30 minutes" = 30 periods of 60 s or 6 of 300 s. Default 5."""
    datapoints_to_alarm: int | None
    """How many of the evaluated periods must breach (1 to `evaluation_periods`). Default None: all of
    them."""
    treat_missing_data: str
    """"notBreaching", "breaching", "ignore" or "missing". Default "notBreaching"."""
    description: str
    """What the alarm means and what to check (at most 1024 characters). Default "": one built from the
    metric, the comparison and the threshold."""


CUSTOM_BOUNDS = bounds(
    CustomAlarmArgs,
    comparison=OneOf(*COMPARISONS),
    treat_missing_data=OneOf(*TREAT_MISSING_DATA),
)


class AlarmsArgs(TypedDict, total=False):
    emails: list[str]
    """E-mail addresses subscribed to the alarm topic (each must confirm the subscription e-mail).
    Default []."""
    https_endpoints: list[str]
    """HTTPS URLs subscribed to the alarm topic (e.g. a chat or paging webhook; each must confirm the
    subscription). Default []."""
    kms_key_arn: pulumi.Input[str] | None
    """Customer-managed KMS key that encrypts the topic; its key policy must let `cloudwatch.amazonaws.com`
    use kms:Decrypt and kms:GenerateDataKey* (the AWS-managed key `alias/aws/sns` does not, and is refused).
    Default None: a new key with that policy and yearly rotation."""
    load_balancer: LoadBalancerAlarmsArgs | None
    """Alarms on an Application Load Balancer: target 5xx rate, p95 (and p99) response time, target health.
    Default None (off)."""
    services: list[ServiceAlarmsArgs]
    """ECS services whose CPU and memory utilization alarm. Default []."""
    database: DatabaseAlarmsArgs | None
    """Alarms on an RDS instance: CPU, free storage, connections, replica lag, slow queries. Default None
    (off)."""
    cache: CacheAlarmsArgs | None
    """Alarms on an ElastiCache replication group: engine CPU, memory, evictions. Default None (off)."""
    cdn: CdnAlarmsArgs | None
    """An alarm on a CloudFront distribution's 5xx error rate, created in us-east-1 where CloudFront publishes
    its metrics (with a second topic there when the stack is in another region). Default None (off)."""
    uptime: list[UptimeCheckArgs]
    """Public HTTPS endpoints checked from outside AWS's regions by Route 53 health checks, each with an alarm
    on its status, in us-east-1 where Route 53 publishes the metric (with the us-east-1 topic of `cdn`).
    Default []."""
    custom: list[CustomAlarmArgs]
    """Alarms on any metric, e.g. a queue backlog or an AI call's latency. Default []."""
    tags: dict[str, str]
    """Tags added to every resource that takes tags. Default {}."""
    physical_name: str
    """The base of the physical names of this component's cloud resources (the alarms
    `<physical_name>-<preset>-<what>`, the dashboard `<physical_name>-alarms`, the topic
    `<physical_name>-alarms-…`, `alias/<physical_name>-alarms`). Default: the component's name. Give each
    stack its own (e.g. "shop-staging") so that two stacks in one account never collide, while the logical
    names, and so the URNs, stay the same. 1-63 lowercase letters, digits and hyphens, starting with a
    letter."""
