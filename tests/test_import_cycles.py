"""No module of components/, stacks/ or the policy rules imports another that imports it back (issue #15).

Every import counts, wherever it is written: at module level; inside a function (a lazy import still runs
the other module's body, which imports this one back); under `if TYPE_CHECKING:` (the type checker follows
it, and it is the same knot in the design); and `importlib.import_module(...)` with a literal or an
f-string name (`f"{__package__}.{cloud}_limitations"` counts as an import of each module it can name, a
`{cloud}` being aws, gcp or k8s; a package's lazy `f"{__name__}.{module}"` as an import of each of its
submodules; the scan refuses a dynamic name it cannot expand).

Not counted: the parent packages Python imports on the way to a submodule (`from stacks.config import X`
runs `stacks/__init__.py` first; a package `__init__` that re-exports its submodules is not in a cycle
with them). `from components.aws import X` does count as importing `components.aws` itself.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# (import name of the package, its folder)
PACKAGES = (
    ("components", ROOT / "components"),
    ("stacks", ROOT / "stacks"),
    ("stackyard_policy", ROOT / "policy" / "stackyard_policy"),
)
# A package's own name in a dynamic import (`__name__` only appears so in a package's `__init__`).
DYNAMIC_SELF = ("__package__", "__name__")
# What a `{cloud}` in a dynamic import's name can be.
CLOUDS = ("aws", "gcp", "k8s")


@dataclass(frozen=True)
class Edge:
    source: str
    target: str
    line: int
    kind: str  # module | function | type-checking | dynamic


def modules() -> dict[str, tuple[Path, bool]]:
    """Every module by its import name, with its file and whether it is a package."""
    found: dict[str, tuple[Path, bool]] = {}
    for name, folder in PACKAGES:
        for path in sorted(folder.rglob("*.py")):
            parts = [name, *path.relative_to(folder).with_suffix("").parts]
            package = parts[-1] == "__init__"
            found[".".join(parts[:-1] if package else parts)] = (path, package)
    return found


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _dynamic_pattern(node: ast.Call, package: str) -> re.Pattern[str] | None:
    """The modules an `importlib.import_module(...)` call can import, as a pattern."""
    func = node.func
    name = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""
    if name != "import_module" or not node.args:
        return None
    arg = node.args[0]
    if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
        return re.compile(re.escape(arg.value))
    if isinstance(arg, ast.JoinedStr):
        pattern = ""
        for part in arg.values:
            if isinstance(part, ast.Constant):
                pattern += re.escape(str(part.value))
            elif isinstance(part, ast.FormattedValue) and ast.unparse(part.value) in DYNAMIC_SELF:
                pattern += re.escape(package)
            elif isinstance(part, ast.FormattedValue) and ast.unparse(part.value) == "cloud":
                pattern += f"({'|'.join(CLOUDS)})"
            elif isinstance(part, ast.FormattedValue) and pattern == re.escape(package) + r"\.":
                pattern += r"(?!__main__)[a-z0-9_]+"  # a package loading its submodules: importing each
            else:
                raise AssertionError(f"{ast.unparse(node)}: teach this test what {ast.unparse(part)} can be")
        return re.compile(pattern)
    raise AssertionError(f"{ast.unparse(node)}: teach this test which modules this call imports")


def edges() -> list[Edge]:
    """Every import between the modules of `modules()`."""
    known = modules()
    found: set[Edge] = set()
    for module, (path, is_package) in known.items():
        tree = ast.parse(path.read_text(), str(path))
        found |= _module_edges(module, module if is_package else module.rpartition(".")[0], tree, known)
    return sorted(found, key=lambda e: (e.source, e.target, e.line, e.kind))


def _module_edges(module: str, package: str, tree: ast.Module, known: Mapping[str, object]) -> set[Edge]:
    found: set[Edge] = set()

    def targets(node: ast.Import | ast.ImportFrom) -> list[str]:
        if isinstance(node, ast.Import):
            return [alias.name for alias in node.names]
        if node.level:
            base = package.split(".")
            base = base[: len(base) - (node.level - 1)]
            prefix = ".".join(base + ([node.module] if node.module else []))
        else:
            prefix = node.module or ""
        # `from pkg import sub` imports the submodule; `from pkg import name` imports pkg itself.
        return [
            f"{prefix}.{alias.name}" if f"{prefix}.{alias.name}" in known else prefix for alias in node.names
        ]

    def visit(node: ast.AST, kind: str) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and _is_type_checking(child.test):
                for statement in child.body:
                    visit_node(statement, "type-checking")
                for statement in child.orelse:
                    visit_node(statement, kind)
            else:
                visit_node(child, kind)

    def visit_node(node: ast.AST, kind: str) -> None:
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            for target in targets(node):
                if target in known and target != module:
                    found.add(Edge(module, target, node.lineno, kind))
        elif isinstance(node, ast.Call):
            pattern = _dynamic_pattern(node, package)
            if pattern is not None:
                for target in known:
                    if target != module and pattern.fullmatch(target):
                        found.add(Edge(module, target, node.lineno, "dynamic"))
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)) and kind == "module":
            kind = "function"
        visit(node, kind)

    visit(tree, "module")
    return found


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def connect(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for other in sorted(graph.get(node, ())):
            if other not in index:
                connect(other)
                low[node] = min(low[node], low[other])
            elif other in on_stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            component = []
            while True:
                other = stack.pop()
                on_stack.discard(other)
                component.append(other)
                if other == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            connect(node)
    return found


def test_the_scan_sees_every_kind_of_import() -> None:
    """The scan finds the imports it claims to count (so an empty result means something)."""
    found = {(e.source, e.target, e.kind) for e in edges()}
    assert ("stacks.config", "stacks.cloud_rules", "module") in found
    assert ("stacks.program", "stacks.aws", "dynamic") in found  # importlib, f"{__package__}.{cloud}"
    assert ("stacks.program", "stacks.gcp", "dynamic") in found
    assert ("stacks.program", "stacks.config", "dynamic") not in found
    assert ("components.aws", "components.aws.kubernetes_cluster", "dynamic") in found  # lazy __getattr__
    assert any(kind == "function" for _, _, kind in found)
    assert any(kind == "type-checking" for _, _, kind in found)
    assert {"components.aws.alarms", "stacks.plan", "stackyard_policy.aws"} <= set(modules())
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_no_module_imports_another_that_imports_it_back() -> None:
    found = edges()
    graph: dict[str, set[str]] = {}
    for edge in found:
        graph.setdefault(edge.source, set()).add(edge.target)
    report = []
    for component in cycles(graph):
        report.append("cycle: " + ", ".join(component))
        members = set(component)
        for edge in found:
            if edge.source in members and edge.target in members:
                path = modules()[edge.source][0].relative_to(ROOT)
                report.append(f"  {path}:{edge.line}: {edge.source} -> {edge.target} ({edge.kind})")
    assert not report, "\n".join(report)
