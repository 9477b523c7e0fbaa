"""Reading stack files for `stackyard plan`: `Pulumi.<stack>.yaml` plus `--set` / `--secret` overrides.

The result is what the Pulumi CLI would hand the program: a flat map of full config keys
(`stackyard:app`, `aws:region`) to values, and the set of keys that are secrets. `secure:` values,
which only the stack's secrets provider can decrypt, become placeholder secrets: the plan masks every
secret, so a placeholder never shows.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .config import NAMESPACE

SECURE_PLACEHOLDER = "stackyard-plan-placeholder-secret"


class StackFileError(Exception):
    """A stack file or override that cannot be read at all (not YAML, not a mapping, bad KEY=VALUE)."""


@dataclass
class ConfigSource:
    """Config values for one stack, as the Pulumi CLI passes them to a program."""

    stack: str
    values: dict[str, Any] = field(default_factory=dict)
    secret_keys: set[str] = field(default_factory=set)

    def as_pulumi_config(self) -> dict[str, str]:
        """Values in Pulumi's wire form: strings, with objects and lists as JSON."""
        return {key: _wire(value) for key, value in self.values.items()}


def _wire(value: Any) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (dict, list)):
        return json.dumps(value)
    return str(value)


def find_project_root(start: Path | None = None) -> Path | None:
    """The nearest directory at or above `start` holding the stackyard `Pulumi.yaml`."""
    here = (start or Path.cwd()).resolve()
    for directory in (here, *here.parents):
        project_file = directory / "Pulumi.yaml"
        if project_file.is_file():
            try:
                project = yaml.safe_load(project_file.read_text()) or {}
            except yaml.YAMLError:
                continue
            if isinstance(project, dict) and project.get("name") == NAMESPACE:
                return directory
    return None


def stack_name_of(path: Path) -> str:
    """`Pulumi.gcp-prod.yaml` -> `gcp-prod`."""
    name = path.name
    if name.startswith("Pulumi.") and name.endswith((".yaml", ".yml")):
        return name[len("Pulumi.") :].rsplit(".", 1)[0]
    return path.stem


def read_stack_file(path: Path, stack: str | None = None, project_root: Path | None = None) -> ConfigSource:
    """Read a stack file; project-level defaults from `Pulumi.yaml` apply where the file is silent."""
    try:
        document = yaml.safe_load(path.read_text())
    except FileNotFoundError:
        raise StackFileError(f"{path}: no such stack file") from None
    except yaml.YAMLError as error:
        raise StackFileError(f"{path}: not valid YAML: {error}") from None
    if document is None:
        document = {}
    if not isinstance(document, dict) or not isinstance(document.get("config", {}), dict):
        raise StackFileError(f"{path}: a stack file is a mapping with a `config:` mapping inside")

    source = ConfigSource(stack=stack or stack_name_of(path))
    if project_root is not None:
        for key, value in project_defaults(project_root / "Pulumi.yaml").items():
            source.values[key] = value
    for key, value in (document.get("config") or {}).items():
        key = _full_key(str(key))
        plain, secret = _replace_secure(value)
        source.values[key] = plain
        if secret:
            source.secret_keys.add(key)
        else:
            source.secret_keys.discard(key)
    return source


def project_defaults(project_file: Path) -> dict[str, Any]:
    """`default:` values of project-namespace keys and `value:` of other keys in `Pulumi.yaml`'s `config:`."""
    if not project_file.is_file():
        return {}
    project = yaml.safe_load(project_file.read_text()) or {}
    defaults: dict[str, Any] = {}
    for key, declaration in (project.get("config") or {}).items():
        key = _full_key(str(key))
        if isinstance(declaration, dict):
            if "default" in declaration:
                defaults[key] = declaration["default"]
            elif "value" in declaration:
                defaults[key] = declaration["value"]
        else:
            defaults[key] = declaration
    return defaults


def _full_key(key: str) -> str:
    return key if ":" in key else f"{NAMESPACE}:{key}"


def _replace_secure(value: Any) -> tuple[Any, bool]:
    """Replace `{secure: …}` anywhere in `value` by a placeholder; report whether any was found."""
    if isinstance(value, dict):
        if set(value) == {"secure"}:
            return SECURE_PLACEHOLDER, True
        found = False
        result = {}
        for k, v in value.items():
            result[k], secret = _replace_secure(v)
            found = found or secret
        return result, found
    if isinstance(value, list):
        items = [_replace_secure(v) for v in value]
        return [v for v, _ in items], any(s for _, s in items)
    return value, False


def apply_override(source: ConfigSource, assignment: str, secret: bool) -> None:
    """Apply `--set KEY=VALUE` or `--secret KEY=VALUE`.

    KEY is a config key (`stackyard:` is assumed without a namespace) optionally followed by a path into
    an object: `app.network.zones=3`, `secrets.SECRET_KEY=…`. VALUE is read as YAML (`3`, `true`,
    `[a, b]`), except that `--secret` values are always text.
    """
    key, sep, text = assignment.partition("=")
    if not sep or not key:
        flag = "--secret" if secret else "--set"
        raise StackFileError(f"{flag} {assignment!r}: expected KEY=VALUE")
    namespace_key, *path = _split_key(key)
    value: Any = text if secret else _parse_scalar(text)
    if not path:
        source.values[namespace_key] = value
    else:
        current = source.values.get(namespace_key)
        if isinstance(current, str):
            try:
                current = json.loads(current)
            except json.JSONDecodeError:
                current = None
        if not isinstance(current, dict):
            current = {}
        target = current
        for part in path[:-1]:
            if not isinstance(target.get(part), dict):
                target[part] = {}
            target = target[part]
        target[path[-1]] = value
        source.values[namespace_key] = current
    if secret:
        source.secret_keys.add(namespace_key)


def _split_key(key: str) -> list[str]:
    namespace, colon, rest = key.partition(":")
    if not colon:
        namespace, rest = NAMESPACE, key
    first, *path = rest.split(".")
    return [f"{namespace}:{first}", *path]


def _parse_scalar(text: str) -> Any:
    try:
        return yaml.safe_load(text) if text.strip() else text
    except yaml.YAMLError:
        return text
