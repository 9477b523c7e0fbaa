"""components.gcp.SecurityPolicy: OWASP CRS WAF rules, the per-IP rate limit, block lists, Adaptive
Protection and the default allow rule on a backend policy; an edge policy with IP and region matching only;
name limits and argument checks."""

from __future__ import annotations

import re
from typing import Any, cast

import pulumi
import pytest

from components.gcp.cloud_armor import EDGE_REFUSED, SecurityPolicy, SecurityPolicyArgs
from stacks.mocks import RecordingMonitor, Registration
from tests.conftest import of_type
from tests.docexamples import run_docstring_example

COMPONENT = "stackyard-gcp:index:SecurityPolicy"
POLICY = "gcp:compute/securityPolicy:SecurityPolicy"
RFC1035 = re.compile(r"^[a-z]([-a-z0-9]*[a-z0-9])?$")
DEFAULT_RULE = {
    "priority": 2147483647,
    "action": "allow",
    "description": "default: allow",
    "match": {"versionedExpr": "SRC_IPS_V1", "config": {"srcIpRanges": ["*"]}},
}
DEFAULT_SETS = ["sqli", "xss", "lfi", "rfi", "rce", "scannerdetection", "protocolattack", "sessionfixation"]


def build(args: dict[str, Any], name: str = "shop-api") -> dict[str, Any]:
    """Create a SecurityPolicy under mocks and return its resolved outputs."""
    resolved: dict[str, Any] = {}

    @pulumi.runtime.test
    def program() -> pulumi.Output:
        policy = SecurityPolicy(name, cast(SecurityPolicyArgs, args))
        return pulumi.Output.all(policy_id=policy.policy_id, policy_name=policy.policy_name).apply(
            resolved.update
        )

    program()
    assert resolved, "the SecurityPolicy outputs never resolved"
    return resolved


def policy(monitor: RecordingMonitor) -> Registration:
    (found,) = of_type(monitor, POLICY)
    return found


def rules(monitor: RecordingMonitor) -> dict[int, dict[str, Any]]:
    return {r["priority"]: r for r in policy(monitor).inputs["rules"]}


def waf_sets(monitor: RecordingMonitor) -> dict[str, dict[str, Any]]:
    found = {}
    for rule in policy(monitor).inputs["rules"]:
        expression = rule["match"].get("expr", {}).get("expression", "")
        match = re.match(
            r"^evaluatePreconfiguredWaf\('([a-z]+)-v33-stable', \{'sensitivity': (\d)\}\)$", expression
        )
        if match:
            found[match.group(1)] = {**rule, "sensitivity": int(match.group(2))}
    return found


def test_backend_policy_defaults(monitor: RecordingMonitor) -> None:
    out = build({})
    registered = policy(monitor)
    inputs = registered.inputs
    assert inputs["type"] == "CLOUD_ARMOR" and inputs["name"] == "shop-api"
    assert inputs["adaptiveProtectionConfig"] == {"layer7DdosDefenseConfig": {"enable": True}}
    assert inputs["advancedOptionsConfig"] == {"jsonParsing": "STANDARD", "logLevel": "NORMAL"}
    assert inputs["labels"] == {"managed-by": "stackyard"}
    by_priority = rules(monitor)
    # The last rule is the default: allow everything the rules above let through.
    assert by_priority[2147483647] == DEFAULT_RULE
    assert max(by_priority) == 2147483647
    assert out == {"policy_id": registered.id, "policy_name": "shop-api"}
    assert registered.parent == next(r.urn for r in monitor.registrations.values() if r.type == COMPONENT)


def test_owasp_waf_rules_deny_with_403(monitor: RecordingMonitor) -> None:
    build({})
    found = waf_sets(monitor)
    assert list(found) == DEFAULT_SETS
    for rule in found.values():
        assert rule["action"] == "deny(403)" and rule["sensitivity"] == 1 and rule["preview"] is False
        assert 3000 <= rule["priority"] < 4000
    assert len({rule["priority"] for rule in found.values()}) == len(found)
    assert "methodenforcement" not in found  # would refuse an API's PUT, PATCH and DELETE


