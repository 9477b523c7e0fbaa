"""components.aws.Vpc: subnets per zone, deterministic CIDRs, internet gateway, NAT strategies, routes."""

from __future__ import annotations

from typing import Any

import pulumi
import pytest

from components.aws import Vpc, VpcArgs
from components.cidr import subnet_cidr
from stacks.mocks import RecordingMonitor, Registration
from tests.conftest import of_type
from tests.docexamples import run_docstring_example

SUBNET = "aws:ec2/subnet:Subnet"
NAT = "aws:ec2/natGateway:NatGateway"
ROUTE = "aws:ec2/route:Route"
TABLE = "aws:ec2/routeTable:RouteTable"
ASSOCIATION = "aws:ec2/routeTableAssociation:RouteTableAssociation"


def build(monitor: RecordingMonitor, args: VpcArgs) -> dict[str, Any]:
    """Create a Vpc named `net` under mocks; return its resolved outputs."""
    resolved: dict[str, Any] = {}

    @pulumi.runtime.test
    def program() -> pulumi.Output:
        vpc = Vpc("net", args)
        outputs = {
            "vpc_id": vpc.vpc_id,
            "public": vpc.public_subnet_ids,
            "private": vpc.private_subnet_ids,
            "nat": vpc.nat_gateway_ids,
            "zones": vpc.availability_zones,
            "private_tables": vpc.private_route_table_ids,
            "public_table": vpc.public_route_table_id,
        }
        return pulumi.Output.all(**outputs).apply(resolved.update)

    program()
    assert resolved, "the Vpc's outputs never resolved"
    return resolved


def by_id(monitor: RecordingMonitor, type_: str) -> dict[str, Registration]:
    return {r.id or "": r for r in of_type(monitor, type_)}


def subnets(monitor: RecordingMonitor, tier: str) -> list[Registration]:
    return [s for s in of_type(monitor, SUBNET) if s.inputs["tags"]["stackyard:tier"] == tier]


def default_routes(monitor: RecordingMonitor) -> dict[str, Registration]:
    """Route table id -> its 0.0.0.0/0 route."""
    return {
        r.inputs["routeTableId"]: r
        for r in of_type(monitor, ROUTE)
        if r.inputs["destinationCidrBlock"] == "0.0.0.0/0"
    }


def test_subnets_per_zone_with_planned_cidrs(monitor: RecordingMonitor) -> None:
    out = build(monitor, {"cidr_block": "10.20.0.0/16", "zone_count": 3})
    assert out["zones"] == ["us-east-1a", "us-east-1b", "us-east-1c"]
    for tier in ("public", "private"):
        found = sorted(subnets(monitor, tier), key=lambda s: s.inputs["availabilityZone"])
        assert [s.inputs["availabilityZone"] for s in found] == out["zones"]
        assert [s.inputs["cidrBlock"] for s in found] == [
            subnet_cidr("10.20.0.0/16", tier, i) for i in range(3)
        ]
        assert all(s.inputs["mapPublicIpOnLaunch"] is False for s in found)
    assert sorted(out["public"]) == sorted(s.id for s in subnets(monitor, "public"))
    assert sorted(out["private"]) == sorted(s.id for s in subnets(monitor, "private"))


def test_vpc_has_dns_and_an_internet_gateway_route(monitor: RecordingMonitor) -> None:
    out = build(monitor, {})
    (vpc,) = of_type(monitor, "aws:ec2/vpc:Vpc")
    assert vpc.inputs["cidrBlock"] == "10.0.0.0/16" and vpc.id == out["vpc_id"]
    assert vpc.inputs["enableDnsHostnames"] is True and vpc.inputs["enableDnsSupport"] is True
    (igw,) = of_type(monitor, "aws:ec2/internetGateway:InternetGateway")
    assert igw.inputs["vpcId"] == vpc.id
    public_route = default_routes(monitor)[out["public_table"]]
    assert public_route.inputs["gatewayId"] == igw.id
    public_ids = set(out["public"])
    public_links = [a for a in of_type(monitor, ASSOCIATION) if a.inputs["subnetId"] in public_ids]
    assert len(public_links) == 2 and {a.inputs["routeTableId"] for a in public_links} == {
        out["public_table"]
    }


