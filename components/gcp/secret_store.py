"""Secret Manager helpers shared by the GCP components: store a value, grant one reader.

A stored value lives in Pulumi state only as a secret and in Secret Manager; consumers get the secret's
id (`projects/<project>/secrets/<id>`) and read the value at run time through their own service account.
"""

from __future__ import annotations

import pulumi
import pulumi_gcp as gcp

SECRET_ACCESSOR_ROLE = "roles/secretmanager.secretAccessor"


def stored_secret(
    name: str,
    secret_id: pulumi.Input[str],
    value: pulumi.Input[str],
    parent: pulumi.Resource,
    labels: dict[str, str] | None = None,
    protect: bool = False,
) -> gcp.secretmanager.Secret:
    """A Secret Manager secret `secret_id` (automatic replication, Google-managed encryption) holding
    `value` as its first version. The value is wrapped as a Pulumi secret, so it never appears in plain
    text in state, outputs or logs."""
    return stored_secret_version(name, secret_id, value, parent, labels, protect)[0]


def stored_secret_version(
    name: str,
    secret_id: pulumi.Input[str],
    value: pulumi.Input[str],
    parent: pulumi.Resource,
    labels: dict[str, str] | None = None,
    protect: bool = False,
) -> tuple[gcp.secretmanager.Secret, gcp.secretmanager.SecretVersion]:
    """`stored_secret`, with its version: a new value replaces the version (versions are immutable), so the
    version's number changes with the value."""
    secret = gcp.secretmanager.Secret(
        name,
        secret_id=secret_id,
        replication={"auto": {}},
        labels={**(labels or {}), "managed-by": "stackyard"},
        opts=pulumi.ResourceOptions(parent=parent, protect=protect),
    )
    version = gcp.secretmanager.SecretVersion(
        name,
        secret=secret.id,
        secret_data=pulumi.Output.secret(value),
        opts=pulumi.ResourceOptions(parent=parent),
    )
    return secret, version


def version_reference(
    secret: gcp.secretmanager.Secret, version: gcp.secretmanager.SecretVersion
) -> pulumi.Output[str]:
    """`projects/<project>/secrets/<id>/versions/<number>`: a reference to exactly this version, for a
    Cloud Run container's `secrets`, so that a new value (a new version) changes the service and rolls it."""
    return pulumi.Output.concat(secret.id, "/versions/", version.version)


def grant_secret_access(
    name: str, secret_id: pulumi.Input[str], member: pulumi.Input[str], parent: pulumi.Resource
) -> gcp.secretmanager.SecretIamMember:
    """Let `member` (e.g. `serviceAccount:…`) read the versions of one secret, and nothing else."""
    return gcp.secretmanager.SecretIamMember(
        name,
        secret_id=secret_id,
        role=SECRET_ACCESSOR_ROLE,
        member=member,
        opts=pulumi.ResourceOptions(parent=parent),
    )
