"""The smaller things users notice (issue #16): `stackyard --version`, colour on a terminal only (NO_COLOR,
FORCE_COLOR), `stackyard check` over many stack files in one process, and advisory findings accepted with
a reason (`stackyard:accept`). The diagrams of `stackyard plan --graph` are tests/stacks/test_graph.py's."""

from __future__ import annotations

import contextlib
import copy
import io
import json
import re
import sys
from importlib import metadata
from pathlib import Path
from typing import Any

import pytest
import yaml

import components
from stacks import accept, cli, entry, version
from stacks.config import load_stack_config
from stacks.errors import ConfigError
from stacks.plan_text import render_text
from stacks.terminal import Palette, color_enabled
from stackyard_policy import ADVISORY, MANDATORY, RULES, Rule, Violation
from tests.conftest import MAIN, ROOT, plan_of, run_cli, stack_source
from tests.helpers import plan_cache

FIXTURES = ROOT / "tests" / "fixtures"
INSECURE = FIXTURES / "Pulumi.insecure.yaml"
MISSPELLED = FIXTURES / "Pulumi.misspelled.yaml"
ESCAPE = re.compile(r"\x1b\[[0-9;]*m")
ADVISORY_OF_INSECURE = "aws-rds-multi-az-prod"  # tests/policy/test_check.py expects it of the fixture
MANDATORY_OF_INSECURE = "aws-rds-deletion-protection-prod"


def plain(text: str) -> str:
    """`text` without ANSI colour codes."""
    return ESCAPE.sub("", text)


