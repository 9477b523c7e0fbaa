"""The baseline over whole stacks: every root stack file and blueprint passes every MANDATORY rule, the
insecure fixture does not, `stackyard check` reports and exits accordingly, and the CrossGuard pack is
built from the very same rules."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from pulumi_policy import EnforcementLevel, ResourceValidationPolicy, StackValidationPolicy

from stackyard_policy import MANDATORY, RULES, evaluate
from stackyard_policy.crossguard import policies
from tests.conftest import ROOT, run_cli
from tests.policy import STACK_FILES, resource, stack_resources

INSECURE = ROOT / "tests" / "fixtures" / "Pulumi.insecure.yaml"


def test_there_are_at_least_30_rules_with_unique_names_reasons_and_fixes() -> None:
    assert len(RULES) >= 30
    assert len({r.name for r in RULES}) == len(RULES)
    for rule in RULES:
        assert rule.reason and rule.fix and rule.types, rule.name
        assert (rule.check is None) != (rule.check_stack is None), rule.name


@pytest.mark.parametrize("stack_file", STACK_FILES, ids=str)
def test_every_stack_file_passes_every_mandatory_rule(stack_file: Path) -> None:
    mandatory = [v for v in evaluate(stack_resources(stack_file), RULES) if v.rule.level == MANDATORY]
    assert not mandatory, [(v.rule.name, v.urn, v.message) for v in mandatory]


def insecure_findings() -> dict[str, Any]:
    result = run_cli("check", "--config-file", str(INSECURE), "--json")
    assert result.returncode == 1, result.stderr  # a MANDATORY violation
    return json.loads(result.stdout)


def test_the_insecure_stack_fails_with_the_expected_rules() -> None:
    document = insecure_findings()
    found = {(v["rule"], v["level"]) for v in document["violations"]}
    assert ("aws-rds-deletion-protection-prod", "mandatory") in found
    assert ("aws-rds-multi-az-prod", "advisory") in found
    for violation in document["violations"]:
        assert violation["urn"].startswith("urn:pulumi:") and violation["fix"], violation


def test_check_prints_level_rule_urn_and_fix_and_exits_0_without_mandatory_violations() -> None:
    result = run_cli("check", "staging")
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip().splitlines()[-1].startswith(f"{len(RULES)} rules: 0 mandatory")
    insecure = run_cli("check", "--config-file", str(INSECURE), process=True)
    assert insecure.returncode == 1
    (line,) = [ln for ln in insecure.stdout.splitlines() if "aws-rds-deletion-protection-prod" in ln]
    assert line.startswith("MANDATORY") and "urn:pulumi:" in line
    assert "fix: " in insecure.stdout


def test_check_of_an_invalid_stack_exits_2() -> None:
    result = run_cli("check", "--config-file", "tests/fixtures/Pulumi.misspelled.yaml")
    assert result.returncode == 2 and "netwrok" in result.stderr


def test_the_crossguard_pack_has_one_policy_per_rule_with_its_level() -> None:
    built = policies()
    assert [p.name for p in built] == [r.name for r in RULES]
    for policy, rule in zip(built, RULES, strict=True):
        expected = EnforcementLevel.MANDATORY if rule.level == MANDATORY else EnforcementLevel.ADVISORY
        assert policy.enforcement_level == expected
        assert isinstance(policy, ResourceValidationPolicy if rule.check else StackValidationPolicy)


def test_a_crossguard_policy_reports_what_the_rule_finds() -> None:
    (rule,) = [r for r in RULES if r.name == "aws-rds-storage-encrypted"]
    (policy,) = [p for p in policies([rule])]
    bad = resource("aws:rds/instance:Instance", {"storageEncrypted": False, "engine": "postgres"})
    reported: list[tuple[str, str | None]] = []

    class Args:
        resource_type, props, urn, name = bad.type, bad.inputs, bad.urn, bad.name

    assert isinstance(policy, ResourceValidationPolicy)
    validate = policy.validate
    assert callable(validate)
    validate(Args(), lambda message, urn=None: reported.append((message, urn)))  # type: ignore[arg-type]
    assert reported and reported[0][1] == bad.urn and "Fix: " in reported[0][0]


def test_crossguard_unknowns_become_unknown_markers_instead_of_errors() -> None:
    from pulumi_policy import proxy

    from stackyard_policy.crossguard import plain

    props = proxy.unknown_checking_proxy(
        {"storageEncrypted": proxy.UNKNOWN_BOOLEAN_VALUE, "tags": {"environment": "prod"}, "ids": ["a"]}
    )
    with pytest.raises(proxy.UnknownValueError):
        props["storageEncrypted"]  # what a rule reading the proxy directly would hit
    assert plain(props) == {"storageEncrypted": "[unknown]", "tags": {"environment": "prod"}, "ids": ["a"]}
