"""docs/ stays true: the component pages are what the code generates, every component's arguments and
outputs are on its page, and every code block in docs/ and README.md is run or checked.

Code blocks, by language:
- python: run under Pulumi mocks; it must create at least one cloud resource.
- yaml: parsed; a stack file (a mapping with `config:`) is validated like `stackyard plan` validates it.
- bash, sh, shell: `bash -n`; each `uv run stackyard …` line runs (exit 0, or the `# exits N` it states).
- text, console: output samples.
- anything else: needs `<!-- not executed: reason -->` on the line before the fence.
README.md blocks that tests/test_readme.py already runs are left to it.
"""

from __future__ import annotations

import inspect
import re
import shlex
import subprocess
import types
import typing
from dataclasses import dataclass
from pathlib import Path

import pulumi
import pytest
import yaml

import components.aws
import components.gcp
import components.k8s
from stacks import cli
from stacks.config import load_stack_config
from stacks.docs import COMMAND, page_name, pages, stale
from stacks.mocks import RecordingMonitor
from stacks.stackfile import read_stack_file
from tests.conftest import ROOT, shared_renders

README = ROOT / "README.md"
MARKDOWN = [*sorted((ROOT / "docs").rglob("*.md")), README]
CLOUDS = {
    "aws": ("AWS", components.aws),
    "gcp": ("Google Cloud", components.gcp),
    "k8s": ("Kubernetes", components.k8s),
}
SHELLS = {"bash", "sh", "shell"}
SAMPLES = {"text", "console"}
HANDLED = {"python", "yaml", *SHELLS, *SAMPLES}
NOT_EXECUTED = re.compile(r"<!--\s*not executed:\s*\S.*-->")
STACKYARD_LINE = re.compile(r"^uv run (?:--locked )?stackyard\s")
SHELL_OPERATORS = {"|", "||", "&&", ";", ">", ">>", "<", "&"}


@dataclass(frozen=True)
class Block:
    path: Path
    line: int
    language: str
    code: str
    marked: bool

    @property
    def where(self) -> str:
        return f"{self.path.relative_to(ROOT)}:{self.line}"


def code_blocks(path: Path) -> list[Block]:
    """Fenced code blocks, also indented ones in list items (their indentation removed)."""
    lines = path.read_text().splitlines()
    found, index = [], 0
    while index < len(lines):
        opening = re.match(r"^(\s*)(`{3,}|~{3,})\s*([^\s`]*)", lines[index])
        if not opening:
            index += 1
            continue
        indent, fence, language = opening.groups()
        end = index + 1
        while end < len(lines) and not re.match(rf"^\s*{fence[0]}{{{len(fence)},}}\s*$", lines[end]):
            end += 1
        assert end < len(lines), f"{path.relative_to(ROOT)}:{index + 1}: the code block is never closed"
        body = [line.removeprefix(indent) for line in lines[index + 1 : end]]
        marked = index > 0 and bool(NOT_EXECUTED.search(lines[index - 1]))
        found.append(Block(path, index + 1, language.lower(), "\n".join(body) + "\n", marked))
        index = end + 1
    return found


BLOCKS = [block for path in MARKDOWN for block in code_blocks(path)]


def blocks_of(*languages: str) -> list[pytest.ParameterSet]:
    return [
        pytest.param(b, id=b.where) for b in BLOCKS if b.language in languages and not run_by_test_readme(b)
    ]


def run_by_test_readme(block: Block) -> bool:
    """The README blocks tests/test_readme.py selects and runs (see its tests)."""
    if block.path != README:
        return False
    if block.language == "python":
        return "from stackyard.aws import Vpc" in block.code or "from stackyard.gcp import" in block.code
    return block.language == "yaml" and "stackyard:app" in block.code


# -- generated pages --------------------------------------------------------------------------------------


def test_the_component_pages_are_what_the_code_generates() -> None:
    outdated = [str(path.relative_to(ROOT)) for path in stale(pages())]
    assert not outdated, f"stale: {', '.join(outdated)}; regenerate them with: {COMMAND}"


def exported(package: types.ModuleType) -> list[type]:
    found = [getattr(package, name) for name in package.__all__]
    return [c for c in found if isinstance(c, type) and issubclass(c, pulumi.ComponentResource)]


COMPONENTS = [
    pytest.param(cloud, component, id=f"{cloud}-{component.__name__}")
    for cloud, (_, package) in CLOUDS.items()
    for component in exported(package)
]


def section(page: str, title: str) -> str:
    """The `## <title>` section of a page."""
    parts = re.split(r"^## ", page, flags=re.M)
    (found,) = [p for p in parts if p.startswith(f"{title}\n")]
    return found


def typed_dicts(annotation: typing.Any) -> list[type]:
    if typing.is_typeddict(annotation):
        return [annotation]
    return [t for argument in typing.get_args(annotation) for t in typed_dicts(argument)]