def test_per_ip_rate_limit_throttles_over_5_minutes(monitor: RecordingMonitor) -> None:
    build({"rate_limit": 500})  # what the stack passes
    limit = rules(monitor)[4000]
    assert limit["action"] == "throttle"
    assert limit["match"] == {"versionedExpr": "SRC_IPS_V1", "config": {"srcIpRanges": ["*"]}}
    assert limit["rateLimitOptions"] == {
        "conformAction": "allow",
        "exceedAction": "deny(429)",
        "enforceOnKey": "IP",
        "rateLimitThreshold": {"count": 500, "intervalSec": 300},
    }
    # After the WAF rules: a request that passes the rate limit is allowed, so it must be inspected first.
    assert all(p < 4000 for p in (r["priority"] for r in waf_sets(monitor).values()))


def test_rate_limit_defaults_to_2000(monitor: RecordingMonitor) -> None:
    build({})
    assert rules(monitor)[4000]["rateLimitOptions"]["rateLimitThreshold"] == {
        "count": 2000,
        "intervalSec": 300,
    }


def test_block_lists_come_first_in_rules_of_their_size(monitor: RecordingMonitor) -> None:
    ranges = [f"198.51.100.{n}" for n in range(11)] + ["2001:db8::/32"]
    build({"blocked_ip_ranges": ranges, "blocked_regions": ["KP", "IR", "SY", "CU", "RU", "BY"]})
    by_priority = rules(monitor)
    first, second = by_priority[1000], by_priority[1001]
    assert first["action"] == "deny(403)" and second["action"] == "deny(403)"
    assert first["match"]["versionedExpr"] == "SRC_IPS_V1"
    assert first["match"]["config"]["srcIpRanges"] == [f"198.51.100.{n}/32" for n in range(10)]
    assert second["match"]["config"]["srcIpRanges"] == ["198.51.100.10/32", "2001:db8::/32"]
    assert by_priority[2000]["match"]["expr"]["expression"] == (
        "origin.region_code == 'KP' || origin.region_code == 'IR' || origin.region_code == 'SY' || "
        "origin.region_code == 'CU' || origin.region_code == 'RU'"
    )
    assert by_priority[2001]["match"]["expr"]["expression"] == "origin.region_code == 'BY'"
    assert by_priority[2001]["action"] == "deny(403)"


def test_every_knob_reaches_the_policy(monitor: RecordingMonitor) -> None:
    build(
        {
            "waf_rules": ["sqli", "methodenforcement", "nodejs"],
            "waf_sensitivity": 3,
            "adaptive_protection": False,
            "json_parsing": "STANDARD_WITH_GRAPHQL",
            "verbose_logging": True,
            "preview": True,
            "labels": {"team": "checkout"},
        }
    )
    inputs = policy(monitor).inputs
    found = waf_sets(monitor)
    assert list(found) == ["sqli", "methodenforcement", "nodejs"]
    assert all(rule["sensitivity"] == 3 and rule["preview"] is True for rule in found.values())
    assert rules(monitor)[4000]["preview"] is True
    assert inputs["adaptiveProtectionConfig"] == {"layer7DdosDefenseConfig": {"enable": False}}
    assert inputs["advancedOptionsConfig"] == {"jsonParsing": "STANDARD_WITH_GRAPHQL", "logLevel": "VERBOSE"}
    assert inputs["labels"] == {"team": "checkout", "managed-by": "stackyard"}


def test_waf_priorities_do_not_move_when_the_list_changes(monitor: RecordingMonitor) -> None:
    build({"waf_rules": ["rce", "xss"]})
    found = waf_sets(monitor)
    assert found["xss"]["priority"] == 3001 and found["rce"]["priority"] == 3004


def test_no_waf_rules(monitor: RecordingMonitor) -> None:
    build({"waf_rules": []})
    assert waf_sets(monitor) == {}
    assert set(rules(monitor)) == {3100, 4000, 2147483647}  # the Log4j rule is `log4j_rule`, not a rule set


