"""examples/consumer: a project of its own, with its own `components/` package, composes stackyard's
components (imported as `stackyard.aws`) without stackyard's stack config, and tests its program with
`stackyard.testing`.

Here it runs against the code as the wheel ships it (hatch_build.py's renamed copies, `stackyard/…` only,
staged in a temporary folder ahead of the checkout on the path), in a process of its own whose working
folder is the example: its `components` is the example's. .ci/run does the same from the built wheel in a
fresh virtual environment, and runs `stackyard plan` / `check` on it too."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from hatch_build import wheel_files
from tests.conftest import ROOT

EXAMPLE = ROOT / "examples" / "consumer"


@pytest.fixture(scope="module")
def wheel_tree(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The files the wheel installs from components/ and stacks/, written out."""
    root = tmp_path_factory.mktemp("wheel")
    for target, (_, content) in wheel_files(ROOT).items():
        path = root / target
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
    return root


def run_in_example(wheel_tree: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST_", "PYTHON"))}
    env |= {"PYTHONPATH": str(wheel_tree), "PYTHONDONTWRITEBYTECODE": "1"}
    return subprocess.run(
        [sys.executable, *args],
        cwd=EXAMPLE,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


def test_the_consumer_example_creates_the_components(wheel_tree: Path) -> None:
    result = run_in_example(wheel_tree, "render.py")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "stackyard-aws:index:ContainerService" in result.stdout


def test_the_consumer_tests_pass_with_its_own_components_package(wheel_tree: Path) -> None:
    result = run_in_example(wheel_tree, "-m", "pytest", "-q", "-W", "ignore::DeprecationWarning")
    assert result.returncode == 0, result.stdout + result.stderr
    assert " passed" in result.stdout


def test_the_example_imports_stackyard_and_its_own_components() -> None:
    source = (EXAMPLE / "__main__.py").read_text()
    assert "from stackyard.aws import" in source
    assert "from components.tags import" in source  # its own package, by the common name
    assert "stackyard.stacks" not in source  # the components alone, no stack machinery
    assert (EXAMPLE / "components" / "__init__.py").is_file()
