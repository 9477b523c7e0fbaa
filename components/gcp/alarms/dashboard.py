"""The dashboard named `<physical_name>`: the charts of the presets that are on, two to a row. Each preset
draws its own charts with `dataset` and `chart`."""

from typing import Any

import pulumi
import pulumi_gcp as gcp

from .alarm import PERIOD, Aggregation, Scope

COLUMNS = 48  # the mosaic grid's width (1-48); two charts of 24 columns a row
TILE_WIDTH, TILE_HEIGHT = 24, 16


def dashboard(scope: Scope, widgets: list[dict[str, Any]]) -> pulumi.Output[str]:
    """The dashboard with `widgets`; its id, "" without widgets (no dashboard)."""
    dashboard_id: pulumi.Output[str] = pulumi.Output.from_input("")
    if widgets:
        created = gcp.monitoring.Dashboard(
            f"{scope.name}-dashboard",
            dashboard_json=pulumi.Output.json_dumps(mosaic(scope.base, widgets, scope.labels)),
            project=scope.project,
            opts=pulumi.ResourceOptions(parent=scope.owner),
        )
        dashboard_id = created.id
    return dashboard_id


def dataset(
    filter_: pulumi.Input[str], step: Aggregation, legend: pulumi.Input[str] | None = None
) -> dict[str, Any]:
    """One line (or one line per group) of an XY chart. Camel-case keys: this is the dashboard's JSON."""
    period = step.get("alignment_period", PERIOD)
    aggregate: dict[str, Any] = {
        "alignmentPeriod": period,
        "perSeriesAligner": step.get("per_series_aligner"),
    }
    if "cross_series_reducer" in step:
        aggregate["crossSeriesReducer"] = step["cross_series_reducer"]
    if "group_by_fields" in step:
        aggregate["groupByFields"] = step["group_by_fields"]
    spec: dict[str, Any] = {
        "timeSeriesQuery": {"timeSeriesFilter": {"filter": filter_, "aggregation": aggregate}},
        # The API fills these in when left out, which shows as a diff on every `pulumi up`.
        "plotType": "LINE",
        "targetAxis": "Y1",
        "minAlignmentPeriod": period,
    }
    if legend is not None:
        spec["legendTemplate"] = legend
    return spec


def chart(
    title: str, datasets: list[dict[str, Any]], y_label: str, thresholds: list[float] | None = None
) -> dict[str, Any]:
    """An XY chart widget; `thresholds` are drawn as horizontal lines."""
    widget: dict[str, Any] = {
        "dataSets": datasets,
        "chartOptions": {"mode": "COLOR"},
        "yAxis": {"label": y_label, "scale": "LINEAR"},
    }
    if thresholds:
        widget["thresholds"] = [{"value": value, "targetAxis": "Y1"} for value in sorted(set(thresholds))]
    return {"title": title, "xyChart": widget}


def mosaic(display_name: str, widgets: list[dict[str, Any]], labels: dict[str, str]) -> dict[str, Any]:
    """The dashboard's JSON document: the widgets two to a row."""
    tiles = [
        {
            "xPos": (index % 2) * TILE_WIDTH,
            "yPos": (index // 2) * TILE_HEIGHT,
            "width": TILE_WIDTH,
            "height": TILE_HEIGHT,
            "widget": widget,
        }
        for index, widget in enumerate(widgets)
    ]
    return {
        "displayName": display_name,
        "mosaicLayout": {"columns": COLUMNS, "tiles": tiles},
        "labels": labels,
    }
