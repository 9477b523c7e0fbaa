"""The AWS stack builder: what the root stack files create, and what stays put when the config grows."""

from __future__ import annotations

import pytest

from stacks.mocks import SECRET_MASK
from stacks.plan import Plan
from tests.conftest import plan_of

NAT = "aws:ec2/natGateway:NatGateway"
SUBNET = "aws:ec2/subnet:Subnet"


@pytest.fixture(scope="module")
def prod() -> Plan:
    return plan_of("Pulumi.prod.yaml")


@pytest.fixture(scope="module")
def staging() -> Plan:
    return plan_of("Pulumi.staging.yaml")


def test_prod_has_a_nat_gateway_in_every_zone(prod: Plan) -> None:
    nats = prod.of_type(NAT)
    zones = prod.outputs["availabilityZones"]
    assert len(zones) == 3 and len(nats) == 3
    public_zone = {s.id: s.inputs["availabilityZone"] for s in prod.of_type(SUBNET)}
    assert sorted(public_zone[n.inputs["subnetId"]] for n in nats) == sorted(zones)


def test_staging_reaches_the_internet_through_one_nat_instance_over_two_zones(staging: Plan) -> None:
    # The staging profile on AWS: a t4g.nano NAT instance (stacks/profiles.py CLOUD_PROFILES), no gateway.
    assert len(staging.of_type(NAT)) == 0
    (instance,) = staging.of_type("aws:ec2/instance:Instance")
    assert instance.inputs["instanceType"] == "t4g.nano" and instance.inputs["sourceDestCheck"] is False
    assert len(staging.outputs["availabilityZones"]) == 2
    assert len(staging.of_type(SUBNET)) == 6  # public, private and isolated in each zone


def test_the_stack_exports_the_network_ids(prod: Plan) -> None:
    vpc = prod.get("aws:ec2/vpc:Vpc::shopfront")
    assert prod.outputs["vpcId"] == vpc.id
    assert prod.outputs["vpcCidr"] == "10.20.0.0/16"
    subnet_ids = {s.id for s in prod.of_type(SUBNET)}
    tiers = ("publicSubnetIds", "privateSubnetIds", "isolatedSubnetIds")
    assert set().union(*(prod.outputs[tier] for tier in tiers)) == subnet_ids
    assert len(prod.outputs["privateRouteTableIds"]) == 3
    assert set(prod.outputs["natGatewayIds"]) == {n.id for n in prod.of_type(NAT)}


def test_app_secrets_go_to_secrets_manager_by_reference(prod: Plan) -> None:
    (secret,) = [
        s for s in prod.of_type("aws:secretsmanager/secret:Secret") if s.name == "shopfront-secret-key"
    ]
    (version,) = [
        v
        for v in prod.of_type("aws:secretsmanager/secretVersion:SecretVersion")
        if v.name == "shopfront-secret-key"
    ]
    assert secret.inputs["namePrefix"] == "shopfront-prod/SECRET_KEY-"
    assert secret.inputs["recoveryWindowInDays"] == 30
    assert version.inputs["secretString"] == SECRET_MASK
    assert prod.outputs["secretArns"] == {"SECRET_KEY": secret.id}


def test_every_resource_carries_the_stack_tags(prod: Plan) -> None:
    tagged = [r for r in prod.resources if r.custom and "tags" in r.inputs]
    assert len(tagged) >= 15
    for resource in tagged:
        assert resource.inputs["tags"]["app"] == "shopfront"
        assert resource.inputs["tags"]["environment"] == "prod"
        assert resource.inputs["tags"]["managed-by"] == "stackyard"


def test_adding_a_zone_leaves_existing_subnets_unchanged(staging: Plan) -> None:
    grown = plan_of("Pulumi.staging.yaml", sets=("app.network.zones=3",))
    before = {s.urn: s.inputs["cidrBlock"] for s in staging.of_type(SUBNET)}
    after = {s.urn: s.inputs["cidrBlock"] for s in grown.of_type(SUBNET)}
    assert len(after) == len(before) + 3
    assert {urn: after[urn] for urn in before} == before


def test_switching_nat_strategy_keeps_subnets_and_route_tables(staging: Plan) -> None:
    per_zone = plan_of("Pulumi.staging.yaml", sets=("app.network.nat=per-zone",))
    kept_types = (SUBNET, "aws:ec2/routeTable:RouteTable", "aws:ec2/vpc:Vpc")
    for type_ in kept_types:
        assert {r.urn: r.inputs for r in staging.of_type(type_)} == {
            r.urn: r.inputs for r in per_zone.of_type(type_)
        }
    assert len(per_zone.of_type(NAT)) == 2
