"""Enhanced Monitoring: with a `monitoring_interval` above 0, the IAM role RDS monitoring assumes, with AWS's
managed policy attached."""

import pulumi
import pulumi_aws as aws

from ..iam import assume_role_policy
from ..naming import physical_name
from .settings import MONITORING_POLICY, _named, _Settings


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