@pytest.fixture(autouse=True)
def no_colour_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test starts from an environment that asks nothing of colour (CI may set FORCE_COLOR)."""
    for name in ("NO_COLOR", "FORCE_COLOR", "TERM"):
        monkeypatch.delenv(name, raising=False)


# -- --version ----------------------------------------------------------------------------------------------


def test_version_prints_the_distribution_version() -> None:
    result = run_cli("--version")
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"stackyard {metadata.version('stackyard')}\n"
    assert metadata.version("stackyard") == components.__version__  # the build reads it from there


def test_version_falls_back_to_the_source_tree_when_not_installed(monkeypatch: pytest.MonkeyPatch) -> None:
    def missing(name: str) -> str:
        raise metadata.PackageNotFoundError(name)

    monkeypatch.setattr(version.metadata, "version", missing)
    assert version.version_line() == f"stackyard {components.__version__}"


def test_the_console_script_answers_version_without_the_stack_machinery(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys, "argv", ["stackyard", "--version"])
    assert entry.main() == 0
    assert capsys.readouterr().out == f"{version.version_line()}\n"


# -- colour -------------------------------------------------------------------------------------------------


class Terminal(io.StringIO):
    """Captured output that says it is a terminal."""

    def isatty(self) -> bool:
        return True


def test_colour_goes_to_a_terminal_only_and_no_color_and_force_color_decide_first() -> None:
    pipe, tty = io.StringIO(), Terminal()
    assert not color_enabled(pipe, {}) and color_enabled(tty, {})
    assert not color_enabled(tty, {"NO_COLOR": "1"})
    assert color_enabled(tty, {"NO_COLOR": ""})  # no-color.org: an empty NO_COLOR is not set
    assert color_enabled(pipe, {"FORCE_COLOR": "1"})
    assert not color_enabled(pipe, {"FORCE_COLOR": ""})
    assert not color_enabled(tty, {"FORCE_COLOR": "1", "NO_COLOR": "1"})  # NO_COLOR wins, as in CPython
    assert not color_enabled(tty, {"TERM": "dumb"})
    assert Palette(False).red("x") == "x" and Palette(True).red("x") == "\x1b[31mx\x1b[0m"


def cli_into(stream: io.StringIO, *argv: str) -> int:
    """`stackyard ARGV` in this process with stdout written to `stream` (a terminal or not)."""
    with (
        contextlib.chdir(ROOT),
        contextlib.redirect_stdout(stream),
        contextlib.redirect_stderr(io.StringIO()),
    ):
        return cli.main(list(argv))


@pytest.fixture(scope="module")
def insecure_check_plain() -> str:
    result = run_cli("check", "--config-file", str(INSECURE))
    assert result.returncode == 1, result.stderr
    return result.stdout


def test_check_output_has_no_escape_codes_when_not_a_terminal_or_with_no_color(
    insecure_check_plain: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert "\x1b" not in insecure_check_plain
    assert "\x1b" not in run_cli("check", "--config-file", str(INSECURE), "--json").stdout
    monkeypatch.setenv("NO_COLOR", "1")
    terminal = Terminal()
    assert cli_into(terminal, "check", "--config-file", str(INSECURE)) == 1
    assert terminal.getvalue() == insecure_check_plain


def test_check_on_a_terminal_or_with_force_color_paints_the_levels(
    insecure_check_plain: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    terminal = Terminal()
    assert cli_into(terminal, "check", "--config-file", str(INSECURE)) == 1
    monkeypatch.setenv("FORCE_COLOR", "1")
    forced = run_cli("check", "--config-file", str(INSECURE))
    for coloured in (terminal.getvalue(), forced.stdout):
        assert "\x1b[31mMANDATORY" in coloured and "\x1b[33mADVISORY" in coloured
        assert plain(coloured) == insecure_check_plain  # the same text, only painted


def test_plan_text_paints_components_resources_and_flags_and_is_otherwise_the_same() -> None:
    plan = plan_of("Pulumi.prod.yaml")
    text, coloured = render_text(plan), render_text(plan, color=True)
    assert "\x1b" not in text and plan.text() == text
    assert plain(coloured) == text
    assert "\x1b[1mstackyard-aws:index:Vpc  shopfront\x1b[0m" in coloured
    assert re.search(r"\x1b\[32maws:rds/instance:Instance  \S+\x1b\[0m", coloured)
    assert "\x1b[33m[protect" in coloured  # prod protects its database


def test_plan_prints_in_colour_only_when_forced_or_on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FORCE_COLOR", "1")
    forced = run_cli("plan", "staging")
    assert forced.returncode == 0 and "\x1b[" in forced.stdout
    assert plain(forced.stdout) == plan_of("Pulumi.staging.yaml").text() + "\n"


def test_diff_paints_stateful_replacements_through_the_shared_palette(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = plan_of("Pulumi.prod.yaml").document()
    after = copy.deepcopy(before)
    after["resources"] = [r for r in after["resources"] if r["type"] != "aws:rds/instance:Instance"]
    (tmp_path / "a.json").write_text(json.dumps(before))
    (tmp_path / "b.json").write_text(json.dumps(after))
    argv = ("diff", "--before", str(tmp_path / "a.json"), "--after", str(tmp_path / "b.json"))
    uncoloured = run_cli(*argv)
    assert uncoloured.returncode == 3 and "\x1b" not in uncoloured.stdout
    monkeypatch.setenv("FORCE_COLOR", "1")
    coloured = run_cli(*argv)
    assert coloured.returncode == 3
    assert "\x1b[1m\x1b[31mStateful resources that would be replaced or deleted" in coloured.stdout
    assert plain(coloured.stdout) == uncoloured.stdout
    monkeypatch.setenv("NO_COLOR", "1")
    assert run_cli(*argv).stdout == uncoloured.stdout


# -- check over many stack files ----------------------------------------------------------------------------


def test_check_over_several_files_names_each_on_its_summary_line_and_exits_2_for_an_invalid_one() -> None:
    result = run_cli("check", "staging", "--config-file", str(INSECURE), "--config-file", str(MISSPELLED))
    assert result.returncode == 2, result.stdout + result.stderr  # invalid beats a MANDATORY violation
    lines = result.stdout.splitlines()
    summary = re.compile(rf"{len(RULES)} rules: (\d+) mandatory and (\d+) advisory violations")
    (staging,) = [ln for ln in lines if ln.startswith("Pulumi.staging.yaml: ")]
    assert (found := summary.search(staging)) and found.group(1) == "0"
    (insecure,) = [ln for ln in lines if ln.startswith(f"{INSECURE}: ")]
    assert (found := summary.search(insecure)) and found.group(1) != "0"
    (misspelled,) = [ln for ln in lines if ln.startswith(f"{MISSPELLED}: ")]
    assert "invalid" in misspelled and "not checked" in misspelled
    assert lines[-1] == (
        f"3 stack files: 1 with a MANDATORY violation, 1 invalid; {_advisories(lines)} advisory violations"
    )
    assert any(ln.startswith("MANDATORY") and MANDATORY_OF_INSECURE in ln for ln in lines)
    # the invalid file's problems on stderr, with its name, and the others were still checked
    assert f"stackyard check: {MISSPELLED}: invalid stack configuration" in result.stderr
    assert "netwrok" in result.stderr


def _advisories(lines: list[str]) -> int:
    return sum(1 for ln in lines if ln.startswith("ADVISORY"))


def test_check_over_several_valid_files_as_json_exits_1_on_a_mandatory_violation() -> None:
    result = run_cli(
        "check", "--config-file", "Pulumi.staging.yaml", "--config-file", str(INSECURE), "--json"
    )
    assert result.returncode == 1, result.stderr
    document = json.loads(result.stdout)
    assert document["rules"] == len(RULES)
    assert [s["file"] for s in document["stacks"]] == ["Pulumi.staging.yaml", str(INSECURE)]
    staging, insecure = document["stacks"]
    assert not [v for v in staging["violations"] if v["level"] == MANDATORY]
    assert (MANDATORY_OF_INSECURE, MANDATORY) in {(v["rule"], v["level"]) for v in insecure["violations"]}
    assert staging["accepted"] == [] == insecure["accepted"]


def test_check_of_one_file_keeps_its_output_and_exit_codes() -> None:
    result = run_cli("check", "--config-file", str(MISSPELLED))
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.startswith("stackyard check: invalid stack configuration")  # no file prefix
    nothing = run_cli("check")
    assert nothing.returncode == 2 and "give a STACK" in nothing.stderr


# -- stackyard:accept --------------------------------------------------------------------------------------


def rule_named(name: str) -> Rule:
    (found,) = [r for r in RULES if r.name == name]
    return found


def test_an_acceptance_names_an_advisory_rule_and_gives_a_reason() -> None:
    advisory = rule_named(ADVISORY_OF_INSECURE)
    assert advisory.level == ADVISORY and rule_named(MANDATORY_OF_INSECURE).level == MANDATORY
    found, problems = accept.parse({ADVISORY_OF_INSECURE: "  a reason  "})
    assert problems == [] and found == [accept.Acceptance(ADVISORY_OF_INSECURE, "a reason")]
    assert accept.parse(json.dumps({ADVISORY_OF_INSECURE: "why"}))[0]  # as Pulumi hands an object over
    assert accept.parse(None) == ([], []) and accept.parse({}) == ([], [])
    key = "stackyard:accept"
    assert accept.problems(["x"]) == [f"{key}: must be {accept.SHAPE}"]
    assert accept.problems({MANDATORY_OF_INSECURE: "we know"}) == [
        f"{key}.{MANDATORY_OF_INSECURE}: a MANDATORY rule cannot be accepted; fix it instead: "
        f"{rule_named(MANDATORY_OF_INSECURE).fix}"
    ]
    assert accept.problems({ADVISORY_OF_INSECURE[:-1]: "why"}) == [
        f"{key}.{ADVISORY_OF_INSECURE[:-1]}: no such rule; did you mean {ADVISORY_OF_INSECURE!r}?"
    ]
    assert accept.problems({ADVISORY_OF_INSECURE: " "}) == [
        f"{key}.{ADVISORY_OF_INSECURE}: give the reason the finding is accepted"
    ]
    assert accept.problems({ADVISORY_OF_INSECURE: {"reason": "why", "resources": ["a", "a"], "x": 1}}) == [
        f"{key}.{ADVISORY_OF_INSECURE}.x: unknown key; use reason and resources",
        f"{key}.{ADVISORY_OF_INSECURE}.resources: a listed twice; list each once",
    ]
    assert accept.problems({ADVISORY_OF_INSECURE: {"resources": []}}) == [
        f"{key}.{ADVISORY_OF_INSECURE}.reason: give the reason the finding is accepted",
        f"{key}.{ADVISORY_OF_INSECURE}.resources: a non-empty list of resource names (the end of their URNs)",
    ]
    assert accept.problems({ADVISORY_OF_INSECURE: 3}) == [
        f"{key}.{ADVISORY_OF_INSECURE}: the reason it is accepted (text), or "
        "{reason: …, resources: [names]}"
    ]


def test_an_acceptance_covers_its_rule_on_every_resource_or_only_those_it_names() -> None:
    advisory, mandatory = rule_named(ADVISORY_OF_INSECURE), rule_named(MANDATORY_OF_INSECURE)
    urn = "urn:pulumi:prod::stackyard::stackyard-aws:index:ManagedPostgres$aws:rds/instance:Instance::"
    one, other = Violation(advisory, urn + "shop", "m"), Violation(advisory, urn + "other", "m")
    must = Violation(mandatory, urn + "shop", "m")
    everywhere = accept.Acceptance(advisory.name, "why")
    only_shop = accept.Acceptance(advisory.name, "why", ("shop",))
    unrelated = accept.Acceptance("aws-s3-versioning", "why")
    open_, covered, unused = accept.split([one, other, must], [only_shop, unrelated])
    assert open_ == [other, must] and covered == [(one, only_shop)] and unused == [unrelated]
    open_, covered, unused = accept.split([one, other, must], [everywhere])
    assert open_ == [must] and [v for v, _ in covered] == [one, other] and unused == []
    # a MANDATORY finding is never covered, whatever an acceptance says
    forged = accept.Acceptance(mandatory.name, "why")
    assert accept.split([must], [forged])[0] == [must]


def with_acceptances(tmp_path: Path, acceptances: Any, name: str = "insecure") -> Path:
    stack = yaml.safe_load(INSECURE.read_text())
    stack["config"]["stackyard:accept"] = acceptances
    path = tmp_path / f"Pulumi.{name}.yaml"
    path.write_text(yaml.safe_dump(stack, sort_keys=False))
    return path


def test_check_reports_an_accepted_advisory_as_accepted_with_its_reason(tmp_path: Path) -> None:
    reason = "a single-zone trial database; Multi-AZ doubles its cost"
    stack_file = with_acceptances(
        tmp_path, {ADVISORY_OF_INSECURE: reason, "aws-cloudfront-waf": "the fixture has no site"}
    )
    result = run_cli("check", "--config-file", str(stack_file))
    assert result.returncode == 1, result.stderr  # the MANDATORY violation stays a violation
    lines = result.stdout.splitlines()
    (accepted,) = [ln for ln in lines if ln.startswith("ACCEPTED")]
    assert ADVISORY_OF_INSECURE in accepted and "urn:pulumi:insecure::" in accepted
    assert f"           accepted: {reason}" in lines
    assert not [ln for ln in lines if ln.startswith("ADVISORY") and ADVISORY_OF_INSECURE in ln]
    assert "UNUSED     stackyard:accept.aws-cloudfront-waf matches no finding any more; remove it" in lines
    assert "; 1 advisory accepted" in lines[-1]  # then the written scanner exceptions (docs/)

    document = json.loads(run_cli("check", "--config-file", str(stack_file), "--json").stdout)
    assert [(a["rule"], a["level"], a["reason"]) for a in document["accepted"]] == [
        (ADVISORY_OF_INSECURE, ADVISORY, reason)
    ]
    assert ADVISORY_OF_INSECURE not in {v["rule"] for v in document["violations"]}
    assert MANDATORY_OF_INSECURE in {v["rule"] for v in document["violations"]}


def test_accepting_a_mandatory_or_unknown_rule_is_invalid_configuration(tmp_path: Path) -> None:
    stack_file = with_acceptances(tmp_path, {MANDATORY_OF_INSECURE: "we know", "no-such-rule": "why"})
    for command in ("check", "plan"):
        result = run_cli(command, "--config-file", str(stack_file))
        assert result.returncode == 2, result.stdout
        assert (
            f"stackyard:accept.{MANDATORY_OF_INSECURE}: a MANDATORY rule cannot be accepted" in result.stderr
        )
        assert "stackyard:accept.no-such-rule: no such rule" in result.stderr


def test_the_program_takes_acceptances_as_pulumi_hands_them_over_and_they_change_no_plan() -> None:
    source = stack_source(INSECURE)
    values = dict(source.values)
    values["stackyard:accept"] = json.dumps({ADVISORY_OF_INSECURE: "why"})  # an object, as Pulumi passes it
    load_stack_config(values, source.secret_keys)
    with pytest.raises(ConfigError, match="stackyard:accept: must be"):
        load_stack_config({**values, "stackyard:accept": "not json"}, source.secret_keys)
    accepting = copy.deepcopy(source)
    accepting.values["stackyard:accept"] = {ADVISORY_OF_INSECURE: "why"}
    without = copy.deepcopy(source)
    without.values.pop("stackyard:accept", None)
    documents = [plan_cache.shared_render(s, MAIN).document() for s in (accepting, without)]
    assert documents[0] == documents[1]


def test_the_project_declares_the_key_with_a_default_so_no_stack_must_set_it() -> None:
    declared = yaml.safe_load((ROOT / "Pulumi.yaml").read_text())["config"]["accept"]
    # Pulumi requires every declared project key without a default or value in every stack
    assert declared["type"] == "object" and declared["default"] == {}
    assert stack_source("Pulumi.staging.yaml").values["stackyard:accept"] == {}


def test_the_readme_example_of_acceptances_is_valid() -> None:
    blocks = re.findall(r"```yaml\n(.*?)```", (ROOT / "README.md").read_text(), flags=re.S)
    (example,) = [b for b in blocks if "stackyard:accept:" in b]
    found, problems = accept.parse(yaml.safe_load(example)["stackyard:accept"])
    assert problems == [] and len(found) == 2
