"""`stackyard plan`, `check`, `diff` and `cost` on a Pulumi Python project of the user's own.

The project is the nearest `Pulumi.yaml` (or `Pulumi.yml`) at or above the working directory, or
`--project-dir`, or, with `--config-file`, at or above that stack file. When its `name:` is `stackyard`,
the commands keep the stackyard stack-file model (`stacks.stackfile`, `stacks.program`). Any other project
with `runtime: python` (or `runtime: {name: python, options: …}`) is run here, as the Pulumi CLI would run
it, under the same mocks as the stackyard program (`stacks.mocks`, through `stacks.plan.render`):

- the program is the project's `main:` (a directory holding `__main__.py`, or a `.py` file), else its
  `__main__.py`; it runs as `__main__` with its directory first on `sys.path` and as the working
  directory (both restored afterwards, and the project's own modules unloaded, so a second project or
  a second stack in the same process imports its own);
- the stack is STACK, else the stack file of `--config-file`, else the only `Pulumi.<stack>.yaml` of the
  project (in `stackConfigDir:` when the project sets one); with several and none named, the error lists them;
- config is what `pulumi config` would hand the program: `Pulumi.yaml`'s `config:` defaults (`default:` or
  `value:`, or a plain value), then the stack file's `config:`, keys without a namespace taking the
  project's (`zones` is `shop:zones`), so `pulumi.Config()` reads them; `--set` / `--secret` work the same;
- a `secure:` value cannot be decrypted offline: the program gets the secret placeholder text
  `stacks.stackfile.SECURE_PLACEHOLDER` (a secret, masked in the plan) and stderr says which keys; give a
  value of the right form with `--secret KEY=VALUE` when the program parses it.

The plan document has the same shape as the stackyard project's (DESIGN.md, "`stackyard plan`"): `project`
is the project's name; `cloud` is `stackyard:cloud` when the stack file sets it, else `"aws"` or `"gcp"` when
every AWS or GCP resource of the plan is of that one cloud, else null; `environment` is
`stackyard:environment` when set, else null; `notes` and `standIns` hold what the stackyard components
announce (usually nothing for a project of one's own). `check` reads `stackyard:accept` from the stack file
like the stackyard project's (`stacks.accept`).

An exception of the program is a `ProgramError` (exit 2): the file and line of the project's own code where
it happened, and the traceback trimmed to the project's own frames. Out of scope: other runtimes (a clear
error), programs that use the Automation API, read environment variables or ESC environments for their
settings (they run, with this process's environment), and a program's own virtualenv: the program runs in
the Python that runs `stackyard`, so install stackyard where the program's dependencies are.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
import tempfile
import traceback
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .config import CLOUD_KEY, ENVIRONMENT_KEY, NAMESPACE
from .stackfile import (
    SECURE_PLACEHOLDER,
    ConfigSource,
    StackFileError,
    _replace_secure,
    apply_override,
    load_yaml,
    read_text,
    stack_name_of,
)

if TYPE_CHECKING:
    from .plan import Plan

PROJECT_FILES = ("Pulumi.yaml", "Pulumi.yml")
CLOUDS = ("aws", "gcp")
TRACEBACK_FRAMES = 8
"""At most this many of the project's own frames are shown for an exception of its program."""

__all__ = ["SECURE_PLACEHOLDER", "ForeignProject", "ProgramError", "find_foreign_project"]


class ProgramError(StackFileError):
    """The user's program raised: reported like an invalid stack file (one message on stderr, exit 2),
    naming the file and line of the project's own code."""


