"""The distribution's own import name (#16): the wheel installs `stackyard` (stackyard.aws, stackyard.gcp,
stackyard.k8s, stackyard.testing, stackyard.stacks), never top-level `components` or `stacks`; in the
checkout `stackyard.<x>` is the very module `components.<x>` is."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pulumi
import pytest

import components
import components.aws
import components.gcp
import components.k8s
import stacks.mocks
from hatch_build import public_name, rewrite, wheel_files
from stacks.mocks import RecordingMonitor
from tests.conftest import ROOT

PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())


@pytest.fixture(scope="module")
def shipped() -> dict[str, bytes]:
    return {target: content for target, (_, content) in wheel_files(ROOT).items()}


@pytest.fixture(scope="module")
def wheel_tree(tmp_path_factory: pytest.TempPathFactory, shipped: dict[str, bytes]) -> Path:
    root = tmp_path_factory.mktemp("wheel")
    for target, content in shipped.items():
        (root / target).parent.mkdir(parents=True, exist_ok=True)
        (root / target).write_bytes(content)
    return root


def run_from(wheel_tree: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Python with the wheel's tree ahead of the checkout, from an empty folder."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST_", "PYTHON"))}
    env |= {"PYTHONPATH": str(wheel_tree), "PYTHONDONTWRITEBYTECODE": "1"}
    cwd = wheel_tree.parent
    return subprocess.run(
        [sys.executable, *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=300, check=False
    )


# -- the checkout: aliases, the same module objects ---------------------------------------------------------


def test_stackyard_names_are_the_same_modules_in_the_checkout() -> None:
    import stackyard.aws
    import stackyard.gcp
    import stackyard.k8s
    import stackyard.stacks.mocks
    from stackyard.aws import Vpc

    import stackyard

    assert stackyard is components
    assert (stackyard.aws, stackyard.gcp, stackyard.k8s) == (components.aws, components.gcp, components.k8s)
    assert stackyard.stacks.mocks is stacks.mocks
    assert Vpc is components.aws.Vpc
    assert sys.modules["stackyard.aws"] is sys.modules["components.aws"]


def test_a_missing_stackyard_module_is_not_found() -> None:
    with pytest.raises(ModuleNotFoundError):
        __import__("stackyard.no_such_module")


def test_the_type_token_and_urn_are_the_same_under_the_new_name(monitor: RecordingMonitor) -> None:
    from stackyard.aws import Cluster

    @pulumi.runtime.test
    def program() -> None:
        Cluster("orders", {"vpc_id": "vpc-1"})

    program()
    (cluster,) = [r for r in monitor.registrations.values() if r.type.startswith("stackyard-aws:")]
    assert cluster.type == "stackyard-aws:index:Cluster"
    assert cluster.urn == "urn:pulumi:test::stackyard::stackyard-aws:index:Cluster::orders"


# -- the wheel: what it installs -----------------------------------------------------------------------------


def test_the_wheel_installs_only_stackyard_and_the_policy_rules(shipped: dict[str, bytes]) -> None:
    assert {t.split("/")[0] for t in shipped} == {"stackyard"}
    build = PYPROJECT["tool"]["hatch"]["build"]["targets"]["wheel"]
    assert build["packages"] == ["policy/stackyard_policy"]
    for needed in ("aws/__main__.py", "aws/PulumiPlugin.yaml", "migrate.sh", "py.typed", "testing.py"):
        assert f"stackyard/{needed}" in shipped
    assert "stackyard/stacks/entry.py" in shipped


def test_no_shipped_module_imports_the_repository_names(shipped: dict[str, bytes]) -> None:
    for target, content in shipped.items():
        if not target.endswith(".py"):
            continue
        tree = ast.parse(content, target)
        for node in ast.walk(tree):
            names = (
                [a.name for a in node.names]
                if isinstance(node, ast.Import)
                else [node.module or ""]
                if isinstance(node, ast.ImportFrom) and node.level == 0
                else []
            )
            assert not [n for n in names if n.split(".")[0] in ("components", "stacks")], (target, names)


def test_the_console_script_names_the_new_package() -> None:
    assert PYPROJECT["project"]["scripts"] == {"stackyard": "stackyard.stacks.entry:main"}


def test_the_wheel_tree_imports_without_the_repository_packages(wheel_tree: Path) -> None:
    code = (
        "import sys, stackyard, stackyard.aws, stackyard.gcp, stackyard.k8s, stackyard.testing\n"
        "import stackyard.stacks.entry, stackyard.stacks.mocks\n"
        "from stackyard.provider_host import component_classes\n"
        "assert all(component_classes(c) for c in ('aws', 'gcp', 'k8s'))\n"
        "assert stackyard.aws.Vpc.__module__ == 'stackyard.aws.vpc'\n"
        "from stackyard.stacks.errors import ConfigError, _is_component_class\n"
        "assert _is_component_class(stackyard.aws.Vpc) and not _is_component_class(ConfigError)\n"
        "print(stackyard.__file__)\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('components', 'stacks')))\n"
    )
    result = run_from(wheel_tree, "-c", code)
    assert result.returncode == 0, result.stderr
    location, repository_modules = result.stdout.splitlines()
    assert Path(location).is_relative_to(wheel_tree)
    assert repository_modules == "[]"


def test_the_provider_host_runs_as_a_module_of_the_wheel(wheel_tree: Path) -> None:
    # Pulumi starts it with the engine's address; without one, the host's own argument parser answers.
    result = run_from(wheel_tree, "-m", "stackyard.aws")
    assert result.returncode == 2
    assert "engine" in result.stderr
    assert "Error" not in result.stderr.replace("error: the following", "")


# -- the rewrite ---------------------------------------------------------------------------------------------


def test_public_names() -> None:
    assert public_name("components") == "stackyard"
    assert public_name("components.aws.vpc") == "stackyard.aws.vpc"
    assert public_name("stacks.mocks") == "stackyard.stacks.mocks"
    assert public_name("stacksy") == "stacksy"
    assert public_name("pulumi_aws") == "pulumi_aws"


def test_rewrite_keeps_lines_and_bound_names() -> None:
    source = (
        "import components.aws\n"
        "import stacks\n"
        "from stacks.mocks import (\n    StackyardMocks,\n)\n"
        "def f():\n    from components.aws.vpc import Vpc\n    return components.aws, stacks, Vpc\n"
        "stacks_seen = 'stacks'\n"
    )
    rewritten = rewrite(source)
    assert rewritten.count("\n") == source.count("\n")
    assert "import stackyard.aws; import stackyard as components\n" in rewritten
    assert "import stackyard.stacks as stacks\n" in rewritten
    assert "from stackyard.stacks.mocks import (\n    StackyardMocks,\n)" in rewritten
    assert "    from stackyard.aws.vpc import Vpc\n" in rewritten
    assert "return components.aws, stacks, Vpc" in rewritten
    assert "stacks_seen = 'stacks'" in rewritten


def test_rewrite_refuses_a_module_named_in_a_string() -> None:
    with pytest.raises(ValueError, match=r"components\.aws"):
        rewrite('import importlib\nimportlib.import_module("components.aws")\n', "x.py")
    with pytest.raises(ValueError, match="stacks"):
        rewrite('cloud = "aws"\nname = f"stacks.{cloud}"\n', "x.py")
