"""`stackyard plan`, `check`, `diff` and `cost` on a Pulumi Python project of the user's own (issue #16,
"The CLI on the user's own project"; stacks/foreign.py).

The fixture, tests/fixtures/foreign_project, is a project named `shop` whose `__main__.py` builds a Vpc and a
ManagedPostgres from the components and reads its settings with `pulumi.Config()`: `zones` from the stack
file, `dbSize` from `Pulumi.yaml`'s default, `dbPassword` a `secure:` value, and `openSsh` (the stack
`insecure`) a security group open to the internet on port 22, which `check` must refuse."""

from __future__ import annotations

import functools
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from stacks.foreign import find_foreign_project
from tests.conftest import ROOT, plan_of, run_cli

PROJECT = ROOT / "tests" / "fixtures" / "foreign_project"
SUBNET = "aws:ec2/subnet:Subnet"


@functools.cache
def _plan(*args: str) -> tuple[int, str, str]:
    result = run_cli("plan", *args, cwd=PROJECT)
    return result.returncode, result.stdout, result.stderr


def plan_document(*args: str) -> dict[str, Any]:
    code, stdout, stderr = _plan(*args, "--json")
    assert code == 0, stderr
    return json.loads(stdout)


def named(document: dict[str, Any], type_: str) -> list[str]:
    return sorted(r["name"] for r in document["resources"] if r["type"] == type_)


def copy_project(tmp_path: Path, stacks: tuple[str, ...] = ("dev",)) -> Path:
    """The fixture copied to `tmp_path / "shop"` with only the stack files `stacks`."""
    target = tmp_path / "shop"
    shutil.copytree(PROJECT, target, ignore=shutil.ignore_patterns("__pycache__", "Pulumi.*.yaml"))
    for stack in stacks:
        shutil.copy(PROJECT / f"Pulumi.{stack}.yaml", target)
    return target


def line_of(path: Path, text: str) -> int:
    """The 1-based line of `path` that holds `text`."""
    return next(n for n, line in enumerate(path.read_text().splitlines(), 1) if text in line)


# -- plan ------------------------------------------------------------------------------------------------


def test_plan_json_has_the_shape_of_a_stackyard_plan() -> None:
    document = plan_document("dev")
    stackyard = plan_of("Pulumi.staging.yaml").document()
    assert set(document) == set(stackyard)
    resource_keys = {key for r in stackyard["resources"] for key in r} - {"aliases"}
    for resource in document["resources"]:
        assert resource_keys <= set(resource) <= resource_keys | {"aliases"}, resource["urn"]
    assert (document["project"], document["stack"], document["cloud"]) == ("shop", "dev", "aws")
    assert document["environment"] is None  # the stackyard stack-file model does not apply
    assert document["notes"] == [] and document["standIns"] == []


def test_plan_runs_the_projects_program_with_its_config() -> None:
    document = plan_document("dev")
    by_name = {(r["type"], r["name"]): r for r in document["resources"]}
    vpc = by_name[("stackyard-aws:index:Vpc", "net")]
    assert vpc["urn"] == "urn:pulumi:dev::shop::stackyard-aws:index:Vpc::net"
    database = by_name[("aws:rds/instance:Instance", "orders")]
    assert database["parent"] == "urn:pulumi:dev::shop::stackyard-aws:index:ManagedPostgres::orders"
    assert database["dependencies"], "the instance waits for its subnet group, key and security group"
    # `zones: 2` of Pulumi.dev.yaml, read by `config.require_int("zones")` in the project's namespace
    assert named(document, SUBNET) == [
        f"net-{tier}-eu-west-1{zone}" for tier in ("isolated", "private", "public") for zone in "ab"
    ]
    # `dbSize` is not in the stack file: Pulumi.yaml's `default:` reaches `config.get("dbSize")`
    project_file = yaml.safe_load((PROJECT / "Pulumi.yaml").read_text())
    assert database["inputs"]["instanceClass"] == project_file["config"]["dbSize"]["default"]
    # the project's own module (settings.py) ran, seeing the project and stack names
    tags = by_name[("aws:ec2/vpc:Vpc", "net")]["inputs"]["tags"]
    assert (tags["project"], tags["stack"]) == ("shop", "dev")


def test_secure_values_become_placeholder_secrets_and_stderr_says_so() -> None:
    document = plan_document("dev")
    assert document["outputs"]["passwordLength"] == "[secret]"
    _, _, stderr = _plan("dev", "--json")
    assert "shop:dbPassword" in stderr and "cannot be decrypted offline" in stderr


def test_plan_text_is_the_tree_of_the_projects_resources() -> None:
    code, stdout, stderr = _plan("dev")
    assert code == 0, stderr
    assert "project shop · stack dev · cloud aws" in stdout
    assert "stackyard-aws:index:ManagedPostgres  orders" in stdout


