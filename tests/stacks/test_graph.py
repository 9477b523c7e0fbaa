"""`stackyard plan --graph` (stacks/graph.py): a readable, deterministic Mermaid diagram of a stack, and the
diagrams on the blueprints' pages, held current.

After an intended change to a blueprint's plan, regenerate its page's diagrams and review the diff:

    uv run python -m stacks.graph --write
    # or, from the plans the tests render: STACKYARD_UPDATE_GRAPHS=1 uv run pytest tests/stacks/test_graph.py
"""

from __future__ import annotations

import dataclasses
import os
import random
import re
from pathlib import Path

import pytest

from stacks import requirements
from stacks.graph import (
    COMMAND,
    MARKER,
    blueprint_folders,
    diagrams_of,
    fenced,
    mermaid,
    section,
    with_diagrams,
)
from stacks.plan import render
from tests.conftest import MAIN, ROOT, plan_of, run_cli, stack_source

UPDATE = "STACKYARD_UPDATE_GRAPHS"
SUBGRAPH = re.compile(r'^\s*subgraph (\w+)\["(.*)"\]$')
NODE = re.compile(r'^\s*(\w+)\["(.*)"\]$')
EDGE = re.compile(r"^\s*(\w+) --> (\w+)$")
GROUP_COUNT = re.compile(r"^[\w-]+ \((\d+)\)")


def parts(text: str) -> tuple[dict[str, str], dict[str, str], list[tuple[str, str]]]:
    """The subgraphs (id: title), the nodes (id: label) and the edges of a diagram; any other line fails."""
    subgraphs: dict[str, str] = {}
    nodes: dict[str, str] = {}
    edges: list[tuple[str, str]] = []
    lines = text.splitlines()
    assert lines[0] == "flowchart LR"
    for line in lines[1:]:
        if match := SUBGRAPH.match(line):
            subgraphs[match.group(1)] = match.group(2)
        elif match := NODE.match(line):
            nodes[match.group(1)] = match.group(2)
        elif match := EDGE.match(line):
            edges.append((match.group(1), match.group(2)))
        else:
            assert line.strip() == "end" or line.strip().startswith("%%"), line
        assert '"' not in line.split('["', 1)[-1].removesuffix('"]'), line  # no quote inside a label
    return subgraphs, nodes, edges


def test_the_diagram_is_the_same_for_the_same_plan_whatever_the_order() -> None:
    plan = plan_of("Pulumi.staging.yaml")
    text = mermaid(plan)
    shuffled = dataclasses.replace(
        plan, resources=random.Random(16).sample(plan.resources, len(plan.resources))
    )
    assert mermaid(shuffled) == text
    assert mermaid(render(stack_source("Pulumi.staging.yaml"), MAIN)) == text  # a render of its own


def test_the_diagram_draws_each_component_its_resources_by_service_and_the_wiring_readably() -> None:
    plan = plan_of("Pulumi.prod.yaml")
    subgraphs, nodes, edges = parts(mermaid(plan))
    components = [r for r in plan.resources if not r.custom and r.type != "pulumi:pulumi:Stack"]
    assert len(subgraphs) == len(components)
    assert {title.split(" (")[0] for title in subgraphs.values()} == {
        f"{c.type.rsplit(':', 1)[-1]} · {c.name}" for c in components
    }
    counted = sum(int(m.group(1)) for label in nodes.values() if (m := GROUP_COUNT.match(label)))
    assert counted == sum(1 for r in plan.resources if r.custom)  # every cloud resource, once
    assert "9 Subnet" in nodes["vpc_shopfront__ec2"] and "3 NatGateway" in nodes["vpc_shopfront__ec2"]
    assert set(edges) == set(edges) & {(a, b) for a in subgraphs for b in subgraphs}
    assert len(edges) == len(set(edges)) and edges == sorted(edges)
    api = "containerservice_shopfront_api"
    # the api reads the database's secret, runs in the VPC's subnets, and sits behind the load balancer
    for dependency in ("managedpostgres_shopfront", "vpc_shopfront", "loadbalancer_shopfront"):
        assert (api, dependency) in edges
    assert ("vpc_shopfront", api) not in edges
    # readable at ~230 resources: a box per component and cloud service (fewer than half as many boxes as
    # resources), an arrow per pair of components that depend on each other, not one per resource
    assert len(plan.resources) > 200 and len(nodes) + len(subgraphs) < len(plan.resources) / 2
    resource_edges = sum(len(r.dependencies) for r in plan.resources)
    assert len(edges) < 60 < resource_edges / 5


def test_a_kubernetes_stack_draws_its_provider_between_the_cluster_and_the_workloads() -> None:
    _, nodes, edges = parts(mermaid(plan_of("blueprints/karigar/Pulumi.k8s-prod.yaml")))
    (provider,) = [node for node, label in nodes.items() if label.startswith("provider kubernetes · ")]
    assert (provider, "kubernetescluster_karigar") in edges
    assert ("containerservice_karigar_api", provider) in edges
    assert "apps (1)<br/>1 Deployment" in nodes["containerservice_karigar_api__apps"]


def test_plan_graph_prints_the_diagram_or_writes_it_beside_the_plan(tmp_path: Path) -> None:
    expected = mermaid(plan_of("Pulumi.staging.yaml"))
    printed = run_cli("plan", "staging", "--graph")
    assert printed.returncode == 0 and printed.stdout == expected
    target = tmp_path / "stack.md"
    written = run_cli("plan", "staging", "--graph", str(target))
    assert written.returncode == 0 and target.read_text() == fenced(expected)
    assert written.stdout == plan_of("Pulumi.staging.yaml").text() + "\n"
    assert f"wrote the stack's diagram to {target}" in written.stderr
    both = run_cli("plan", "staging", "--graph", "--json")
    assert both.returncode == 2 and "give a FILE" in both.stderr


@pytest.mark.parametrize("folder", blueprint_folders(), ids=lambda p: p.name)
def test_each_blueprint_page_shows_the_current_diagram_of_each_stack_file(folder: Path) -> None:
    readme = folder / "README.md"
    expected = with_diagrams(readme.read_text(), section(folder, plan_of))
    if os.environ.get(UPDATE):
        readme.write_text(expected)
    assert readme.read_text() == expected, (
        f"{readme.relative_to(ROOT)}: its diagrams are stale; run: {COMMAND} (or {UPDATE}=1 uv run pytest "
        "tests/stacks/test_graph.py)"
    )
    diagrams = diagrams_of(readme)
    for stack_file in sorted(folder.glob("Pulumi.*.yaml")):
        assert f"### `{stack_file.name}`\n\n```mermaid\nflowchart LR\n" in diagrams, stack_file.name


def test_the_requirements_generator_keeps_the_diagrams_it_does_not_write() -> None:
    for blueprint in requirements.blueprints():
        generated = requirements.readme(blueprint)
        assert MARKER in generated and generated.endswith(diagrams_of(blueprint.readme))
        assert generated.partition(MARKER)[0].endswith("|\n\n")  # the table, a blank line, the diagrams
