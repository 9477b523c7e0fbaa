"""The access-log bucket: private, SSE-S3 (ALB log delivery cannot write to SSE-KMS), expiring the logs,
with a policy that lets only ELB log delivery, for this account, write under the load balancer's prefix."""

from typing import Any

import pulumi
import pulumi_aws as aws

from ..bucket import Bucket, BucketArgs
from ..naming import physical_part
from .settings import LOG_DELIVERY_SERVICE, LOG_NONCURRENT_DAYS, _Settings


def access_log_bucket(
    owner: pulumi.Resource, name: str, base: str, prefix: str, settings: _Settings
) -> Bucket:
    """A private bucket (SSE-S3: ALB log delivery cannot write to SSE-KMS) whose policy lets only ELB log
    delivery, for this account, put objects under "<prefix>/AWSLogs/<account>/"."""
    account = aws.get_caller_identity_output(opts=pulumi.InvokeOutputOptions(parent=owner)).account_id
    # The grant names the bucket's ARN, which exists only once the Bucket component has created it.
    bucket_arn, resolve_bucket_arn = pulumi.deferred_output()
    grants: list[pulumi.Input[dict[str, Any]]] = [
        pulumi.Output.all(bucket_arn, account).apply(
            lambda values: {
                "Sid": "ElbAccessLogDelivery",
                "Effect": "Allow",
                "Principal": {"Service": LOG_DELIVERY_SERVICE},
                "Action": "s3:PutObject",
                "Resource": f"{values[0]}/{prefix}/AWSLogs/{values[1]}/*",
                "Condition": {"StringEquals": {"aws:SourceAccount": values[1]}},
            }
        )
    ]
    elb_account = _elb_account_arn(owner)
    if elb_account is not None:
        grants.append(
            pulumi.Output.all(bucket_arn, account).apply(
                lambda values: {
                    "Sid": "ElbAccountLogDelivery",
                    "Effect": "Allow",
                    "Principal": {"AWS": elb_account},
                    "Action": "s3:PutObject",
                    "Resource": f"{values[0]}/{prefix}/AWSLogs/{values[1]}/*",
                }
            )
        )
    bucket_args: BucketArgs = {
        "encryption": "AES256",
        "expire_days": settings.retention_days,
        "noncurrent_expire_days": LOG_NONCURRENT_DAYS,
        "policy_statements": grants,
        # Logs are disposable with the load balancer; a bucket that still holds objects could
        # otherwise never be deleted by `pulumi destroy`.
        "force_destroy": True,
        "protect": False,
        "tags": settings.tags,
    }
    if base != name:
        bucket_args["physical_name"] = physical_part(base, "access-logs")
    bucket = Bucket(f"{name}-access-logs", bucket_args, opts=pulumi.ResourceOptions(parent=owner))
    resolve_bucket_arn(bucket.arn)
    return bucket


def _elb_account_arn(parent: pulumi.Resource) -> str | None:
    """The regional Elastic Load Balancing account that writes access logs in Regions opened before August
    2022 (us-east-1, eu-west-1, ap-south-1 …); None in newer Regions, where only the log delivery service
    principal writes and the provider's lookup has no account to return."""
    try:
        return aws.elb.get_service_account(opts=pulumi.InvokeOptions(parent=parent)).arn
    except Exception:  # the lookup fails exactly in the Regions that need no account
        return None
