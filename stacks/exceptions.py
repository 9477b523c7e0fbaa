"""The written exception list: external scanner findings (checkov, cdk-nag, Trivy, Pulumi's compliance
policies) that are wrong for a web application, each accepted once, with its reason, in
docs/security-exceptions.md (issue #18).

A person reads that page on GitHub; `stackyard check` reads the page's one fenced YAML block whose top
key is `exceptions`, so the list has one source. Each entry:

    - id: public-load-balancer-ports        # kebab-case, unique
      scanners: [CKV_AWS_260, AwsSolutions-EC23]   # the scanner rule ids it answers
      applies_to:                           # Pulumi type tokens, each optionally narrowed by `where`
        - type: aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule
          where: {fromPort: 80, cidrIpv4: 0.0.0.0/0}   # or a list of such mappings: any one matches
      reason: >-
        Why the finding is wrong for this resource.

`where` maps an input path (`restrictions.geoRestriction.restrictionType`, `defaultActions[0].type`,
`spec.template.spec.containers[*].env[*].valueFrom.secretKeyRef`: `[*]` is any element) to what it must
be: a number or boolean (equal), text (a shell-style pattern, `*` any text; `*` alone also any non-empty
mapping or list), a list (any of its items) or null (absent or empty). Every key of one mapping must
match.

`stackyard check` names, per stack, each exception that applies and the resources it applies to; it
refuses (exit 2) a list it cannot read, an unknown key, a missing reason, a duplicate id, a scanner id of
no known form and a resource type no installed provider SDK declares. Nothing here switches one of
stackyard's own rules off: those are accepted per stack, with a reason, under `stackyard:accept`
(stacks/accept.py), and MANDATORY ones never.
"""

from __future__ import annotations

import difflib
import fnmatch
import functools
import importlib.util
import json
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

# The page in the source tree; an installed wheel carries a copy next to this module (pyproject.toml's
# `force-include` of docs/security-exceptions.md as stacks/security-exceptions.md).
DOCUMENT = Path(__file__).resolve().parents[1] / "docs" / "security-exceptions.md"
INSTALLED = Path(__file__).resolve().with_name("security-exceptions.md")
TOP_KEY = "exceptions"
ENTRY_KEYS = ("id", "scanners", "applies_to", "reason")
TARGET_KEYS = ("type", "where")
_ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
# checkov (CKV_AWS_260, CKV2_AWS_62, CKV_K8S_35), cdk-nag (AwsSolutions-EC23), Trivy/tfsec (AVD-AWS-0107),
# Pulumi compliance-policies and AWSGuard (aws-ec2-securitygroup-disallow-public-internet-ingress).
_SCANNER = re.compile(
    r"^(CKV2?_[A-Z0-9]+_\d+|AwsSolutions-[A-Z0-9]+|AVD-[A-Z0-9]+-\d{4}|(aws|gcp|kubernetes)(-[a-z0-9]+)+)$"
)
_SEGMENT = re.compile(r"^([A-Za-z_$][\w$-]*)((\[(\d+|\*)\])*)$")
_FENCE = re.compile(r"^```yaml[ \t]*\n(.*?)^```[ \t]*$", re.MULTILINE | re.DOTALL)
_MISSING = object()


class ExceptionListError(ValueError):
    """The exception list cannot be used: one problem per line, each naming the entry's key path."""


@dataclass(frozen=True)
class Target:
    """Resources of one Pulumi type, narrowed by any one of `where`'s mappings (none: all of them)."""

    type: str
    where: tuple[tuple[tuple[str, Any], ...], ...] = ()

    def matches(self, type_: str, inputs: dict[str, Any]) -> bool:
        if type_ != self.type:
            return False
        return not self.where or any(
            all(_holds(_values(inputs, path), wanted) for path, wanted in mapping) for mapping in self.where
        )


@dataclass(frozen=True)
class ScannerException:
    """One written exception: the scanner rules it answers, where it applies and why."""

    id: str
    scanners: tuple[str, ...]
    applies_to: tuple[Target, ...]
    reason: str

    def applies(self, type_: str, inputs: dict[str, Any]) -> bool:
        return any(t.matches(type_, inputs) for t in self.applies_to)


@dataclass(frozen=True)
class Applied:
    """An exception that applies to a stack, and the URNs of the resources it applies to."""

    exception: ScannerException
    urns: tuple[str, ...]


