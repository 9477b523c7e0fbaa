"""The `services` preset: average CPU and memory utilization of each ECS service; their graph."""

from typing import Any

import pulumi
import pulumi_aws as aws

from .alarm import COMPARISONS, PERIOD, AlarmTopic, Preset, Scope
from .args import ServiceAlarmsArgs
from .dashboard import graph, row


def service_alarms(scope: Scope, services: list[ServiceAlarmsArgs], topic: AlarmTopic, region: str) -> Preset:
    """Each service's alarms, notifying `topic`, and the services' graph."""
    alarms: list[aws.cloudwatch.MetricAlarm] = []
    for service in services:
        alarms += _service(scope, service, topic)
    return Preset(alarms, _services_widget(services, region))


def _service(scope: Scope, service: ServiceAlarmsArgs, topic: AlarmTopic) -> list[aws.cloudwatch.MetricAlarm]:
    name, label = scope.name, service["name"]
    minutes = service.get("evaluation_minutes", 5)
    over = f"for {minutes} minute{'s' if minutes != 1 else ''}"
    dimensions: dict[str, pulumi.Input[str]] = {
        "ClusterName": service["cluster_name"],
        "ServiceName": service["service_name"],
    }
    cpu = service.get("cpu_percent", 80)
    memory = service.get("memory_percent", 80)
    return [
        scope.alarm(
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
        scope.alarm(
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


def _services_widget(services: list[ServiceAlarmsArgs], region: str) -> dict[str, Any]:
    metrics: list[list[Any]] = []
    for service in services:
        ecs = {"ClusterName": service["cluster_name"], "ServiceName": service["service_name"]}
        for metric, what in (("CPUUtilization", "CPU"), ("MemoryUtilization", "memory")):
            metrics.append(row("AWS/ECS", metric, ecs, label=f"{service['name']} {what} (%)"))
    return graph("Services", region, metrics)
