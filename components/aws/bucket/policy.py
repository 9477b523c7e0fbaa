"""The bucket policy: deny every request made without TLS, then the caller's statements."""

import json
from collections.abc import Sequence
from typing import Any

import pulumi
import pulumi_aws as aws


def tls_only_policy(
    parent: pulumi.Resource,
    logical: str,
    bucket: aws.s3.Bucket,
    statements: Sequence[pulumi.Input[dict[str, Any]]],
    region: str | None,
    access_block: aws.s3.BucketPublicAccessBlock,
) -> None:
    """The TLS-only bucket policy merged with `statements`, put once the public access block exists."""
    aws.s3.BucketPolicy(
        f"{logical}-policy",
        bucket=bucket.id,
        policy=_policy_document(bucket.arn, statements),
        region=region,
        # A policy put before the public access block exists could be judged public and rejected.
        opts=pulumi.ResourceOptions(parent=parent, depends_on=[access_block]),
    )


def _policy_document(
    arn: pulumi.Output[str], statements: Sequence[pulumi.Input[dict[str, Any]]]
) -> pulumi.Output[str]:
    """The bucket policy: deny every request made without TLS, then `statements`."""

    def document(values: list[Any]) -> str:
        bucket_arn, *extra = values
        deny = {
            "Sid": "DenyInsecureTransport",
            "Effect": "Deny",
            "Principal": "*",
            "Action": "s3:*",
            "Resource": [bucket_arn, f"{bucket_arn}/*"],
            "Condition": {"Bool": {"aws:SecureTransport": "false"}},
        }
        return json.dumps({"Version": "2012-10-17", "Statement": [deny, *extra]})

    return pulumi.Output.all(arn, *statements).apply(document)
