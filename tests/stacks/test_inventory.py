"""Plan inventories (Cloud Foundation Fabric's pattern, on Pulumi mocks): every stack file is rendered
through the `stackyard plan` code path and compared with a YAML inventory kept in tests/inventory/:
resource counts per type, the key settings of each resource, protect flags and output names.

After an intended change, regenerate the inventories and review the diff:

    STACKYARD_UPDATE_INVENTORY=1 uv run pytest tests/stacks/test_inventory.py
"""

from __future__ import annotations

import os
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import yaml

from stacks.plan import Plan
from stacks.plan_text import KEY_SETTINGS, setting
from tests.conftest import ROOT, plan_of

INVENTORY_DIR = Path(__file__).resolve().parent.parent / "inventory"
REGENERATE = "STACKYARD_UPDATE_INVENTORY=1 uv run pytest tests/stacks/test_inventory.py"
STACK_FILES = sorted(
    [p.relative_to(ROOT) for p in ROOT.glob("Pulumi.*.yaml")]
    + [p.relative_to(ROOT) for p in (ROOT / "blueprints").glob("*/Pulumi.*.yaml")]
)


def inventory(plan: Plan) -> dict[str, Any]:
    settings: dict[str, dict[str, Any]] = {}
    for resource in plan.resources:
        keys = KEY_SETTINGS.get(resource.type)
        if keys:
            settings[f"{resource.type}::{resource.name}"] = {k: setting(resource.inputs, k) for k in keys}
    return {
        "counts": dict(sorted(Counter(r.type for r in plan.resources).items())),
        "protected": sorted(f"{r.type}::{r.name}" for r in plan.resources if r.protect),
        "settings": dict(sorted(settings.items())),
        "outputs": sorted(plan.outputs),
    }


def inventory_file(stack_file: Path) -> Path:
    return INVENTORY_DIR / (str(stack_file.with_suffix("")).replace("/", "__") + ".yaml")


@pytest.mark.parametrize("stack_file", STACK_FILES, ids=str)
def test_plan_matches_inventory(stack_file: Path) -> None:
    actual = inventory(plan_of(stack_file))
    path = inventory_file(stack_file)
    if os.environ.get("STACKYARD_UPDATE_INVENTORY"):
        path.parent.mkdir(exist_ok=True)
        path.write_text(
            f"# Generated from {stack_file} by: {REGENERATE}\n" + yaml.safe_dump(actual, sort_keys=False)
        )
    assert path.exists(), f"no inventory for {stack_file}; create it with: {REGENERATE}"
    expected = yaml.safe_load(path.read_text())
    assert actual == expected, f"{stack_file} no longer matches {path.name}; if intended, run: {REGENERATE}"
