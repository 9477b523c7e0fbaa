"""S3 server access logging of the bucket into a log bucket, and the statement a log bucket's policy needs
to receive those logs."""

from collections.abc import Sequence
from typing import Any

import pulumi
import pulumi_aws as aws


def access_logging(
    parent: pulumi.Resource, name: str, base: str, bucket: aws.s3.Bucket, log_bucket: pulumi.Input[str]
) -> None:
    """Deliver the bucket's server access logs to `log_bucket`, under the prefix "<base>/"."""
    aws.s3.BucketLogging(
        f"{name}-logging",
        bucket=bucket.id,
        target_bucket=log_bucket,
        target_prefix=f"{base}/",
        opts=pulumi.ResourceOptions(parent=parent),
    )


LOGGING_SERVICE = "logging.s3.amazonaws.com"


def server_access_log_statement(
    log_bucket_arn: str, source_bucket_arns: Sequence[str], account: str
) -> dict[str, Any]:
    """The statement of a log bucket's policy that lets S3 deliver the server access logs of exactly the
    buckets `source_bucket_arns` of this account (Amazon S3 User Guide, "Permissions for log delivery": the
    `logging.s3.amazonaws.com` service principal with `aws:SourceArn` and `aws:SourceAccount`)."""
    return {
        "Sid": "S3ServerAccessLogDelivery",
        "Effect": "Allow",
        "Principal": {"Service": LOGGING_SERVICE},
        "Action": "s3:PutObject",
        "Resource": f"{log_bucket_arn}/*",
        "Condition": {
            "ArnLike": {"aws:SourceArn": list(source_bucket_arns)},
            "StringEquals": {"aws:SourceAccount": account},
        },
    }
