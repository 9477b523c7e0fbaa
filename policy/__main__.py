"""The stackyard security baseline as a Pulumi CrossGuard policy pack:

    pulumi preview --policy-pack policy

The rules live in `stackyard_policy` (beside this file), shared with `stackyard check`."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from pulumi_policy import EnforcementLevel, PolicyPack

from stackyard_policy.crossguard import policies

PolicyPack(
    name="stackyard-baseline",
    description="stackyard's security baseline: encryption, private data tier, TLS, least privilege, "
    "Pod Security restricted, provider name limits.",
    enforcement_level=EnforcementLevel.ADVISORY,
    policies=policies(),
)
