"""The permission tables that ship with stackyard: `aws.json` and `gcp.json` next to this module.

Each table declares, per Pulumi type token (`resources`), per provider function (`functions`, the invokes
the components make) and per kind of migration command (`commands`, keyed by `MIGRATE_RUNTIME` of
components/migrate.sh), what the identity that runs `pulumi up` needs; `none` lists the token prefixes that
need no cloud permission. `row` finds the entry for a token, `covered` says whether one exists.
"""

from __future__ import annotations

import functools
import json
import re
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
