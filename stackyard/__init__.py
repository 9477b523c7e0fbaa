"""`stackyard`, the import name of the installed package, in a checkout of the repository.

The wheel installs components/ as `stackyard` and stacks/ as `stackyard.stacks` (hatch_build.py). Here,
where they stay at the root, `stackyard.<x>` is aliased to `components.<x>` and `stackyard.stacks.<x>` to
`stacks.<x>`: the very same module objects (one class, one registration, `isinstance` holds across both
names), so code and docs written against `stackyard.aws` run unchanged in the checkout. This folder is
never shipped.
"""

from __future__ import annotations

import importlib
import importlib.abc
import importlib.machinery
import importlib.util
import sys
from types import ModuleType


def repository_name(name: str) -> str:
    """`stackyard` -> `components`, `stackyard.aws` -> `components.aws`,
    `stackyard.stacks.mocks` -> `stacks.mocks`."""
    if name == "stackyard":
        return "components"
    rest = name.removeprefix("stackyard.")
    return rest if rest == "stacks" or rest.startswith("stacks.") else f"components.{rest}"


class _Alias(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    """Finds `stackyard.<x>` as the module already known by its repository name."""

    stackyard_alias = True

    def find_spec(self, fullname, path=None, target=None):  # type: ignore[no-untyped-def]
        if not fullname.startswith("stackyard."):
            return None
        real = repository_name(fullname)
        if importlib.util.find_spec(real) is None:
            return None
        return importlib.machinery.ModuleSpec(fullname, self)

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> ModuleType:
        return importlib.import_module(repository_name(spec.name))

    def exec_module(self, module: ModuleType) -> None:
        """Already executed under its repository name."""


if not any(getattr(finder, "stackyard_alias", False) for finder in sys.meta_path):
    sys.meta_path.insert(0, _Alias())

# `stackyard` itself is the components package (its version, naming, the per-cloud subpackages).
sys.modules[__name__] = importlib.import_module("components")
