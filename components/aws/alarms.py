"""`Alarms`: CloudWatch alarms for a stack's load balancer, services, database (with its slow queries),
cache, CDN, public endpoints (Route 53 health checks) and own metrics, an SNS topic encrypted with a key
CloudWatch may use (e-mail and HTTPS subscriptions), and a dashboard."""

import hashlib
import json
import re
from dataclasses import dataclass
from typing import Any, Required, TypedDict

import pulumi
import pulumi_aws as aws

from ..alarm_checks import fail as _fail
from ..alarm_checks import is_int as _is_int
from ..alarm_checks import is_number as _is_number
from ..alarm_checks import items as _items
from ..alarm_checks import number as _number
from ..alarm_checks import percent as _percent
from ..alarm_checks import uptime_target as _uptime_target
from ..checks import refuse_unknown_keys
from .kms import encryption_key
from .naming import physical_base, physical_name

ALARM_NAME_LIMIT = 255  # CloudWatch alarm names
DASHBOARD_NAME_LIMIT = 255  # CloudWatch dashboard names
TOPIC_PREFIX_LIMIT = 200  # SNS topic names are at most 256; the provider appends 26 characters to a prefix
CDN_REGION = "us-east-1"  # CloudFront publishes its metrics there only
# Route 53 publishes health check metrics in us-east-1 only (Route 53 Developer Guide, "Monitoring health
# checks using CloudWatch"), and an alarm notifies topics in its own region: uptime alarms live there too.
UPTIME_REGION = CDN_REGION
REQUEST_INTERVALS = (10, 30)  # Route 53 RequestInterval: standard (30 s) or fast (10 s, billed extra)
MAX_RESOURCE_PATH = 255  # Route 53 HealthCheckConfig.ResourcePath
MAX_FAILURE_THRESHOLD = 10  # Route 53 HealthCheckConfig.FailureThreshold: 1-10
# Slow queries: PostgreSQL logs every statement slower than log_min_duration_statement (ManagedPostgres sets
# 1000 ms) as "LOG:  duration: 1234.567 ms  statement: …" to the exported log group
# /aws/rds/instance/<identifier>/postgresql; a metric filter counts those lines.
SLOW_QUERY_LOG = "/aws/rds/instance/{identifier}/postgresql"
SLOW_QUERY_PATTERN = '"duration:"'  # a quoted term: matches the literal text, colon included
SLOW_QUERY_NAMESPACE = "Stackyard/PostgreSQL"
SLOW_QUERY_PERIOD = 300  # the threshold counts slow statements per 5 minutes
METRIC_FILTER_NAME_LIMIT = 512
PERIOD = 60  # seconds: every preset evaluates one-minute data points
GIB = 1024**3
MAX_EVALUATION_MINUTES = 1440  # evaluation periods x period may not exceed one day (for periods < 1 hour)
MAX_CACHE_NODES = 6  # a replication group (cluster mode disabled) has 1 primary and up to 5 replicas
MAX_DIMENSIONS = 30
MAX_STORAGE_GB = 65536
COMPARISONS = {
    ">": "GreaterThanThreshold",
    ">=": "GreaterThanOrEqualToThreshold",
    "<": "LessThanThreshold",
    "<=": "LessThanOrEqualToThreshold",
}
STATISTICS = ("Average", "Sum", "Minimum", "Maximum", "SampleCount")
TREAT_MISSING_DATA = ("notBreaching", "breaching", "ignore", "missing")
_PERCENTILE = re.compile(r"^p(100|\d{1,2}(\.\d{1,2})?)$")
_LABEL = re.compile(r"^[a-z](?:[a-z0-9-]{0,38}[a-z0-9])?$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_HTTPS = re.compile(r"^https://[^\s/?#]+\S*$")
_LABEL_RULE = "lowercase letters, digits and hyphens, at most 40, starting with a letter"
ELB, CACHE = "AWS/ApplicationELB", "AWS/ElastiCache"
ERROR_RATE_EXPRESSION = "100 * FILL(errors, 0) / requests"
"""Target 5xx rate in percent: no 5xx data point in a minute with requests counts as 0 %; a minute without
requests has no value (missing data, which does not breach)."""


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


class CdnAlarmsArgs(TypedDict, total=False):
    distribution_id: Required[pulumi.Input[str]]
    """The CloudFront distribution id. Required."""
    error_rate_percent: float
    """Share of responses that are 5xx (`5xxErrorRate`) that alarms, in percent (above 0, at most 100).
    Default 5."""
    evaluation_minutes: int
    """How many consecutive minutes a condition must hold before it alarms, 1-1440. Default 5."""


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


@dataclass
class _Topic:
    """An alarm topic, the policy that lets CloudWatch publish to it, and its KMS key."""

    topic: aws.sns.Topic
    policy: aws.sns.TopicPolicy
    key_arn: pulumi.Output[str]


class Alarms(pulumi.ComponentResource):
    """CloudWatch alarms with presets for the stack's tiers, notifying an encrypted SNS topic.

    Every alarm sends both its ALARM and its OK transitions to the topic (so expect one OK message per alarm
    once the alarms first evaluate), names what to check in its description, and is named
    `<physical_name>-<preset>-<what>` (at most 255 characters, derived from the arguments only, so it never
    changes between runs). The topic is encrypted with a customer-managed KMS key whose policy lets
    CloudWatch use it (CloudWatch cannot publish to a topic encrypted with the AWS-managed SNS key), and its
    policy lets only CloudWatch alarms of this account publish, over TLS. A dashboard
    (`<physical_name>-alarms`) has one graph per preset that is on.

    Presets, each evaluated on one-minute data points for `evaluation_minutes` (default 5) in a row:
    `load_balancer` (target 5xx rate in percent by metric math, 100 * FILL(5xx count, 0) / request count; p95
    and optional p99 target response time; per target group, unhealthy targets and no healthy target),
    `services` (ECS CPU and memory), `database` (RDS CPU, free storage, connections, replica lag, and slow
    queries counted from the exported PostgreSQL log over 5 minutes), `cache` (ElastiCache engine CPU,
    memory, evictions; the worst node), `cdn` (CloudFront 5xx rate, in us-east-1) and `uptime` (a Route 53
    HTTPS health check per public endpoint and an alarm on its status, in us-east-1).
    Missing data never breaches (no traffic is not an error) except for "no healthy target", where a target
    group that reports nothing is as bad as one with no healthy target.

    Uptime checks are Route 53 health checks rather than CloudWatch Synthetics canaries: checkers in several
    regions request `https://<host><path>` every 30 s (an endpoint is unhealthy once fewer than 18 % of them
    get a 2xx or 3xx), with no code, runtime version, artifact bucket or role to keep, at a fraction of a
    canary's price (per check and month instead of per run). They do not validate the certificate, and they
    check one URL, not a user journey: use a Synthetics canary for those.

    CloudFront and Route 53 health check metrics exist only in us-east-1 and an alarm can only notify a topic
    in its own region, so with `cdn` or `uptime` in a stack outside us-east-1 a second topic (same
    subscriptions, its own key) is created there; subscribers confirm it separately. Its ARN is
    `cdn_topic_arn`.

    Example:

        alarms = Alarms(
            "shop",
            {
                "emails": ["ops@example.com"],
                "load_balancer": {
                    "arn_suffix": "app/shop/0123456789abcdef",
                    "target_groups": [{"name": "api", "arn_suffix": "targetgroup/shop-api/0123456789abcdef"}],
                },
                "services": [{"name": "api", "cluster_name": "shop", "service_name": "shop-api"}],
                "database": {
                    "identifier": "shop-db",
                    "allocated_storage_gb": 20,
                    "max_connections": 200,
                    "slow_queries_per_5min": 10,
                },
                "cache": {"replication_group_id": "shop-redis"},
                "uptime": [{"name": "api", "host": "api.shop.example.com", "path": "/health"}],
                "custom": [
                    {
                        "name": "review-backlog",
                        "namespace": "Shop/Queues",
                        "metric_name": "PendingReviews",
                        "statistic": "Maximum",
                        "threshold": 50,
                        "evaluation_periods": 30,
                    }
                ],
            },
        )
        pulumi.export("alarmTopicArn", alarms.topic_arn)
        pulumi.export("alarmDashboard", alarms.dashboard_name)
    """

    topic_arn: pulumi.Output[str]
    """ARN of the SNS topic every alarm notifies (in the stack's region)."""
    cdn_topic_arn: pulumi.Output[str]
    """ARN of the topic the CloudFront and uptime alarms notify, in us-east-1: `topic_arn` when the stack is
    in us-east-1; "" without `cdn` and `uptime`."""
    kms_key_arn: pulumi.Output[str]
    """The KMS key that encrypts the topic (in the stack's region)."""
    alarm_names: pulumi.Output[list[str]]
    """The names of all alarms, in creation order."""
    dashboard_name: pulumi.Output[str]
    """The CloudWatch dashboard's name; "" when no preset is on (no dashboard)."""

    def __init__(self, name: str, args: AlarmsArgs, opts: pulumi.ResourceOptions | None = None) -> None:
        refuse_unknown_keys(Alarms, AlarmsArgs, name, args, opts)
        _check_args(args)
        base = physical_base("Alarms", name, args.get("physical_name"))
        emails = list(args.get("emails") or [])
        endpoints = list(args.get("https_endpoints") or [])
        tags = dict(args.get("tags") or {})
        super().__init__("stackyard-aws:index:Alarms", name, None, opts)
        self._name = name
        self._base = base
        self._tags = tags
        invoke = pulumi.InvokeOptions(parent=self)
        region = aws.get_region(opts=invoke).region
        account = aws.get_caller_identity_output(opts=invoke).account_id
        partition = aws.get_partition_output(opts=invoke).partition

        main = self._topic(None, args.get("kms_key_arn"), emails, endpoints, account, partition)
        alarms: list[aws.cloudwatch.MetricAlarm] = []
        widgets: list[dict[str, Any]] = []

        load_balancer = args.get("load_balancer")
        if load_balancer is not None:
            alarms += self._load_balancer(load_balancer, main)
            widgets.append(_load_balancer_widget(load_balancer, region))
        services = list(args.get("services") or [])
        if services:
            for service in services:
                alarms += self._service(service, main)
            widgets.append(_services_widget(services, region))
        database = args.get("database")
        if database is not None:
            alarms += self._database(database, main)
            widgets.append(_database_widget(database, region, self._slow_query_metric()))
        cache = args.get("cache")
        if cache is not None:
            alarms += self._cache(cache, main)
            widgets.append(_cache_widget(cache, region))
        cdn = args.get("cdn")
        uptime = list(args.get("uptime") or [])
        cdn_topic_arn: pulumi.Output[str] = pulumi.Output.from_input("")
        if cdn is not None or uptime:
            east = (
                main
                if region == CDN_REGION
                else self._topic(CDN_REGION, None, emails, endpoints, account, partition)
            )
            cdn_topic_arn = east.topic.arn
            if cdn is not None:
                alarms.append(self._cdn(cdn, east))
                widgets.append(_cdn_widget(cdn))
            if uptime:
                checks = [self._uptime(check, east) for check in uptime]
                alarms += [alarm for alarm, _ in checks]
                widgets.append(_uptime_widget(uptime, [health.id for _, health in checks]))
        custom = list(args.get("custom") or [])
        if custom:
            for alarm in custom:
                alarms.append(self._custom(alarm, main))
            widgets.append(_custom_widget(custom, region))

        dashboard_name: pulumi.Output[str] = pulumi.Output.from_input("")
        if widgets:
            for index, widget in enumerate(widgets):
                widget.update(x=(index % 2) * 12, y=(index // 2) * 6, width=12, height=6)
            dashboard = aws.cloudwatch.Dashboard(
                f"{name}-dashboard",
                dashboard_name=physical_name(f"{base}-alarms", DASHBOARD_NAME_LIMIT),
                dashboard_body=pulumi.Output.all(*widgets).apply(
                    lambda resolved: json.dumps({"widgets": resolved})
                ),
                opts=pulumi.ResourceOptions(parent=self),
            )
            dashboard_name = dashboard.dashboard_name

        self.topic_arn = main.topic.arn
        self.cdn_topic_arn = cdn_topic_arn
        self.kms_key_arn = main.key_arn
        self.alarm_names = pulumi.Output.all(*[alarm.name for alarm in alarms])
        self.dashboard_name = dashboard_name
        self.register_outputs(
            {
                "topic_arn": self.topic_arn,
                "cdn_topic_arn": self.cdn_topic_arn,
                "kms_key_arn": self.kms_key_arn,
                "alarm_names": self.alarm_names,
                "dashboard_name": self.dashboard_name,
            }
        )

    # -- the topic ------------------------------------------------------------------------------------------

    def _topic(
        self,
        region: str | None,
        given_key: pulumi.Input[str] | None,
        emails: list[str],
        endpoints: list[str],
        account: pulumi.Output[str],
        partition: pulumi.Output[str],
    ) -> _Topic:
        """The encrypted alarm topic (in `region`, through the resources' `region` argument, or the stack's),
        its policy and its subscriptions."""
        name = self._name
        logical = f"{name}-alarms" + (f"-{region}" if region else "")
        child = pulumi.ResourceOptions(parent=self)
        if given_key is not None:
            key_arn = pulumi.Output.from_input(given_key)
        else:
            key_arn = encryption_key(
                f"{name}-alarms",
                "SNS topic of the CloudWatch alarms",
                self,
                self._tags,
                region=region,
                policy=pulumi.Output.all(partition, account).apply(lambda v: _key_policy(v[0], v[1])),
                alias=f"{self._base}-alarms",
            ).arn
        topic = aws.sns.Topic(
            logical,
            name_prefix=physical_name(f"{self._base}-alarms", TOPIC_PREFIX_LIMIT - 1) + "-",
            kms_master_key_id=key_arn,
            tags={**self._tags, "Name": logical},
            region=region,
            opts=child,
        )
        policy = aws.sns.TopicPolicy(
            logical,
            arn=topic.arn,
            policy=pulumi.Output.all(topic.arn, account).apply(lambda v: _topic_policy(v[0], v[1])),
            region=region,
            opts=child,
        )
        for email in emails:
            aws.sns.TopicSubscription(
                f"{logical}-email-{email.lower()}",
                topic=topic.arn,
                protocol="email",
                endpoint=email,
                region=region,
                opts=child,
            )
        for endpoint in endpoints:
            aws.sns.TopicSubscription(
                f"{logical}-https-{hashlib.sha256(endpoint.encode()).hexdigest()[:8]}",
                topic=topic.arn,
                protocol="https",
                endpoint=endpoint,
                region=region,
                opts=child,
            )
        return _Topic(topic=topic, policy=policy, key_arn=key_arn)

    # -- alarms ---------------------------------------------------------------------------------------------

    def _alarm(
        self,
        key: str,
        topic: _Topic,
        description: pulumi.Input[str],
        *,
        comparison: str,
        threshold: pulumi.Input[float],
        evaluation_periods: int,
        namespace: str | None = None,
        metric_name: str | None = None,
        dimensions: dict[str, pulumi.Input[str]] | None = None,
        statistic: str | None = None,
        period: int | None = None,
        metric_queries: list[aws.cloudwatch.MetricAlarmMetricQueryArgsDict] | None = None,
        datapoints_to_alarm: int | None = None,
        treat_missing_data: str = "notBreaching",
        region: str | None = None,
    ) -> aws.cloudwatch.MetricAlarm:
        """One alarm named `<physical_name>-<key>` that notifies `topic` on ALARM and on OK. `statistic` may
        be a percentile ("p95"), which goes to `extended_statistic`."""
        percentile = statistic is not None and statistic not in STATISTICS
        return aws.cloudwatch.MetricAlarm(
            f"{self._name}-{key}",
            name=physical_name(f"{self._base}-{key}", ALARM_NAME_LIMIT),
            alarm_description=description,
            namespace=namespace,
            metric_name=metric_name,
            dimensions=dimensions,
            statistic=None if percentile else statistic,
            extended_statistic=statistic if percentile else None,
            # Percentiles over a handful of requests are noise: keep the state until there are enough.
            evaluate_low_sample_count_percentiles="ignore" if percentile else None,
            period=period,
            metric_queries=metric_queries,
            comparison_operator=comparison,
            threshold=threshold,
            evaluation_periods=evaluation_periods,
            datapoints_to_alarm=datapoints_to_alarm,
            treat_missing_data=treat_missing_data,
            actions_enabled=True,
            alarm_actions=[topic.topic.arn],
            ok_actions=[topic.topic.arn],
            region=region,
            tags={**self._tags, "Name": f"{self._name}-{key}"},
            # The topic policy first, so CloudWatch may publish the alarm's first state change.
            opts=pulumi.ResourceOptions(parent=self, depends_on=[topic.policy]),
        )

    def _load_balancer(self, lb: LoadBalancerAlarmsArgs, topic: _Topic) -> list[aws.cloudwatch.MetricAlarm]:
        name, suffix = self._name, lb["arn_suffix"]
        minutes = lb.get("evaluation_minutes", 5)
        rate = lb.get("error_rate_percent", 5)
        over = f"for {minutes} minute{'s' if minutes != 1 else ''}"

        def alb(metric: str) -> aws.cloudwatch.MetricAlarmMetricQueryMetricArgsDict:
            return {
                "namespace": "AWS/ApplicationELB",
                "metric_name": metric,
                "dimensions": {"LoadBalancer": suffix},
                "stat": "Sum",
                "period": PERIOD,
            }

        created = [
            self._alarm(
                "lb-5xx-rate",
                topic,
                f"{name}: more than {rate:g}% of the load balancer's requests got a 5xx from the targets "
                f"{over}. Check the services' logs and the latest deployment (roll back if the errors "
                "started with it), then the database and cache alarms.",
                metric_queries=[
                    {"id": "errors", "metric": alb("HTTPCode_Target_5XX_Count"), "return_data": False},
                    {"id": "requests", "metric": alb("RequestCount"), "return_data": False},
                    {
                        "id": "rate",
                        "expression": ERROR_RATE_EXPRESSION,
                        "label": "Target 5xx rate (%)",
                        "return_data": True,
                    },
                ],
                comparison=COMPARISONS[">"],
                threshold=rate,
                evaluation_periods=minutes,
            )
        ]
        for percentile, key in (("p95", "p95_latency_ms"), ("p99", "p99_latency_ms")):
            milliseconds = lb.get(key, 1000 if percentile == "p95" else None)
            if milliseconds is None:
                continue
            created.append(
                self._alarm(
                    f"lb-{percentile}-latency",
                    topic,
                    f"{name}: the load balancer's {percentile} target response time stayed above "
                    f"{milliseconds} ms {over}. Check the services' CPU and memory, slow database queries "
                    "(Performance Insights) and slow downstream calls.",
                    namespace="AWS/ApplicationELB",
                    metric_name="TargetResponseTime",
                    dimensions={"LoadBalancer": suffix},
                    statistic=percentile,
                    period=PERIOD,
                    comparison=COMPARISONS[">"],
                    threshold=milliseconds / 1000,
                    evaluation_periods=minutes,
                )
            )
        for group in lb.get("target_groups") or []:
            label = group["name"]
            dimensions: dict[str, pulumi.Input[str]] = {
                "TargetGroup": group["arn_suffix"],
                "LoadBalancer": suffix,
            }
            created.append(
                self._alarm(
                    f"tg-{label}-unhealthy",
                    topic,
                    f"{name}: target group {label} has had targets failing the load balancer's health check "
                    f"{over}. Check the {label} tasks' logs and health endpoint, and the reasons of stopped "
                    "tasks in the ECS console.",
                    namespace="AWS/ApplicationELB",
                    metric_name="UnHealthyHostCount",
                    dimensions=dimensions,
                    statistic="Maximum",
                    period=PERIOD,
                    comparison=COMPARISONS[">"],
                    threshold=0,
                    evaluation_periods=minutes,
                )
            )
            created.append(
                self._alarm(
                    f"tg-{label}-no-healthy",
                    topic,
                    f"{name}: target group {label} has had no healthy target {over}, so the load balancer "
                    f"answers 503. Check that the {label} service runs tasks (stopped-task reasons: image, "
                    "secrets, health check, deployment circuit breaker).",
                    namespace="AWS/ApplicationELB",
                    metric_name="HealthyHostCount",
                    dimensions=dimensions,
                    statistic="Minimum",
                    period=PERIOD,
                    comparison=COMPARISONS["<"],
                    threshold=1,
                    evaluation_periods=minutes,
                    # No data means the target group reports nothing: as bad as no healthy target.
                    treat_missing_data="breaching",
                )
            )
        return created

    def _service(self, service: ServiceAlarmsArgs, topic: _Topic) -> list[aws.cloudwatch.MetricAlarm]:
        name, label = self._name, service["name"]
        minutes = service.get("evaluation_minutes", 5)
        over = f"for {minutes} minute{'s' if minutes != 1 else ''}"
        dimensions: dict[str, pulumi.Input[str]] = {
            "ClusterName": service["cluster_name"],
            "ServiceName": service["service_name"],
        }
        cpu = service.get("cpu_percent", 80)
        memory = service.get("memory_percent", 80)
        return [
            self._alarm(
                f"service-{label}-cpu",
                topic,
                f"{name}: service {label} averaged more than {cpu:g}% CPU {over}. Check whether autoscaling "
                "reached its maximum, the traffic and the latest deployment; give the service more CPU if it "
                "is undersized.",
                namespace="AWS/ECS",
                metric_name="CPUUtilization",
                dimensions=dimensions,
                statistic="Average",
                period=PERIOD,
                comparison=COMPARISONS[">"],
                threshold=cpu,
                evaluation_periods=minutes,
            ),
            self._alarm(
                f"service-{label}-memory",
                topic,
                f"{name}: service {label} averaged more than {memory:g}% memory {over}; tasks that run out "
                "are killed. Check for a leak (memory rising after each deployment) or give the service more "
                "memory.",
                namespace="AWS/ECS",
                metric_name="MemoryUtilization",
                dimensions=dimensions,
                statistic="Average",
                period=PERIOD,
                comparison=COMPARISONS[">"],
                threshold=memory,
                evaluation_periods=minutes,
            ),
        ]

    def _database(self, database: DatabaseAlarmsArgs, topic: _Topic) -> list[aws.cloudwatch.MetricAlarm]:
        name = self._name
        minutes = database.get("evaluation_minutes", 5)
        over = f"for {minutes} minute{'s' if minutes != 1 else ''}"
        primary: dict[str, pulumi.Input[str]] = {"DBInstanceIdentifier": database["identifier"]}
        cpu = database.get("cpu_percent", 80)
        free = database.get("free_storage_percent", 15)
        storage = pulumi.Output.from_input(database["allocated_storage_gb"])
        ceiling = database.get("max_allocated_storage_gb")
        growth = (
            f"Storage autoscaling grows the disk up to {ceiling} GB; past that, raise max_storage_gb. "
            if ceiling
            else ""
        )
        created = [
            self._alarm(
                "db-cpu",
                topic,
                f"{name}: the database used more than {cpu:g}% CPU {over}. Check Performance Insights for "
                "the top queries and missing indexes, then the instance class.",
                namespace="AWS/RDS",
                metric_name="CPUUtilization",
                dimensions=primary,
                statistic="Average",
                period=PERIOD,
                comparison=COMPARISONS[">"],
                threshold=cpu,
                evaluation_periods=minutes,
            ),
            self._alarm(
                "db-free-storage",
                topic,
                storage.apply(
                    lambda gb: (
                        f"{name}: the database has had less than {free:g}% of its {gb} GB storage "
                        f"free {over}. {growth}Check large tables and indexes, and inactive replication "
                        "slots holding WAL; add storage before it fills up."
                    )
                ),
                namespace="AWS/RDS",
                metric_name="FreeStorageSpace",
                dimensions=primary,
                statistic="Minimum",
                period=PERIOD,
                comparison=COMPARISONS["<"],
                threshold=storage.apply(lambda gb: float(round(gb * GIB * free / 100))),
                evaluation_periods=minutes,
            ),
        ]
        max_connections = database.get("max_connections")
        if max_connections is not None:
            share = database.get("connections_percent", 80)
            created.append(
                self._alarm(
                    "db-connections",
                    topic,
                    f"{name}: the database had more than {share:g}% of its {max_connections} connections "
                    f"open {over}. Check pool sizes times task counts, leaked connections, and whether a "
                    "pooler (RDS Proxy, PgBouncer) is needed.",
                    namespace="AWS/RDS",
                    metric_name="DatabaseConnections",
                    dimensions=primary,
                    statistic="Maximum",
                    period=PERIOD,
                    comparison=COMPARISONS[">"],
                    threshold=max_connections * share / 100,
                    evaluation_periods=minutes,
                )
            )
        slow = database.get("slow_queries_per_5min")
        if slow is not None:
            created.append(self._slow_queries(database["identifier"], slow, topic))
        lag = database.get("replica_lag_seconds", 60)
        for index, replica in enumerate(database.get("replica_identifiers") or [], start=1):
            created.append(
                self._alarm(
                    f"db-replica-{index}-lag",
                    topic,
                    f"{name}: read replica {index} has lagged the primary by more than {lag} s {over}; its "
                    "readers see stale data. Check the replica's CPU and I/O, long queries on it, and write "
                    "bursts on the primary.",
                    namespace="AWS/RDS",
                    metric_name="ReplicaLag",
                    dimensions={"DBInstanceIdentifier": replica},
                    statistic="Maximum",
                    period=PERIOD,
                    comparison=COMPARISONS[">"],
                    threshold=lag,
                    evaluation_periods=minutes,
                )
            )
        return created

    def _slow_query_metric(self) -> str:
        """The metric the slow-query filter writes: one per `physical_name`, so stacks sharing an account
        never count each other's statements."""
        return physical_name(f"{self._base}-db-slow-queries", ALARM_NAME_LIMIT)

    def _slow_queries(
        self, identifier: pulumi.Input[str], threshold: int, topic: _Topic
    ) -> aws.cloudwatch.MetricAlarm:
        """A metric filter counting the slow statements in the primary's PostgreSQL log, and its alarm. The
        log group's name comes from the instance's identifier, an output of the instance, which RDS creates
        after the log groups (`ManagedPostgres` creates them first): the filter waits for both."""
        metric = self._slow_query_metric()
        aws.cloudwatch.LogMetricFilter(
            f"{self._name}-db-slow-queries",
            name=physical_name(f"{self._base}-db-slow-queries", METRIC_FILTER_NAME_LIMIT),
            log_group_name=pulumi.Output.from_input(identifier).apply(
                lambda value: SLOW_QUERY_LOG.format(identifier=value)
            ),
            pattern=SLOW_QUERY_PATTERN,
            metric_transformation={
                "name": metric,
                "namespace": SLOW_QUERY_NAMESPACE,
                "value": "1",
                "unit": "Count",
            },
            opts=pulumi.ResourceOptions(parent=self),
        )
        return self._alarm(
            "db-slow-queries",
            topic,
            f"{self._name}: the database logged more than {threshold} statement"
            f"{'s' if threshold != 1 else ''} slower than log_min_duration_statement (1 s unless the "
            'parameters change it) in 5 minutes. Find them in the postgresql log group ("duration:" lines, '
            "CloudWatch Logs Insights) and in Performance Insights' top SQL; check missing indexes, locks "
            "and the instance's CPU and I/O.",
            namespace=SLOW_QUERY_NAMESPACE,
            metric_name=metric,
            statistic="Sum",
            period=SLOW_QUERY_PERIOD,
            comparison=COMPARISONS[">"],
            threshold=threshold,
            evaluation_periods=1,
        )

    def _uptime(
        self, check: UptimeCheckArgs, topic: _Topic
    ) -> tuple[aws.cloudwatch.MetricAlarm, aws.route53.HealthCheck]:
        """A Route 53 HTTPS health check of one public endpoint and an alarm (in us-east-1) on its status."""
        label, host, path = check["name"], check["host"], check.get("path", "/")
        minutes = check.get("evaluation_minutes", 2)
        health = aws.route53.HealthCheck(
            f"{self._name}-uptime-{label}",
            type="HTTPS",
            fqdn=host,
            port=443,
            resource_path=path,
            enable_sni=True,
            request_interval=check.get("request_interval_seconds", 30),
            failure_threshold=check.get("failure_threshold", 3),
            tags={**self._tags, "Name": physical_name(f"{self._base}-uptime-{label}", ALARM_NAME_LIMIT)},
            opts=pulumi.ResourceOptions(parent=self),
        )
        alarm = self._alarm(
            f"uptime-{label}",
            topic,
            pulumi.Output.concat(
                f"{self._name}: https://",
                host,
                f"{path} has failed Route 53's health checks for {minutes} minute"
                f"{'s' if minutes != 1 else ''}: most checker regions get no 2xx or 3xx answer (or none "
                "within the timeout), so users likely cannot reach it either. Check the DNS record and the "
                "certificate, the load balancer's target health and the service's tasks, and the firewall.",
            ),
            namespace="AWS/Route53",
            metric_name="HealthCheckStatus",
            dimensions={"HealthCheckId": health.id},
            statistic="Minimum",
            period=PERIOD,
            comparison=COMPARISONS["<"],
            threshold=1,
            evaluation_periods=minutes,
            # Route 53 reports every minute while the check exists; a gap (a new check's first minutes)
            # keeps the alarm's state instead of paging.
            treat_missing_data="missing",
            region=UPTIME_REGION,
        )
        return alarm, health

    def _cache(self, cache: CacheAlarmsArgs, topic: _Topic) -> list[aws.cloudwatch.MetricAlarm]:
        name = self._name
        minutes = cache.get("evaluation_minutes", 5)
        over = f"for {minutes} minute{'s' if minutes != 1 else ''}"
        nodes = _cache_nodes(cache)

        def across_nodes(
            metric: str, stat: str, combine: str, label: str
        ) -> list[aws.cloudwatch.MetricAlarmMetricQueryArgsDict]:
            """One hidden query per node and `combine` (MAX or SUM) of them, the alarm's value."""
            queries: list[aws.cloudwatch.MetricAlarmMetricQueryArgsDict] = [
                {
                    "id": f"node{index}",
                    "metric": {
                        "namespace": "AWS/ElastiCache",
                        "metric_name": metric,
                        "dimensions": {"CacheClusterId": node},
                        "stat": stat,
                        "period": PERIOD,
                    },
                    "return_data": False,
                }
                for index, node in enumerate(nodes, start=1)
            ]
            ids = ", ".join(f"node{index}" for index in range(1, len(nodes) + 1))
            expression = f"{combine}([{ids}])"
            queries.append({"id": "value", "expression": expression, "label": label, "return_data": True})
            return queries

        cpu = cache.get("cpu_percent", 80)
        memory = cache.get("memory_percent", 80)
        evictions = cache.get("evictions", 0)
        return [
            self._alarm(
                "cache-cpu",
                topic,
                f"{name}: a cache node's engine CPU stayed above {cpu:g}% {over}. Check the slow log for "
                "expensive commands (KEYS, large sets) and the node type.",
                metric_queries=across_nodes(
                    "EngineCPUUtilization", "Average", "MAX", "Worst node engine CPU"
                ),
                comparison=COMPARISONS[">"],
                threshold=cpu,
                evaluation_periods=minutes,
            ),
            self._alarm(
                "cache-memory",
                topic,
                f"{name}: a cache node used more than {memory:g}% of its memory {over}. Check key TTLs, the "
                "eviction policy and the node type.",
                metric_queries=across_nodes(
                    "DatabaseMemoryUsagePercentage", "Average", "MAX", "Worst node memory use"
                ),
                comparison=COMPARISONS[">"],
                threshold=memory,
                evaluation_periods=minutes,
            ),
            self._alarm(
                "cache-evictions",
                topic,
                f"{name}: the cache evicted more than {evictions} keys a minute {over}: it is full and drops "
                "data. Check memory use, key TTLs and the eviction policy, or use a larger node type.",
                metric_queries=across_nodes("Evictions", "Sum", "SUM", "Evictions"),
                comparison=COMPARISONS[">"],
                threshold=evictions,
                evaluation_periods=minutes,
            ),
        ]

    def _cdn(self, cdn: CdnAlarmsArgs, topic: _Topic) -> aws.cloudwatch.MetricAlarm:
        minutes = cdn.get("evaluation_minutes", 5)
        rate = cdn.get("error_rate_percent", 5)
        return self._alarm(
            "cdn-5xx-rate",
            topic,
            f"{self._name}: more than {rate:g}% of the CDN's responses were 5xx for {minutes} minute"
            f"{'s' if minutes != 1 else ''}. Check the origins (the load balancer alarms, the bucket policy) "
            "and the distribution's origin errors.",
            namespace="AWS/CloudFront",
            metric_name="5xxErrorRate",
            dimensions={"DistributionId": cdn["distribution_id"], "Region": "Global"},
            statistic="Average",
            period=PERIOD,
            comparison=COMPARISONS[">"],
            threshold=rate,
            evaluation_periods=minutes,
            region=CDN_REGION,
        )

    def _custom(self, alarm: CustomAlarmArgs, topic: _Topic) -> aws.cloudwatch.MetricAlarm:
        statistic = alarm.get("statistic", "Average")
        comparison = alarm.get("comparison", ">")
        period = alarm.get("period_seconds", PERIOD)
        periods = alarm.get("evaluation_periods", 5)
        threshold = alarm["threshold"]
        description = alarm.get("description") or (
            f"{self._name}: {alarm['namespace']} {alarm['metric_name']} ({statistic}) was {comparison} "
            f"{threshold:g} for {periods} periods of {period} s. Check what produces this metric."
        )
        return self._alarm(
            f"custom-{alarm['name']}",
            topic,
            description,
            namespace=alarm["namespace"],
            metric_name=alarm["metric_name"],
            dimensions=dict(alarm.get("dimensions") or {}) or None,
            statistic=statistic,
            period=period,
            comparison=COMPARISONS[comparison],
            threshold=threshold,
            evaluation_periods=periods,
            datapoints_to_alarm=alarm.get("datapoints_to_alarm"),
            treat_missing_data=alarm.get("treat_missing_data", "notBreaching"),
        )


# -- policies -----------------------------------------------------------------------------------------------


def _key_policy(partition: str, account: str) -> str:
    """The alarm topic key's policy: the account administers the key (through IAM, as with AWS's default key
    policy); CloudWatch may use it for this account's alarms only."""
    return json.dumps(
        {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Sid": "AccountAdministersTheKey",
                    "Effect": "Allow",
                    "Principal": {"AWS": f"arn:{partition}:iam::{account}:root"},
                    "Action": "kms:*",
                    "Resource": "*",
                },
                {
                    "Sid": "CloudWatchAlarmsUseTheKey",
                    "Effect": "Allow",
                    "Principal": {"Service": "cloudwatch.amazonaws.com"},
                    "Action": ["kms:Decrypt", "kms:GenerateDataKey*"],
                    "Resource": "*",
                    "Condition": {"StringEquals": {"aws:SourceAccount": account}},
                },
            ],
        }
    )


def _topic_policy(topic_arn: str, account: str) -> str:
    """The alarm topic's policy: CloudWatch alarms of this account may publish; nobody may publish without
    TLS. The account's own principals keep their IAM permissions."""
    return json.dumps(
        {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Sid": "CloudWatchAlarmsPublish",
                    "Effect": "Allow",
                    "Principal": {"Service": "cloudwatch.amazonaws.com"},
                    "Action": "sns:Publish",
                    "Resource": topic_arn,
                    "Condition": {"StringEquals": {"aws:SourceAccount": account}},
                },
                {
                    "Sid": "DenyPublishWithoutTls",
                    "Effect": "Deny",
                    "Principal": "*",
                    "Action": "sns:Publish",
                    "Resource": topic_arn,
                    "Condition": {"Bool": {"aws:SecureTransport": "false"}},
                },
            ],
        }
    )


