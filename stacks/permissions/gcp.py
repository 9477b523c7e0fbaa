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

from .aws import commands
from .tables import needs_nothing, row, table

DEFAULT_MEMBER = "serviceAccount:DEPLOYER@PROJECT.iam.gserviceaccount.com"


def roles(plan: dict[str, Any], invokes: Iterable[str], project: str, member: str) -> dict[str, Any]:
    """`roles` (role → the tokens that need it), `bindings` (gcloud lines), `uncovered`, `noPermission`."""
    data = table("gcp")
    needed: dict[str, set[str]] = defaultdict(set)
    uncovered: list[str] = []
    nothing: dict[str, str] = {}
    tokens = sorted({r["type"] for r in plan["resources"] if r.get("custom")} | set(invokes))
    for token in tokens:
        entry = row("gcp", token)
        if entry is not None:
            for role in entry["roles"]:
                needed[role].add(token)
            if not entry["roles"]:
                nothing[token] = entry["why"]
        elif token == "command:local:Command":
            continue
        elif (why := needs_nothing("gcp", token)) is not None:
            nothing[token] = why
        elif not token.startswith("aws:"):
            uncovered.append(token)
    for command in commands(plan):
        entry = data["commands"].get(command["runtime"])
        if entry is None:
            uncovered.append(
                f"command:local:Command ({command['name']}: {command['runtime'] or 'no MIGRATE_RUNTIME'})"
            )
            continue
        for role in entry["roles"]:
            needed[role].add(f"migration {command['name']}")
    ordered = {role: sorted(why) for role, why in sorted(needed.items())}
    return {
        "roles": ordered,
        "bindings": [
            f"gcloud projects add-iam-policy-binding {shlex.quote(project)} --member={shlex.quote(member)} "
            f"--role={role} --condition=None"
            for role in ordered
        ],
        "uncovered": uncovered,
        "noPermission": nothing,
    }
