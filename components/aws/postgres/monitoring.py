"""Enhanced Monitoring: with a `monitoring_interval` above 0, the IAM role RDS monitoring assumes, with AWS's
managed policy attached; and the monitoring arguments the primary and every replica share."""

from typing import Any

import pulumi
import pulumi_aws as aws

from ..iam import assume_role_policy
from ..naming import physical_name
from .settings import LOG_EXPORTS, MONITORING_POLICY, PERFORMANCE_INSIGHTS_DAYS, _named, _Settings


def monitoring_role(
    owner: pulumi.Resource, name: str, base: str, settings: _Settings
) -> pulumi.Output[str] | None:
    """The monitoring role's ARN, once its policy is attached; None with `monitoring_interval` 0."""
    if settings.monitoring_interval <= 0:
        return None
    child = pulumi.ResourceOptions(parent=owner)
    role = aws.iam.Role(
        f"{name}-monitoring",
        name_prefix=physical_name(f"{base}-rds-monitoring", 37) + "-",
        description=f"Enhanced Monitoring of the {name} PostgreSQL database, managed by stackyard",
        assume_role_policy=assume_role_policy("monitoring.rds.amazonaws.com"),
        tags=_named(settings.tags, name, "monitoring"),
        opts=child,
    )
    partition = aws.get_partition_output(opts=pulumi.InvokeOptions(parent=owner)).partition
    attachment = aws.iam.RolePolicyAttachment(
        f"{name}-monitoring",
        role=role.name,
        policy_arn=partition.apply(lambda p: f"arn:{p}:{MONITORING_POLICY}"),
        opts=child,
    )
    # The role is usable only once its policy is attached.
    return pulumi.Output.all(role.arn, attachment.id).apply(lambda parts: parts[0])


def monitoring_arguments(
    settings: _Settings, key_arn: pulumi.Input[str], monitoring_role_arn: pulumi.Output[str] | None
) -> dict[str, Any]:
    """The `aws.rds.Instance` arguments the primary and every replica share, so a replica is watched as its
    primary is: Performance Insights (encrypted with `key_arn`, the instance's own region's key, kept
    `PERFORMANCE_INSIGHTS_DAYS`), Enhanced Monitoring every `monitoring_interval` seconds through
    `monitoring_role_arn`, and the `LOG_EXPORTS` to CloudWatch Logs."""
    insights = settings.performance_insights
    return {
        "performance_insights_enabled": insights,
        "performance_insights_kms_key_id": key_arn if insights else None,
        "performance_insights_retention_period": PERFORMANCE_INSIGHTS_DAYS if insights else None,
        "monitoring_interval": settings.monitoring_interval,
        "monitoring_role_arn": monitoring_role_arn,
        "enabled_cloudwatch_logs_exports": list(LOG_EXPORTS),
    }
