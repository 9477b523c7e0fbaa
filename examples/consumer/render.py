"""Render the consumer example offline, under stackyard's Pulumi mocks, and check what it creates.

    python render.py        # from this folder, with stackyard installed (`pip install -r requirements.txt`)

Needs only the components' dependencies (a plain `pip install stackyard`, or the built wheel): CI runs it
in a fresh virtual environment with nothing but the wheel installed. Exit 0 when the expected resources
are there; the counts are printed either way. The project's tests (tests/, `pytest`) use the same mocks
through `stackyard.testing`."""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

from stackyard.testing import RecordingMonitor, mocks

PROGRAM = Path(__file__).resolve().parent / "__main__.py"
REGION = "eu-west-1"
EXPECTED = {
    "stackyard-aws:index:Vpc": 1,
    "stackyard-aws:index:Cluster": 1,
    "stackyard-aws:index:ManagedPostgres": 1,
    "stackyard-aws:index:ContainerService": 1,
    "aws:ec2/vpc:Vpc": 1,
    "aws:ecs/cluster:Cluster": 1,
    "aws:rds/instance:Instance": 1,
    "aws:ecs/service:Service": 1,
    "aws:ecs/taskDefinition:TaskDefinition": 1,
}


def render() -> RecordingMonitor:
    """Run the example under mocks; the monitor holds every registration."""
    with mocks(aws_region=REGION, config={"aws:region": REGION}, project="consumer", stack="dev") as run:
        run.run_program(PROGRAM)
    return run.monitor


def counts(monitor: RecordingMonitor) -> Counter[str]:
    """The resource types registered, counted."""
    return Counter(r.type for r in monitor.registrations.values())


def missing(counts: Counter[str]) -> dict[str, int]:
    return {t: n for t, n in EXPECTED.items() if counts[t] < n}


if __name__ == "__main__":
    found = counts(render())
    for type_, count in sorted(found.items()):
        print(f"{count:4} {type_}")
    gaps = missing(found)
    if gaps:
        print(f"missing: {gaps}", file=sys.stderr)
    sys.exit(1 if gaps else 0)
