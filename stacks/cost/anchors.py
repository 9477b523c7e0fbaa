"""The same app on another library's defaults: the figure a stackyard estimate is set beside.

An anchor is a list of stack-file overrides (`--set` assignments) that turn a stackyard stack into what the
same application costs when it is built with that library's defaults. Everything the anchor does not name
stays as the stack has it (services and their sizes, logs, keys, alarms, the site), so the two estimates
differ only where the defaults do. `stackyard cost STACK --compare awsx` prints both.

`awsx`: pulumi-awsx v3.8.0 (commit e60adf3; ../shared/reference/anchors-aws.md, "Vpc" and "ContainerService"):
- `awsx.ec2.Vpc`: `numberOfAvailabilityZones=3` and `natGateways.strategy="OnePerAz"`, a NAT gateway per
  zone (`awsx/ec2/vpc.ts`);
- `awsx.ecs.FargateService`: on-demand Fargate capacity for X86_64 tasks: no Spot capacity provider and no
  runtime platform unless one is written;
- awsx has no database or cache component; the anchor's database is at least a Single-AZ `small` class
  (db.t4g.small), what a hand-built staging picks, and keeps the stack's own Multi-AZ setting, class and
  storage when they are larger. The cache stays as the stack has it.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any

from ..released import app_of
from ..stackfile import ConfigSource, apply_override

# The database size names in increasing order (stacks/model/data.py `Database.size`).
SIZE_ORDER = ("micro", "small", "medium", "large", "xlarge")


@dataclass(frozen=True)
class Anchor:
    """A library whose defaults a stack is compared with."""

    name: str
    title: str
    cloud: str
    zones: int
    nat: str
    min_database_size: str

    def overrides(self, app: dict[str, Any]) -> list[str]:
        """The `--set` assignments that turn the stack's `stackyard:app` into this anchor's build of it."""
        sets = [f"app.network.zones={self.zones}", f"app.network.nat={self.nat}"]
        for service in sorted(app.get("services") or {}):
            sets += [f"app.services.{service}.spot=false", f"app.services.{service}.architecture=x86_64"]
        database = app.get("database")
        if isinstance(database, dict) and _smaller(database.get("size"), self.min_database_size):
            sets.append(f"app.database.size={self.min_database_size}")
        return sets


def _smaller(size: Any, floor: str) -> bool:
    """Whether `size` is a size name below `floor` (a class name such as db.t4g.micro is left alone)."""
    return size in SIZE_ORDER and SIZE_ORDER.index(size) < SIZE_ORDER.index(floor)


ANCHORS: dict[str, Anchor] = {
    "awsx": Anchor(
        name="awsx",
        title="pulumi-awsx defaults (3 zones, a NAT gateway per zone, on-demand x86 Fargate)",
        cloud="aws",
        zones=3,
        nat="per-zone",
        min_database_size="small",
    ),
}


def anchored(source: ConfigSource, anchor: Anchor) -> ConfigSource:
    """A copy of `source` with the anchor's overrides applied (the stack's own values otherwise)."""
    copied = ConfigSource(source.stack, copy.deepcopy(source.values), set(source.secret_keys))
    for assignment in anchor.overrides(app_of(source.values)):
        apply_override(copied, assignment, secret=False)
    return copied
