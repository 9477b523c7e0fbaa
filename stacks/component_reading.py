"""Reading the components' code for the component reference (`stacks.docs`).

Which components each cloud package exports (`CLOUDS`, `by_name`); the `…Args` TypedDict of a component
and every key of it and of the TypedDicts nested in it, with the docstring under each field split into its
description and its "Default …" sentence (`fields`, `nested_types`); the `pulumi.Output` attributes and the
public methods of a component class (`outputs`, `methods`); and the class docstring's text and `Example:`
block, made self-contained with its imports (`description_and_example`, `runnable_example`). Field
docstrings are read from the source, as Pulumi's component analyzer reads them for `pulumi package add`.
"""

from __future__ import annotations

import ast
import builtins
import inspect
import re
import sys
import textwrap
import types
import typing
from dataclasses import dataclass

import pulumi

import components.aws
import components.gcp
import components.k8s
from components.bounds import bounds_of, described

CLOUDS: tuple[tuple[str, str, types.ModuleType], ...] = (
    ("aws", "AWS", components.aws),
    ("gcp", "Google Cloud", components.gcp),
    ("k8s", "Kubernetes", components.k8s),
)


@dataclass(frozen=True)
class Field:
    name: str
    type: str
    required: bool
    default: str
    description: str
    allowed: str = ""
    """The values its declared bound admits (`components.bounds`), e.g. "1 to 4000"; "" when none is."""


@dataclass(frozen=True)
class Method:
    signature: str
    description: str


def exported_components(package: types.ModuleType) -> list[type[pulumi.ComponentResource]]:
    """The ComponentResource classes in a cloud package's `__all__`, in that order."""
    found = [getattr(package, name) for name in package.__all__]
    return [c for c in found if isinstance(c, type) and issubclass(c, pulumi.ComponentResource)]


def by_name() -> dict[str, list[tuple[str, type[pulumi.ComponentResource]]]]:
    """Component name -> [(cloud, class)], names sorted, clouds in CLOUDS order."""
    names: dict[str, list[tuple[str, type[pulumi.ComponentResource]]]] = {}
    for cloud, _, package in CLOUDS:
        for cls in exported_components(package):
            names.setdefault(cls.__name__, []).append((cloud, cls))
    return dict(sorted(names.items()))


def args_type(cls: type) -> type:
    """The TypedDict of the component's `args` parameter."""
    return inspect.get_annotations(cls.__init__, eval_str=True)["args"]


def _annotations(typed_dict: type) -> dict[str, typing.Any]:
    """A TypedDict's annotations, strings (`from __future__ import annotations`) evaluated in its module."""
    namespace = vars(inspect.getmodule(typed_dict))
    return {
        name: eval(value, namespace) if isinstance(value, str) else value
        for name, value in typed_dict.__annotations__.items()
    }


def _class_node(cls: type) -> ast.ClassDef:
    node = ast.parse(textwrap.dedent(inspect.getsource(cls))).body[0]
    assert isinstance(node, ast.ClassDef), cls
    return node


def _documented(cls: type) -> list[tuple[str, str, str]]:
    """(name, annotation source, docstring) of each annotated attribute in the class body, in order."""
    body = _class_node(cls).body
    found = []
    for node, after in zip(body, [*body[1:], None], strict=True):
        if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            doc = ""
            if (
                isinstance(after, ast.Expr)
                and isinstance(after.value, ast.Constant)
                and isinstance(after.value.value, str)
            ):
                doc = after.value.value
            found.append((node.target.id, ast.unparse(node.annotation), doc))
    return found


def _type_text(annotation: str) -> str:
    """An annotation as written, without `Required[...]` and the `pulumi.` prefix."""
    text = re.sub(r"^(?:typing\.)?(?:Not)?Required\[(.*)\]$", r"\1", annotation)
    return text.replace("pulumi.", "")


def _one_line(text: str) -> str:
    return " ".join(text.split())


_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"`(]|stackyard\b)")


def _split_default(doc: str) -> tuple[str, str]:
    """A field docstring -> (description, default): the last sentence starting with "Default" is the
    default; a bare "Required." sentence is dropped (the table says it)."""
    sentences = _SENTENCE_END.split(_one_line(doc))
    default = ""
    for index in range(len(sentences) - 1, -1, -1):
        if re.match(r"Defaults?\b", sentences[index]):
            default = re.sub(r"^Defaults?\b:?\s*", "", sentences.pop(index))
            default = default[:-1] if default.endswith(".") else default
            break
    description = " ".join(s for s in sentences if s != "Required.")
    return description, default


def fields(typed_dict: type) -> list[Field]:
    """Every key of a TypedDict, in declaration order, with its documentation."""
    documented = {name: (annotation, doc) for name, annotation, doc in _documented(typed_dict)}
    required_keys: frozenset[str] = getattr(typed_dict, "__required_keys__", frozenset())
    result = []
    for name in _annotations(typed_dict):
        annotation, doc = documented.get(name, ("", ""))
        description, default = _split_default(doc)
        required = name in required_keys
        bound = bounds_of(typed_dict).get(name)
        allowed = described(bound) if bound is not None else ""
        result.append(
            Field(name, _type_text(annotation), required, "" if required else default, description, allowed)
        )
    return result


