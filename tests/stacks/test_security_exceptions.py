"""The written exception list (issue #18): docs/security-exceptions.md is short, every item justified, each
applies to the resources its reason is about and no prod stack needs more than ten; `stackyard check`
lists what applies per stack and refuses a list it cannot use."""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from stacks import exceptions
from stacks.exceptions import ExceptionListError, applying, load, parse, parse_markdown
from tests.conftest import ROOT, plan_of, run_cli

PROD_FILES = sorted(
    [Path("Pulumi.prod.yaml")]
    + [p.relative_to(ROOT) for p in (ROOT / "blueprints").glob("*/Pulumi.*prod*.yaml")]
)
WRITTEN = load()
SG_RULE = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule"
DEPLOYMENT = "kubernetes:apps/v1:Deployment"


def by_id(name: str) -> exceptions.ScannerException:
    (found,) = [e for e in WRITTEN if e.id == name]
    return found


def resource(type_: str, inputs: dict[str, Any], name: str = "r") -> SimpleNamespace:
    return SimpleNamespace(urn=f"urn:pulumi:prod::stackyard::{type_}::{name}", type=type_, inputs=inputs)


def applied_in(stack_file: Path) -> dict[str, tuple[str, ...]]:
    plan = plan_of(stack_file)
    custom = [r for r in plan.resources if r.custom]
    return {a.exception.id: a.urns for a in applying(WRITTEN, custom)}


def test_the_list_is_short_and_every_item_is_justified() -> None:
    assert 0 < len(WRITTEN) <= 12
    assert len({e.id for e in WRITTEN}) == len(WRITTEN)
    for exception in WRITTEN:
        assert exception.scanners and exception.applies_to, exception.id
        assert len(exception.reason.split()) >= 20, f"{exception.id}: say why, in a few sentences"


@pytest.fixture(scope="module")
def applied() -> dict[Path, dict[str, tuple[str, ...]]]:
    return {f: applied_in(f) for f in PROD_FILES}


def test_the_prod_stack_files_are_all_here() -> None:
    assert Path("Pulumi.prod.yaml") in PROD_FILES and len(PROD_FILES) >= 8


@pytest.mark.parametrize("stack_file", PROD_FILES, ids=str)
def test_no_prod_stack_needs_more_than_ten_exceptions(
    stack_file: Path, applied: dict[Path, dict[str, tuple[str, ...]]]
) -> None:
    assert 0 < len(applied[stack_file]) <= 10, sorted(applied[stack_file])


def test_every_written_exception_is_needed_by_some_prod_stack(
    applied: dict[Path, dict[str, tuple[str, ...]]],
) -> None:
    needed = {name for found in applied.values() for name in found}
    assert needed == {e.id for e in WRITTEN}, "an exception no prod stack needs should go"


def test_the_port_exception_covers_the_public_load_balancers_web_ports_only() -> None:
    ports = by_id("public-load-balancer-ports")
    world = {"ipProtocol": "tcp", "cidrIpv4": "0.0.0.0/0"}
    assert ports.applies(SG_RULE, {**world, "fromPort": 80, "toPort": 80})
    assert ports.applies(SG_RULE, {"fromPort": 443, "toPort": 443, "cidrIpv6": "::/0"})
    assert not ports.applies(SG_RULE, {**world, "fromPort": 22, "toPort": 22})
    assert not ports.applies(SG_RULE, {"fromPort": 443, "toPort": 443, "cidrIpv4": "10.0.0.0/16"})
    plan = plan_of("Pulumi.prod.yaml")
    covered = set(applied_in(Path("Pulumi.prod.yaml"))["public-load-balancer-ports"])
    internal = [r.urn for r in plan.of_type(SG_RULE) if r.inputs.get("referencedSecurityGroupId")]
    assert internal and not covered & set(internal)
    by_urn = {r.urn: r for r in plan.resources}
    assert covered and all(by_urn[u].inputs["fromPort"] in (80, 443) for u in covered)


def test_the_kubernetes_exception_covers_only_deployments_with_secrets_in_their_environment() -> None:
    covered = applied_in(Path("blueprints/karigar/Pulumi.k8s-prod.yaml"))["kubernetes-secrets-as-environment"]
    plan = plan_of("blueprints/karigar/Pulumi.k8s-prod.yaml")
    deployments = plan.of_type(DEPLOYMENT)
    with_secrets = [
        d.urn
        for d in deployments
        if any(
            "secretKeyRef" in e.get("valueFrom", {})
            for c in d.inputs["spec"]["template"]["spec"]["containers"]
            for e in c.get("env", [])
        )
    ]
    assert with_secrets and len(deployments) > len(with_secrets)
    assert sorted(covered) == sorted(with_secrets)


def test_the_cloudfront_exceptions_stop_applying_when_the_site_sets_the_option() -> None:
    geo, failover = by_id("cloudfront-no-geo-restriction"), by_id("cloudfront-no-origin-failover")
    kind = "aws:cloudfront/distribution:Distribution"
    none = {"restrictions": {"geoRestriction": {"restrictionType": "none", "locations": []}}}
    blocked = {"restrictions": {"geoRestriction": {"restrictionType": "blacklist", "locations": ["KP"]}}}
    assert geo.applies(kind, none) and not geo.applies(kind, blocked)
    assert failover.applies(kind, none) and failover.applies(kind, {**none, "originGroups": []})
    assert not failover.applies(kind, {**none, "originGroups": [{"originId": "site-group"}]})


