"""What every preset builds on: the component its resources belong to and where the metrics live (`Scope`),
one alert policy as every preset makes it (`Scope.policy`), what a preset gives back (`Preset`: its policies
and its dashboard charts) and Cloud Monitoring's vocabulary: one aggregation step, durations, comparisons."""

from dataclasses import dataclass, field
from typing import Any

import pulumi
import pulumi_gcp as gcp

DISPLAY_NAME_LIMIT = 512  # AlertPolicy.displayName
# MetricThreshold.comparison: the API accepts only COMPARISON_GT and COMPARISON_LT for metric-threshold
# conditions (the pulumi-gcp 10 schema and the API reference, projects.alertPolicies#MetricThreshold).
COMPARISONS = {">": "COMPARISON_GT", "<": "COMPARISON_LT"}
PERIOD = "60s"  # every preset aligns one-minute buckets
AUTO_CLOSE = "1800s"  # an incident whose condition stops reporting data closes after 30 minutes
# Missing data (no requests, a metric that stops reporting) does not breach and lets an open incident close.
MISSING_DATA = "EVALUATION_MISSING_DATA_INACTIVE"
Threshold = gcp.monitoring.AlertPolicyConditionConditionThresholdArgsDict
Aggregation = gcp.monitoring.AlertPolicyConditionConditionThresholdAggregationArgsDict


def aggregation(
    aligner: str, reducer: str | None = None, group_by: str | None = None, period: str = PERIOD
) -> Aggregation:
    """One aggregation step: align each series over `period`, then (optionally) reduce across series,
    keeping `group_by`."""
    step: Aggregation = {"alignment_period": period, "per_series_aligner": aligner}
    if reducer is not None:
        step["cross_series_reducer"] = reducer
        if group_by is not None:
            step["group_by_fields"] = [group_by]
    return step


def duration(minutes: int) -> str:
    return f"{minutes * 60}s"


def minutes_text(minutes: int) -> str:
    return f"{minutes} minute{'s' if minutes != 1 else ''}"


@dataclass(frozen=True)
class Preset:
    """What one preset created: its policies (in creation order) and its charts on the dashboard."""

    policies: list[gcp.monitoring.AlertPolicy]
    widgets: list[dict[str, Any]]


@dataclass
class Scope:
    """The Alarms component the resources belong to: their parent, the name in their logical names, the
    base of their display names, the project they are created in, their labels and the channels every
    policy notifies (set by `channels`)."""

    owner: pulumi.Resource
    name: str
    base: str
    project: pulumi.Input[str] | None
    labels: dict[str, str]
    channels: list[pulumi.Input[str]] = field(default_factory=list)
    _config: pulumi.Output[gcp.organizations.GetClientConfigResult] | None = None

    # -- where the metrics live -----------------------------------------------------------------------------

    def provider_setting(self, field: str) -> pulumi.Output[str]:
        """The provider's project or region, looked up once and only when a preset needs it. The lookup's
        result also holds the provider's access token, a secret that would make every filter built from it
        secret (masked in previews); the project and region are not, so they are unwrapped."""
        if self._config is None:
            self._config = gcp.organizations.get_client_config_output(
                opts=pulumi.InvokeOutputOptions(parent=self.owner)
            )
        return pulumi.Output.unsecret(self._config.apply(lambda config: str(getattr(config, field))))

    def project_id(self) -> pulumi.Input[str]:
        return self.project if self.project is not None else self.provider_setting("project")

    # -- policies -------------------------------------------------------------------------------------------

    def policy(
        self,
        key: str,
        what: pulumi.Input[str],
        condition: Threshold,
        documentation: pulumi.Input[str],
        severity: str,
    ) -> gcp.monitoring.AlertPolicy:
        """One policy `<name>-<key>` (displayed as "<physical_name> <what>") with one threshold condition,
        notifying every channel."""
        return gcp.monitoring.AlertPolicy(
            f"{self.name}-{key}",
            display_name=pulumi.Output.concat(self.base, " ", what),
            combiner="OR",
            conditions=[{"display_name": what, "condition_threshold": condition}],
            notification_channels=self.channels,
            alert_strategy={"auto_close": AUTO_CLOSE},
            documentation={"content": documentation, "mime_type": "text/markdown"},
            severity=severity,
            enabled=True,
            user_labels=self.labels,
            project=self.project,
            opts=pulumi.ResourceOptions(parent=self.owner),
        )