def test_set_takes_keys_in_the_projects_namespace() -> None:
    document = plan_document("dev", "--set", "zones=3")
    assert "net-private-eu-west-1c" in named(document, SUBNET)


def test_the_only_stack_file_is_the_default_stack(tmp_path: Path) -> None:
    project = copy_project(tmp_path)
    result = run_cli("plan", "--json", cwd=project)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["stack"] == "dev"


def test_config_file_and_project_dir_find_the_project_from_elsewhere() -> None:
    stack_file = PROJECT / "Pulumi.dev.yaml"
    for args in (
        ["--config-file", str(stack_file.relative_to(ROOT))],
        ["dev", "--project-dir", str(PROJECT)],
    ):
        result = run_cli("plan", *args, "--json", cwd=ROOT)
        assert result.returncode == 0, result.stderr
        assert json.loads(result.stdout)["project"] == "shop"


def test_the_stackyard_project_keeps_its_own_model() -> None:
    assert find_foreign_project(ROOT) is None
    assert find_foreign_project(PROJECT) is not None


def test_the_program_leaves_no_trace_in_this_process(tmp_path: Path) -> None:
    project = copy_project(tmp_path)
    path_before, cwd_before = list(sys.path), Path.cwd()
    found = find_foreign_project(project)
    assert found is not None
    found.render(found.source(_args("dev")))
    assert sys.path == path_before and Path.cwd() == cwd_before
    assert "settings" not in sys.modules  # a second project's own `settings` must be imported afresh


def _args(stack: str | None, *sets: str) -> Any:
    import argparse

    return argparse.Namespace(stack=stack, config_file=None, set=list(sets), secret=[])


# -- check, cost -----------------------------------------------------------------------------------------


def test_check_applies_the_rules_to_the_projects_resources() -> None:
    passing = run_cli("check", "dev", cwd=PROJECT)
    assert passing.returncode == 0, passing.stdout + passing.stderr
    failing = run_cli("check", "insecure", "--json", cwd=PROJECT)
    assert failing.returncode == 1, failing.stderr
    found = {(v["rule"], v["urn"].rsplit("::", 1)[-1]) for v in json.loads(failing.stdout)["violations"]}
    assert ("aws-sg-no-world-ingress", "bastion") in found


def test_check_of_several_stacks_in_one_process() -> None:
    result = run_cli("check", "dev", "insecure", cwd=PROJECT)
    assert result.returncode == 1, result.stderr
    assert "Pulumi.dev.yaml: " in result.stdout and "Pulumi.insecure.yaml: " in result.stdout
    assert "2 stack files: 1 with a MANDATORY violation, 0 invalid" in result.stdout


def test_cost_prices_the_projects_plan() -> None:
    result = run_cli("cost", "dev", "--json", cwd=PROJECT)
    assert result.returncode == 0, result.stderr
    estimate = json.loads(result.stdout)
    assert estimate["cloud"] == "aws" and estimate["stack"] == "dev"


# -- diff ------------------------------------------------------------------------------------------------


def _diff_names(stdout: str, kind: str) -> set[str]:
    return {r["name"] for r in json.loads(stdout)["resources"] if r["action"] == kind}


def test_diff_of_two_saved_plans(tmp_path: Path) -> None:
    before, after = tmp_path / "dev.json", tmp_path / "big.json"
    for path, stack in ((before, "dev"), (after, "big")):
        path.write_text(json.dumps(plan_document(stack)))
    result = run_cli("diff", "--before", str(before), "--after", str(after), "--json", "--allow-replace")
    assert result.returncode == 0, result.stderr
    assert "net-private-eu-west-1c" in _diff_names(result.stdout, "create")


def test_diff_of_the_stack_with_set_renders_both_sides() -> None:
    result = run_cli("diff", "dev", "--set", "zones=3", "--json", cwd=PROJECT)
    assert result.returncode == 0, result.stderr
    assert "net-private-eu-west-1c" in _diff_names(result.stdout, "create")
    assert not _diff_names(result.stdout, "delete")


def test_diff_base_renders_the_project_at_a_git_ref(tmp_path: Path) -> None:
    project = copy_project(tmp_path)
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.com", "-c", "commit.gpgsign=false"]
    env = {**os.environ, "GIT_CONFIG_NOSYSTEM": "1"}
    for command in (["init", "-q"], ["add", "."], ["commit", "-q", "-m", "shop"]):
        subprocess.run([*git, *command], cwd=project, check=True, env=env, capture_output=True)
    stack_file = project / "Pulumi.dev.yaml"
    stack_file.write_text(stack_file.read_text().replace("shop:zones: 2", "shop:zones: 3"))
    result = run_cli("diff", "dev", "--base", "HEAD", "--json", cwd=project)
    assert result.returncode == 0, result.stderr
    assert "net-private-eu-west-1c" in _diff_names(result.stdout, "create")
    assert not _diff_names(result.stdout, "delete")


