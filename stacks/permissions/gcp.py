"""The predefined roles the identity that runs `pulumi up` needs on a GCP stack's project.

Each resource type the plan creates, each function it calls and each migration command it runs maps to
roles in `gcp.json` (Google Cloud, "IAM roles and permissions index":
https://cloud.google.com/iam/docs/roles-permissions). The result lists every role with what needs it, and
the `gcloud projects add-iam-policy-binding` line that grants it
(https://cloud.google.com/sdk/gcloud/reference/projects/add-iam-policy-binding).
"""

from __future__ import annotations

import shlex
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from .tables import needs

DEFAULT_MEMBER = "serviceAccount:DEPLOYER@PROJECT.iam.gserviceaccount.com"


def roles(plan: dict[str, Any], invokes: Iterable[str], project: str, member: str) -> dict[str, Any]:
    """`roles` (role → the tokens that need it), `bindings` (gcloud lines), `uncovered`, `noPermission`."""
    found = needs("gcp", plan, invokes)
    needed: dict[str, set[str]] = defaultdict(set)
    for what, entry in found.entries:
        for role in entry["roles"]:
            needed[role].add(what)
    ordered = {role: sorted(why) for role, why in sorted(needed.items())}
    return {
        "roles": ordered,
        "bindings": [
            f"gcloud projects add-iam-policy-binding {shlex.quote(project)} --member={shlex.quote(member)} "
            f"--role={role} --condition=None"
            for role in ordered
        ],
        "uncovered": found.uncovered,
        "noPermission": found.nothing,
    }
