"""README.md stays true: its commands are the ones CI runs, and its examples run."""

from __future__ import annotations

import copy
import re
from pathlib import Path

import pulumi
import pytest
import yaml

from stacks import cli
from stacks.config import load_stack_config
from stacks.mocks import RecordingMonitor
from stacks.reference import SECTIONS, reference
from stacks.stackfile import read_stack_file
from tests.conftest import ROOT, of_type, plan_of, shared_renders

README = (ROOT / "README.md").read_text()
CI = (ROOT / ".ci" / "run").read_text()


def blocks(language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", README, flags=re.S)


def ci_variable(name: str) -> str:
    match = re.search(rf"^{name}='(.*)'$", CI, flags=re.M)
    assert match, f".ci/run defines no {name}"
    return match.group(1)


def test_the_two_newcomer_commands_are_what_ci_runs() -> None:
    tools, tests = ci_variable("TOOLS_COMMAND"), ci_variable("TEST_COMMAND")
    assert f"{tools} && {tests}" in README
    assert f"{tools} && .tools/bin/uv run --locked stackyard plan staging" in README


def readme_stack() -> dict:
    (example,) = [b for b in blocks("yaml") if "stackyard:app" in b]
    return yaml.safe_load(example)


def test_the_config_example_is_valid(tmp_path: Path) -> None:
    stack_file = tmp_path / "Pulumi.readme.yaml"
    stack_file.write_text(yaml.safe_dump(readme_stack()))
    source = read_stack_file(stack_file)
    config = load_stack_config(source.values, source.secret_keys)
    assert config.app.name == "propflow" and set(config.app.services) == {"api", "worker", "beat"}


def test_the_error_example_is_what_plan_prints(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    stack = copy.deepcopy(readme_stack())
    app = stack["config"]["stackyard:app"]
    app["netwrok"] = app.pop("network")
    app["services"]["api"]["cpu"] = 3
    stack_file = tmp_path / "Pulumi.broken.yaml"
    stack_file.write_text(yaml.safe_dump(stack))
    monkeypatch.chdir(ROOT)
    assert cli.main(["plan", "--config-file", str(stack_file)]) == 2
    (shown,) = [b for b in blocks("text") if "invalid stack configuration" in b]
    assert capsys.readouterr().err == shown


def test_every_plan_command_in_the_readme_runs(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)
    commands = [
        line for block in blocks("bash") for line in block.splitlines() if line.startswith("uv run stackyard")
    ]
    assert len(commands) >= 3
    for command in commands:
        argv = command.removeprefix("uv run stackyard").split()
        with shared_renders():
            assert cli.main(argv) == 0, command
        assert capsys.readouterr().out


def test_the_component_example_runs(monitor: RecordingMonitor) -> None:
    (example,) = [b for b in blocks("python") if "from stackyard.aws import Vpc" in b]
    pulumi.runtime.test(lambda: exec(example, {}))()
    (vpc,) = of_type(monitor, "aws:ec2/vpc:Vpc")
    assert vpc.inputs["cidrBlock"] == "10.20.0.0/16"
    assert len(of_type(monitor, "aws:ec2/natGateway:NatGateway")) == 1


def test_the_config_reference_is_generated_from_the_models() -> None:
    assert reference() in README, (
        "README's config reference is stale; run: uv run python -m stacks.reference --write"
    )


def test_every_config_key_is_described() -> None:
    for title, model in SECTIONS:
        for key, field in model.model_fields.items():
            assert field.description, f"{title}.{key} has no description"


def test_the_gcp_component_example_runs(monitor: RecordingMonitor) -> None:
    (example,) = [b for b in blocks("python") if "from stackyard.gcp import" in b]
    pulumi.runtime.test(lambda: exec(example, {}))()
    (network,) = of_type(monitor, "gcp:compute/network:Network")
    assert network.inputs["autoCreateSubnetworks"] is False
    (db,) = of_type(monitor, "gcp:sql/databaseInstance:DatabaseInstance")
    assert db.inputs["settings"]["availabilityType"] == "REGIONAL"
    assert db.inputs["settings"]["ipConfiguration"]["privateNetwork"] == network.id


def test_the_rule_count_in_the_readme_is_the_real_one() -> None:
    from stackyard_policy import RULES

    assert f"\n{len(RULES)} rules (AWS, GCP, Kubernetes)" in README


def test_the_limitation_count_in_the_readme_is_the_real_one() -> None:
    from components.aws.limitations import RULES as AWS_RULES
    from components.gcp.limitations import RULES as GCP_RULES

    assert f"\n{len(AWS_RULES) + len(GCP_RULES)} such rules, each taken from" in README


def test_the_health_check_examples_are_accepted_and_reach_the_container() -> None:
    """Each `health_check:` line of the README is valid config and becomes the ECS health check."""
    lines = [
        line
        for block in blocks("yaml")
        for line in block.splitlines()
        if line.strip().startswith("health_check:")
    ]
    assert len(lines) == 3
    for line in lines:
        check = yaml.safe_load(line)["health_check"]
        app = copy.deepcopy(readme_stack()["config"]["stackyard:app"])
        app["services"]["api"]["health_check"] = check
        values = {**readme_stack()["config"], "stackyard:app": app, "stackyard:secrets": {"SECRET_KEY": "x"}}
        config = load_stack_config(values, {"stackyard:secrets"})
        given = config.app.services["api"].health_check
        assert given is not None and given.command == check["command"]
        assert {k: getattr(given, k) for k in check} == check


def test_the_rotation_command_sets_a_key_that_rotates_the_password() -> None:
    """The README's rotation command names a real key: the password's keeper."""
    (command,) = re.findall(r"pulumi config set --path '(app\.database\.password_version)' (\d+)", README)
    key, value = command
    plan = plan_of("Pulumi.staging.yaml", sets=(f"{key}={value}",))
    (password,) = [
        p for p in plan.of_type("random:index/randomPassword:RandomPassword") if p.name.endswith("-password")
    ]
    assert password.inputs["keepers"] == {"password_version": value}
