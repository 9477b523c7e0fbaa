"""Render the consumer example offline, under stackyard's Pulumi mocks, and check what it creates.

    python examples/consumer/render.py

Needs only the components' dependencies (a plain `pip install stackyard`, or the built wheel): CI runs it
in a fresh virtual environment with nothing but the wheel installed. Exit 0 when the expected resources
are there; the counts are printed either way."""

from __future__ import annotations

import asyncio
import runpy
import sys
from collections import Counter
from pathlib import Path

import pulumi

from stacks.mocks import RecordingMonitor, StackyardMocks

PROGRAM = Path(__file__).resolve().parent / "__main__.py"
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
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    pulumi.runtime.reset_options()
    pulumi.runtime.set_all_config({"aws:region": "eu-west-1"}, [])
    mocks = StackyardMocks(aws_region="eu-west-1")
    monitor = RecordingMonitor(mocks)
    pulumi.runtime.set_mocks(mocks, project="consumer", stack="dev", preview=False, monitor=monitor)

    def program() -> None:
        runpy.run_path(str(PROGRAM), run_name="__main__")

    pulumi.runtime.test(program)()
    monitor.close()
    asyncio.set_event_loop(None)
    loop.close()
    return monitor


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