# -- dashboard widgets (one graph per preset) ---------------------------------------------------------------


def _graph(title: str, region: str, metrics: list[list[Any]], stat: str = "Average") -> dict[str, Any]:
    return {
        "type": "metric",
        "properties": {
            "title": title,
            "region": region,
            "view": "timeSeries",
            "stacked": False,
            "period": PERIOD,
            "stat": stat,
            "metrics": metrics,
        },
    }


def _row(namespace: str, metric: str, dimensions: dict[str, Any], **options: Any) -> list[Any]:
    """A graph's metric row: namespace, metric name, the dimensions' name-value pairs, then the options."""
    return [namespace, metric, *(part for pair in dimensions.items() for part in pair), options]


def _load_balancer_widget(lb: LoadBalancerAlarmsArgs, region: str) -> dict[str, Any]:
    alb = {"LoadBalancer": lb["arn_suffix"]}
    metrics: list[list[Any]] = [
        [{"id": "rate", "expression": ERROR_RATE_EXPRESSION, "label": "Target 5xx rate (%)"}],
        _row(ELB, "HTTPCode_Target_5XX_Count", alb, id="errors", stat="Sum", visible=False),
        _row(ELB, "RequestCount", alb, id="requests", stat="Sum", visible=False),
    ]
    for percentile in ("p95", "p99") if lb.get("p99_latency_ms") is not None else ("p95",):
        label = f"{percentile} response time (s)"
        metrics.append(_row(ELB, "TargetResponseTime", alb, stat=percentile, label=label, yAxis="right"))
    return _graph("Load balancer", region, metrics)


