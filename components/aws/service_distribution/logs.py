"""The distribution's access logs (`access_log_bucket`): standard logging (v2) into the bucket, through
CdnSite's delivery source, destination and delivery (`cdn_site.logs.deliver_access_logs`)."""

import pulumi
import pulumi_aws as aws

from ..cdn_site.logs import deliver_access_logs


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
    return deliver_access_logs(
        owner, name, base, distribution, pulumi.Output.concat("arn:aws:s3:::", bucket), tags
    )