def load(path: Path | None = None) -> list[ScannerException]:
    """The exceptions written in `path` (default: DOCUMENT); ExceptionListError if the list is missing or
    malformed."""
    path = path or (DOCUMENT if DOCUMENT.exists() or not INSTALLED.exists() else INSTALLED)
    where = _shown(path)
    try:
        text = path.read_text()
    except OSError as error:
        raise ExceptionListError(f"{where}: cannot read the exception list ({error.strerror})") from None
    found, problems = parse_markdown(text)
    if problems:
        raise ExceptionListError("\n".join(f"{where}: {p}" for p in problems))
    return found


def parse_markdown(text: str) -> tuple[list[ScannerException], list[str]]:
    """The exceptions of the page's one ```yaml block whose top key is `exceptions`, and the problems."""
    blocks = []
    for match in _FENCE.finditer(text):
        try:
            document = yaml.safe_load(match.group(1))
        except yaml.YAMLError as error:
            line = text.count("\n", 0, match.start()) + 1
            return [], [f"the YAML block at line {line} does not parse: {error}"]
        if isinstance(document, dict) and TOP_KEY in document:
            blocks.append(document)
    if len(blocks) != 1:
        return [], [f"needs exactly one ```yaml block with the key `{TOP_KEY}` ({len(blocks)} found)"]
    return parse(blocks[0])


def parse(
    document: Any, known_type: Callable[[str], bool] | None = None
) -> tuple[list[ScannerException], list[str]]:
    """The exceptions `document` (`{exceptions: [entry, …]}`) declares, and the problems with it;
    `known_type` decides which type tokens exist (default: those the installed provider SDKs declare)."""
    known = known_type or is_known_type
    if (
        not isinstance(document, dict)
        or set(document) != {TOP_KEY}
        or not isinstance(document[TOP_KEY], list)
    ):
        return [], [f"{TOP_KEY}: must be the only key, a list of entries ({', '.join(ENTRY_KEYS)})"]
    found: list[ScannerException] = []
    problems: list[str] = []
    seen: set[str] = set()
    for index, entry in enumerate(document[TOP_KEY]):
        path = f"{TOP_KEY}[{index}]"
        if not isinstance(entry, dict):
            problems.append(f"{path}: must be a mapping with {', '.join(ENTRY_KEYS)}")
            continue
        if isinstance(entry.get("id"), str):
            path = f"{TOP_KEY}[{index}] ({entry['id']})"
        wrong = [
            f"{path}.{k}: unknown key; allowed: {', '.join(ENTRY_KEYS)}" for k in entry if k not in ENTRY_KEYS
        ]
        id_ = entry.get("id")
        if not isinstance(id_, str) or not _ID.match(id_):
            wrong.append(f"{path}.id: give a kebab-case id (e.g. public-load-balancer-ports)")
        elif id_ in seen:
            wrong.append(f"{path}.id: {id_!r} is used twice; give each exception one entry")
        else:
            seen.add(id_)
        scanners = entry.get("scanners")
        if not isinstance(scanners, list) or not scanners:
            wrong.append(f"{path}.scanners: a non-empty list of scanner rule ids (e.g. CKV_AWS_260)")
            scanners = []
        for s_index, scanner in enumerate(scanners):
            if not isinstance(scanner, str) or not _SCANNER.match(scanner):
                wrong.append(
                    f"{path}.scanners[{s_index}]: {scanner!r} is no scanner rule id (checkov CKV_…/CKV2_…, "
                    "cdk-nag AwsSolutions-…, Trivy AVD-…-NNNN, or a Pulumi policy name)"
                )
        targets, target_problems = _targets(entry.get("applies_to"), f"{path}.applies_to", known)
        wrong += target_problems
        reason = entry.get("reason")
        if not isinstance(reason, str) or len(reason.split()) < 5:
            wrong.append(f"{path}.reason: give the reason the finding is wrong here (a sentence or more)")
        problems += wrong
        if not wrong:
            found.append(ScannerException(str(id_), tuple(scanners), targets, " ".join(str(reason).split())))
    return found, problems


def applying(exceptions: Sequence[ScannerException], resources: Iterable[Any]) -> list[Applied]:
    """The exceptions that apply to some of `resources` (objects with `urn`, `type`, `inputs`), in the
    list's order, each with the URNs it applies to."""
    resources = list(resources)
    found = []
    for exception in exceptions:
        urns = tuple(r.urn for r in resources if exception.applies(r.type, r.inputs or {}))
        if urns:
            found.append(Applied(exception, urns))
    return found


def is_known_type(token: str) -> bool:
    """Whether an installed Pulumi provider SDK (`pulumi_<package>`) declares the resource type `token`."""
    package = token.split(":", 1)[0]
    return bool(package) and token in _provider_types(package)


