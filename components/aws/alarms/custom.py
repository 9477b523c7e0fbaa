"""The `custom` preset: an alarm on any metric per entry; their graph."""

from typing import Any

import pulumi_aws as aws

from .alarm import COMPARISONS, PERIOD, AlarmTopic, Preset, Scope
from .args import CustomAlarmArgs
from .dashboard import graph, row


def custom_alarms(scope: Scope, custom: list[CustomAlarmArgs], topic: AlarmTopic, region: str) -> Preset:
    """One alarm per entry of `custom`, notifying `topic`, and their graph."""
    alarms: list[aws.cloudwatch.MetricAlarm] = []
    for alarm in custom:
        alarms.append(_custom(scope, alarm, topic))
    return Preset(alarms, _custom_widget(custom, region))


def _custom(scope: Scope, alarm: CustomAlarmArgs, topic: AlarmTopic) -> aws.cloudwatch.MetricAlarm:
    statistic = alarm.get("statistic", "Average")
    comparison = alarm.get("comparison", ">")
    period = alarm.get("period_seconds", PERIOD)
    periods = alarm.get("evaluation_periods", 5)
    threshold = alarm["threshold"]
    description = alarm.get("description") or (
        f"{scope.name}: {alarm['namespace']} {alarm['metric_name']} ({statistic}) was {comparison} "
        f"{threshold:g} for {periods} periods of {period} s. Check what produces this metric."
    )
    return scope.alarm(
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


def _custom_widget(custom: list[CustomAlarmArgs], region: str) -> dict[str, Any]:
    metrics = [
        row(
            alarm["namespace"],
            alarm["metric_name"],
            dict(alarm.get("dimensions") or {}),
            label=alarm["name"],
            stat=alarm.get("statistic", "Average"),
            period=alarm.get("period_seconds", PERIOD),
        )
        for alarm in custom
    ]
    return graph("Custom metrics", region, metrics)
