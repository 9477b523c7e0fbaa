"""Reading stack files for `stackyard plan`: `Pulumi.<stack>.yaml` plus `--set` / `--secret` overrides.

The result is what the Pulumi CLI would hand the program: a flat map of full config keys
(`stackyard:app`, `aws:region`) to values, and the set of keys that are secrets. `secure:` values,
which only the stack's secrets provider can decrypt, become placeholder secrets: the plan masks every
secret, so a placeholder never shows.

A file that cannot be read (missing, a directory, not UTF-8, not YAML) or that repeats a key in a mapping
(YAML keeps only the last, so the first would be dropped without a word) is refused with `StackFileError`,
naming the file, the line and the key path. A top-level key whose value is `null` counts as not set, as for
`pulumi config`, so a required one is reported missing.
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


class _Loader(yaml.SafeLoader):
    """PyYAML's safe loader; `load_yaml` checks the composed document for repeated keys first."""


def load_yaml(text: str, where: str, key: str | None = None) -> Any:
    """`text` parsed as YAML (safe types only), refusing a mapping that repeats a key: YAML 1.2 forbids it
    and PyYAML would silently keep the last value. `where` names the source in messages: a file (whose
    lines are given), or with `key` a flag's value, whose key paths start with `key`."""
    try:
        loader = _Loader(text)
    except yaml.YAMLError as error:  # a character YAML does not allow
        raise StackFileError(f"{where}: not valid YAML: {error}") from None
    try:
        try:
            node = loader.get_single_node()
            if node is None:
                return None
            repeated = _repeated_keys(node, where, key)
            if repeated:
                count = len(repeated)
                raise StackFileError(
                    f"{where}: {count} repeated key{'s' if count != 1 else ''} (YAML keeps only the last "
                    "value of a repeated key, so the others would be dropped without a word):\n"
                    + "\n".join(f"  {line}" for line in repeated)
                )
            return loader.construct_document(node)
        except yaml.YAMLError as error:
            raise StackFileError(f"{where}: not valid YAML: {error}") from None
    finally:
        loader.dispose()


def _repeated_keys(root: yaml.Node, where: str, key: str | None) -> list[str]:
    """One line per key repeated in a mapping of the document `root`, with its line and key path (inside
    `config:`, the full config key: `stackyard:app.services.api.port`; in a flag's value, from `key`)."""
    problems: list[str] = []
    seen_nodes: set[int] = set()

    def walk(node: yaml.Node, path: str) -> None:
        if id(node) in seen_nodes:  # an alias of a node already walked
            return
        seen_nodes.add(id(node))
        if isinstance(node, yaml.MappingNode):
            first_line: dict[str, int] = {}
            for key_node, value_node in node.value:
                if not isinstance(key_node, yaml.ScalarNode):
                    walk(value_node, path)
                    continue
                name = str(key_node.value)
                if name == "<<":  # a merge key: its mapping's keys are defaults, not repeats
                    walk(value_node, path)
                    continue
                key_path = _child_path(path, name)
                line = key_node.start_mark.line + 1
                if name not in first_line:
                    first_line[name] = line
                elif key is None:
                    problems.append(
                        f"{where}:{line}: {key_path}: repeated key (first at line {first_line[name]}); "
                        "keep one of them"
                    )
                else:
                    problems.append(f"{key_path}: repeated key in {where}; keep one of them")
                walk(value_node, key_path)
        elif isinstance(node, yaml.SequenceNode):
            for index, item in enumerate(node.value):
                walk(item, f"{path}[{index}]")

    walk(root, key or "")
    return problems


def _child_path(path: str, key: str) -> str:
    """The key path of `key` inside `path`: the keys of a stack file's `config:` are full config keys."""
    if path == "config":
        return _full_key(key)
    return f"{path}.{key}" if path else key


def read_text(path: Path) -> str:
    """The text of `path`, or a `StackFileError` that says why it cannot be read (missing, a directory, not
    readable, not UTF-8)."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise StackFileError(f"{path}: no such stack file") from None
    except IsADirectoryError:
        inside = sorted(p.name for p in path.glob("Pulumi.*.y*ml"))
        hint = f"; its stack files: {', '.join(inside)}" if inside else ""
        raise StackFileError(f"{path}: is a directory, not a stack file{hint}") from None
    except OSError as error:
        raise StackFileError(f"{path}: cannot be read: {error.strerror or error}") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise StackFileError(
            f"{path}:{line}: not UTF-8 text (byte 0x{data[error.start]:02x}); save the file as UTF-8"
        ) from None


@dataclass
class ConfigSource:
    """Config values for one stack, as the Pulumi CLI passes them to a program."""

    stack: str
    values: dict[str, Any] = field(default_factory=dict)
    secret_keys: set[str] = field(default_factory=set)

    def as_pulumi_config(self) -> dict[str, str]:
        """Values in Pulumi's wire form: strings, with objects and lists as JSON. A key set to null is not
        set (so a required one is reported missing, not read as the text "None")."""
        return {key: _wire(value) for key, value in self.values.items() if value is not None}


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
                project = yaml.safe_load(project_file.read_text(encoding="utf-8")) or {}
            except (yaml.YAMLError, OSError, UnicodeDecodeError):
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
    document = load_yaml(read_text(path), str(path))
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
    project = load_yaml(read_text(project_file), str(project_file)) or {}
    config = project.get("config") if isinstance(project, dict) else None
    defaults: dict[str, Any] = {}
    for key, declaration in (config if isinstance(config, dict) else {}).items():
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
        raise StackFileError(f"{'--secret' if secret else '--set'} {assignment!r}: expected KEY=VALUE")
    namespace_key, *path = _split_key(key)
    value: Any = text if secret else _parse_scalar(text, f"--set {key}", _full_key(key))
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


def _parse_scalar(text: str, where: str, key: str) -> Any:
    """VALUE read as YAML, or as text when it is no YAML; a mapping that repeats a key is refused."""
    if not text.strip():
        return text
    try:
        yaml.safe_load(text)
    except yaml.YAMLError:
        return text
    return load_yaml(text, where, key)