def test_edge_policy_matches_only_ips_and_regions(monitor: RecordingMonitor) -> None:
    # The stack passes its rate limit to both kinds of policy: an edge policy accepts and ignores it.
    build(
        {"rate_limit": 2000, "edge": True, "blocked_ip_ranges": ["203.0.113.0/24"], "blocked_regions": ["KP"]}
    )
    inputs = policy(monitor).inputs
    assert inputs["type"] == "CLOUD_ARMOR_EDGE"
    assert "adaptiveProtectionConfig" not in inputs and "advancedOptionsConfig" not in inputs
    by_priority = rules(monitor)
    assert set(by_priority) == {1000, 2000, 2147483647}
    assert by_priority[1000]["match"]["config"]["srcIpRanges"] == ["203.0.113.0/24"]
    assert by_priority[2000]["match"]["expr"]["expression"] == "origin.region_code == 'KP'"
    assert by_priority[2147483647] == DEFAULT_RULE
    assert all(r["action"] in ("deny(403)", "allow") for r in by_priority.values())
    assert not any("rateLimitOptions" in r for r in by_priority.values())


def test_edge_policy_with_defaults_only_allows(monitor: RecordingMonitor) -> None:
    build({"edge": True}, name="shop-site")
    assert policy(monitor).inputs["rules"] == [DEFAULT_RULE]
    assert policy(monitor).inputs["name"] == "shop-site"


@pytest.mark.parametrize("argument", EDGE_REFUSED)
def test_edge_refuses_what_it_cannot_apply(argument: str, monitor: RecordingMonitor) -> None:
    value: Any = {"waf_rules": ["sqli"], "waf_sensitivity": 2, "json_parsing": "STANDARD"}.get(argument, True)
    with pytest.raises(ValueError, match=f"^SecurityPolicy {argument} is not allowed with edge True"):
        SecurityPolicy("shop-site", cast(SecurityPolicyArgs, {"edge": True, argument: value}))
    assert monitor.registrations == {}


def test_name_fits_google_limits_for_a_long_name(monitor: RecordingMonitor) -> None:
    out = build({}, name="Checkout_Service-Production-Europe-West-Public-API-Security-Policy")
    name = policy(monitor).inputs["name"]
    assert len(name) <= 63 and RFC1035.match(name)
    assert out["policy_name"] == name


BAD: list[tuple[dict[str, Any], str]] = [
    ({"rate_limit": 0}, "rate_limit"),
    ({"rate_limit": 1_000_001}, "rate_limit"),
    ({"rate_limit": 20.5}, "rate_limit"),
    ({"rate_limit": True}, "rate_limit"),
    ({"waf_rules": ["sqli", "xxe"]}, "waf_rules"),
    ({"waf_rules": "sqli"}, "waf_rules"),
    ({"waf_rules": ["sqli-v33-stable"]}, "waf_rules"),
    ({"waf_sensitivity": 0}, "waf_sensitivity"),
    ({"waf_sensitivity": 5}, "waf_sensitivity"),
    ({"blocked_ip_ranges": ["10.0.0.0/33"]}, "blocked_ip_ranges"),
    ({"blocked_ip_ranges": "203.0.113.0/24"}, "blocked_ip_ranges"),
    ({"blocked_regions": ["kp"]}, "blocked_regions"),
    ({"blocked_regions": ["PRK"]}, "blocked_regions"),
    ({"json_parsing": "ON"}, "json_parsing"),
    ({"adaptive_protection": "yes"}, "adaptive_protection"),
    ({"verbose_logging": 1}, "verbose_logging"),
    ({"preview": None}, "preview"),
    ({"edge": "true"}, "edge"),
    ({"labels": {"Team": "x"}}, "labels"),
]


@pytest.mark.parametrize(("args", "argument"), BAD, ids=[f"{i}-{a}" for i, (_, a) in enumerate(BAD)])
def test_bad_arguments_raise_and_create_nothing(
    args: dict[str, Any], argument: str, monitor: RecordingMonitor
) -> None:
    with pytest.raises(ValueError, match=f"^SecurityPolicy {argument}"):
        SecurityPolicy("shop-api", cast(SecurityPolicyArgs, args))
    assert monitor.registrations == {}


def test_docstring_example_runs(monitor: RecordingMonitor) -> None:
    run_docstring_example(SecurityPolicy)
    types = sorted(r.inputs["type"] for r in of_type(monitor, POLICY))
    assert types == ["CLOUD_ARMOR", "CLOUD_ARMOR_EDGE"]