@dataclass(frozen=True)
class ForeignProject:
    """A Pulumi Python project that is not stackyard's own."""

    root: Path
    """The directory of `Pulumi.yaml`."""
    name: str
    program: Path
    """The program `pulumi up` runs: a `__main__.py` or another `.py` file."""
    stack_dir: Path
    """Where its `Pulumi.<stack>.yaml` files are (`stackConfigDir:`, else `root`)."""
    config: dict[str, Any]
    """`Pulumi.yaml`'s `config:` defaults as full keys."""

    def stacks(self) -> list[str]:
        return sorted(
            stack_name_of(p) for p in self.stack_dir.glob("Pulumi.*.y*ml") if p.name not in PROJECT_FILES
        )

    def stack_file(self, stack: str | None) -> Path:
        """`Pulumi.<stack>.yaml`; without `stack`, the only stack file of the project."""
        if stack is None:
            known = self.stacks()
            if len(known) != 1:
                listed = ", ".join(known) or "none"
                raise StackFileError(
                    f"project {self.name} ({self.root}): give a STACK (stacks here: {listed}) or "
                    "--config-file"
                )
            stack = known[0]
        for suffix in ("yaml", "yml"):
            path = self.stack_dir / f"Pulumi.{stack}.{suffix}"
            if path.is_file():
                return path
        raise StackFileError(
            f"project {self.name}: no stack file Pulumi.{stack}.yaml in {self.stack_dir}; "
            f"stacks here: {', '.join(self.stacks()) or 'none'}"
        )

    def full_key(self, key: str) -> str:
        """A config key with its namespace: the project's when it has none (as `pulumi config` reads it)."""
        return key if ":" in key.split(".", 1)[0] else f"{self.name}:{key}"

    def source(self, args: argparse.Namespace, with_overrides: bool = True) -> ConfigSource:
        """The config of the stack that `args` (STACK / --config-file, --set / --secret) name."""
        stack_file = args.config_file if args.config_file is not None else self.stack_file(args.stack)
        stack = args.stack or stack_name_of(stack_file)
        source = self.read(stack_file, stack)
        if with_overrides:
            for assignment in getattr(args, "set", None) or []:
                apply_override(source, self.full_key(assignment), secret=False)
            for assignment in getattr(args, "secret", None) or []:
                apply_override(source, self.full_key(assignment), secret=True)
        return source

    def read(self, stack_file: Path, stack: str) -> ConfigSource:
        """The project's config defaults, then the stack file's `config:`; `secure:` values become
        placeholder secrets, and stderr says so."""
        document = load_yaml(read_text(stack_file), str(stack_file)) or {}
        if not isinstance(document, dict) or not isinstance(document.get("config") or {}, dict):
            raise StackFileError(f"{stack_file}: a stack file is a mapping with a `config:` mapping inside")
        source = ConfigSource(stack=stack, values=dict(self.config))
        encrypted: list[str] = []
        for key, value in (document.get("config") or {}).items():
            full = self.full_key(str(key))
            plain, secret = _replace_secure(value)
            source.values[full] = plain
            if secret:
                source.secret_keys.add(full)
                encrypted.append(full)
        if encrypted:
            print(
                f"stackyard: {stack_file.name}: `secure:` values cannot be decrypted offline; the program "
                f"gets a placeholder secret for {', '.join(encrypted)} (--secret KEY=VALUE gives one of "
                "your own)",
                file=sys.stderr,
            )
        return source

    def render(self, source: ConfigSource) -> Plan:
        """The plan of the program for `source`, under the stackyard mocks. Raises `ProgramError` when the
        program raises (what the stackyard components call config errors, `ConfigError`, passes as is)."""
        from .errors import ConfigError
        from .plan import render

        failure: BaseException | None = None
        plan: Plan | None = None
        with _program_context(self.program.parent, self.root):
            try:
                plan = render(source, self.program, project=self.name)
            except (ConfigError, StackFileError):
                raise
            except (Exception, SystemExit) as error:  # the user's program: their error, their lines
                failure = error
        if failure is not None:  # described from the user's working directory, to name their paths
            raise ProgramError(_describe(failure, self)) from None
        assert plan is not None
        plan.cloud = source.values.get(CLOUD_KEY) or _cloud_of(plan)
        plan.environment = source.values.get(ENVIRONMENT_KEY)
        return plan


