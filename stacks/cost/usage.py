"""The usage file: monthly usage behind the usage-dependent figures (data through a NAT gateway, LCUs,
requests, log ingestion, storage growth …).

`stacks/cost/usage.yaml` holds the documented defaults. A stack's own file (`stackyard cost --usage FILE`) has
the same sections and keys, each optional, and a `resources:` section that sets keys for one resource by its
Pulumi name. Unknown sections, keys and resource names are refused, with the close match.
"""

from __future__ import annotations

import copy
import difflib
import functools
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

DEFAULTS_PATH = Path(__file__).with_name("usage.yaml")


class UsageError(ValueError):
    """An invalid usage file: one line per problem."""

    def __init__(self, problems: list[str]):
        self.problems = list(problems)
        count = len(problems)
        header = f"invalid usage file ({count} problem{'s' if count != 1 else ''}):"
        super().__init__("\n".join([header, *(f"  {p}" for p in problems)]))


@functools.cache
def default_usage() -> dict[str, dict[str, float]]:
    data = yaml.safe_load(DEFAULTS_PATH.read_text())
    return {section: {key: float(value) for key, value in keys.items()} for section, keys in data.items()}


@dataclass
class Usage:
    """Defaults merged with a stack's usage files; `for_resource` gives the figures one resource uses."""

    sections: dict[str, dict[str, float]] = field(default_factory=lambda: copy.deepcopy(default_usage()))
    resources: dict[str, dict[str, float]] = field(default_factory=dict)
    files: list[str] = field(default_factory=list)
    applied: dict[str, set[str]] = field(default_factory=dict)
    """The keys under `resources:` that some resource of the plan read, by resource name."""

    def for_resource(self, name: str, section: str) -> dict[str, float]:
        values = dict(self.sections[section])
        own = self.resources.get(name)
        if own is not None:
            # Names are unique per type only (a bucket and a log group may share one): each resource of
            # that name takes the keys of its own section.
            keys = set(own) & set(values)
            self.applied.setdefault(name, set()).update(keys)
            values.update({key: own[key] for key in keys})
        return values

    def check_resource_names(self, names: set[str]) -> None:
        """Every name under `resources:` is a resource of the plan, and each of its keys is read by one."""
        problems: list[str] = []
        for name, keys in sorted(self.resources.items()):
            if name not in names:
                problems.append(
                    f"resources.{name}: no resource of that name in this stack" + _hint(name, names)
                )
                continue
            for key in sorted(set(keys) - self.applied.get(name, set())):
                problems.append(f"resources.{name}.{key}: no resource named {name} reads {key}")
        if problems:
            raise UsageError(problems)


def load_usage(paths: list[Path] | None = None) -> Usage:
    """The defaults, then each file in `paths` over them (later files win)."""
    usage = Usage()
    for path in paths or []:
        _merge(usage, path)
    return usage


def _merge(usage: Usage, path: Path) -> None:
    try:
        data = yaml.safe_load(path.read_text())
    except FileNotFoundError:
        raise UsageError([f"{path}: no such file"]) from None
    except yaml.YAMLError as error:
        raise UsageError([f"{path}: not valid YAML: {error}"]) from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise UsageError([f"{path}: a usage file is a mapping of sections, got {type(data).__name__}"])
    problems: list[str] = []
    defaults = default_usage()
    for section, keys in data.items():
        if section == "resources":
            if not isinstance(keys, dict):
                problems.append("resources: a mapping of resource names to usage keys")
                continue
            for name, values in keys.items():
                if not isinstance(values, dict):
                    problems.append(f"resources.{name}: a mapping of usage keys to numbers")
                    continue
                for key, value in values.items():
                    number = _number(f"resources.{name}.{key}", value, problems)
                    if number is not None:
                        usage.resources.setdefault(str(name), {})[str(key)] = number
            continue
        if section not in defaults:
            problems.append(f"{section}: not a usage section" + _hint(section, [*defaults, "resources"]))
            continue
        if not isinstance(keys, dict):
            problems.append(f"{section}: a mapping of usage keys to numbers")
            continue
        for key, value in keys.items():
            if key not in defaults[section]:
                problems.append(
                    f"{section}.{key}: not a {section} key; use one of {', '.join(sorted(defaults[section]))}"
                    + _hint(str(key), defaults[section])
                )
                continue
            number = _number(f"{section}.{key}", value, problems)
            if number is not None:
                usage.sections[section][key] = number
    if problems:
        raise UsageError([f"{path}: {problem}" for problem in problems])
    usage.files.append(str(path))


def _number(path: str, value: Any, problems: list[str]) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
        problems.append(f"{path}: {value!r} is not a number ≥ 0")
        return None
    return float(value)


def _hint(word: str, choices: Any) -> str:
    close = difflib.get_close_matches(word, [str(c) for c in choices], n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""
