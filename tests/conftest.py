"""Test harness: Pulumi mocks done right (one event loop per test, `reset_options()` before `set_mocks`),
and helpers that render stack files through the same code path as `stackyard plan`.

Speed without shortcuts: a stack rendered with the same inputs and code is rendered once per session,
whichever xdist worker asks first (`tests.helpers.plan_cache`; `STACKYARD_TESTS_SHARE=0` turns it off), and
the garbage collector runs with the settings of a `stackyard` process (`stacks.collector`)."""

from __future__ import annotations

import asyncio
import contextlib
import functools
import io
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pulumi
import pytest
from pulumi.runtime.stack import wait_for_rpcs

from stacks.collector import quiet_collector
from stacks.mocks import RecordingMonitor, Registration, StackyardMocks
from stacks.plan import Plan
from stacks.stackfile import ConfigSource, apply_override, read_stack_file
from tests.helpers import plan_cache

ROOT = Path(__file__).resolve().parent.parent
MAIN = ROOT / "__main__.py"

PLAN_CACHE = pytest.StashKey[Path]()

quiet_collector()  # the collector settings of a `stackyard` process (stacks/collector.py)
# The tests compare what the commands print: a developer's FORCE_COLOR must not paint it (stacks/terminal.py).
os.environ.pop("FORCE_COLOR", None)

# Modules that render stacks or start `stackyard` take seconds each; the component modules, many quick tests.
SLOW_FIRST = ("tests/stacks/", "tests/policy/", "tests/docs/", "tests/test_")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Slow modules first, in collection order, then the rest: with `--dist loadfile` and
    `--no-loadscope-reorder` (pyproject.toml) the workers take modules in this order, so the quick ones fill
    in at the end and both workers finish together (xdist's own order, most tests first, can leave a slow
    module with few tests for last)."""
    items.sort(key=lambda item: not item.nodeid.startswith(SLOW_FIRST))


def pytest_collection_finish(session: pytest.Session) -> None:
    """What collection imported (test modules, the provider SDKs they use) lives until the process ends:
    freeze it, as `stackyard` does after its imports, so full collections stop walking it."""
    quiet_collector()


def pytest_configure(config: pytest.Config) -> None:
    """The controller (or the only process) makes the session's plan cache; xdist workers get its path."""
    if not plan_cache.sharing_enabled():
        return
    plan_cache.code_digest()  # the code as the session starts
    workerinput = getattr(config, "workerinput", None)
    if workerinput is not None:
        directory = workerinput.get(plan_cache.WORKER_INPUT_KEY)
        plan_cache.use_directory(Path(directory) if directory else None)
        return
    directory = plan_cache.new_directory()
    config.stash[PLAN_CACHE] = directory
    plan_cache.use_directory(directory)


@pytest.hookimpl(optionalhook=True)
def pytest_configure_node(node: Any) -> None:
    """xdist: hand each worker the session's plan cache."""
    directory = node.config.stash.get(PLAN_CACHE, None)
    if directory is not None:
        node.workerinput[plan_cache.WORKER_INPUT_KEY] = str(directory)


def pytest_unconfigure(config: pytest.Config) -> None:
    directory = config.stash.get(PLAN_CACHE, None)
    if directory is not None:
        shutil.rmtree(directory, ignore_errors=True)


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


def plan_of(stack_file: str | Path, sets: tuple[str, ...] = (), secrets: tuple[str, ...] = ()) -> Plan:
    """Render a stack file through the `stackyard plan` code path (the project's `__main__.py`).

    Plans are cached for the session: rendering is the slow part of the suite, and a plan is read-only data
    (tests must not modify one). `Pulumi.prod.yaml`, `Path("Pulumi.prod.yaml")` and its absolute path are
    one stack file; across workers, equal inputs render once (`tests.helpers.plan_cache`)."""
    path = Path(stack_file)
    normal = os.path.normpath(path if path.is_absolute() else ROOT / path)
    return _plan_of(normal, tuple(sets), tuple(secrets))


@functools.cache
def _plan_of(path: str, sets: tuple[str, ...], secrets: tuple[str, ...]) -> Plan:
    return plan_cache.shared_render(stack_source(path, sets, secrets), MAIN)


def plan_of_config(config: dict[str, Any], stack: str = "test", secret_keys: tuple[str, ...] = ()) -> Plan:
    """Render config given as a dict of full keys (objects as dicts); each call returns its own plan."""
    return plan_cache.shared_render(
        ConfigSource(stack=stack, values=dict(config), secret_keys=set(secret_keys)), MAIN
    )


# The modules that hold `stacks.plan.render` by name (the others import it from stacks.plan when they run).
RENDERING_MODULES = ("stacks.plan", "stacks.cli")


@contextlib.contextmanager
def shared_renders() -> Iterator[None]:
    """While a command runs in this process, its renders go through the session's plan cache
    (`plan_cache.shared_render`): a plan is a pure function of its input and the code, so a command given a
    stack file another test has rendered gets an identical, freshly unpickled plan instead of rendering it
    again. A render with another Pulumi project name (`stacks.foreign`) is not shared."""
    import importlib

    from stacks import plan as plan_module

    original = plan_module.render

    def render(
        source: ConfigSource, main_path: Path | None = None, project: str = plan_module.PROJECT
    ) -> Plan:
        if project != plan_module.PROJECT:
            return original(source, main_path, project)
        return plan_cache.shared_render(source, main_path)

    modules = [importlib.import_module(name) for name in RENDERING_MODULES]
    for module in modules:
        module.render = render  # type: ignore[attr-defined]
    try:
        yield
    finally:
        for module in modules:
            module.render = original  # type: ignore[attr-defined]


def run_cli(*args: str, cwd: Path = ROOT, process: bool = False) -> subprocess.CompletedProcess[str]:
    """Run `stackyard` with `args` from `cwd`: its exit code, stdout and stderr.

    `process=True` starts the installed console script as a user does (a few tests do, so the script
    itself stays proven). Otherwise the command's own entry, `stacks.cli.main`, runs in this process with
    its own working directory, stdout and stderr: the same code without the seconds a new process spends
    importing the provider SDKs."""
    command = [str(Path(sys.executable).with_name("stackyard")), *args]
    if process:
        return subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=300, check=False)
    from stacks.cli import main

    stdout, stderr = io.StringIO(), io.StringIO()
    with (
        contextlib.chdir(cwd),
        contextlib.redirect_stdout(stdout),
        contextlib.redirect_stderr(stderr),
        shared_renders(),
    ):
        try:
            code = main(list(args))
        except SystemExit as exit_:  # argparse's usage errors
            code = exit_.code if isinstance(exit_.code, int) else 1
    return subprocess.CompletedProcess(command, code, stdout.getvalue(), stderr.getvalue())


def plan_json(*args: str) -> dict[str, Any]:
    result = run_cli("plan", *args, "--json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)
