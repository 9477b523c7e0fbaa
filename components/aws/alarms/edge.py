"""The presets at the edge, in us-east-1 where CloudFront and Route 53 publish their metrics: `cdn` (the
distribution's 5xx rate) and `uptime` (a Route 53 HTTPS health check per public endpoint and an alarm on its
status), notifying a topic there (a second one when the stack is in another region); their graphs."""

from dataclasses import dataclass
from typing import Any

import pulumi
import pulumi_aws as aws

from ..naming import physical_name
from .alarm import ALARM_NAME_LIMIT, COMPARISONS, PERIOD, AlarmTopic, Preset, Scope
from .args import CdnAlarmsArgs, UptimeCheckArgs
from .dashboard import graph, row
from .topic import Subscribers, alarm_topic

CDN_REGION = "us-east-1"  # CloudFront publishes its metrics there only
# Route 53 publishes health check metrics in us-east-1 only (Route 53 Developer Guide, "Monitoring health
# checks using CloudWatch"), and an alarm notifies topics in its own region: uptime alarms live there too.
UPTIME_REGION = CDN_REGION


@dataclass(frozen=True)
class Edge:
    """The us-east-1 topic's ARN ("" without `cdn` and `uptime`) and the presets that notify it."""

    topic_arn: pulumi.Output[str]
    presets: list[Preset]


def edge_alarms(
    scope: Scope,
    cdn: CdnAlarmsArgs | None,
    uptime: list[UptimeCheckArgs],
    main: AlarmTopic,
    region: str,
    subscribers: Subscribers,
) -> Edge:
    """The CDN alarm and the uptime checks with their alarms, notifying `main` when the stack is in
    us-east-1 and a second topic there otherwise, and their graphs."""
    if cdn is None and not uptime:
        return Edge(pulumi.Output.from_input(""), [])
    east = main if region == CDN_REGION else alarm_topic(scope, CDN_REGION, None, subscribers)
    presets: list[Preset] = []
    if cdn is not None:
        presets.append(Preset([_cdn(scope, cdn, east)], _cdn_widget(cdn)))
    if uptime:
        checks = [_uptime(scope, check, east) for check in uptime]
        alarms = [alarm for alarm, _ in checks]
        presets.append(Preset(alarms, _uptime_widget(uptime, [health.id for _, health in checks])))
    return Edge(east.topic.arn, presets)


def _cdn(scope: Scope, cdn: CdnAlarmsArgs, topic: AlarmTopic) -> aws.cloudwatch.MetricAlarm:
    minutes = cdn.get("evaluation_minutes", 5)
    rate = cdn.get("error_rate_percent", 5)
    return scope.alarm(
        "cdn-5xx-rate",
        topic,
        f"{scope.name}: more than {rate:g}% of the CDN's responses were 5xx for {minutes} minute"
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


def _uptime(
    scope: Scope, check: UptimeCheckArgs, topic: AlarmTopic
) -> tuple[aws.cloudwatch.MetricAlarm, aws.route53.HealthCheck]:
    """A Route 53 HTTPS health check of one public endpoint and an alarm (in us-east-1) on its status."""
    label, host, path = check["name"], check["host"], check.get("path", "/")
    minutes = check.get("evaluation_minutes", 2)
    health = aws.route53.HealthCheck(
        f"{scope.name}-uptime-{label}",
        type="HTTPS",
        fqdn=host,
        port=443,
        resource_path=path,
        enable_sni=True,
        request_interval=check.get("request_interval_seconds", 30),
        failure_threshold=check.get("failure_threshold", 3),
        tags={**scope.tags, "Name": physical_name(f"{scope.base}-uptime-{label}", ALARM_NAME_LIMIT)},
        opts=pulumi.ResourceOptions(parent=scope.owner),
    )
    alarm = scope.alarm(
        f"uptime-{label}",
        topic,
        pulumi.Output.concat(
            f"{scope.name}: https://",
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


def _cdn_widget(cdn: CdnAlarmsArgs) -> dict[str, Any]:
    distribution = {"DistributionId": cdn["distribution_id"], "Region": "Global"}
    metrics = [
        row("AWS/CloudFront", "5xxErrorRate", distribution, label="5xx rate (%)"),
        row("AWS/CloudFront", "4xxErrorRate", distribution, label="4xx rate (%)"),
    ]
    return graph("CDN", CDN_REGION, metrics)


def _uptime_widget(uptime: list[UptimeCheckArgs], health_checks: list[pulumi.Output[str]]) -> dict[str, Any]:
    metrics = [
        row("AWS/Route53", "HealthCheckStatus", {"HealthCheckId": health}, label=f"{check['name']} (1: up)")
        for check, health in zip(uptime, health_checks, strict=True)
    ]
    return graph("Uptime", UPTIME_REGION, metrics, stat="Minimum")
