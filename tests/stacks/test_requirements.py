"""stacks.requirements: the blueprint requirement tables and their claims (the claims themselves are checked
against every blueprint's plans in tests/stacks/test_inventory.py, where the plans are rendered once)."""

from __future__ import annotations

from pathlib import Path

import pytest

from stacks import requirements
from stacks.requirements import Claim

DOCUMENT = {
    "resources": [
        {
            "type": "aws:rds/instance:Instance",
            "name": "shop",
            "inputs": {"engineVersion": "16", "allocatedStorage": 20},
        },
        {"type": "aws:rds/instance:Instance", "name": "shop-replica-1", "inputs": {"engineVersion": "16"}},
        {
            "type": "aws:ecs/service:Service",
            "name": "shop-api-service",
            "inputs": {"tags": {"a": "b"}, "x": [1, 2]},
        },
    ],
    "outputs": {"siteUrl": "https://shop.example.com"},
    "notes": [{"topic": "dns", "text": "…"}],
    "standIns": [{"key": "app.cache.persistence", "asked": "aof", "instead": "…", "reason": "…"}],
}


@pytest.mark.parametrize(
    "spec",
    [
        {"resource": "aws:rds/instance:Instance", "input": "engineVersion", "equals": "16"},
        {"resource": "aws:rds/instance:Instance", "input": "engineVersion", "equals": 16, "every": True},
        {
            "resource": "aws:rds/instance:Instance",
            "name": "replica",
            "input": "engineVersion",
            "exists": True,
        },
        {"resource": "aws:rds/instance:Instance", "input": "allocatedStorage", "at_least": 20},
        {"resource": "aws:rds/instance:Instance", "input": "allocatedStorage", "at_most": 20},
        {"resource": "aws:ecs/service:Service", "input": "x", "contains": 2},
        {"resource": "aws:ecs/service:Service", "input": "tags.a", "equals": "b"},
        {"resource": "aws:rds/instance:Instance", "input": "engineVersion", "matches": "^16$", "every": True},
        {"resource": "aws:ecs/service:Service", "input": "tags", "matches": '"a": "b"'},
        {"resource": "aws:ecs/service:Service", "input": "x", "matches": r"^\[1, 2\]$"},
        {"output": "siteUrl", "exists": True},
        {"output": "siteUrl", "matches": "^https://shop[.]"},
        {"note": "dns"},
        {"stand_in": "app.cache.persistence"},
    ],
)
def test_a_true_claim_holds(spec: dict) -> None:
    assert requirements.failure(Claim(("*",), spec), DOCUMENT) is None


@pytest.mark.parametrize(
    ("spec", "reason"),
    [
        (
            {"resource": "aws:rds/instance:Instance", "input": "engineVersion", "equals": "15"},
            "is ['16', '16']",
        ),
        (
            {
                "resource": "aws:rds/instance:Instance",
                "input": "allocatedStorage",
                "at_least": 21,
                "every": True,
            },
            "is",
        ),
        (
            {"resource": "aws:elasticache/replicationGroup:ReplicationGroup", "input": "x", "exists": True},
            "no aws",
        ),
        (
            {"resource": "aws:rds/instance:Instance", "name": "reader", "input": "x", "exists": True},
            "named *reader*",
        ),
        ({"output": "apiUrl", "exists": True}, "output apiUrl is None"),
        (
            {"resource": "aws:rds/instance:Instance", "input": "engineVersion", "matches": "^15"},
            "is ['16', '16']",
        ),
        ({"resource": "aws:rds/instance:Instance", "input": "port", "matches": ".*"}, "is [None, None]"),
        ({"output": "siteUrl", "matches": "^http://"}, "output siteUrl is"),
        ({"note": "images"}, "no note on images"),
        ({"stand_in": "app.cache.maxmemory_mb"}, "no stand-in for app.cache.maxmemory_mb"),
    ],
)
def test_a_false_claim_says_why(spec: dict, reason: str) -> None:
    found = requirements.failure(Claim(("*",), spec), DOCUMENT)
    assert found is not None and reason in found


def test_a_requirements_file_with_a_bad_check_is_refused(tmp_path: Path) -> None:
    (tmp_path / "Pulumi.prod.yaml").write_text("config: {}\n")
    (tmp_path / "requirements.yaml").write_text(
        "system: X\nguide: g.txt\nrequirements:\n"
        "  - guide: a\n    met: b\n    checks: [{files: Pulumi.staging.yaml, output: x, exists: true}]\n"
    )
    with pytest.raises(ValueError, match="match no stack file"):
        requirements.load(tmp_path)
    (tmp_path / "requirements.yaml").write_text(
        "system: X\nguide: g.txt\nrequirements:\n"
        "  - guide: a\n    met: b\n    checks: [{output: x, note: y}]\n"
    )
    with pytest.raises(ValueError, match="each check names one of"):
        requirements.load(tmp_path)


def test_every_blueprint_has_a_requirements_file_and_its_readme_is_generated_from_it() -> None:
    folders = sorted(p.parent.name for p in requirements.BLUEPRINTS.glob("*/Pulumi.*.yaml"))
    assert sorted(b.folder.name for b in requirements.blueprints()) == sorted(set(folders))
    for blueprint in requirements.blueprints():
        assert blueprint.readme.read_text() == requirements.readme(blueprint), (
            f"{blueprint.readme} is stale; run: {requirements.COMMAND}"
        )
        assert blueprint.requirements, blueprint.system


def test_the_blueprint_index_counts_each_table() -> None:
    """blueprints/README.md's index row of each system has its row and stand-in counts."""
    index = (requirements.BLUEPRINTS / "README.md").read_text()
    for blueprint in requirements.blueprints():
        rows = len(blueprint.requirements)
        stand_ins = sum(r.met.startswith("Stand-in") for r in blueprint.requirements)
        link = f"({blueprint.folder.name}/README.md)"
        (line,) = [line for line in index.splitlines() if link in line]
        assert line.endswith(f"| {rows} ({stand_ins}) |"), line
