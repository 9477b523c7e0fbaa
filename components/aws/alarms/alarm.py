"""What every preset builds on: the component its resources belong to (`Scope`), one CloudWatch alarm as
every preset makes it (`Scope.alarm`), the topic an alarm notifies (`AlarmTopic`, built by `topic`), what
a preset gives back (`Preset`: its alarms and its dashboard graph) and CloudWatch's vocabulary."""

from dataclasses import dataclass
from typing import Any

import pulumi
import pulumi_aws as aws

from ..naming import physical_name

ALARM_NAME_LIMIT = 255  # CloudWatch alarm names
PERIOD = 60  # seconds: every preset evaluates one-minute data points
COMPARISONS = {
    ">": "GreaterThanThreshold",
    ">=": "GreaterThanOrEqualToThreshold",
    "<": "LessThanThreshold",
    "<=": "LessThanOrEqualToThreshold",
}
STATISTICS = ("Average", "Sum", "Minimum", "Maximum", "SampleCount")


@dataclass
class AlarmTopic:
    """An alarm topic, the policy that lets CloudWatch publish to it, and its KMS key."""

    topic: aws.sns.Topic
    policy: aws.sns.TopicPolicy
    key_arn: pulumi.Output[str]


@dataclass(frozen=True)
class Preset:
    """What one preset created: its alarms (in creation order) and its graph on the dashboard."""

    alarms: list[aws.cloudwatch.MetricAlarm]
    widget: dict[str, Any]


@dataclass(frozen=True)
class Scope:
    """The Alarms component the resources belong to: their parent, the name in their logical names and
    descriptions, the base of their physical names and the tags."""

    owner: pulumi.Resource
    name: str
    base: str
    tags: dict[str, str]

    def alarm(
        self,
        key: str,
        topic: AlarmTopic,
        description: pulumi.Input[str],
        *,
        comparison: str,
        threshold: pulumi.Input[float],
        evaluation_periods: int,
        namespace: str | None = None,
        metric_name: str | None = None,
        dimensions: dict[str, pulumi.Input[str]] | None = None,
        statistic: str | None = None,
        period: int | None = None,
        metric_queries: list[aws.cloudwatch.MetricAlarmMetricQueryArgsDict] | None = None,
        datapoints_to_alarm: int | None = None,
        treat_missing_data: str = "notBreaching",
        region: str | None = None,
    ) -> aws.cloudwatch.MetricAlarm:
        """One alarm named `<physical_name>-<key>` that notifies `topic` on ALARM and on OK. `statistic` may
        be a percentile ("p95"), which goes to `extended_statistic`."""
        percentile = statistic is not None and statistic not in STATISTICS
        return aws.cloudwatch.MetricAlarm(
            f"{self.name}-{key}",
            name=physical_name(f"{self.base}-{key}", ALARM_NAME_LIMIT),
            alarm_description=description,
            namespace=namespace,
            metric_name=metric_name,
            dimensions=dimensions,
            statistic=None if percentile else statistic,
            extended_statistic=statistic if percentile else None,
            # Percentiles over a handful of requests are noise: keep the state until there are enough.
            evaluate_low_sample_count_percentiles="ignore" if percentile else None,
            period=period,
            metric_queries=metric_queries,
            comparison_operator=comparison,
            threshold=threshold,
            evaluation_periods=evaluation_periods,
            datapoints_to_alarm=datapoints_to_alarm,
            treat_missing_data=treat_missing_data,
            actions_enabled=True,
            alarm_actions=[topic.topic.arn],
            ok_actions=[topic.topic.arn],
            region=region,
            tags={**self.tags, "Name": f"{self.name}-{key}"},
            # The topic policy first, so CloudWatch may publish the alarm's first state change.
            opts=pulumi.ResourceOptions(parent=self.owner, depends_on=[topic.policy]),
        )