@pytest.mark.parametrize(("cloud", "component"), COMPONENTS)
def test_every_component_has_its_arguments_outputs_and_example_on_its_page(
    cloud: str, component: type
) -> None:
    page = ROOT / "docs" / "components" / f"{page_name(component.__name__)}.md"
    assert page.is_file(), f"{component.__name__} has no page; run: {COMMAND}"
    text = section(page.read_text(), CLOUDS[cloud][0])
    args = inspect.get_annotations(component.__init__, eval_str=True)["args"]
    names, todo = set(), [args]
    while todo:
        typed_dict = todo.pop()
        for name, annotation in typed_dict.__annotations__.items():
            names.add(name)
            todo += [t for t in typed_dicts(annotation) if t is not typed_dict]
    outputs = {
        name
        for name, annotation in inspect.get_annotations(component, eval_str=True).items()
        if not name.startswith("_") and "Output" in str(annotation)
    }
    assert outputs, f"{component.__name__} declares no output"
    missing = sorted(name for name in names | outputs if f"`{name}`" not in text)
    assert not missing, f"{page.name} ({cloud}) does not show: {', '.join(missing)}; run: {COMMAND}"
    assert text.count("```python\n") == 1, f"{page.name} ({cloud}) has no example"


def test_readme_links_the_docs() -> None:
    assert "(docs/README.md)" in README.read_text()


@pytest.mark.parametrize("path", MARKDOWN, ids=lambda p: str(p.relative_to(ROOT)))
def test_relative_links_resolve(path: Path) -> None:
    text = re.sub(r"```.*?```", "", path.read_text(), flags=re.S)
    targets = re.findall(r"\]\(([^)\s]+)\)", text)
    broken = [
        target
        for target in targets
        if not re.match(r"[a-z]+:", target)
        and not target.startswith("#")
        and not (path.parent / target.split("#")[0]).exists()
    ]
    assert not broken, f"{path.relative_to(ROOT)}: broken links: {', '.join(broken)}"


# -- code blocks ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("block", [pytest.param(b, id=b.where) for b in BLOCKS])
def test_every_code_block_is_run_checked_or_marked(block: Block) -> None:
    assert block.language in HANDLED or block.marked, (
        f"{block.where}: a ```{block.language or '(no language)'} block is neither run nor checked; give it "
        "a language the tests handle (python, yaml, bash, text) or put `<!-- not executed: reason -->` on "
        "the line before it"
    )


@pytest.mark.parametrize("block", blocks_of("python"))
def test_python_block_runs_under_mocks(block: Block, monitor: RecordingMonitor) -> None:
    pulumi.runtime.set_all_config(
        {
            "aws:region": "us-east-1",
            "gcp:project": "shop-project",
            "gcp:region": "europe-west1",
            "stackyard:apiKey": "example",
        },
        ["stackyard:apiKey"],
    )
    code = compile(block.code, block.where, "exec")
    pulumi.runtime.test(lambda: exec(code, {"__name__": "__main__"}))()
    assert any(r.custom for r in monitor.registrations.values()), f"{block.where} creates no resource"


@pytest.mark.parametrize("block", blocks_of("yaml"))
def test_yaml_block_parses_and_stack_files_are_valid(block: Block, tmp_path: Path) -> None:
    document = yaml.safe_load(block.code)
    if not (isinstance(document, dict) and "config" in document):
        return
    stack_file = tmp_path / "Pulumi.docs.yaml"
    stack_file.write_text(block.code)
    source = read_stack_file(stack_file)
    config = load_stack_config(source.values, source.secret_keys)
    assert config.app.name


def stackyard_commands(block: Block) -> list[tuple[list[str], int]]:
    """(argv, expected exit code) of each `uv run stackyard …` line."""
    commands = []
    for line in block.code.splitlines():
        line = line.strip()
        if not STACKYARD_LINE.match(line) or (block.path == README and line.startswith("uv run stackyard")):
            continue  # tests/test_readme.py runs README's `uv run stackyard` lines
        exits = re.search(r"#\s*exits (\d+)\s*$", line)
        words = shlex.split(line, comments=True)
        assert not SHELL_OPERATORS & set(words), f"{block.where}: keep `{line}` a single command"
        commands.append((words[words.index("stackyard") + 1 :], int(exits.group(1)) if exits else 0))
    return commands


@pytest.mark.parametrize("block", blocks_of(*SHELLS))
def test_shell_block_is_valid_and_its_stackyard_commands_run(
    block: Block, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    syntax = subprocess.run(["bash", "-n"], input=block.code, capture_output=True, text=True, check=False)
    assert syntax.returncode == 0, f"{block.where}: {syntax.stderr}"
    monkeypatch.chdir(ROOT)
    for argv, expected in stackyard_commands(block):
        command = f"{block.where}: stackyard {shlex.join(argv)}"
        with shared_renders():
            assert cli.main(argv) == expected, command
        captured = capsys.readouterr()
        assert captured.out if expected == 0 else captured.err, command
        sample = following(block)
        if expected != 0 and sample is not None and sample.code.startswith("stackyard "):
            assert captured.err == sample.code, f"{command}: {sample.where} is not what it prints"


def following(block: Block) -> Block | None:
    """The output sample right after a block, if the next block in its file is one."""
    same_file = [b for b in BLOCKS if b.path == block.path]
    later = same_file[same_file.index(block) + 1 :]
    return later[0] if later and later[0].language in SAMPLES else None
