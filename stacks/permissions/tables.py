"""The permission tables that ship with stackyard: `aws.json` and `gcp.json` next to this module.

Each table declares, per Pulumi type token (`resources`), per provider function (`functions`, the invokes
the components make) and per kind of migration command (`commands`, keyed by `MIGRATE_RUNTIME` of
components/migrate.sh), what the identity that runs `pulumi up` needs; `none` lists the token prefixes that
need no cloud permission. `row` finds the entry for a token, `covered` says whether one exists, and `needs`
walks a plan (its types, the functions it calls, its migration commands) for both clouds.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
CLOUDS = ("aws", "gcp")
ACTION = re.compile(r"^[a-z0-9-]+:[A-Z][A-Za-z0-9]+$")
"""An IAM action as the Service Authorization Reference spells it: `service-prefix:ActionName`."""
ROLE = re.compile(r"^roles/[a-zA-Z0-9_.]+$")
"""A predefined GCP role: `roles/service.roleName`."""


@functools.cache
def table(cloud: str) -> dict[str, Any]:
    """The table of `cloud` ("aws" or "gcp"), checked: a malformed row raises ValueError naming it."""
    if cloud not in CLOUDS:
        raise ValueError(f"permissions: cloud {cloud!r} has no table; allowed: {', '.join(CLOUDS)}")
    data = json.loads((HERE / f"{cloud}.json").read_text(encoding="utf-8"))
    _check(cloud, data)
    return data


def row(cloud: str, token: str) -> dict[str, Any] | None:
    """The `resources` or `functions` entry for `token`, or None."""
    data = table(cloud)
    return data["resources"].get(token) or data["functions"].get(token)


def needs_nothing(cloud: str, token: str) -> str | None:
    """Why `token` needs no cloud permission (its `none` prefix's reason), or None."""
    for prefix, why in table(cloud)["none"].items():
        if token.startswith(prefix):
            return str(why)
    return None


def covered(cloud: str, token: str) -> bool:
    return row(cloud, token) is not None or needs_nothing(cloud, token) is not None


COMMAND = "command:local:Command"


@dataclass
class Needs:
    """What a plan needs on one cloud, before the cloud's own shaping (`aws.policy`, `gcp.roles`)."""

    entries: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    """(what needs it: a token or `migration <name>`, its table entry), in token order, then commands."""
    uncovered: list[str] = field(default_factory=list)
    """Tokens, and migration commands, with no entry in the table."""
    nothing: dict[str, str] = field(default_factory=dict)
    """Token → why it needs no permission."""


def needs(cloud: str, plan: dict[str, Any], invokes: Iterable[str]) -> Needs:
    """The table entries of every custom resource type of `plan`, every function in `invokes` and every
    migration command (`commands`); a token of another cloud is left to that cloud's table."""
    data = table(cloud)
    grants = "actions" if cloud == "aws" else "roles"
    others = tuple(f"{other}:" for other in CLOUDS if other != cloud)
    found = Needs()
    for token in sorted({r["type"] for r in plan["resources"] if r.get("custom")} | set(invokes)):
        entry = row(cloud, token)
        if entry is not None:
            found.entries.append((token, entry))
            if not entry[grants]:
                found.nothing[token] = entry["why"]
        elif token == COMMAND:
            continue  # by what it runs, below
        elif (why := needs_nothing(cloud, token)) is not None:
            found.nothing[token] = why
        elif not token.startswith(others):
            found.uncovered.append(token)
    for command in commands(plan):
        entry = data["commands"].get(command["runtime"])
        if entry is None:
            found.uncovered.append(
                f"{COMMAND} ({command['name']}: {command['runtime'] or 'no MIGRATE_RUNTIME'})"
            )
        else:
            found.entries.append((f"migration {command['name']}", entry))
    return found


def commands(plan: dict[str, Any]) -> list[dict[str, str]]:
    """The `local.Command`s of the plan with the `MIGRATE_RUNTIME` they run (components/migrate.sh)."""
    found = []
    for resource in plan["resources"]:
        if resource["type"] == COMMAND:
            environment = (resource.get("inputs") or {}).get("environment") or {}
            found.append({"name": resource["name"], "runtime": str(environment.get("MIGRATE_RUNTIME") or "")})
    return found


def _check(cloud: str, data: dict[str, Any]) -> None:
    for section in ("resources", "functions", "commands", "none"):
        if not isinstance(data.get(section), dict):
            raise ValueError(f"permissions/{cloud}.json: `{section}` must be a mapping")
    for section in ("resources", "functions", "commands"):
        for key, entry in data[section].items():
            where = f"permissions/{cloud}.json: {section}.{key}"
            if cloud == "aws":
                bad = [a for a in entry.get("actions", []) if not ACTION.match(a)]
                if bad or "actions" not in entry:
                    raise ValueError(f"{where}: actions must be service:Action names; got {bad or 'none'}")
                if section != "commands" and "terraform" not in entry:
                    raise ValueError(
                        f"{where}: `terraform` (the provider source it was read from) is missing"
                    )
                unknown = {a.split(":")[0] for a in entry["actions"]} - set(data["services"])
                if unknown:
                    raise ValueError(f"{where}: services {sorted(unknown)} have no entry in `services`")
                scope = entry.get("scope")
                if scope is not None and ("{name}" not in scope.get("arn", "") or not scope.get("names")):
                    raise ValueError(f"{where}: scope needs an `arn` with {{name}} and `names`")
            else:
                bad = [r for r in entry.get("roles", []) if not ROLE.match(r)]
                if bad or "roles" not in entry or "source" not in entry:
                    raise ValueError(f"{where}: roles must be roles/… names with a `source`; got {bad}")
            if not entry.get("actions", entry.get("roles")) and "why" not in entry:
                raise ValueError(f"{where}: an entry that needs nothing must say `why`")