def find_foreign_project(
    project_dir: Path | None = None, config_file: Path | None = None
) -> ForeignProject | None:
    """The user's own project the command works on, or None for the stackyard project (or no project at
    all, which the stackyard path reports). With `config_file`, its directory is searched first."""
    starts = [config_file.resolve().parent] if config_file is not None else []
    starts.append((project_dir or Path.cwd()).resolve())
    if project_dir is not None and not project_dir.is_dir():
        raise StackFileError(f"--project-dir {project_dir}: no such directory")
    for start in starts:
        found = nearest_project_file(start)
        if found is None:
            continue
        project = load_yaml(read_text(found), str(found))
        if not isinstance(project, dict):
            raise StackFileError(f"{found}: a Pulumi project file is a mapping (name:, runtime: …)")
        if project.get("name") == NAMESPACE:
            return None
        return _foreign(found, project)
    return None


def nearest_project_file(start: Path) -> Path | None:
    """The nearest `Pulumi.yaml` (or `Pulumi.yml`) at or above `start`, whatever its project."""
    for directory in (start, *start.parents):
        for name in PROJECT_FILES:
            if (directory / name).is_file():
                return directory / name
    return None


def _foreign(project_file: Path, project: dict[str, Any]) -> ForeignProject:
    root = project_file.parent
    name = project.get("name")
    if not isinstance(name, str) or not name:
        raise StackFileError(f"{project_file}: `name:` is required (the Pulumi project name)")
    runtime = project.get("runtime")
    runtime_name = runtime.get("name") if isinstance(runtime, dict) else runtime
    if runtime_name != "python":
        raise StackFileError(
            f"{project_file}: runtime {runtime_name!r}: stackyard plan / check / diff / cost run Python "
            "programs only (runtime: python)"
        )
    main = project.get("main")
    program = root / main if isinstance(main, str) and main else root
    if program.is_dir():
        program = program / "__main__.py"
    if not program.is_file():
        raise StackFileError(
            f"{project_file}: no program: {program} does not exist (`main:` names a directory with a "
            "__main__.py, or a .py file)"
        )
    stack_dir = project.get("stackConfigDir")
    return ForeignProject(
        root=root,
        name=name,
        program=program,
        stack_dir=root / stack_dir if isinstance(stack_dir, str) and stack_dir else root,
        config=_defaults(project.get("config"), name),
    )


def _defaults(config: Any, project: str) -> dict[str, Any]:
    """`Pulumi.yaml`'s `config:` as full keys: a declaration's `default:` (or `value:`), or a plain value."""
    defaults: dict[str, Any] = {}
    for key, declaration in (config if isinstance(config, dict) else {}).items():
        full = key if ":" in str(key) else f"{project}:{key}"
        if isinstance(declaration, dict) and (
            {"default", "value"} & set(declaration) or "type" in declaration
        ):
            if "default" in declaration:
                defaults[full] = declaration["default"]
            elif "value" in declaration:
                defaults[full] = declaration["value"]
        else:
            defaults[full] = declaration
    return defaults


@contextlib.contextmanager
def _program_context(directory: Path, root: Path) -> Iterator[None]:
    """The program's directory first on `sys.path` and as the working directory; afterwards both restored
    and the modules imported from the project unloaded."""
    before_path, before_cwd, before_modules = list(sys.path), Path.cwd(), set(sys.modules)
    sys.path.insert(0, str(directory))
    os.chdir(directory)
    try:
        yield
    finally:
        os.chdir(before_cwd)
        sys.path[:] = before_path
        root_resolved = root.resolve()
        for name in set(sys.modules) - before_modules:
            file = getattr(sys.modules[name], "__file__", None)
            if file and Path(file).resolve().is_relative_to(root_resolved):
                del sys.modules[name]


