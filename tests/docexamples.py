"""Run the `Example:` block of a component's docstring, so documented examples cannot rot."""

from __future__ import annotations

import inspect
import textwrap

import pulumi


def docstring_example(cls: type) -> str:
    doc = inspect.getdoc(cls) or ""
    _, found, rest = doc.partition("Example:\n")
    if not found:
        raise AssertionError(f"{cls.__name__} has no 'Example:' block in its docstring")
    lines = []
    for line in rest.splitlines():
        if line and not line.startswith(" "):
            break
        lines.append(line)
    return textwrap.dedent("\n".join(lines)).strip() + "\n"


def run_docstring_example(cls: type) -> None:
    """Execute the example with `pulumi` and the component's own module in scope."""
    namespace = dict(vars(inspect.getmodule(cls)))
    namespace["pulumi"] = pulumi
    code = compile(docstring_example(cls), f"<{cls.__name__} docstring example>", "exec")

    @pulumi.runtime.test
    def program() -> None:
        exec(code, namespace)

    program()
