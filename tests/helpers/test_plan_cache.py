"""The plan cache changes no result: a shared plan is the plan a render returns, a failed render is never
stored, and the cache key moves with every input and every source file.

These run the uncached path on purpose (a plain `render`)."""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from stacks.plan import Plan, render
from tests.conftest import MAIN, ROOT, stack_source
from tests.helpers import plan_cache


def test_a_shared_plan_is_the_rendered_plan(tmp_path: Path) -> None:
    source = stack_source("Pulumi.staging.yaml", sets=("app.network.zones=3",))
    fresh = render(source, MAIN)
    session = plan_cache.use_directory(tmp_path)
    try:
        first = plan_cache.shared_render(source, MAIN)  # renders and stores
        second = plan_cache.shared_render(source, MAIN)  # loads
    finally:
        plan_cache.use_directory(session)
    assert [p.name for p in tmp_path.glob("*.pickle")] == [f"{plan_cache.input_digest(source, MAIN)}.pickle"]
    assert second is not first
    for plan in (first, second):
        assert plan.document() == fresh.document() and plan.text() == fresh.text()
        assert comparable(plan) == comparable(fresh)


def comparable(plan: Plan) -> Plan:
    """`plan` with each resource's dependencies sorted: the SDK collects them in a set, so their order
    differs from render to render (the plan document sorts them)."""
    resources = [replace(r, dependencies=sorted(r.dependencies)) for r in plan.resources]
    return replace(plan, resources=resources)


def test_a_failed_render_is_not_stored(tmp_path: Path) -> None:
    source = stack_source(ROOT / "tests" / "fixtures" / "Pulumi.misspelled.yaml")
    session = plan_cache.use_directory(tmp_path)
    try:
        for _ in range(2):
            with pytest.raises(Exception, match="netwrok"):
                plan_cache.shared_render(source, MAIN)
    finally:
        plan_cache.use_directory(session)
    assert not list(tmp_path.glob("*.pickle"))


def test_the_key_moves_with_every_input() -> None:
    base = stack_source("Pulumi.staging.yaml")
    keys = {plan_cache.input_digest(base, MAIN)}
    variants = [
        stack_source("Pulumi.staging.yaml", sets=("app.network.zones=3",)),
        stack_source("Pulumi.staging.yaml", sets=("app.network.zones='3'",)),  # a string, not a number
        stack_source("Pulumi.staging.yaml", secrets=("secrets.SECRET_KEY=x",)),
        stack_source("Pulumi.prod.yaml"),
    ]
    renamed = stack_source("Pulumi.staging.yaml")
    renamed.stack = "other"
    secret = stack_source("Pulumi.staging.yaml")
    secret.secret_keys.add("stackyard:app")
    reordered = stack_source("Pulumi.staging.yaml")
    reordered.values = dict(reversed(list(reordered.values.items())))
    for source in [*variants, renamed, secret, reordered]:
        keys.add(plan_cache.input_digest(source, MAIN))
    keys.add(plan_cache.input_digest(base, None))
    assert None not in keys and len(keys) == 9
    assert plan_cache.input_digest(stack_source("Pulumi.staging.yaml"), MAIN) in keys


def test_the_key_moves_with_every_source_file(tmp_path: Path) -> None:
    tree = tmp_path / "tree"
    for name in plan_cache.SOURCE_DIRECTORIES:
        shutil.copytree(ROOT / name, tree / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    for name in plan_cache.SOURCE_FILES:
        shutil.copy(ROOT / name, tree / name)
    digests = {plan_cache.source_digest(tree)}
    component = next((tree / "components").rglob("*.py"))
    component.write_text(component.read_text() + "\n")
    digests.add(plan_cache.source_digest(tree))
    (tree / "stacks" / "new_module.py").write_text("")
    digests.add(plan_cache.source_digest(tree))
    (tree / "__main__.py").write_text((tree / "__main__.py").read_text() + "\n")
    digests.add(plan_cache.source_digest(tree))
    assert len(digests) == 4