def test_nat_per_zone_routes_each_zone_to_its_own_gateway(monitor: RecordingMonitor) -> None:
    out = build(monitor, {"zone_count": 3, "nat": "per-zone"})
    nats = by_id(monitor, NAT)
    assert len(nats) == 3 and len(of_type(monitor, "aws:ec2/eip:Eip")) == 3
    public_zone = {s.id: s.inputs["availabilityZone"] for s in subnets(monitor, "public")}
    tables = by_id(monitor, TABLE)
    routes = default_routes(monitor)
    for table_id in out["private_tables"]:
        zone = tables[table_id].name.removeprefix("net-private-")
        nat = nats[routes[table_id].inputs["natGatewayId"]]
        assert public_zone[nat.inputs["subnetId"]] == zone
    assert all(n.inputs["connectivityType"] == "public" for n in nats.values())


def test_single_nat_is_shared_by_every_zone(monitor: RecordingMonitor) -> None:
    out = build(monitor, {"zone_count": 3, "nat": "single"})
    (nat,) = of_type(monitor, NAT)
    routes = default_routes(monitor)
    assert [routes[t].inputs["natGatewayId"] for t in out["private_tables"]] == [nat.id] * 3
    assert out["nat"] == [nat.id]


def test_no_nat_means_no_default_route_from_private_subnets(monitor: RecordingMonitor) -> None:
    out = build(monitor, {"nat": "none"})
    assert of_type(monitor, NAT) == [] and of_type(monitor, "aws:ec2/eip:Eip") == []
    routes = default_routes(monitor)
    assert not any(t in routes for t in out["private_tables"])
    assert out["nat"] == []


def test_each_private_subnet_has_its_own_route_table(monitor: RecordingMonitor) -> None:
    out = build(monitor, {"zone_count": 2})
    private_ids = set(out["private"])
    links = {a.inputs["subnetId"]: a.inputs["routeTableId"] for a in of_type(monitor, ASSOCIATION)}
    assert sorted(links[s] for s in private_ids) == sorted(out["private_tables"])
    assert len(set(out["private_tables"])) == 2


def test_pinned_zones_are_used_in_order(monitor: RecordingMonitor) -> None:
    out = build(monitor, {"availability_zones": ["us-east-1d", "us-east-1b"], "nat": "single"})
    assert out["zones"] == ["us-east-1d", "us-east-1b"]
    (first,) = [s for s in subnets(monitor, "private") if s.inputs["availabilityZone"] == "us-east-1d"]
    assert first.inputs["cidrBlock"] == "10.0.0.0/20"


def test_every_child_is_parented_to_the_component(monitor: RecordingMonitor) -> None:
    build(monitor, {})
    (component,) = of_type(monitor, "stackyard-aws:index:Vpc")
    children = [r for r in monitor.registrations.values() if r.custom]
    assert children and all(r.parent == component.urn for r in children)
    assert component.urn == "urn:pulumi:test::stackyard::stackyard-aws:index:Vpc::net"


def test_tags_reach_every_taggable_resource(monitor: RecordingMonitor) -> None:
    build(monitor, {"tags": {"team": "web"}})
    tagged = [r for r in monitor.registrations.values() if r.custom and r.type not in (ROUTE, ASSOCIATION)]
    assert tagged and all(r.inputs["tags"]["team"] == "web" and r.inputs["tags"]["Name"] for r in tagged)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ({"nat": "gateway"}, "Vpc nat 'gateway' is not allowed; use one of none, single, per-zone"),
        ({"zone_count": 1}, "Vpc zone_count 1 is not allowed; use 2 to 6 zones"),
        ({"zone_count": 7}, "Vpc zone_count 7 is not allowed; use 2 to 6 zones"),
        ({"cidr_block": "10.0.0.0/8"}, "Vpc cidr_block 10.0.0.0/8 must have a prefix from /16 to /20"),
        ({"cidr_block": "ten"}, "Vpc cidr_block 'ten' is not an IPv4 CIDR block"),
        ({"availability_zones": ["us-east-1a", "us-east-1a"]}, "repeats a zone"),
    ],
)
def test_bad_arguments_raise_clear_errors(monitor: RecordingMonitor, args: VpcArgs, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        Vpc("bad", args)
    assert monitor.registrations == {}  # checked before anything is registered, the component included


def test_docstring_example_runs(monitor: RecordingMonitor) -> None:
    run_docstring_example(Vpc)
    assert len(of_type(monitor, NAT)) == 1
    assert {s.inputs["cidrBlock"] for s in subnets(monitor, "public")} == {
        subnet_cidr("10.20.0.0/16", "public", i) for i in range(3)
    }
