"""The site's logs in us-east-1: the KMS key of its log groups (`encrypt_logs`), and standard logging (v2)
of the distribution's requests into a CloudWatch Logs log group (`logging`)."""

import pulumi
import pulumi_aws as aws

from ..kms import log_encryption_key
from ..naming import physical_name
from ..waf import log_group_name as waf_log_group_name
from .args import CLOUDFRONT_REGION, LOG_DELIVERY_NAME_LIMIT, LOG_GROUP_PREFIX


def log_key(
    owner: pulumi.Resource, name: str, base: str, logging: bool, web_acl: bool, tags: dict[str, str]
) -> pulumi.Output[str] | None:
    """The key of the site's log groups in us-east-1 (`encrypt_logs`), or None without log groups."""
    groups = ([f"{LOG_GROUP_PREFIX}{base}-*"] if logging else []) + (
        [waf_log_group_name(f"{base}-cdn")] if web_acl else []
    )
    if not groups:
        return None
    return log_encryption_key(
        f"{name}-cdn-logs",
        f"Logs of the {name} site",
        owner,
        tags,
        groups,
        alias=f"{base}-cdn-logs",
        region=CLOUDFRONT_REGION,
        delivery=True,
    ).arn


def access_logs(
    owner: pulumi.Resource,
    name: str,
    base: str,
    distribution: aws.cloudfront.Distribution,
    retention_days: int,
    tags: dict[str, str],
    log_key: pulumi.Input[str] | None,
) -> None:
    """Standard logging (v2): the distribution's ACCESS_LOGS, as JSON, into a log group with a retention,
    through a delivery source, destination and delivery, all in us-east-1. The log group's name starts
    with /aws/vendedlogs/, which CloudWatch Logs' shared delivery resource policy covers."""
    child = pulumi.ResourceOptions(parent=owner)
    log_group = aws.cloudwatch.LogGroup(
        f"{name}-access-logs",
        name_prefix=f"{LOG_GROUP_PREFIX}{base}-",
        retention_in_days=retention_days,
        kms_key_id=log_key,
        region=CLOUDFRONT_REGION,
        tags={**tags, "Name": f"{name}-access-logs"},
        opts=child,
    )
    deliver_access_logs(owner, name, base, distribution, log_group.arn, tags)


def deliver_access_logs(
    owner: pulumi.Resource,
    name: str,
    base: str,
    distribution: aws.cloudfront.Distribution,
    destination_arn: pulumi.Input[str],
    tags: dict[str, str],
) -> aws.cloudwatch.LogDelivery:
    """Standard logging (v2) of a distribution's ACCESS_LOGS, as JSON, to `destination_arn` (a log group or
    a bucket): a delivery source, a delivery destination and the delivery, all in us-east-1 (where
    CloudFront's logs are delivered from), named `<name>-access-logs`."""
    child = pulumi.ResourceOptions(parent=owner)
    delivery_name = physical_name(f"{base}-cdn-access-logs", LOG_DELIVERY_NAME_LIMIT)
    named = {**tags, "Name": f"{name}-access-logs"}
    source = aws.cloudwatch.LogDeliverySource(
        f"{name}-access-logs",
        name=delivery_name,
        log_type="ACCESS_LOGS",
        resource_arn=distribution.arn,
        region=CLOUDFRONT_REGION,
        tags=named,
        opts=child,
    )
    destination = aws.cloudwatch.LogDeliveryDestination(
        f"{name}-access-logs",
        name=delivery_name,
        output_format="json",
        delivery_destination_configuration={"destination_resource_arn": destination_arn},
        region=CLOUDFRONT_REGION,
        tags=named,
        opts=child,
    )
    return aws.cloudwatch.LogDelivery(
        f"{name}-access-logs",
        delivery_source_name=source.name,
        delivery_destination_arn=destination.arn,
        region=CLOUDFRONT_REGION,
        tags=named,
        opts=child,
    )
