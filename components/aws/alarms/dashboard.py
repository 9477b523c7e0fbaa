"""The dashboard `<physical_name>-alarms`: one graph per preset that is on, two to a row. Each preset draws
its own graph with `graph` and `row`."""

import json
from typing import Any

import pulumi
import pulumi_aws as aws

from ..naming import physical_name
from .alarm import PERIOD, Scope

DASHBOARD_NAME_LIMIT = 255  # CloudWatch dashboard names


def dashboard(scope: Scope, widgets: list[dict[str, Any]]) -> pulumi.Output[str]:
    """The dashboard with `widgets` laid out two to a row; its name, "" without widgets (no dashboard)."""
    if not widgets:
        return pulumi.Output.from_input("")
    for index, widget in enumerate(widgets):
        widget.update(x=(index % 2) * 12, y=(index // 2) * 6, width=12, height=6)
    created = aws.cloudwatch.Dashboard(
        f"{scope.name}-dashboard",
        dashboard_name=physical_name(f"{scope.base}-alarms", DASHBOARD_NAME_LIMIT),
        dashboard_body=pulumi.Output.all(*widgets).apply(lambda resolved: json.dumps({"widgets": resolved})),
        opts=pulumi.ResourceOptions(parent=scope.owner),
    )
    return created.dashboard_name


def graph(title: str, region: str, metrics: list[list[Any]], stat: str = "Average") -> dict[str, Any]:
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


def row(namespace: str, metric: str, dimensions: dict[str, Any], **options: Any) -> list[Any]:
    """A graph's metric row: namespace, metric name, the dimensions' name-value pairs, then the options."""
    return [namespace, metric, *(part for pair in dimensions.items() for part in pair), options]
