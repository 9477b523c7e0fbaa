"""The distribution's access logs (`access_log_bucket`): standard logging (v2) into the bucket, through a
delivery source, a delivery destination and a delivery, all in us-east-1 (where CloudFront's logs are
delivered from)."""

import pulumi
import pulumi_aws as aws

from ..cdn_site.args import CLOUDFRONT_REGION, LOG_DELIVERY_NAME_LIMIT
from ..naming import physical_name


def access_logs(
    owner: pulumi.Resource,
    name: str,
    base: str,
    distribution: aws.cloudfront.Distribution,
    bucket: pulumi.Input[str] | None,
    tags: dict[str, str],
) -> aws.cloudwatch.LogDelivery | None:
    """The delivery of the distribution's ACCESS_LOGS, as JSON, to the bucket `bucket`; None without one.
    Standard logging (legacy) is not used: it needs ACLs on the bucket, which a `Bucket` forbids."""
    if bucket is None:
        return None
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
        delivery_destination_configuration={
            "destination_resource_arn": pulumi.Output.concat("arn:aws:s3:::", bucket)
        },
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
