"""Physical names are distinct per stack, pinnable for a stack deployed before, and never move a URN.

- Two stacks of one app on one cloud (staging and prod, the Kubernetes and the managed runtime …) share
  no physical name, so they can live in one AWS account and region, or one GCP project.
- `app.name_suffix: ""` keeps the names of release 0.2 exactly (tests/fixtures/physical_names_0_2, the
  upgrade contract); any other suffix (by default the stack's name) moves every one of them.
- Physical names respect the providers' limits with a long app name and a long suffix.
"""

from __future__ import annotations

import itertools
import json
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from stacks.config import App, load_stack_config, physical_base
from stacks.errors import ConfigError
from stacks.plan import Plan
from tests.conftest import ROOT, plan_of
from tests.physical_names import named, physical_names

PIN = ("app.name_suffix=",)
FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "physical_names_0_2"
STACK_FILES = sorted(
    [p.relative_to(ROOT) for p in ROOT.glob("Pulumi.*.yaml")]
    + [p.relative_to(ROOT) for p in (ROOT / "blueprints").glob("*/Pulumi.*.yaml")]
)


def _app_and_cloud(stack_file: Path) -> tuple[str, str]:
    config = yaml.safe_load((ROOT / stack_file).read_text())["config"]
    return config["stackyard:app"]["name"], config["stackyard:cloud"]


# Every two stack files of one app on one cloud: they may share an account (or a project).
SAME_APP = [
    (a, b)
    for a, b in itertools.combinations(STACK_FILES, 2)
    if a.parent == b.parent and _app_and_cloud(a) == _app_and_cloud(b)
]


def test_the_pairs_are_the_apps_stacks_on_one_cloud() -> None:
    pairs = {(str(a), str(b)) for a, b in SAME_APP}
    assert {
        ("Pulumi.prod.yaml", "Pulumi.staging.yaml"),
        ("blueprints/chowkar/Pulumi.gcp-prod.yaml", "blueprints/chowkar/Pulumi.gcp-staging.yaml"),
        ("blueprints/karigar/Pulumi.gcp-prod.yaml", "blueprints/karigar/Pulumi.gcp-staging.yaml"),
        ("blueprints/karigar/Pulumi.k8s-prod.yaml", "blueprints/karigar/Pulumi.prod.yaml"),
        ("blueprints/nestjs-api/Pulumi.k8s-staging.yaml", "blueprints/nestjs-api/Pulumi.staging.yaml"),
        ("blueprints/propflow/Pulumi.prod.yaml", "blueprints/propflow/Pulumi.staging.yaml"),
    } <= pairs
    assert not any(_app_and_cloud(a)[1] != _app_and_cloud(b)[1] for a, b in SAME_APP)


@pytest.mark.parametrize(("first", "second"), SAME_APP, ids=lambda p: str(p))
def test_two_stacks_of_one_app_share_no_physical_name(first: Path, second: Path) -> None:
    ours, theirs = named(plan_of(first).resources), named(plan_of(second).resources)
    assert ours and theirs
    shared = sorted(ours & theirs)
    assert not shared, f"{first} and {second} would collide in one account: {shared}"


# -- the pin: the names of release 0.2 ------------------------------------------------------------------


def _fixture(path: Path) -> tuple[Path, dict[str, dict[str, Any]]]:
    data = yaml.safe_load(path.read_text())
    names = {entry.pop("urn"): entry for entry in data["names"]}
    return Path(data["stack_file"]), names


@pytest.mark.parametrize("fixture", sorted(FIXTURES.glob("*.yaml")), ids=lambda p: p.stem)
def test_the_pin_keeps_the_physical_names_of_release_0_2(fixture: Path) -> None:
    stack_file, before = _fixture(fixture)
    assert len(before) >= 15
    actual = physical_names(plan_of(stack_file, sets=PIN).resources)
    missing = sorted(set(before) - set(actual))
    assert not missing, f"{stack_file}: resources of 0.2 gone from the plan: {missing}"
    changed = {
        urn: (names, {key: actual[urn].get(key) for key in names})
        for urn, names in before.items()
        if {key: actual[urn].get(key) for key in names} != names
    }
    assert not changed, f"{stack_file} with app.name_suffix '' renames: {changed}"


@pytest.mark.parametrize("fixture", sorted(FIXTURES.glob("*.yaml")), ids=lambda p: p.stem)
def test_without_the_pin_every_name_of_release_0_2_moves(fixture: Path) -> None:
    stack_file, before = _fixture(fixture)
    actual = physical_names(plan_of(stack_file).resources)
    kept = {
        urn: key
        for urn, names in before.items()
        for key, value in names.items()
        if value is not None and actual[urn].get(key) == value
    }
    assert not kept, f"{stack_file}: these names would collide with a stack deployed by 0.2: {kept}"


def test_the_pin_and_the_default_have_the_same_urns() -> None:
    for stack_file in (Path("Pulumi.prod.yaml"), Path("blueprints/karigar/Pulumi.gcp-prod.yaml")):
        pinned, default = plan_of(stack_file, sets=PIN), plan_of(stack_file)
        assert [r.urn for r in pinned.resources] == [r.urn for r in default.resources]


# -- the suffix ---------------------------------------------------------------------------------------------


def _rds_identifier(plan: Plan) -> str:
    (primary,) = [r for r in plan.of_type("aws:rds/instance:Instance") if "replicateSourceDb" not in r.inputs]
    return primary.inputs["identifier"]


