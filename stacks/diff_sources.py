"""The two plans `stackyard diff` compares, as `stackyard plan --json` documents.

- `render_document`: a stack file of the working tree, rendered in this process through the `stackyard plan`
  code path (`stacks.plan.render`); its document carries each resource's `aliases` (the URNs it answers
  to besides its own, which is how the diff tells an aliased rename from a replacement).
- `base_document`: the same stack file at a git ref. The ref's tree is extracted with `git archive` into a
  temporary directory, never touching the working tree or the index, and its own code renders the plan
  (`python -c … plan --json`, with that tree first on the import path) under its own mocks, so the base
  is what the base's code produces. A stack file that does not exist at the ref is an empty plan:
  everything is added.
- `load_document`: a saved `stackyard plan --json` file.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import subprocess
import sys
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import plan as plan_module
from .stackfile import ConfigSource

BASE_TIMEOUT_SECONDS = 600

# Run in the base tree: import its `stacks` (not an installed or editable copy of another tree), then run
# its `stackyard` command with the arguments that follow.
_BOOT = """
import sys
from pathlib import Path
here = Path.cwd().resolve()
sys.path.insert(0, str(here))
import stacks
if (here / "stacks").is_dir() and here not in Path(stacks.__file__).resolve().parents:
    raise SystemExit(f"stackyard diff: the base tree's stacks package was not imported ({stacks.__file__})")
from stacks.cli import main
raise SystemExit(main(sys.argv[1:]))
"""


class SourceError(Exception):
    """A plan that cannot be had for a reason the user can fix (exit 2): no such ref, file or stack."""


class BaseRenderError(Exception):
    """The base tree's `stackyard plan` failed (exit 1, or 2 when its configuration is invalid)."""

    def __init__(self, message: str, exit_code: int) -> None:
        super().__init__(message)
        self.exit_code = exit_code


# -- the working tree ----------------------------------------------------------------------------------------


def render_document(source: ConfigSource, main_path: Path | None) -> dict[str, Any]:
    """The plan document of `source` (with `aliases` on each resource that has any).

    Raises what `stacks.plan.render` raises (`ConfigError` for invalid configuration)."""
    return plan_module.render(source, main_path).document()


# -- a git ref -----------------------------------------------------------------------------------------------


@dataclass
class BaseRequest:
    """What to render at a git ref: the stack file (relative to the project root) of a project."""

    ref: str
    project_root: Path
    stack_file: Path
    stack: str | None = None


class BaseRender:
    """The plan of a stack file at a git ref, rendered in a subprocess from the ref's extracted tree.

    `start()` begins the render (so the caller can render the working tree meanwhile); `document()` waits
    for it. Use as a context manager: the temporary tree is removed on exit."""

    def __init__(self, request: BaseRequest) -> None:
        self.request = request
        self.notes: list[str] = []
        self.commit = ""
        self._process: subprocess.Popen[bytes] | None = None
        self._cleanup = contextlib.ExitStack()
        self._work: Path | None = None
        self._empty: dict[str, Any] | None = None

    def __enter__(self) -> BaseRender:
        return self

    def __exit__(self, *exc: object) -> None:
        if self._process is not None and self._process.poll() is None:
            self._process.kill()
            self._process.wait()
        self._cleanup.close()

    @property
    def label(self) -> str:
        short = (
            f" ({self.commit[:12]})" if self.commit and not self.request.ref.startswith(self.commit) else ""
        )
        return f"{self.request.ref}{short}"

    def start(self) -> None:
        request = self.request
        toplevel, prefix = _git_location(request.project_root)
        self.commit = _resolve(toplevel, request.ref)
        relative = _relative_to(request.stack_file, toplevel)
        if not _exists_at(toplevel, self.commit, relative):
            self.notes.append(
                f"{relative.as_posix()} does not exist at {request.ref}: every resource is added."
            )
            self._empty = {"project": None, "stack": request.stack, "resources": [], "outputs": {}}
            return
        self._work = Path(self._cleanup.enter_context(tempfile.TemporaryDirectory(prefix="stackyard-diff-")))
        tree = self._work / "tree"
        _extract(toplevel, self.commit, tree)
        project = tree / prefix
        command = [sys.executable, "-c", _BOOT, "plan", "--config-file", str(tree / relative), "--json"]
        if request.stack:
            command.insert(4, request.stack)
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join([str(project), *filter(None, [env.get("PYTHONPATH")])])
        # Files, not pipes: the subprocess never waits for a reader while this process renders.
        with (self._work / "out").open("wb") as out, (self._work / "err").open("wb") as err:
            self._process = subprocess.Popen(command, cwd=project, env=env, stdout=out, stderr=err)

    def document(self) -> dict[str, Any]:
        if self._empty is not None:
            return self._empty
        if self._process is None:
            raise RuntimeError("BaseRender.start() was not called")
        try:
            code = self._process.wait(timeout=BASE_TIMEOUT_SECONDS)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait()
            raise BaseRenderError(
                f"the plan at {self.request.ref} took longer than {BASE_TIMEOUT_SECONDS} s", 1
            ) from None
        assert self._work is not None
        out = (self._work / "out").read_text(errors="replace")
        err = (self._work / "err").read_text(errors="replace")
        if code != 0:
            detail = err.strip() or out.strip() or f"exit code {code}"
            raise BaseRenderError(f"the plan at {self.label} failed:\n{detail}", 2 if code == 2 else 1)
        try:
            return json.loads(out)
        except json.JSONDecodeError as error:
            raise BaseRenderError(f"the plan at {self.label} is not JSON: {error}", 1) from None


