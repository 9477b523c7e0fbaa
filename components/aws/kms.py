"""Customer-managed KMS keys: one per data component unless the caller brings its own."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

import pulumi
import pulumi_aws as aws


def encryption_key(
    name: str,
    purpose: str,
    parent: pulumi.Resource,
    tags: dict[str, str],
    protect: bool = False,
    region: str | None = None,
    policy: pulumi.Input[str] | None = None,
    alias: str | None = None,
) -> aws.kms.Key:
    """A symmetric KMS key with yearly automatic rotation, a 30-day deletion window and an alias
    `alias/<alias>` (`alias` is the physical name; default `name`, the logical one). `purpose` goes into the
    description. The key is created as a child of `parent`.

    `region` places the key and its alias in another region through the resources' own `region` argument,
    so they keep the default provider's credentials and settings (profile, assumed role, default tags).
    Such a key is named `<name>-key-<region>` (logical name and Name tag), so it never collides with the
    key of the same `name` in the stack's region; its alias stays `alias/<alias>` (aliases are regional).

    `policy` (a key policy JSON document), e.g. to let an AWS service such as CloudWatch use the key, must
    keep the account's own access (`account_administers`). Default None: an explicit policy in which the
    account administers the key and nobody else is named (what AWS's default key policy says, written out,
    so that a review reads it and a scanner finds it: checkov CKV2_AWS_64): the services that encrypt with
    it (RDS, ElastiCache, Secrets Manager, S3, EKS) use it on behalf of the principals IAM lets use it,
    through `kms:ViaService` grants, and need no statement of their own. Setting a policy on an existing key
    is an update in place (PutKeyPolicy; hashicorp/terraform-provider-aws internal/service/kms/key.go:
    `policy` is Optional and Computed, not ForceNew)."""
    logical = f"{name}-key" + (f"-{region}" if region else "")
    where = f", {region}" if region else ""
    if policy is None:
        invoke = pulumi.InvokeOutputOptions(parent=parent)
        policy = pulumi.Output.all(
            aws.get_partition_output(opts=invoke).partition,
            aws.get_caller_identity_output(opts=invoke).account_id,
        ).apply(
            lambda v: json.dumps({"Version": "2012-10-17", "Statement": [account_administers(v[0], v[1])]})
        )
    key = aws.kms.Key(
        logical,
        description=f"{purpose} ({name}{where}), managed by stackyard",
        enable_key_rotation=True,
        deletion_window_in_days=30,
        tags={**tags, "Name": logical},
        region=region,
        policy=policy,
        opts=pulumi.ResourceOptions(parent=parent, protect=protect),
    )
    aws.kms.Alias(
        logical,
        name=f"alias/{alias or name}",
        target_key_id=key.key_id,
        region=region,
        opts=pulumi.ResourceOptions(parent=parent),
    )
    return key


# What CloudWatch Logs does with a log group's key (Amazon CloudWatch Logs User Guide, "Encrypt log data in
# CloudWatch Logs using AWS Key Management Service", step 2: the key policy): the regional service principal
# `logs.<region>.amazonaws.com`, held to the log groups by the encryption context CloudWatch Logs sends,
# `kms:EncryptionContext:aws:logs:arn` = the log group's ARN. No other principal needs the key to write or
# read the logs: CloudWatch Logs uses it on their behalf.
LOGS_KEY_ACTIONS = ("kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*")
# Vended logs (CloudFront standard logging v2, AWS WAF logs) are written by the log delivery service,
# `delivery.logs.amazonaws.com`, for this account's delivery sources only (Amazon CloudWatch Logs User
# Guide, "Logging that requires additional permissions [V2]", the key policy of an SSE-KMS destination, with
# `aws:SourceAccount` and `aws:SourceArn`): a key of such log groups lets it encrypt as well.
DELIVERY_SERVICE = "delivery.logs.amazonaws.com"
DELIVERY_KEY_ACTIONS = (
    "kms:Encrypt",
    "kms:Decrypt",
    "kms:ReEncrypt*",
    "kms:GenerateDataKey*",
    "kms:DescribeKey",
)


def account_administers(partition: str, account: str) -> dict[str, Any]:
    """The key-policy statement of AWS's default key policy: the account administers the key, so IAM
    policies (the components' `grant_*` documents, the roles' statements) decide who else may use it."""
    return {
        "Sid": "AccountAdministersTheKey",
        "Effect": "Allow",
        "Principal": {"AWS": f"arn:{partition}:iam::{account}:root"},
        "Action": "kms:*",
        "Resource": "*",
    }


def logs_key_policy(
    partition: str, account: str, region: str, group_names: Sequence[str], delivery: bool = False
) -> str:
    """The policy of a key for CloudWatch Logs log groups: the account administers it, and CloudWatch Logs in
    `region` may use it for the log groups `group_names` only (a trailing `*` matches a name prefix, as for
    log groups named by `name_prefix`); with `delivery`, the log delivery service too, for this account's
    deliveries in `region`."""
    arns = [f"arn:{partition}:logs:{region}:{account}:log-group:{group}" for group in group_names]
    statements: list[dict[str, Any]] = [
        account_administers(partition, account),
        {
            "Sid": "CloudWatchLogsUsesTheKeyForTheseLogGroups",
            "Effect": "Allow",
            "Principal": {"Service": f"logs.{region}.amazonaws.com"},
            "Action": list(LOGS_KEY_ACTIONS),
            "Resource": "*",
            "Condition": {"ArnLike": {"kms:EncryptionContext:aws:logs:arn": arns}},
        },
    ]
    if delivery:
        statements.append(
            {
                "Sid": "LogDeliveryUsesTheKeyForThisAccount",
                "Effect": "Allow",
                "Principal": {"Service": DELIVERY_SERVICE},
                "Action": list(DELIVERY_KEY_ACTIONS),
                "Resource": "*",
                "Condition": {
                    "StringEquals": {"aws:SourceAccount": account},
                    "ArnLike": {"aws:SourceArn": f"arn:{partition}:logs:{region}:{account}:*"},
                },
            }
        )
    return json.dumps({"Version": "2012-10-17", "Statement": statements})


def log_encryption_key(
    name: str,
    purpose: str,
    parent: pulumi.Resource,
    tags: dict[str, str],
    group_names: Sequence[str],
    *,
    alias: str,
    region: str | None = None,
    delivery: bool = False,
) -> aws.kms.Key:
    """A customer-managed key (`encryption_key`: yearly rotation, alias `alias/<alias>`) that CloudWatch Logs
    in `region` (default: the stack's) may use for the log groups `group_names` only, and with `delivery` the
    log delivery service of vended logs, for this account (`logs_key_policy`).
    The log groups take its ARN as `kms_key_id`; adding or changing that on an existing group is an update
    in place (AssociateKmsKey; hashicorp/terraform-provider-aws internal/service/logs/group.go: `kms_key_id`
    is not ForceNew)."""
    invoke = pulumi.InvokeOutputOptions(parent=parent)
    account = aws.get_caller_identity_output(opts=invoke).account_id
    partition = aws.get_partition_output(opts=invoke).partition
    where: pulumi.Input[str] = region if region else aws.get_region_output(opts=invoke).region
    names = list(group_names)
    return encryption_key(
        name,
        purpose,
        parent,
        tags,
        region=region,
        policy=pulumi.Output.all(partition, account, where).apply(
            lambda v: logs_key_policy(v[0], v[1], v[2], names, delivery)
        ),
        alias=alias,
    )