def suggest_type(token: str) -> str:
    package = token.split(":", 1)[0]
    close = difflib.get_close_matches(token, sorted(_provider_types(package)), n=1, cutoff=0.7)
    return f"; did you mean {close[0]!r}?" if close else ""


@functools.cache
def _provider_types(package: str) -> frozenset[str]:
    """The type tokens a provider SDK registers (`_utilities.register(resource_modules=…)` in its
    `__init__.py`), read from the file without importing the SDK."""
    if not re.match(r"^[a-z][a-z0-9-]*$", package):
        return frozenset()
    spec = importlib.util.find_spec(f"pulumi_{package.replace('-', '_')}")
    if spec is None or spec.origin is None:
        return frozenset()
    text = Path(spec.origin).read_text()
    match = re.search(r'resource_modules\s*=\s*"""(.*?)"""', text, re.DOTALL)
    if not match:
        return frozenset()
    return frozenset(t for module in json.loads(match.group(1)) for t in module.get("classes", {}))


def _targets(value: Any, path: str, known: Callable[[str], bool]) -> tuple[tuple[Target, ...], list[str]]:
    if not isinstance(value, list) or not value:
        return (), [f"{path}: a non-empty list of {{type: <Pulumi type token>, where: …}}"]
    targets: list[Target] = []
    problems: list[str] = []
    for index, item in enumerate(value):
        at = f"{path}[{index}]"
        if not isinstance(item, dict):
            problems.append(f"{at}: must be a mapping {{type: …, where: …}}")
            continue
        problems += [f"{at}.{k}: unknown key; allowed: type, where" for k in item if k not in TARGET_KEYS]
        type_ = item.get("type")
        if not isinstance(type_, str) or not known(type_):
            hint = suggest_type(type_) if isinstance(type_, str) else ""
            problems.append(
                f"{at}.type: {type_!r} is not a resource type of an installed Pulumi provider SDK "
                f"(a type token such as aws:s3/bucket:Bucket){hint}"
            )
            continue
        where, where_problems = _where(item.get("where"), f"{at}.where")
        problems += where_problems
        targets.append(Target(type_, where))
    return tuple(targets), problems


def _where(value: Any, path: str) -> tuple[tuple[tuple[tuple[str, Any], ...], ...], list[str]]:
    if value is None:
        return (), []
    mappings = value if isinstance(value, list) else [value]
    if not mappings or not all(isinstance(m, dict) and m for m in mappings):
        return (), [f"{path}: a mapping of input paths to values, or a list of such mappings"]
    problems = []
    for mapping in mappings:
        for key, wanted in mapping.items():
            if not isinstance(key, str) or not all(_SEGMENT.match(s) for s in key.split(".")):
                problems.append(f"{path}: {key!r} is not an input path (e.g. defaultActions[0].type)")
            if isinstance(wanted, dict) or (
                isinstance(wanted, list) and not all(isinstance(w, (str, int, float, bool)) for w in wanted)
            ):
                problems.append(f"{path}.{key}: a value, a list of values or null")
    return tuple(tuple(m.items()) for m in mappings), problems


def _values(inputs: Any, path: str) -> list[Any]:
    """The values at `path` in `inputs` (`[*]` expands to every element); `_MISSING` where absent."""
    current = [inputs]
    for segment in path.split("."):
        match = _SEGMENT.match(segment)
        assert match  # validated by _where
        name, indices = match.group(1), re.findall(r"\[(\d+|\*)\]", match.group(2))
        current = [v.get(name, _MISSING) if isinstance(v, dict) else _MISSING for v in current]
        for index in indices:
            expanded = []
            for v in current:
                if not isinstance(v, list):
                    expanded.append(_MISSING)
                elif index == "*":
                    expanded += v or [_MISSING]
                else:
                    expanded.append(v[int(index)] if int(index) < len(v) else _MISSING)
            current = expanded
    return current


def _holds(values: list[Any], wanted: Any) -> bool:
    present = [v for v in values if v is not _MISSING and v is not None and v != [] and v != {}]
    if wanted is None:
        return not present
    choices = wanted if isinstance(wanted, list) else [wanted]
    return any(_equal(v, w) for v in present for w in choices)


def _equal(value: Any, wanted: Any) -> bool:
    if isinstance(wanted, str):
        if wanted == "*":
            return True
        return isinstance(value, str) and fnmatch.fnmatchcase(value, wanted)
    if isinstance(wanted, bool) or isinstance(value, bool):
        return value is wanted
    return isinstance(value, (int, float)) and value == wanted


def _shown(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)
