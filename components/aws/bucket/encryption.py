"""The bucket's default encryption: its own rotating KMS key (with the key policy), the given key, or
SSE-S3, and the server-side encryption configuration."""

import json
from collections.abc import Sequence
from typing import Any

import pulumi
import pulumi_aws as aws

from ..kms import account_administers, encryption_key
from .settings import _Settings


def default_encryption(
    parent: pulumi.Resource,
    logical: str,
    physical: str,
    settings: _Settings,
    bucket: aws.s3.Bucket,
    key_arn: pulumi.Input[str] | None,
    region: str | None,
    key_statements: Sequence[pulumi.Input[dict[str, Any]]],
) -> pulumi.Output[str] | None:
    """Default encryption with `key_arn`, or a new key when None and KMS is used (its policy merged with
    `key_statements`), or SSE-S3. Returns the key's ARN; None with encryption "AES256"."""
    tags = settings.tags
    child = pulumi.ResourceOptions(parent=parent)

    key: pulumi.Output[str] | None = None
    if settings.encryption == "aws:kms":
        if key_arn is not None:
            key = pulumi.Output.from_input(key_arn)
        else:
            purpose = "S3 replica bucket" if region else "S3 bucket"
            key = encryption_key(
                logical,
                purpose,
                parent,
                tags,
                protect=settings.protect,
                region=region,
                alias=physical,
                policy=_key_policy(parent, key_statements) if key_statements else None,
            ).arn
        rule: aws.s3.BucketServerSideEncryptionConfigurationRuleArgsDict = {
            "apply_server_side_encryption_by_default": {
                "sse_algorithm": "aws:kms",
                "kms_master_key_id": key,
            },
            "bucket_key_enabled": True,
        }
    else:
        rule = {"apply_server_side_encryption_by_default": {"sse_algorithm": "AES256"}}
    aws.s3.BucketServerSideEncryptionConfiguration(
        f"{logical}-encryption", bucket=bucket.id, rules=[rule], region=region, opts=child
    )
    return key


def _key_policy(
    parent: pulumi.Resource, statements: Sequence[pulumi.Input[dict[str, Any]]]
) -> pulumi.Output[str]:
    """The key policy: the account administers the key (AWS's default key policy, so IAM policies such as
    the `grant_*` documents keep working), then `statements`."""
    invoke = pulumi.InvokeOutputOptions(parent=parent)
    account = aws.get_caller_identity_output(opts=invoke).account_id
    partition = aws.get_partition_output(opts=invoke).partition

    def document(values: list[Any]) -> str:
        partition_name, account_id, *extra = values
        administer = account_administers(partition_name, account_id)
        return json.dumps({"Version": "2012-10-17", "Statement": [administer, *extra]})

    return pulumi.Output.all(partition, account, *statements).apply(document)
