"""Test harness: Pulumi mocks done right (one event loop per test, `reset_options()` before `set_mocks`),
and helpers that render stack files through the same code path as `stackyard plan`."""

from __future__ import annotations

import asyncio
import functools
import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pulumi
import pytest
from pulumi.runtime.stack import wait_for_rpcs

from stacks.mocks import RecordingMonitor, Registration, StackyardMocks
from stacks.plan import Plan, render
from stacks.stackfile import ConfigSource, apply_override, read_stack_file

ROOT = Path(__file__).resolve().parent.parent
MAIN = ROOT / "__main__.py"


@pytest.fixture
def monitor() -> Iterator[RecordingMonitor]:
    """Mocks for component tests: a fresh loop, a fresh root stack, a recording monitor.

    Use with `@pulumi.runtime.test` (or call `settle()`), then assert on `monitor.registrations`."""
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    pulumi.runtime.reset_options()
    pulumi.runtime.set_all_config(
        {"aws:region": "us-east-1", "gcp:project": "stackyard-mock-project", "gcp:region": "us-central1"}, []
    )
    mocks = StackyardMocks()
    recording = RecordingMonitor(mocks)
    pulumi.runtime.set_mocks(mocks, project="stackyard", stack="test", preview=False, monitor=recording)
    yield recording
    # Finish what set_mocks queued (the root stack's registration) if the test never ran a program.
    loop.run_until_complete(asyncio.wait_for(wait_for_rpcs(), timeout=30))
    recording.close()
    pulumi.runtime.set_all_config({}, [])
    asyncio.set_event_loop(None)
    loop.close()


def of_type(monitor: RecordingMonitor, type_: str) -> list[Registration]:
    return [r for r in monitor.registrations.values() if r.type == type_]


def stack_source(
    stack_file: str | Path, sets: tuple[str, ...] = (), secrets: tuple[str, ...] = ()
) -> ConfigSource:
    path = Path(stack_file)
    source = read_stack_file(path if path.is_absolute() else ROOT / path, project_root=ROOT)
    for assignment in sets:
        apply_override(source, assignment, secret=False)
    for assignment in secrets:
        apply_override(source, assignment, secret=True)
    return source


@functools.cache
def plan_of(stack_file: str | Path, sets: tuple[str, ...] = (), secrets: tuple[str, ...] = ()) -> Plan:
    """Render a stack file through the `stackyard plan` code path (the project's `__main__.py`).

    Plans are cached for the session: rendering is the slow part of the suite, and a plan is read-only data
    (tests must not modify one)."""
    return render(stack_source(stack_file, sets, secrets), MAIN)


def plan_of_config(config: dict[str, Any], stack: str = "test", secret_keys: tuple[str, ...] = ()) -> Plan:
    """Render config given as a dict of full keys (objects as dicts)."""
    return render(ConfigSource(stack=stack, values=dict(config), secret_keys=set(secret_keys)), MAIN)


def run_cli(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    """Run the installed `stackyard` console script as a user would."""
    command = [str(Path(sys.executable).with_name("stackyard")), *args]
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=300, check=False)


def plan_json(*args: str) -> dict[str, Any]:
    result = run_cli("plan", *args, "--json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)
