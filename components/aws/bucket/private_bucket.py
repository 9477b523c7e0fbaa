"""The hardened bucket that the main bucket and its replica share: the bucket itself, its public access
block and object ownership, then (through the other steps) its encryption, versioning and lifecycle, and
its TLS-only policy."""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pulumi
import pulumi_aws as aws

from ..naming import physical_name
from .encryption import default_encryption
from .lifecycle import versioning_and_lifecycle
from .policy import tls_only_policy
from .settings import MAX_PREFIX, _Settings


@dataclass(frozen=True)
class _Stored:
    """A bucket created by `private_bucket`, and what replication must wait for."""

    bucket: aws.s3.Bucket
    key_arn: pulumi.Output[str] | None
    versioning: aws.s3.BucketVersioning | None


def private_bucket(
    parent: pulumi.Resource,
    logical: str,
    physical: str,
    settings: _Settings,
    key_arn: pulumi.Input[str] | None,
    statements: Sequence[pulumi.Input[dict[str, Any]]],
    region: str | None = None,
    key_statements: Sequence[pulumi.Input[dict[str, Any]]] = (),
) -> _Stored:
    """A bucket (logical name `logical`, physical names from `physical`) with the full hardening, shared
    by the main bucket and its replica: public access block, BucketOwnerEnforced, default encryption
    (`key_arn`, or a new key when None and KMS is used), versioning, lifecycle rules and the TLS-only
    bucket policy merged with `statements` (and its new key's policy with `key_statements`). `region`
    places it (and its key) in another region through each resource's `region` argument, keeping the
    stack's provider (an explicit `aws.Provider` would ignore the stack's `aws:` configuration)."""
    bucket, access_block = bucket_and_access(parent, logical, physical, settings, region)
    key = default_encryption(parent, logical, physical, settings, bucket, key_arn, region, key_statements)
    versioning = versioning_and_lifecycle(parent, logical, settings, bucket, region)
    tls_only_policy(parent, logical, bucket, statements, region, access_block)
    return _Stored(bucket=bucket, key_arn=key, versioning=versioning)


def bucket_and_access(
    parent: pulumi.Resource, logical: str, physical: str, settings: _Settings, region: str | None
) -> tuple[aws.s3.Bucket, aws.s3.BucketPublicAccessBlock]:
    """The bucket, its public access block with all four flags on and `BucketOwnerEnforced` object
    ownership (ACLs off). Returns the bucket and the access block (the policy waits for it)."""
    tags = settings.tags
    child = pulumi.ResourceOptions(parent=parent)

    # Name: S3 names are global, 3-63 lowercase letters, digits and hyphens. An explicit name would
    # collide with any other stack or account that uses the same physical name, and could not be
    # replaced create-before-delete; with `bucket_prefix` the provider appends 26 unique characters. The
    # prefix (hyphen included) is at most 37 characters, so the full name is at most 63.
    bucket = aws.s3.Bucket(
        logical,
        bucket_prefix=physical_name(physical, MAX_PREFIX - 1) + "-",
        force_destroy=settings.force_destroy,
        tags={**tags, "Name": logical},
        region=region,
        opts=pulumi.ResourceOptions(parent=parent, protect=settings.protect),
    )
    access_block = aws.s3.BucketPublicAccessBlock(
        f"{logical}-public-access",
        bucket=bucket.id,
        block_public_acls=True,
        block_public_policy=True,
        ignore_public_acls=True,
        restrict_public_buckets=True,
        region=region,
        opts=child,
    )
    aws.s3.BucketOwnershipControls(
        f"{logical}-ownership",
        bucket=bucket.id,
        rule={"object_ownership": "BucketOwnerEnforced"},
        region=region,
        opts=child,
    )
    return bucket, access_block