def test_where_paths_index_lists_and_patterns_match_text() -> None:
    listener = "aws:lb/listener:Listener"
    (found,), problems = parse(
        {
            "exceptions": [
                {
                    "id": "http-redirect",
                    "scanners": ["CKV_AWS_2"],
                    "applies_to": [{"type": listener, "where": {"defaultActions[0].type": "redir*"}}],
                    "reason": "the listener only redirects to HTTPS, nothing is served on it",
                }
            ]
        }
    )
    assert not problems
    redirect = {"defaultActions": [{"type": "redirect"}]}
    assert found.applies(listener, redirect)
    assert not found.applies(listener, {"defaultActions": [{"type": "forward"}]})
    assert not found.applies(listener, {"defaultActions": []})
    assert not found.applies("aws:lb/listenerRule:ListenerRule", redirect)


def entry(**changes: Any) -> dict[str, Any]:
    good = {
        "id": "bucket-event-notifications",
        "scanners": ["CKV2_AWS_62"],
        "applies_to": [{"type": "aws:s3/bucket:Bucket"}],
        "reason": "no service consumes bucket events, so a topic per bucket is cost without a reader",
    }
    return {k: v for k, v in {**good, **changes}.items() if v is not None}


@pytest.mark.parametrize(
    ("document", "message"),
    [
        ({"exceptions": [entry(applies_to=[{"type": "aws:s3/bucket:Bukket"}])]}, "did you mean 'aws:s3/"),
        ({"exceptions": [entry(applies_to=[{"type": "aws:s3/bucket:Bukket"}])]}, "applies_to[0].type: "),
        ({"exceptions": [entry(applies_to=[{"type": "acme:thing:Thing"}])]}, "not a resource type"),
        ({"exceptions": [entry(reason=None)]}, "(bucket-event-notifications).reason: give the reason"),
        ({"exceptions": [entry(reason="why not")]}, ".reason: give the reason"),
        ({"exceptions": [entry(), entry()]}, "exceptions[1] (bucket-event-notifications).id: "),
        ({"exceptions": [entry(scanners=["checkov says so"])]}, ".scanners[0]: 'checkov says so' is no"),
        ({"exceptions": [entry(scanners=[])]}, ".scanners: a non-empty list"),
        ({"exceptions": [entry(applies_to=[])]}, ".applies_to: a non-empty list"),
        ({"exceptions": [entry(rules="all")]}, ".rules: unknown key"),
        ({"exceptions": [entry(id="Bucket Events")]}, ".id: give a kebab-case id"),
        (
            {"exceptions": [entry(applies_to=[{"type": "aws:s3/bucket:Bucket", "where": {"a..b": 1}}])]},
            "'a..b' is not an input path",
        ),
        ({"exceptions": "everything"}, "exceptions: must be the only key"),
    ],
)
def test_a_malformed_list_gives_each_problem_with_its_key_path(document: Any, message: str) -> None:
    found, problems = parse(document)
    assert any(message in p for p in problems), problems
    assert not found or len(found) < len(document.get("exceptions", []))


def test_the_page_needs_exactly_one_list_block() -> None:
    assert parse_markdown("# nothing here\n")[1] == [
        "needs exactly one ```yaml block with the key `exceptions` (0 found)"
    ]
    block = "```yaml\nexceptions: []\n```\n"
    assert parse_markdown(block + block)[1] and parse_markdown(block) == ([], [])


def write_list(tmp_path: Path, document: dict[str, Any]) -> Path:
    import yaml

    page = tmp_path / "security-exceptions.md"
    page.write_text(f"# Exceptions\n\n```yaml\n{yaml.safe_dump(document)}```\n")
    return page


def test_check_refuses_a_list_naming_an_unknown_resource_type(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    page = write_list(tmp_path, {"exceptions": [entry(applies_to=[{"type": "aws:s3/bucket:Bukket"}])]})
    monkeypatch.setattr(exceptions, "DOCUMENT", page)
    with pytest.raises(ExceptionListError, match=r"applies_to\[0\]\.type: 'aws:s3/bucket:Bukket'"):
        load()
    result = run_cli("check", "staging")
    assert result.returncode == 2 and result.stdout == ""
    assert "the written exception list is invalid" in result.stderr
    assert "exceptions[0] (bucket-event-notifications).applies_to[0].type" in result.stderr


def test_check_lists_the_exceptions_that_apply_with_their_resources_in_text_and_json() -> None:
    result = run_cli("check", "prod")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    found = applied_in(Path("Pulumi.prod.yaml"))
    shown = [ln.split()[1] for ln in lines if ln.startswith("EXCEPTION")]
    assert shown == list(found)
    index = lines.index(next(ln for ln in lines if ln.startswith("EXCEPTION  public-load-balancer-ports")))
    names = {u.rsplit("::", 1)[-1] for u in found["public-load-balancer-ports"]}
    assert lines[index + 1].startswith("           applies to: ")
    assert set(lines[index + 1].split(": ", 1)[1].split(", ")) == names
    assert lines[index + 2].startswith("           reason: A public web application")
    assert lines[-1].endswith(f"; {len(found)} written scanner exceptions apply")

    document = json.loads(run_cli("check", "prod", "--json").stdout)
    assert {e["id"]: tuple(e["resources"]) for e in document["exceptions"]} == found
    assert all(e["scanners"] and e["reason"] for e in document["exceptions"])


def test_the_page_is_the_list_stackyard_check_reads() -> None:
    assert exceptions.DOCUMENT == ROOT / "docs" / "security-exceptions.md"
    assert parse_markdown(exceptions.DOCUMENT.read_text())[0] == WRITTEN
