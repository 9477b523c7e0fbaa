"""The wheel's import name: the repository keeps `components/` and `stacks/` at its root (the design asks
for that layout), but the wheel installs them as one package of its own, `stackyard`, so that a project
with its own `components/` folder can install it:

    components/<x>  ->  stackyard/<x>         (stackyard.aws, stackyard.gcp, stackyard.k8s, stackyard.testing)
    stacks/<x>      ->  stackyard/stacks/<x>  (the `cli` extra's machinery)

Every file is copied; in each `.py` file the absolute imports of `components` / `stacks` are rewritten to
the new names (`rewrite`), nothing else. Dynamic imports in the code are relative to `__package__`, so they
need no rewriting; `rewrite` refuses a string constant that still names a module `components.…` or
`stacks.…`. No file is shipped under two names, so each module exists once.

In a checkout the top-level `stackyard/` package (never shipped) makes the same names importable by
aliasing them to the very same module objects.
"""

from __future__ import annotations

import ast
import re
import shutil
import tempfile
from pathlib import Path
from typing import Any

try:
    from hatchling.builders.hooks.plugin.interface import BuildHookInterface
except ImportError:  # the tests import `rewrite` and `wheel_files` from a venv without hatchling
    BuildHookInterface = object  # type: ignore[assignment,misc]

ROOT = Path(__file__).resolve().parent
# (folder in the repository, its import name in the repository, its import name in the wheel)
PACKAGES = (("components", "components", "stackyard"), ("stacks", "stacks", "stackyard.stacks"))
# Files from elsewhere in the repository that the installed code reads: {repository path: path in the wheel}.
# The written exceptions to external scanners, which `stackyard check` reads (stacks/exceptions.py).
EXTRA_FILES = {"docs/security-exceptions.md": "stackyard/stacks/security-exceptions.md"}
SKIPPED_DIRS = {"__pycache__"}
SKIPPED_SUFFIXES = {".pyc", ".pyo"}
MODULE_STRING = re.compile(r"^(components|stacks)\.($|[a-z_])")


def public_name(module: str) -> str:
    """`components.aws` -> `stackyard.aws`, `stacks.mocks` -> `stackyard.stacks.mocks`; others unchanged."""
    for _, old, new in PACKAGES:
        if module == old or module.startswith(old + "."):
            return new + module[len(old) :]
    return module


def _top(module: str) -> str:
    return module.partition(".")[0]


def _import_statement(node: ast.Import) -> str:
    """`import components.aws` binds `components`: keep that name bound to what it was."""
    parts = []
    for alias in node.names:
        mapped = public_name(alias.name)
        if alias.asname is not None:
            parts.append(f"import {mapped} as {alias.asname}")
        elif mapped == alias.name:
            parts.append(f"import {alias.name}")
        else:
            top = _top(alias.name)
            if mapped != public_name(top):
                parts.append(f"import {mapped}")
            parts.append(f"import {public_name(top)} as {top}")
    return "; ".join(parts)


def _offsets(source: str) -> list[int]:
    starts = [0]
    for line in source.splitlines(keepends=True):
        starts.append(starts[-1] + len(line))
    return starts


def rewrite(source: str, filename: str = "<source>") -> str:
    """The module's source with its absolute `components` / `stacks` imports renamed for the wheel.

    Line numbers are kept (a multi-line statement is padded with blank lines). Raises ValueError when a
    string constant still names such a module (an `importlib.import_module("components.aws")`): write
    those relative to `__package__` instead."""
    tree = ast.parse(source, filename)
    starts = _offsets(source)
    edits: list[tuple[int, int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import) and any(_top(a.name) in ("components", "stacks") for a in node.names):
            text = _import_statement(node)
        elif (
            isinstance(node, ast.ImportFrom)
            and node.level == 0
            and node.module is not None
            and _top(node.module) in ("components", "stacks")
        ):
            start = starts[node.lineno - 1] + node.col_offset
            end = starts[node.end_lineno - 1] + node.end_col_offset  # type: ignore[operator]
            segment = source[start:end]
            text = re.sub(
                rf"^from\s+{re.escape(node.module)}\b", f"from {public_name(node.module)}", segment, count=1
            )
            edits.append((start, end, text))
            continue
        elif (
            isinstance(node, ast.Constant) and isinstance(node.value, str) and MODULE_STRING.match(node.value)
        ):
            raise ValueError(
                f"{filename}:{node.lineno}: the string {node.value!r} names a module by its repository "
                "name, which the wheel renames; import relative to __package__ instead"
            )
        else:
            continue
        start = starts[node.lineno - 1] + node.col_offset
        end = starts[node.end_lineno - 1] + node.end_col_offset  # type: ignore[operator]
        edits.append((start, end, text + "\n" * (node.end_lineno - node.lineno)))  # type: ignore[operator]
    for start, end, text in sorted(edits, reverse=True):
        source = source[:start] + text + source[end:]
    return source


def wheel_files(root: Path = ROOT) -> dict[str, tuple[Path, bytes]]:
    """Every file the wheel ships from components/ and stacks/: {path in the wheel: (source, content)}."""
    files: dict[str, tuple[Path, bytes]] = {}
    for folder, _, new in PACKAGES:
        base = root / folder
        for path in sorted(base.rglob("*")):
            relative = path.relative_to(base)
            if path.is_dir() or SKIPPED_DIRS & set(relative.parts) or path.suffix in SKIPPED_SUFFIXES:
                continue
            target = "/".join([*new.split("."), *relative.parts])
            content = path.read_bytes()
            if path.suffix == ".py":
                content = rewrite(content.decode("utf-8"), str(path.relative_to(root))).encode("utf-8")
            files[target] = (path, content)
    for source, target in EXTRA_FILES.items():
        if (root / source).is_file():
            files[target] = (root / source, (root / source).read_bytes())
    return files


class StackyardBuildHook(BuildHookInterface):
    """Writes the renamed copies to a temporary folder and force-includes them into the wheel."""

    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if self.target_name != "wheel" or version == "editable":
            return  # an editable install runs the checkout itself (see stackyard/__init__.py)
        self._staging = Path(tempfile.mkdtemp(prefix="stackyard-wheel-"))
        for target, (source, content) in wheel_files(Path(self.root)).items():
            staged = self._staging / target
            staged.parent.mkdir(parents=True, exist_ok=True)
            staged.write_bytes(content)
            shutil.copymode(source, staged)
            build_data["force_include"][str(staged)] = target

    def finalize(self, version: str, build_data: dict[str, Any], artifact_path: str) -> None:
        staging = getattr(self, "_staging", None)
        if staging is not None:
            shutil.rmtree(staging, ignore_errors=True)