def _services_widget(services: list[ServiceAlarmsArgs], region: str) -> dict[str, Any]:
    metrics: list[list[Any]] = []
    for service in services:
        ecs = {"ClusterName": service["cluster_name"], "ServiceName": service["service_name"]}
        for metric, what in (("CPUUtilization", "CPU"), ("MemoryUtilization", "memory")):
            metrics.append(_row("AWS/ECS", metric, ecs, label=f"{service['name']} {what} (%)"))
    return _graph("Services", region, metrics)


def _database_widget(database: DatabaseAlarmsArgs, region: str, slow_query_metric: str) -> dict[str, Any]:
    rds = {"DBInstanceIdentifier": database["identifier"]}
    metrics: list[list[Any]] = [
        _row("AWS/RDS", "CPUUtilization", rds, label="CPU (%)"),
        _row("AWS/RDS", "DatabaseConnections", rds, label="Connections", stat="Maximum", yAxis="right"),
    ]
    if database.get("slow_queries_per_5min") is not None:
        metrics.append(
            _row(
                SLOW_QUERY_NAMESPACE,
                slow_query_metric,
                {},
                label="Slow queries per 5 min",
                stat="Sum",
                period=SLOW_QUERY_PERIOD,
                yAxis="right",
            )
        )
    for index, replica in enumerate(database.get("replica_identifiers") or [], start=1):
        lag = {"DBInstanceIdentifier": replica}
        label = f"Replica {index} lag (s)"
        metrics.append(_row("AWS/RDS", "ReplicaLag", lag, label=label, stat="Maximum", yAxis="right"))
    return _graph("Database", region, metrics)


