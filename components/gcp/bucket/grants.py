"""The grant methods' step: one additive `BucketIAMMember` for one identity in one role on this bucket, after
checking the grant's name and member."""

import re

import pulumi
import pulumi_gcp as gcp

# The roles the grant methods give (cloud.google.com/storage/docs/access-control/iam-roles).
ROLE_READ = "roles/storage.objectViewer"  # get and list objects
ROLE_PUT = "roles/storage.objectCreator"  # create objects only: no read, list, overwrite or delete
ROLE_READ_WRITE = "roles/storage.objectUser"  # get, list, create, overwrite and delete objects
# Only identities: never allUsers / allAuthenticatedUsers, nor the project-wide convenience members.
MEMBER = re.compile(r"^((user|serviceAccount|group|domain):\S+|principal(Set)?://\S+)$")
GRANT_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$")


def bucket_grant(
    owner: pulumi.Resource,
    component: str,
    bucket: gcp.storage.Bucket,
    name: str,
    member: pulumi.Input[str],
    access: str,
    role: str,
    depends_on: list[pulumi.Resource] | None = None,
) -> gcp.storage.BucketIAMMember:
    """`member` in `role` on `bucket`, named `<component>-<name>-<access>`."""
    if not isinstance(name, str) or not GRANT_NAME.match(name):
        raise ValueError(
            f"Bucket grant name {name!r} is not allowed; use letters, digits, _, . or - (at most 63), "
            "e.g. the name of the service that gets access"
        )
    if isinstance(member, str) and not MEMBER.match(member):
        raise ValueError(
            f"Bucket grant member {member!r} is not allowed; use one identity: user:, serviceAccount:, "
            "group:, domain:, principal:// or principalSet:// (never allUsers or allAuthenticatedUsers)"
        )
    # Additive: one member in one role, never the bucket's whole policy or a role's whole member list.
    return gcp.storage.BucketIAMMember(
        f"{component}-{name}-{access}",
        bucket=bucket.name,
        role=role,
        member=member,
        opts=pulumi.ResourceOptions(parent=owner, depends_on=depends_on),
    )