def nested_types(typed_dict: type) -> list[type]:
    """TypedDicts used in the fields of `typed_dict`, and in theirs, in order of first use."""
    found: list[type] = []

    def visit(annotation: typing.Any) -> None:
        if typing.is_typeddict(annotation):
            if annotation not in found:
                found.append(annotation)
                for hint in _annotations(annotation).values():
                    visit(hint)
            return
        for argument in typing.get_args(annotation):
            visit(argument)

    for hint in _annotations(typed_dict).values():
        visit(hint)
    return found


def outputs(cls: type) -> list[Field]:
    """The public annotated attributes of a component class (`pulumi.Output`s, or dicts of them), in
    declaration order: what Pulumi's analyzer takes for the component's outputs."""
    result = []
    for name, annotation, doc in _documented(cls):
        if name.startswith("_"):
            continue
        kind = re.sub(r"^(?:pulumi\.)?Output\[(.*)\]$", r"\1", annotation)
        result.append(Field(name, _type_text(kind), False, "", _one_line(doc)))
    return result


def methods(cls: type) -> list[Method]:
    """The public methods defined in the class body, in declaration order."""
    result = []
    for node in _class_node(cls).body:
        if not isinstance(node, ast.FunctionDef) or node.name.startswith("_"):
            continue
        arguments = ast.unparse(node.args)
        arguments = re.sub(r"^self(, )?", "", arguments)
        returns = f" -> {ast.unparse(node.returns)}" if node.returns else ""
        signature = _type_text(f"{node.name}({arguments}){returns}")
        result.append(Method(signature, _one_line(ast.get_docstring(node) or "")))
    return result


def description_and_example(cls: type) -> tuple[str, str]:
    """The class docstring split into its text and its `Example:` block (dedented)."""
    doc = inspect.getdoc(cls) or ""
    before, found, rest = doc.partition("Example:\n")
    example_lines: list[str] = []
    after: list[str] = []
    for line in rest.splitlines() if found else []:
        if after or (line and not line.startswith(" ")):
            after.append(line)
        else:
            example_lines.append(line)
    text = "\n\n".join(part.strip() for part in (before, "\n".join(after)) if part.strip())
    return text, textwrap.dedent("\n".join(example_lines)).strip()


def summary(cls: type) -> str:
    """The first sentence of the class docstring's first paragraph."""
    first = _one_line((inspect.getdoc(cls) or "").split("\n\n")[0])
    return _SENTENCE_END.split(first)[0]


def public_module(module: str) -> str:
    """The name a user imports: the wheel installs components/ as `stackyard` and stacks/ as
    `stackyard.stacks` (hatch_build.py); the checkout aliases the same names (stackyard/)."""
    top, dot, rest = module.partition(".")
    return {"components": "stackyard", "stacks": "stackyard.stacks"}.get(top, top) + dot + rest


def runnable_example(cls: type, cloud: str) -> str:
    """The docstring example with the imports it relies on: the docstring test runs it with the
    component's module in scope, a reader copies it into an empty file."""
    _, example = description_and_example(cls)
    if not example:
        return ""
    tree = ast.parse(example)
    leading: list[ast.Import | ast.ImportFrom] = []
    for statement in tree.body:
        if not isinstance(statement, ast.Import | ast.ImportFrom):
            break
        leading.append(statement)
    bound: set[str] = set(dir(builtins))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import | ast.ImportFrom):
            bound.update((alias.asname or alias.name).split(".")[0] for alias in node.names)
        elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            bound.add(node.id)
        elif isinstance(node, ast.FunctionDef | ast.ClassDef):
            bound.add(node.name)
        elif isinstance(node, ast.arg):
            bound.add(node.arg)
    free = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)} - bound

    plain: set[str] = set()
    from_imports: dict[str, set[str]] = {}
    for statement in leading:
        if isinstance(statement, ast.Import):
            plain.update(ast.unparse(ast.Import(names=[alias])) for alias in statement.names)
        else:
            module = "." * statement.level + (statement.module or "")
            from_imports.setdefault(module, set()).update(
                alias.name if alias.asname is None else f"{alias.name} as {alias.asname}"
                for alias in statement.names
            )
    namespace = vars(inspect.getmodule(cls))
    package = f"{components.__name__}.{cloud}"
    for name in free:
        value = namespace.get(name, pulumi if name == "pulumi" else None)
        if isinstance(value, types.ModuleType):
            module = public_module(value.__name__)
            plain.add(f"import {module}" if module == name else f"import {module} as {name}")
        elif value is not None and getattr(sys.modules[package], name, None) is value:
            from_imports.setdefault(public_module(package), set()).add(name)
        elif value is not None:
            from_imports.setdefault(public_module(value.__module__), set()).add(name)
    imports = sorted(plain) + [
        f"from {module} import {', '.join(sorted(names))}" for module, names in sorted(from_imports.items())
    ]
    lines = example.splitlines()
    body = lines[leading[-1].end_lineno or 0 :] if leading else lines
    return "\n".join([*imports, "", *body]).replace("\n\n\n", "\n\n").strip()