def _cache_widget(cache: CacheAlarmsArgs, region: str) -> dict[str, Any]:
    metrics: list[list[Any]] = []
    for index, node in enumerate(_cache_nodes(cache), start=1):
        member = {"CacheClusterId": node}
        metrics += [
            _row(CACHE, "EngineCPUUtilization", member, label=f"Node {index} engine CPU (%)"),
            _row(CACHE, "DatabaseMemoryUsagePercentage", member, label=f"Node {index} memory (%)"),
            _row(CACHE, "Evictions", member, label=f"Node {index} evictions", stat="Sum", yAxis="right"),
        ]
    return _graph("Cache", region, metrics)


def _cdn_widget(cdn: CdnAlarmsArgs) -> dict[str, Any]:
    distribution = {"DistributionId": cdn["distribution_id"], "Region": "Global"}
    metrics = [
        _row("AWS/CloudFront", "5xxErrorRate", distribution, label="5xx rate (%)"),
        _row("AWS/CloudFront", "4xxErrorRate", distribution, label="4xx rate (%)"),
    ]
    return _graph("CDN", CDN_REGION, metrics)


def _uptime_widget(uptime: list[UptimeCheckArgs], health_checks: list[pulumi.Output[str]]) -> dict[str, Any]:
    metrics = [
        _row("AWS/Route53", "HealthCheckStatus", {"HealthCheckId": health}, label=f"{check['name']} (1: up)")
        for check, health in zip(uptime, health_checks, strict=True)
    ]
    return _graph("Uptime", UPTIME_REGION, metrics, stat="Minimum")


