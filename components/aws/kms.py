"""Customer-managed KMS keys: one per data component unless the caller brings its own."""

from __future__ import annotations

import pulumi
import pulumi_aws as aws


def encryption_key(
    name: str,
    purpose: str,
    parent: pulumi.Resource,
    tags: dict[str, str],
    protect: bool = False,
) -> aws.kms.Key:
    """A symmetric KMS key with yearly automatic rotation, a 30-day deletion window and an alias
    `alias/<name>`. `purpose` goes into the description. The key is created as a child of `parent`."""
    key = aws.kms.Key(
        f"{name}-key",
        description=f"{purpose} ({name}), managed by stackyard",
        enable_key_rotation=True,
        deletion_window_in_days=30,
        tags={**tags, "Name": f"{name}-key"},
        opts=pulumi.ResourceOptions(parent=parent, protect=protect),
    )
    aws.kms.Alias(
        f"{name}-key",
        name=f"alias/{name}",
        target_key_id=key.key_id,
        opts=pulumi.ResourceOptions(parent=parent),
    )
    return key
