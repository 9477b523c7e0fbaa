"""The `custom` preset: a policy per metric of the stack's own (any metric type, filtered by resource type and
metric labels); their chart."""

from typing import Any

import pulumi_gcp as gcp

from .alarm import COMPARISONS, MISSING_DATA, Preset, Scope, aggregation, duration, minutes_text
from .args import AlarmsCustom
from .dashboard import chart, dataset


def custom_alarms(scope: Scope, custom: list[AlarmsCustom]) -> Preset:
    """Each custom alarm's policy, in the order of `custom`, and their chart."""
    return Preset([_custom(scope, alarm) for alarm in custom], [custom_widget(custom)])


def custom_filter(metric_type: str, resource_type: str | None, labels: dict[str, str]) -> str:
    """`metric.type`, then the resource type and each metric label (sorted, so the text never changes)."""
    parts = [f'metric.type="{metric_type}"']
    if resource_type:
        parts.append(f'resource.type="{resource_type}"')
    parts += [f'metric.labels.{key}="{value}"' for key, value in sorted(labels.items())]
    return " AND ".join(parts)


def custom_alarm_filter(alarm: AlarmsCustom) -> str:
    return custom_filter(alarm["metric_type"], alarm.get("resource_type"), dict(alarm.get("labels") or {}))


def _custom(scope: Scope, alarm: AlarmsCustom) -> gcp.monitoring.AlertPolicy:
    comparison = alarm.get("comparison", ">")
    aligner = alarm.get("aligner", "ALIGN_MEAN")
    period = alarm.get("period_seconds", 60)
    minutes = alarm.get("minutes", 5)
    threshold = alarm["threshold"]
    description = alarm.get("description") or (
        f"`{alarm['metric_type']}` ({aligner} over {period} s) was {comparison} {threshold:g} for "
        f"{minutes_text(minutes)}.\n\nCheck what produces this metric."
    )
    return scope.policy(
        f"custom-{alarm['name']}",
        alarm["name"],
        {
            "filter": custom_alarm_filter(alarm),
            "aggregations": [aggregation(aligner, period=f"{period}s")],
            "comparison": COMPARISONS[comparison],
            "threshold_value": threshold,
            "duration": duration(minutes),
            "evaluation_missing_data": MISSING_DATA,
        },
        description,
        alarm.get("severity", "WARNING"),
    )


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
