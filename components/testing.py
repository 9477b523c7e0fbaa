"""Test a Pulumi program that uses stackyard's components offline: `stackyard.testing`.

Pulumi's unit-testing guide (https://www.pulumi.com/docs/iac/guides/testing/unit/) has you write a `Mocks`
class; the components need more than the guide's echo mocks give (the region, the account, the zones, the
computed outputs of a resource), so use these, which answer everything the components ask, the way the
cloud would (ids, ARNs, self links, a RandomPassword's `result`), and record every resource registered:

    from stackyard.testing import mocks

    def test_the_database_is_private() -> None:
        with mocks(aws_region="eu-west-1") as recording:
            recording.run_program("__main__.py")        # or recording.run(a_function_that_builds)
        database = recording.get("aws:rds/instance:Instance")
        assert database.inputs["publiclyAccessible"] is False

With pytest, `pytest_plugins = ["stackyard.testing"]` in `conftest.py` gives the `stackyard_mocks` fixture
(a `Recording` under `mocks()`'s defaults). Inputs are recorded as the engine would receive them: camelCase
keys, secrets as "[secret]" and values not known until deployment as "[unknown]".

To add answers of your own (a function your program calls), subclass `StackyardMocks` and pass it:
`mocks(answers=MyMocks(aws_region="eu-west-1"))`. Components under mocks that don't answer what they read
raise `MocksError` (components/mock_check.py) instead of failing deep inside.

Needs only the components' dependencies (no pydantic): the mocks are `stackyard.stacks.mocks`.
"""

from __future__ import annotations

import asyncio
import runpy
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from types import TracebackType

import pulumi

from stacks.mocks import (
    MOCK_ACCOUNT_ID,
    MOCK_GCP_PROJECT,
    MOCK_GCP_PROJECT_NUMBER,
    SECRET_MASK,
    UNKNOWN_MASK,
    RecordingMonitor,
    Registration,
    StackyardMocks,
)

from .mock_check import MocksError

__all__ = [
    "MOCK_ACCOUNT_ID",
    "MOCK_GCP_PROJECT",
    "MOCK_GCP_PROJECT_NUMBER",
    "SECRET_MASK",
    "UNKNOWN_MASK",
    "MocksError",
    "Recording",
    "RecordingMonitor",
    "Registration",
    "StackyardMocks",
    "mocks",
]


class Recording:
    """Pulumi mocks in place (from `mocks()`) and what the program registered under them."""

    def __init__(self, answers: StackyardMocks, monitor: RecordingMonitor, loop: asyncio.AbstractEventLoop):
        self.answers = answers
        """The mocks: `answers.calls` lists every provider function called (token, arguments)."""
        self.monitor = monitor
        self._loop = loop

    def run(self, program: Callable[[], object]) -> None:
        """Run `program` (a function that creates resources) to completion, as `pulumi up` would."""
        pulumi.runtime.test(program)()

    def run_program(self, path: str | Path) -> None:
        """Run a Pulumi program file (a project's `__main__.py`) as Pulumi runs it: as `__main__`, with its
        folder first on the import path, so that the project's own packages import."""
        program = Path(path).resolve()
        folder = str(program.parent)
        sys.path.insert(0, folder)
        try:
            self.run(lambda: runpy.run_path(str(program), run_name="__main__"))
        finally:
            sys.path.remove(folder)

    def resources(self, type_: str | None = None) -> list[Registration]:
        """Every resource registered (components too), in order; only those of type `type_` if given
        (a type token: `aws:rds/instance:Instance`, `stackyard-aws:index:ManagedPostgres`)."""
        found = list(self.monitor.registrations.values())
        return [r for r in found if type_ is None or r.type == type_]

    def get(self, type_: str, name: str | None = None) -> Registration:
        """The one resource of type `type_` (named `name`, if given). LookupError, naming what there is,
        when there is none or more than one."""
        found = [r for r in self.resources(type_) if name is None or r.name == name]
        if len(found) == 1:
            return found[0]
        names = sorted(r.name for r in self.resources(type_))
        what = f"{type_} named {name!r}" if name is not None else type_
        raise LookupError(
            f"{len(found)} resources of {what}; registered of that type: {', '.join(names) or 'none'}"
        )

    def close(self) -> None:
        """Take the mocks down: close the event loops and clear the configuration."""
        self.monitor.close()
        pulumi.runtime.set_all_config({}, [])
        asyncio.set_event_loop(None)
        self._loop.close()

    def __enter__(self) -> Recording:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()


def mocks(
    *,
    aws_region: str = "us-east-1",
    gcp_project: str = MOCK_GCP_PROJECT,
    gcp_region: str = "us-central1",
    config: dict[str, str] | None = None,
    project: str = "test",
    stack: str = "test",
    preview: bool = False,
    answers: StackyardMocks | None = None,
) -> Recording:
    """Put Pulumi mocks in place for the components and return the `Recording` (use it as a context
    manager, or call `close()`).

    aws_region / gcp_project / gcp_region: what the provider functions answer (defaults: us-east-1,
    the mock project, us-central1). config: the stack configuration (`{"aws:region": "eu-west-1",
    "myproject:size": "small"}`), as `pulumi config` would hold it. project / stack: what
    `pulumi.get_project()` / `get_stack()` return (they appear in URNs). preview: run as `pulumi preview`
    (False: as `pulumi up`). answers: your own `StackyardMocks` subclass instance (overrides the three
    region arguments)."""
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    pulumi.runtime.reset_options()
    pulumi.runtime.set_all_config(dict(config or {}), [])
    answering = answers or StackyardMocks(
        aws_region=aws_region, gcp_project=gcp_project, gcp_region=gcp_region
    )
    monitor = RecordingMonitor(answering)
    pulumi.runtime.set_mocks(answering, project=project, stack=stack, preview=preview, monitor=monitor)
    return Recording(answering, monitor, loop)


try:
    import pytest
except ImportError:  # the fixture only where pytest is installed
    pass
else:

    @pytest.fixture
    def stackyard_mocks() -> Iterator[Recording]:
        """A `Recording` under `mocks()` with its defaults, closed after the test. Enable it with
        `pytest_plugins = ["stackyard.testing"]` in your conftest.py."""
        with mocks() as recording:
            yield recording
