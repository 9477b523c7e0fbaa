"""`Alarms`: CloudWatch alarms for a stack's load balancer, services, database (with its slow queries),
cache, CDN, public endpoints (Route 53 health checks) and own metrics, an SNS topic encrypted with a key
CloudWatch may use (e-mail and HTTPS subscriptions), and a dashboard.

The component reads as its steps, one module each: `args` (the arguments) and `checks` (their checks),
`topic` (the encrypted SNS topic, its key, policy and subscriptions), then one module per preset family,
each with its alarms and its graph: `load_balancer`, `services`, `database` (with the slow-query metric
filter), `cache`, `edge` (`cdn` and `uptime`, in us-east-1 with a topic there) and `custom`; last the
`dashboard`. `alarm` holds what they share: one alarm as every preset makes it, and CloudWatch's
vocabulary."""

import pulumi
import pulumi_aws as aws

from ...checks import refuse_unknown_keys
from ..naming import physical_base
from .alarm import ALARM_NAME_LIMIT, COMPARISONS, PERIOD, STATISTICS, Preset, Scope
from .args import (
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
from .cache import CACHE, cache_alarms
from .checks import (
    MAX_CACHE_NODES,
    MAX_DIMENSIONS,
    MAX_EVALUATION_MINUTES,
    MAX_FAILURE_THRESHOLD,
    MAX_RESOURCE_PATH,
    MAX_STORAGE_GB,
    REQUEST_INTERVALS,
    TREAT_MISSING_DATA,
    check_args,
)
from .custom import custom_alarms
from .dashboard import DASHBOARD_NAME_LIMIT, dashboard
from .database import (
    GIB,
    METRIC_FILTER_NAME_LIMIT,
    SLOW_QUERY_LOG,
    SLOW_QUERY_NAMESPACE,
    SLOW_QUERY_PATTERN,
    SLOW_QUERY_PERIOD,
    database_alarms,
)
from .edge import CDN_REGION, UPTIME_REGION, edge_alarms
from .load_balancer import ELB, ERROR_RATE_EXPRESSION, load_balancer_alarms
from .services import service_alarms
from .topic import TOPIC_PREFIX_LIMIT, Subscribers, alarm_topic

__all__ = [
    "ALARM_NAME_LIMIT",
    "CACHE",
    "CDN_REGION",
    "COMPARISONS",
    "DASHBOARD_NAME_LIMIT",
    "ELB",
    "ERROR_RATE_EXPRESSION",
    "GIB",
    "MAX_CACHE_NODES",
    "MAX_DIMENSIONS",
    "MAX_EVALUATION_MINUTES",
    "MAX_FAILURE_THRESHOLD",
    "MAX_RESOURCE_PATH",
    "MAX_STORAGE_GB",
    "METRIC_FILTER_NAME_LIMIT",
    "PERIOD",
    "REQUEST_INTERVALS",
    "SLOW_QUERY_LOG",
    "SLOW_QUERY_NAMESPACE",
    "SLOW_QUERY_PATTERN",
    "SLOW_QUERY_PERIOD",
    "STATISTICS",
    "TOPIC_PREFIX_LIMIT",
    "TREAT_MISSING_DATA",
    "UPTIME_REGION",
    "Alarms",
    "AlarmsArgs",
    "CacheAlarmsArgs",
    "CdnAlarmsArgs",
    "CustomAlarmArgs",
    "DatabaseAlarmsArgs",
    "LoadBalancerAlarmsArgs",
    "ServiceAlarmsArgs",
    "TargetGroupAlarmArgs",
    "UptimeCheckArgs",
]


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
        check_args(args)
        base = physical_base("Alarms", name, args.get("physical_name"))
        emails = list(args.get("emails") or [])
        endpoints = list(args.get("https_endpoints") or [])
        tags = dict(args.get("tags") or {})
        super().__init__("stackyard-aws:index:Alarms", name, None, opts)
        scope = Scope(self, name, base, tags)
        invoke = pulumi.InvokeOptions(parent=self)
        region = aws.get_region(opts=invoke).region
        account = aws.get_caller_identity_output(opts=invoke).account_id
        partition = aws.get_partition_output(opts=invoke).partition
        subscribers = Subscribers(emails, endpoints, account, partition)

        main = alarm_topic(scope, None, args.get("kms_key_arn"), subscribers)
        presets: list[Preset] = []
        if (load_balancer := args.get("load_balancer")) is not None:
            presets.append(load_balancer_alarms(scope, load_balancer, main, region))
        if services := list(args.get("services") or []):
            presets.append(service_alarms(scope, services, main, region))
        if (database := args.get("database")) is not None:
            presets.append(database_alarms(scope, database, main, region))
        if (cache := args.get("cache")) is not None:
            presets.append(cache_alarms(scope, cache, main, region))
        edge = edge_alarms(scope, args.get("cdn"), list(args.get("uptime") or []), main, region, subscribers)
        presets += edge.presets
        if custom := list(args.get("custom") or []):
            presets.append(custom_alarms(scope, custom, main, region))
        dashboard_name = dashboard(scope, [preset.widget for preset in presets])

        self.topic_arn = main.topic.arn
        self.cdn_topic_arn = edge.topic_arn
        self.kms_key_arn = main.key_arn
        self.alarm_names = pulumi.Output.all(*[alarm.name for preset in presets for alarm in preset.alarms])
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
