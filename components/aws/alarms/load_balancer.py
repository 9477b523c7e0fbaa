"""The `load_balancer` preset: the target 5xx rate (metric math), p95 and optional p99 target response time,
and per target group unhealthy targets and no healthy target; its graph."""

from typing import Any

import pulumi
import pulumi_aws as aws

from .alarm import COMPARISONS, PERIOD, AlarmTopic, Preset, Scope
from .args import LoadBalancerAlarmsArgs
from .dashboard import graph, row

ELB = "AWS/ApplicationELB"
ERROR_RATE_EXPRESSION = "100 * FILL(errors, 0) / requests"
"""Target 5xx rate in percent: no 5xx data point in a minute with requests counts as 0 %; a minute without
requests has no value (missing data, which does not breach)."""


def load_balancer_alarms(scope: Scope, lb: LoadBalancerAlarmsArgs, topic: AlarmTopic, region: str) -> Preset:
    """The load balancer's alarms, notifying `topic`, and its graph."""
    return Preset(_load_balancer(scope, lb, topic), _load_balancer_widget(lb, region))


def _load_balancer(
    scope: Scope, lb: LoadBalancerAlarmsArgs, topic: AlarmTopic
) -> list[aws.cloudwatch.MetricAlarm]:
    name, suffix = scope.name, lb["arn_suffix"]
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
        scope.alarm(
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
            scope.alarm(
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
            scope.alarm(
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
            scope.alarm(
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


def _load_balancer_widget(lb: LoadBalancerAlarmsArgs, region: str) -> dict[str, Any]:
    alb = {"LoadBalancer": lb["arn_suffix"]}
    metrics: list[list[Any]] = [
        [{"id": "rate", "expression": ERROR_RATE_EXPRESSION, "label": "Target 5xx rate (%)"}],
        row(ELB, "HTTPCode_Target_5XX_Count", alb, id="errors", stat="Sum", visible=False),
        row(ELB, "RequestCount", alb, id="requests", stat="Sum", visible=False),
    ]
    for percentile in ("p95", "p99") if lb.get("p99_latency_ms") is not None else ("p95",):
        label = f"{percentile} response time (s)"
        metrics.append(row(ELB, "TargetResponseTime", alb, stat=percentile, label=label, yAxis="right"))
    return graph("Load balancer", region, metrics)
