"""Project, folder and organization IAM: no basic role (owner, editor, viewer) for a service account."""

from __future__ import annotations

from ..model import MANDATORY, Resource, Rule, rule
from .helpers import _policy_bindings

RULES: list[Rule] = []


RESOURCE_MANAGER_IAM = tuple(
    f"gcp:{module}/iAM{kind}:IAM{kind}"
    for module in ("projects", "folder", "organizations")
    for kind in ("Member", "Binding", "Policy")
)

# Basic roles: thousands of permissions on every service of the project (checkov AbsGoogleBasicRoles).
BASIC_ROLES = ("roles/owner", "roles/editor", "roles/viewer")


@rule(
    "gcp-iam-no-basic-roles-for-service-accounts",
    MANDATORY,
    [*RESOURCE_MANAGER_IAM],
    "checkov CKV_GCP_117/115/116 (basic roles at project, organization, folder level) and CKV_GCP_42 (no "
    "service account with admin rights): owner, editor and viewer hold thousands of permissions on every "
    "service, the opposite of least privilege.",
    "Grant the service account the predefined roles it needs (ContainerService's project_roles, "
    "Bucket.grant_*, the secret accessor on its secrets) instead of roles/owner, roles/editor or "
    "roles/viewer.",
    into=RULES,
)
def _iam_basic_roles(resource: Resource) -> str | None:
    for role, members in _policy_bindings(resource):
        if role not in BASIC_ROLES:
            continue
        for member in members:
            if isinstance(member, str) and member.startswith("serviceAccount:"):
                return f"{member} is granted the basic role {role}"
    return None