def _custom_widget(custom: list[CustomAlarmArgs], region: str) -> dict[str, Any]:
    metrics = [
        _row(
            alarm["namespace"],
            alarm["metric_name"],
            dict(alarm.get("dimensions") or {}),
            label=alarm["name"],
            stat=alarm.get("statistic", "Average"),
            period=alarm.get("period_seconds", PERIOD),
        )
        for alarm in custom
    ]
    return _graph("Custom metrics", region, metrics)


def _cache_nodes(cache: CacheAlarmsArgs) -> list[pulumi.Output[str]]:
    """The member cluster ids of a replication group (cluster mode disabled): `<id>-001`, `<id>-002` …"""
    group = cache["replication_group_id"]
    return [pulumi.Output.concat(group, f"-{index:03d}") for index in range(1, cache.get("nodes", 2) + 1)]


# -- argument checks ----------------------------------------------------------------------------------------


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


def _check_args(args: AlarmsArgs) -> None:
    _preset("args", args, AlarmsArgs, "see AlarmsArgs")
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
        _percent(f"{where}.cpu_percent", service.get("cpu_percent", 80))
        _percent(f"{where}.memory_percent", service.get("memory_percent", 80))
        _minutes(where, service)
    if args.get("database") is not None:
        _check_database(args.get("database"))
    if args.get("cache") is not None:
        cache = _preset("cache", args.get("cache"), CacheAlarmsArgs, "replication_group_id is required")
        _number("cache.nodes", cache.get("nodes", 2), 1, MAX_CACHE_NODES, integer=True)
        _percent("cache.cpu_percent", cache.get("cpu_percent", 80))
        _percent("cache.memory_percent", cache.get("memory_percent", 80))
        _number("cache.evictions", cache.get("evictions", 0), 0, None, integer=True)
        _minutes("cache", cache)
    if args.get("cdn") is not None:
        cdn = _preset("cdn", args.get("cdn"), CdnAlarmsArgs, "distribution_id is required")
        _percent("cdn.error_rate_percent", cdn.get("error_rate_percent", 5))
        _minutes("cdn", cdn)
    labels = set()
    for index, check in enumerate(_items("uptime", args.get("uptime"))):
        _check_uptime(f"uptime[{index}]", check, labels)
    labels = set()
    for index, alarm in enumerate(_items("custom", args.get("custom"))):
        _check_custom(f"custom[{index}]", alarm, labels)