def _describe(error: BaseException, project: ForeignProject) -> str:
    """`file:line: the program of project P raised Type: message`, then its own frames of the traceback."""
    root = project.root.resolve()
    frames = [
        frame
        for frame in traceback.extract_tb(error.__traceback__)
        if Path(frame.filename).is_absolute() and Path(frame.filename).resolve().is_relative_to(root)
    ]
    where = ""
    if isinstance(error, SyntaxError) and error.filename:
        where = f"{_shown(error.filename)}:{error.lineno}: "
    elif frames:
        where = f"{_shown(frames[-1].filename)}:{frames[-1].lineno}: "
    what = f"{type(error).__name__}: {error}" if str(error) else type(error).__name__
    if isinstance(error, SystemExit):
        what = f"SystemExit({error.code!r})"
    lines = [f"{where}the program of project {project.name} raised {what}"]
    if frames:
        lines.append("Traceback (the project's own frames, most recent call last):")
        for frame in frames[-TRACEBACK_FRAMES:]:
            lines.append(f'  File "{_shown(frame.filename)}", line {frame.lineno}, in {frame.name}')
            if frame.line:
                lines.append(f"    {frame.line.strip()}")
    top = (error.name or "").split(".")[0] if isinstance(error, ModuleNotFoundError) else ""
    shadow = getattr(sys.modules.get(top), "__file__", None) if top else None
    if shadow and (root / top).exists():
        lines.append(
            f"`{top}` is already imported from {shadow} (stackyard's own, in a development tree), which "
            f"hides the project's `{top}`: run a stackyard installed from its wheel, whose packages are "
            "`stackyard.*`."
        )
    elif isinstance(error, ModuleNotFoundError):
        lines.append(
            f"The program runs in the Python that runs stackyard ({sys.executable}): install stackyard in "
            "the project's environment (with the program's dependencies) and run that stackyard."
        )
    return "\n".join(lines)


def _shown(filename: str) -> str:
    """A path as the user would click it: relative to the working directory when under it."""
    path = Path(filename).resolve()
    with contextlib.suppress(ValueError):
        return str(path.relative_to(Path.cwd().resolve()))
    return str(path)


def _cloud_of(plan: Plan) -> str | None:
    """`aws` or `gcp` when the plan's resources of those clouds are all of one, else None."""
    used = {r.type.split(":", 1)[0] for r in plan.resources if r.custom} & set(CLOUDS)
    return used.pop() if len(used) == 1 else None


# -- `stackyard diff --base REF` on the user's project ------------------------------------------------------


def render_at_ref(
    project: ForeignProject, stack_file: Path, stack: str, ref: str
) -> tuple[dict[str, Any], str, list[str]]:
    """The plan document of `stack_file` as the project was at git `ref` (its tree extracted with `git
    archive`, the working tree untouched), rendered by this stackyard; the label of the ref; notes. A stack
    file absent at the ref is an empty plan."""
    from .diff_sources import _exists_at, _extract, _git_location, _relative_to, _resolve

    toplevel, prefix = _git_location(project.root)
    commit = _resolve(toplevel, ref)
    label = f"{ref} ({commit[:12]})" if not ref.startswith(commit) else ref
    relative = _relative_to(stack_file, toplevel)
    if not _exists_at(toplevel, commit, relative):
        empty = {"project": project.name, "stack": stack, "resources": [], "outputs": {}}
        return empty, label, [f"{relative.as_posix()} does not exist at {ref}: every resource is added."]
    with tempfile.TemporaryDirectory(prefix="stackyard-diff-") as work:
        tree = Path(work)
        _extract(toplevel, commit, tree)
        base = find_foreign_project(tree / prefix)
        if base is None:
            raise StackFileError(
                f"--base {ref}: the project at {prefix or '.'} is not a Python project there"
            )
        document = base.render(base.read(tree / relative, stack)).document()
    return document, label, []