# -- errors: a clear message, exit 2 ---------------------------------------------------------------------


def test_no_project_file(tmp_path: Path) -> None:
    if any((d / "Pulumi.yaml").is_file() for d in (tmp_path, *tmp_path.parents)):
        pytest.skip("a Pulumi.yaml above the temporary directory")
    result = run_cli("plan", "dev", cwd=tmp_path)
    assert result.returncode == 2
    assert "no Pulumi.yaml in" in result.stderr and "Traceback" not in result.stderr


def test_a_project_in_another_language(tmp_path: Path) -> None:
    (tmp_path / "Pulumi.yaml").write_text("name: web\nruntime: nodejs\n")
    (tmp_path / "Pulumi.dev.yaml").write_text("config: {}\n")
    result = run_cli("plan", "dev", cwd=tmp_path)
    assert result.returncode == 2
    assert "runtime 'nodejs'" in result.stderr and "Python programs only" in result.stderr


def test_a_missing_stack_file_lists_the_stacks() -> None:
    for args in (["nope"], []):
        code, _, stderr = _plan(*args)
        assert code == 2
        assert "big, dev, insecure" in stderr and "Traceback" not in stderr


def test_a_component_error_names_the_projects_file_and_line() -> None:
    code, _, stderr = _plan("dev", "--set", "zones=9")
    assert code == 2
    line = line_of(PROJECT / "__main__.py", 'Vpc("net"')
    assert f"\nstackyard plan: __main__.py:{line}: the program of project shop raised" in f"\n{stderr}"
    assert "ValueError: Vpc zone_count 9 is not allowed" in stderr
    assert "vpc.py" not in stderr and "site-packages" not in stderr  # their frames only


def test_an_error_in_the_projects_own_module(tmp_path: Path) -> None:
    project = copy_project(tmp_path)
    settings = project / "settings.py"
    settings.write_text(
        settings.read_text().replace("    return {", '    raise KeyError("no tags")\n    return {')
    )
    result = run_cli("plan", "dev", cwd=project)
    assert result.returncode == 2
    assert (
        f"settings.py:{line_of(settings, 'raise KeyError')}: the program of project shop raised KeyError"
        in (result.stderr)
    )
    assert f'File "__main__.py", line {line_of(project / "__main__.py", "Vpc(")}' in result.stderr


def test_missing_required_config_is_the_programs_error(tmp_path: Path) -> None:
    project = copy_project(tmp_path)
    stack_file = project / "Pulumi.dev.yaml"
    stack_file.write_text(stack_file.read_text().replace("  shop:zones: 2\n", ""))
    result = run_cli("check", cwd=project)
    assert result.returncode == 2
    assert "shop:zones" in result.stderr and "Traceback (most recent" not in result.stderr


def test_a_project_of_ones_own_that_uses_the_stackyard_model(tmp_path: Path) -> None:
    """A project named otherwise whose program is stackyard's (`stacks.program.main`) and whose stack file
    is a stackyard one plans the same resources as the stackyard project, with its cloud and environment."""
    (tmp_path / "Pulumi.yaml").write_text("name: myinfra\nruntime: python\n")
    shutil.copy(ROOT / "__main__.py", tmp_path)
    shutil.copy(ROOT / "Pulumi.staging.yaml", tmp_path)
    result = run_cli("plan", "staging", "--json", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    expected = plan_of("Pulumi.staging.yaml")
    assert (document["project"], document["cloud"], document["environment"]) == (
        "myinfra",
        expected.cloud,
        expected.environment,
    )
    custom = [(r["type"], r["name"]) for r in document["resources"] if r["custom"]]
    assert custom == [(r.type, r.name) for r in expected.resources if r.custom]
    invalid = run_cli("plan", "staging", "--set", "stackyard:app.network.zones=9", cwd=tmp_path)
    assert invalid.returncode == 2 and "stackyard:app.network.zones" in invalid.stderr


def test_main_names_the_programs_directory(tmp_path: Path) -> None:
    project = copy_project(tmp_path)
    (project / "infra").mkdir()
    for name in ("__main__.py", "settings.py"):
        (project / name).rename(project / "infra" / name)
    result = run_cli("plan", "--json", cwd=project)
    assert result.returncode == 2 and "__main__.py does not exist" in result.stderr
    project_file = project / "Pulumi.yaml"
    project_file.write_text(project_file.read_text() + "main: infra/\n")
    result = run_cli("plan", "--json", cwd=project)
    assert result.returncode == 0, result.stderr
    assert "net" in named(json.loads(result.stdout), "stackyard-aws:index:Vpc")
