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

    `policy` (a key policy JSON document) replaces the default key policy, e.g. to let an AWS service such as
    CloudWatch use the key; it must keep the account's own access. Default None: AWS's default key policy."""
    logical = f"{name}-key" + (f"-{region}" if region else "")
    where = f", {region}" if region else ""
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
