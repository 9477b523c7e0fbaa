"""Cross-region replication: a hardened replica bucket, a least-privilege role S3 assumes to copy objects
into it, and the replication configuration on the source bucket."""

import json
from typing import Any

import pulumi
import pulumi_aws as aws

from ..iam import assume_role_policy
from ..naming import physical_name
from .private_bucket import _Stored, private_bucket
from .settings import MAX_PREFIX, _Settings


def replicate(
    parent: pulumi.Resource, name: str, base: str, region: str, settings: _Settings, source: _Stored
) -> pulumi.Output[str]:
    """A hardened replica bucket in `region`, a role S3 assumes to copy objects into it, and the
    replication configuration on the source. Returns the replica's name."""
    replica = private_bucket(
        parent, f"{name}-replica", f"{base}-replica", settings, key_arn=None, statements=[], region=region
    )
    child = pulumi.ResourceOptions(parent=parent)

    role = aws.iam.Role(
        f"{name}-replication",
        name_prefix=physical_name(f"{base}-replication", MAX_PREFIX) + "-",
        description=f"S3 replication of {name} to {region}, managed by stackyard",
        assume_role_policy=assume_role_policy("s3.amazonaws.com"),
        tags={**settings.tags, "Name": f"{name}-replication"},
        opts=child,
    )
    aws.iam.RolePolicy(
        f"{name}-replication",
        role=role.id,
        policy=pulumi.Output.all(
            source.bucket.arn,
            replica.bucket.arn,
            source.key_arn if source.key_arn is not None else "",
            replica.key_arn if replica.key_arn is not None else "",
        ).apply(lambda v: _replication_policy(*v)),
        opts=child,
    )

    destination: aws.s3.BucketReplicationConfigRuleDestinationArgsDict = {"bucket": replica.bucket.arn}
    rule: aws.s3.BucketReplicationConfigRuleArgsDict = {
        "id": "replicate-everything",
        "status": "Enabled",
        "filter": {"prefix": ""},
        "delete_marker_replication": {"status": "Enabled"},
        "destination": destination,
    }
    if replica.key_arn is not None:
        destination["encryption_configuration"] = {"replica_kms_key_id": replica.key_arn}
        rule["source_selection_criteria"] = {"sse_kms_encrypted_objects": {"status": "Enabled"}}
    # Replication needs versioning enabled on both buckets first.
    versionings = [v for v in (source.versioning, replica.versioning) if v is not None]
    aws.s3.BucketReplicationConfig(
        f"{name}-replication",
        bucket=source.bucket.id,
        role=role.arn,
        rules=[rule],
        opts=pulumi.ResourceOptions(parent=parent, depends_on=versionings),
    )
    return replica.bucket.bucket


def _replication_policy(source: str, replica: str, source_key: str, replica_key: str) -> str:
    """Least privilege for the replication role: read the source's configuration and object versions,
    replicate into the replica, decrypt with the source key and encrypt with the replica key."""
    statements: list[dict[str, Any]] = [
        {
            "Sid": "SourceBucket",
            "Effect": "Allow",
            "Action": ["s3:GetReplicationConfiguration", "s3:ListBucket"],
            "Resource": source,
        },
        {
            "Sid": "SourceObjects",
            "Effect": "Allow",
            "Action": [
                "s3:GetObjectVersionForReplication",
                "s3:GetObjectVersionAcl",
                "s3:GetObjectVersionTagging",
            ],
            "Resource": f"{source}/*",
        },
        {
            "Sid": "ReplicaObjects",
            "Effect": "Allow",
            "Action": ["s3:ReplicateObject", "s3:ReplicateDelete", "s3:ReplicateTags"],
            "Resource": f"{replica}/*",
        },
    ]
    if source_key:
        statements.append(
            {"Sid": "SourceKey", "Effect": "Allow", "Action": "kms:Decrypt", "Resource": source_key}
        )
    if replica_key:
        statements.append(
            {"Sid": "ReplicaKey", "Effect": "Allow", "Action": "kms:Encrypt", "Resource": replica_key}
        )
    return json.dumps({"Version": "2012-10-17", "Statement": statements})