def _minutes(where: str, preset: dict[str, Any]) -> None:
    _number(
        f"{where}.evaluation_minutes",
        preset.get("evaluation_minutes", 5),
        1,
        MAX_EVALUATION_MINUTES,
        integer=True,
    )


def _check_load_balancer(value: object) -> None:
    lb = _preset("load_balancer", value, LoadBalancerAlarmsArgs, "arn_suffix is required")
    _arn_suffix("load_balancer.arn_suffix", lb["arn_suffix"], "app", "app/<name>/<id>")
    _percent("load_balancer.error_rate_percent", lb.get("error_rate_percent", 5))
    _number("load_balancer.p95_latency_ms", lb.get("p95_latency_ms", 1000), 1, None, integer=True)
    if lb.get("p99_latency_ms") is not None:
        _number("load_balancer.p99_latency_ms", lb["p99_latency_ms"], 1, None, integer=True)
    _minutes("load_balancer", lb)
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
    if not isinstance(database["allocated_storage_gb"], pulumi.Output):
        _number(
            "database.allocated_storage_gb", database["allocated_storage_gb"], 1, MAX_STORAGE_GB, integer=True
        )
    if database.get("max_allocated_storage_gb") is not None:
        _number(
            "database.max_allocated_storage_gb",
            database["max_allocated_storage_gb"],
            1,
            MAX_STORAGE_GB,
            integer=True,
        )
    _percent("database.cpu_percent", database.get("cpu_percent", 80))
    free = database.get("free_storage_percent", 15)
    _number("database.free_storage_percent", free, 0, 100, above=True)
    if free == 100:
        _fail("database.free_storage_percent", free, "a number above 0 and below 100")
    if database.get("max_connections") is not None:
        _number("database.max_connections", database["max_connections"], 1, None, integer=True)
    _percent("database.connections_percent", database.get("connections_percent", 80))
    replicas = _items("database.replica_identifiers", database.get("replica_identifiers"))
    for index, replica in enumerate(replicas):
        if replica is None or replica == "":
            _fail(f"database.replica_identifiers[{index}]", replica, "RDS instance identifiers")
    _number("database.replica_lag_seconds", database.get("replica_lag_seconds", 60), 1, None, integer=True)
    if database.get("slow_queries_per_5min") is not None:
        _number("database.slow_queries_per_5min", database["slow_queries_per_5min"], 0, None, integer=True)
    _minutes("database", database)


