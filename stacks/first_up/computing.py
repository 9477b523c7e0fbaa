"""The order of the notes and how they are computed and shown: `EVERY_CLOUD`, `AWS`, `GCP` (one line per
note, the order shown), `rules_for`, `notes`, `placeholder_secrets`, and `announce` / `collecting` (log
the notes under `pulumi up`, or hand them to `stackyard plan`).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from ..announcements import Announcement
from ..config import SECRETS_KEY, StackConfig
from ..stackfile import SECURE_PLACEHOLDER
from .accounts import _aws_alarm_emails, _aws_capacity, _gcp_capacity, _gcp_project
from .dns import _aws_dns, _aws_no_domain, _gcp_dns, _gcp_no_domain
from .images import _aws_images, _aws_migration, _gcp_images, _gcp_migration, _kubernetes_images
from .kubernetes import _ingress, _kubernetes_cluster
from .rules import Facts, Note, Rule
from .secrets_and_data import _aws_database_support, _extensions, _secrets

HEADING = "Before your first `pulumi up`"


# One line per note; the order here is the order shown.
EVERY_CLOUD: list[Rule] = [
    Rule("secrets", _secrets),
    Rule("kubernetes-cluster", _kubernetes_cluster),
    Rule("ingress", _ingress),
    Rule("images", _kubernetes_images),
    Rule("database-extensions", _extensions),
]
AWS: list[Rule] = [
    Rule("dns", _aws_dns),
    Rule("dns", _aws_no_domain),
    Rule("images", _aws_images),
    Rule("migration", _aws_migration),
    Rule("alarm-emails", _aws_alarm_emails),
    Rule("quotas", _aws_capacity),
    Rule("database-support", _aws_database_support),
]
GCP: list[Rule] = [
    Rule("gcp-project", _gcp_project),
    Rule("dns", _gcp_dns),
    Rule("dns", _gcp_no_domain),
    Rule("images", _gcp_images),
    Rule("migration", _gcp_migration),
    Rule("quotas", _gcp_capacity),
]
BY_CLOUD: dict[str, list[Rule]] = {"aws": AWS, "gcp": GCP}


# ---------------------------------------------------------------------------------------------------------
# Computing and printing


def rules_for(cloud: str) -> list[Rule]:
    """Every rule for `cloud`: `EVERY_CLOUD`, the cloud's list, then the `NOTES` of
    stacks/<cloud>_limitations.py."""
    # Imported here, for the stack's own cloud only: each reads that cloud's components.
    if cloud == "aws":
        from .. import aws_limitations as limitations
    elif cloud == "gcp":
        from .. import gcp_limitations as limitations
    else:
        return [*EVERY_CLOUD, *BY_CLOUD.get(cloud, [])]
    return [*EVERY_CLOUD, *BY_CLOUD.get(cloud, []), *getattr(limitations, "NOTES", ())]


def notes(config: StackConfig, values: Mapping[str, Any] | None = None) -> list[Note]:
    """The notes for a stack. `values` are the raw config values the program was given (they tell which
    secrets still hold a placeholder); without them no secret counts as a placeholder."""
    facts = Facts(config, placeholder_secrets(values or {}))
    found: list[Note] = []
    for rule in rules_for(config.cloud):
        written = rule.text(facts)
        texts = [written] if isinstance(written, str) else list(written or ())
        found += [Note(rule.topic, text) for text in texts if text]
    return found


def placeholder_secrets(values: Mapping[str, Any]) -> tuple[str, ...]:
    """Names in `stackyard:secrets` whose value is `stackyard plan`'s placeholder for a `secure:` value."""
    given = values.get(SECRETS_KEY)
    if isinstance(given, str):
        try:
            given = json.loads(given)
        except json.JSONDecodeError:
            return ()
    if not isinstance(given, dict):
        return ()
    return tuple(sorted(name for name, value in given.items() if value == SECURE_PLACEHOLDER))


def log_message(found: list[Note]) -> str:
    return "\n".join([f"{HEADING} of this stack:", *(f"- {note.text}" for note in found)])


_ANNOUNCEMENT: Announcement[Note] = Announcement("stackyard_first_up_notes", log_message)
collecting = _ANNOUNCEMENT.collecting
"""Within this block `announce` collects the notes instead of logging them (`stackyard plan`)."""
announce = _ANNOUNCEMENT.announce
"""Log the notes once with `pulumi.log.info`, or hand them to `stackyard plan`."""