def test_the_suffix_defaults_to_the_stack_name_and_can_be_set() -> None:
    prod, staging = Path("Pulumi.prod.yaml"), Path("Pulumi.staging.yaml")
    assert _rds_identifier(plan_of(prod)) == "shopfront-prod-db"
    assert _rds_identifier(plan_of(staging)) == "shopfront-staging-db"
    assert _rds_identifier(plan_of(prod, sets=PIN)) == "shopfront-db"
    assert _rds_identifier(plan_of(prod, sets=("app.name_suffix=eu1",))) == "shopfront-eu1-db"


@pytest.mark.parametrize(
    ("suffix", "stack", "base"),
    [
        (None, "prod", "shop-prod"),
        (None, "Team_EU.prod", "shop-team-eu-prod"),
        ("", "prod", "shop"),
        ("blue-2", "prod", "shop-blue-2"),
    ],
)
def test_the_base_of_the_physical_names(suffix: str | None, stack: str, base: str) -> None:
    assert physical_base(App(name="shop", name_suffix=suffix), stack) == base


def test_a_long_base_is_shortened_with_a_hash() -> None:
    app = App(name="a" * 40, name_suffix="b" * 40)
    base = physical_base(app, "prod")
    assert len(base) == 63 and base.startswith("a" * 40 + "-b") and re.fullmatch(r"[a-z0-9-]+", base)
    assert physical_base(App(name="a" * 40, name_suffix="b" * 39 + "c"), "prod") != base


@pytest.mark.parametrize("suffix", ["Prod", "-prod", "prod-", "pr_od", "x" * 41])
def test_a_bad_suffix_is_a_config_error(suffix: str) -> None:
    values = {
        "aws:region": "us-east-1",
        "stackyard:cloud": "aws",
        "stackyard:environment": "staging",
        "stackyard:app": json.dumps({"name": "shop", "name_suffix": suffix}),
    }
    with pytest.raises(ConfigError) as caught:
        load_stack_config(values)
    (problem,) = caught.value.problems
    assert problem.startswith("stackyard:app.name_suffix:"), problem
    assert "use lowercase letters" in problem or "at most 40" in problem, problem


# (type, input key) -> the provider's limit, for the names mocks do not check.
LIMITS = {
    ("aws:rds/instance:Instance", "identifier"): 63,
    ("aws:rds/instance:Instance", "finalSnapshotIdentifier"): 255,
    ("aws:elasticache/replicationGroup:ReplicationGroup", "replicationGroupId"): 40,
    ("aws:lb/loadBalancer:LoadBalancer", "name"): 32,
    ("aws:ecs/service:Service", "name"): 255,
    ("aws:ecs/taskDefinition:TaskDefinition", "family"): 255,
    ("aws:ecr/repository:Repository", "name"): 256,
    ("aws:s3/bucket:Bucket", "bucketPrefix"): 37,  # and 26 characters of the provider's: 63
    ("aws:iam/role:Role", "namePrefix"): 38,  # and 26 characters of the provider's: 64
    ("aws:cloudfront/originAccessControl:OriginAccessControl", "name"): 64,
    ("aws:cloudwatch/logDeliverySource:LogDeliverySource", "name"): 60,
    ("gcp:serviceaccount/account:Account", "accountId"): 30,
    ("gcp:sql/databaseInstance:DatabaseInstance", "name"): 63,
    ("gcp:redis/instance:Instance", "name"): 40,
    ("gcp:cloudrunv2/service:Service", "name"): 49,
    ("gcp:storage/bucket:Bucket", "name"): 63,
    ("gcp:compute/network:Network", "name"): 63,
    ("gcp:compute/uRLMap:URLMap", "name"): 63,
    ("gcp:secretmanager/secret:Secret", "secretId"): 255,
}
LONG = ("app.name=propflow-production-eu-central-analytics", "app.name_suffix=" + "s" * 40)


@pytest.mark.parametrize(
    "stack_file", [Path("Pulumi.prod.yaml"), Path("blueprints/karigar/Pulumi.gcp-prod.yaml")], ids=str
)
def test_names_fit_provider_limits_with_a_long_name_and_suffix(stack_file: Path) -> None:
    plan = plan_of(stack_file, sets=LONG)
    types = {r.urn: r.type for r in plan.resources}
    found = [
        (types[urn], key, value)
        for urn, names in physical_names(plan.resources).items()
        for key, value in names.items()
        if value is not None
    ]
    assert len({(t, k) for t, k, _ in found} & set(LIMITS)) >= 8
    too_long = sorted((t, v) for t, k, v in found if (t, k) in LIMITS and len(v) > LIMITS[t, k])
    assert not too_long
    for type_, _, value in found:
        if type_ == "aws:servicediscovery/privateDnsNamespace:PrivateDnsNamespace":
            assert all(len(label) <= 63 for label in value.split("."))
        if type_ == "gcp:serviceaccount/account:Account":
            assert re.fullmatch(r"[a-z][-a-z0-9]{4,28}[a-z0-9]", value)
        if type_ in ("aws:rds/instance:Instance", "gcp:sql/databaseInstance:DatabaseInstance"):
            assert re.fullmatch(r"[a-z](-?[a-z0-9])*", value), value
    # Two suffixes that differ only where the names are cut still give two sets of names (the hash).
    other = plan_of(stack_file, sets=(LONG[0], "app.name_suffix=" + "s" * 39 + "t"))
    assert not named(plan.resources) & named(other.resources)