def _check_uptime(where: str, value: object, labels: set[str]) -> None:
    check = _preset(where, value, UptimeCheckArgs, "name and host are required")
    _uptime_target(where, check, labels, MAX_RESOURCE_PATH)
    interval = check.get("request_interval_seconds", 30)
    if not _is_int(interval) or interval not in REQUEST_INTERVALS:
        _fail(f"{where}.request_interval_seconds", interval, "30 (standard) or 10 (fast)")
    threshold = check.get("failure_threshold", 3)
    _number(f"{where}.failure_threshold", threshold, 1, MAX_FAILURE_THRESHOLD, integer=True)
    _minutes(where, check)


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
    comparison = alarm.get("comparison", ">")
    if comparison not in COMPARISONS:
        _fail(f"{where}.comparison", comparison, f"one of {', '.join(COMPARISONS)}")
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
    missing = alarm.get("treat_missing_data", "notBreaching")
    if missing not in TREAT_MISSING_DATA:
        _fail(f"{where}.treat_missing_data", missing, f"one of {', '.join(TREAT_MISSING_DATA)}")
    description = alarm.get("description")
    if description is not None and not (isinstance(description, str) and len(description) <= 1024):
        _fail(f"{where}.description", description, 'a string of at most 1024 characters ("" builds one)')
