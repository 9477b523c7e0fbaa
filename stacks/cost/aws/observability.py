"""AWS observability: CloudWatch alarms, dashboards, log groups and log delivery, SNS topics."""

from __future__ import annotations

from collections.abc import Mapping

from ..context import Context, Outcome, Resource, Rule
from .common import registrar

FREE: dict[str, str] = {
    "aws:cloudwatch/logMetricFilter:LogMetricFilter": "metric filters have no charge",
    "aws:cloudwatch/logDeliverySource:LogDeliverySource": "configuration of the log delivery",
    "aws:cloudwatch/logDeliveryDestination:LogDeliveryDestination": "configuration of the log delivery",
    "aws:sns/topic:Topic": "no fixed charge; alarm notifications (a few emails) are not modelled",
    "aws:sns/topicPolicy:TopicPolicy": "configuration of the topic",
    "aws:sns/topicSubscription:TopicSubscription": "email subscriptions have no charge of their own",
}

NOT_PRICED: dict[str, str] = {
    "aws:cloudwatch/logDelivery:LogDelivery": (
        "usage-billed: vended log delivery (CloudFront access logs) is billed per GB delivered; "
        "not in the table"
    ),
}

RULES: dict[str, Rule] = {}
rule = registrar(RULES)


@rule("aws:cloudwatch/metricAlarm:MetricAlarm")
def metric_alarm(r: Resource, ctx: Context) -> Outcome:
    queries = [q for q in r.get("metricQueries", []) if isinstance(q, Mapping)]
    metrics = [q for q in queries if q.get("metric")] if queries else []
    count = len(metrics) if queries else 1
    periods = [float(q["metric"].get("period", 60)) for q in metrics] or [float(r.get("period", 60))]
    resolution = "high_resolution" if min(periods) < 60 else "standard"
    if any("ANOMALY_DETECTION_BAND" in str(q.get("expression", "")) for q in queries):
        count *= 3
    label = "high-resolution" if resolution == "high_resolution" else "standard resolution"
    return Outcome(
        [
            ctx.fixed(
                f"Alarm metrics ({count}, {label})",
                count,
                "alarm metric-months",
                f"cloudwatch.alarm.{resolution}.metric_month",
            )
        ]
    )


@rule("aws:cloudwatch/dashboard:Dashboard")
def dashboard(r: Resource, ctx: Context) -> Outcome:
    return Outcome([ctx.fixed("Dashboard", 1, "dashboard-months", "cloudwatch.dashboard.month")])


@rule("aws:cloudwatch/logGroup:LogGroup")
def log_group(r: Resource, ctx: Context) -> Outcome:
    usage = ctx.usage_of(r, "log_group")
    return Outcome(
        [
            ctx.use(
                "Data ingested",
                usage["ingested_gb"],
                "GB",
                "cloudwatch.logs.ingested_gb",
                "log_group.ingested_gb",
            ),
            ctx.use(
                f"Storage ({r.get('retentionInDays', 'unlimited')} days' retention)",
                usage["stored_gb"],
                "GB-months",
                "cloudwatch.logs.stored_gb_month",
                "log_group.stored_gb",
            ),
        ]
    )
