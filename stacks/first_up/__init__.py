"""Before your first `pulumi up`: what the plan cannot check because it depends on facts outside it.

A DNS zone that must exist and be delegated, an image to push, an alarm email to confirm, a secret still
holding the stack file's placeholder, a private cluster API that only the network can reach, a database
extension the migrations must create. `notes(config, values)` computes them from the validated stack
config; the program (`stacks.program.main`) prints them with `pulumi.log.info` under `pulumi up` and
`pulumi preview`, and `stackyard plan` shows the same notes (text: a "Before your first `pulumi up`"
section; `--json`: the top-level "notes" list, each `{"topic": …, "text": …}`).

Adding a note is one line in `EVERY_CLOUD`, `AWS` or `GCP` in `stacks/first_up/computing.py` (or in a
`NOTES` list of `stacks/<cloud>_limitations.py`, next to the limitation it comes from, which is read the
same way; such a module imports `Rule` from `stacks.first_up.rules`, not from this package, whose
`computing` module imports the limitations modules back):

    Rule("topic", lambda f: "Do this first: `the command`." if f.app.cache else None),

A rule gets the stack's `Facts` (`f.config`, the validated `StackConfig`; `f.app`; `f.managed`;
`f.public_hosts`; `f.placeholder_secrets`) and returns the note's text (a short sentence saying what to
do, with the exact command or output name), several texts, or None when it does not apply. A rule longer
than a lambda is a function in the module of its subject:

- `rules.py`: what a note is and what a rule reads (`Note`, `Facts`, `Rule`, `RuleText`) and the text
  helpers `_listing`, `_one`;
- `secrets_and_data.py`: secrets still holding a placeholder, database extensions, PostgreSQL support;
- `kubernetes.py`: reaching the cluster's API, the ingress controller and the public hosts' DNS;
- `images.py`: images to push and tags to deploy (Kubernetes, ECS, Cloud Run) and what a migration needs;
- `dns.py`: the Route 53 zones to create or delegate (AWS), the A records and Cloud DNS zone (GCP);
- `accounts.py`: the GCP project's billing and APIs, quotas, the alarm e-mail subscriptions (AWS);
- `computing.py`: the order of the notes (`EVERY_CLOUD`, `AWS`, `GCP`, `BY_CLOUD`), computing them
  (`rules_for`, `notes`, `placeholder_secrets`) and showing them (`HEADING`, `log_message`, `announce`,
  `collecting`).
"""

from __future__ import annotations

from .accounts import _aws_alarm_emails, _aws_capacity, _gcp_capacity, _gcp_project, _peak_vcpus
from .computing import (
    _ANNOUNCEMENT,
    AWS,
    BY_CLOUD,
    EVERY_CLOUD,
    GCP,
    HEADING,
    announce,
    collecting,
    log_message,
    notes,
    placeholder_secrets,
    rules_for,
)
from .dns import _aws_dns, _gcp_dns
from .images import (
    _aws_images,
    _aws_migration,
    _gcp_images,
    _gcp_migration,
    _image_tags,
    _kubernetes_images,
    _migrating,
)
from .kubernetes import _ingress, _kubernetes_cluster
from .rules import Facts, Note, Rule, RuleText, _listing, _one
from .secrets_and_data import _aws_database_support, _extensions, _secrets

__all__ = [
    "AWS",
    "BY_CLOUD",
    "EVERY_CLOUD",
    "GCP",
    "HEADING",
    "_ANNOUNCEMENT",
    "Facts",
    "Note",
    "Rule",
    "RuleText",
    "_aws_alarm_emails",
    "_aws_capacity",
    "_aws_database_support",
    "_aws_dns",
    "_aws_images",
    "_aws_migration",
    "_extensions",
    "_gcp_capacity",
    "_gcp_dns",
    "_gcp_images",
    "_gcp_migration",
    "_gcp_project",
    "_image_tags",
    "_ingress",
    "_kubernetes_cluster",
    "_kubernetes_images",
    "_listing",
    "_migrating",
    "_one",
    "_peak_vcpus",
    "_secrets",
    "announce",
    "collecting",
    "log_message",
    "notes",
    "placeholder_secrets",
    "rules_for",
]