def _git(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=False)


def _git_location(project_root: Path) -> tuple[Path, str]:
    """The work tree's top level and the project root's path inside it ("" or "sub/dir/")."""
    try:
        top = _git(project_root, "rev-parse", "--show-toplevel")
    except FileNotFoundError:
        raise SourceError("--base needs git, which is not installed") from None
    if top.returncode != 0:
        raise SourceError(f"--base needs a git work tree; {project_root} is not in one")
    prefix = _git(project_root, "rev-parse", "--show-prefix").stdout.strip()
    return Path(top.stdout.strip()), prefix


def _resolve(toplevel: Path, ref: str) -> str:
    found = _git(toplevel, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{ref}^{{commit}}")
    if found.returncode != 0 or not found.stdout.strip():
        raise SourceError(f"--base {ref}: no such commit, branch or tag in {toplevel}")
    return found.stdout.strip()


def _relative_to(stack_file: Path, toplevel: Path) -> Path:
    path = stack_file.resolve()
    if not path.is_relative_to(toplevel.resolve()):
        raise SourceError(f"--base: {stack_file} is outside the git work tree {toplevel}")
    return path.relative_to(toplevel.resolve())


def _exists_at(toplevel: Path, commit: str, relative: Path) -> bool:
    found = _git(toplevel, "cat-file", "-e", f"{commit}:{relative.as_posix()}")
    return found.returncode == 0


def _extract(toplevel: Path, commit: str, into: Path) -> None:
    archive = subprocess.run(
        ["git", "archive", "--format=tar", commit], cwd=toplevel, capture_output=True, check=False
    )
    if archive.returncode != 0:
        raise BaseRenderError(f"git archive {commit} failed: {archive.stderr.decode(errors='replace')}", 1)
    into.mkdir(parents=True, exist_ok=True)
    with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
        if hasattr(tarfile, "data_filter"):
            tar.extractall(into, filter="data")
        else:  # pragma: no cover - Python before 3.11.4
            tar.extractall(into)


# -- a saved plan --------------------------------------------------------------------------------------------


def load_document(path: Path) -> dict[str, Any]:
    """A saved `stackyard plan --json` document."""
    try:
        document = json.loads(path.read_text())
    except FileNotFoundError:
        raise SourceError(f"{path}: no such file") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise SourceError(f"{path}: not a stackyard plan --json document ({error})") from None
    if not isinstance(document, dict) or not isinstance(document.get("resources"), list):
        raise SourceError(f"{path}: not a stackyard plan --json document (no resources list)")
    return document
