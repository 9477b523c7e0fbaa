"""components.aws.Vpc: subnets per zone, deterministic CIDRs, internet gateway, NAT strategies, routes."""

from __future__ import annotations

import json
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
            "isolated": vpc.isolated_subnet_ids,
            "isolated_table": vpc.isolated_route_table_id,
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
    for tier in ("public", "private", "isolated"):
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
    untaggable = (ROUTE, ASSOCIATION, "aws:iam/rolePolicy:RolePolicy", "aws:kms/alias:Alias")
    tagged = [r for r in monitor.registrations.values() if r.custom and r.type not in untaggable]
    assert tagged and all(r.inputs["tags"]["team"] == "web" and r.inputs["tags"]["Name"] for r in tagged)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ({"nat": "gateway"}, "Vpc nat 'gateway' is not allowed; use one of none, single, per-zone, ec2"),
        ({"nat": "ec2", "nat_instance_type": "t3.nano"}, "Vpc nat_instance_type 't3.nano' is not allowed"),
        ({"interface_endpoints": ["dynamodb"]}, r"Vpc interface_endpoints \['dynamodb'\] is not allowed"),
        ({"flow_logs": "kinesis"}, "Vpc flow_logs 'kinesis' is not allowed; use one of cloudwatch, s3, none"),
        ({"flow_logs": "s3"}, "Vpc flow_log_bucket_arn is required"),
        (
            {"flow_log_retention_days": 10},
            "Vpc flow_log_retention_days 10 is not allowed; use one of 1, 3, 5",
        ),
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


def test_isolated_subnets_have_no_route_to_the_internet(monitor: RecordingMonitor) -> None:
    out = build(monitor, {"zone_count": 3, "nat": "per-zone"})
    isolated = subnets(monitor, "isolated")
    assert len(isolated) == 3 and sorted(out["isolated"]) == sorted(s.id for s in isolated)
    links = {a.inputs["subnetId"]: a.inputs["routeTableId"] for a in of_type(monitor, ASSOCIATION)}
    assert {links[s.id] for s in isolated} == {out["isolated_table"]}
    assert out["isolated_table"] not in default_routes(monitor)
    assert all(r.inputs["routeTableId"] != out["isolated_table"] for r in of_type(monitor, ROUTE))


def test_isolated_tier_can_be_left_out(monitor: RecordingMonitor) -> None:
    out = build(monitor, {"isolated_subnets": False})
    assert subnets(monitor, "isolated") == [] and out["isolated"] == [] and out["isolated_table"] == ""


def test_default_security_group_is_adopted_with_no_rules(monitor: RecordingMonitor) -> None:
    out = build(monitor, {})
    (group,) = of_type(monitor, "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup")
    assert group.inputs["vpcId"] == out["vpc_id"]
    assert group.inputs["ingress"] == [] and group.inputs["egress"] == []


def test_flow_logs_go_to_a_log_group_with_retention_through_a_scoped_role(monitor: RecordingMonitor) -> None:
    out = build(monitor, {})
    (flow,) = of_type(monitor, "aws:ec2/flowLog:FlowLog")
    (group,) = of_type(monitor, "aws:cloudwatch/logGroup:LogGroup")
    (role,) = of_type(monitor, "aws:iam/role:Role")
    (policy,) = of_type(monitor, "aws:iam/rolePolicy:RolePolicy")
    assert flow.inputs["vpcId"] == out["vpc_id"] and flow.inputs["trafficType"] == "ALL"
    assert flow.inputs["logDestinationType"] == "cloud-watch-logs"
    assert (
        flow.inputs["logDestination"] == group.state["arn"] and flow.inputs["iamRoleArn"] == role.state["arn"]
    )
    assert group.inputs["retentionInDays"] == 90
    trust = json.loads(role.inputs["assumeRolePolicy"])["Statement"][0]
    assert trust["Principal"] == {"Service": "vpc-flow-logs.amazonaws.com"}
    (statement,) = json.loads(policy.inputs["policy"])["Statement"]
    assert statement["Resource"] == [group.state["arn"], f"{group.state['arn']}:*"]
    assert "*" not in statement["Action"] and all(a.startswith("logs:") for a in statement["Action"])


def test_flow_logs_to_s3_or_none(monitor: RecordingMonitor) -> None:
    build(monitor, {"flow_logs": "s3", "flow_log_bucket_arn": "arn:aws:s3:::logs"})
    (flow,) = of_type(monitor, "aws:ec2/flowLog:FlowLog")
    assert (flow.inputs["logDestinationType"], flow.inputs["logDestination"]) == ("s3", "arn:aws:s3:::logs")
    assert of_type(monitor, "aws:cloudwatch/logGroup:LogGroup") == []


def test_s3_gateway_endpoint_serves_private_and_isolated_tables(monitor: RecordingMonitor) -> None:
    out = build(monitor, {"zone_count": 2})
    (endpoint,) = of_type(monitor, "aws:ec2/vpcEndpoint:VpcEndpoint")
    assert endpoint.inputs["serviceName"] == "com.amazonaws.us-east-1.s3"
    assert endpoint.inputs["vpcEndpointType"] == "Gateway"
    assert sorted(endpoint.inputs["routeTableIds"]) == sorted([*out["private_tables"], out["isolated_table"]])


def test_interface_endpoints_are_private_and_reachable_only_from_the_vpc(monitor: RecordingMonitor) -> None:
    out = build(monitor, {"interface_endpoints": ["ecr.api", "ecr.dkr", "secretsmanager", "logs"]})
    endpoints = [
        e
        for e in of_type(monitor, "aws:ec2/vpcEndpoint:VpcEndpoint")
        if e.inputs["vpcEndpointType"] == "Interface"
    ]
    assert sorted(e.inputs["serviceName"] for e in endpoints) == [
        "com.amazonaws.us-east-1.ecr.api",
        "com.amazonaws.us-east-1.ecr.dkr",
        "com.amazonaws.us-east-1.logs",
        "com.amazonaws.us-east-1.secretsmanager",
    ]
    assert all(
        e.inputs["privateDnsEnabled"] and sorted(e.inputs["subnetIds"]) == sorted(out["private"])
        for e in endpoints
    )
    (rule,) = of_type(monitor, "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule")
    assert (rule.inputs["fromPort"], rule.inputs["toPort"], rule.inputs["cidrIpv4"]) == (
        443,
        443,
        "10.0.0.0/16",
    )


def test_nat_instance_is_found_by_lookup_and_routes_every_private_table(monitor: RecordingMonitor) -> None:
    out = build(monitor, {"zone_count": 3, "nat": "ec2"})
    assert of_type(monitor, NAT) == [] and out["nat"] == []
    (instance,) = of_type(monitor, "aws:ec2/instance:Instance")
    assert instance.inputs["instanceType"] == "t4g.nano" and instance.inputs["sourceDestCheck"] is False
    assert instance.inputs["metadataOptions"]["httpTokens"] == "required"
    assert instance.inputs["rootBlockDevice"]["encrypted"] is True
    assert "MASQUERADE" in instance.inputs["userData"]
    lookups = [args for token, args in monitor.mocks.calls if token == "aws:ec2/getAmi:getAmi"]
    assert lookups and lookups[0]["owners"] == ["amazon"] and lookups[0]["mostRecent"] is True
    assert {"name": "architecture", "values": ["arm64"]} in lookups[0]["filters"]
    assert instance.inputs["ami"].startswith("ami-0")
    (eip,) = of_type(monitor, "aws:ec2/eip:Eip")
    assert eip.inputs["instance"] == instance.id
    routes = default_routes(monitor)
    interface = instance.state["primaryNetworkInterfaceId"]
    assert interface.startswith("eni-0") and instance.inputs["subnetId"] in out["public"]
    assert [routes[t].inputs["networkInterfaceId"] for t in out["private_tables"]] == [interface] * 3
    ingress = of_type(monitor, "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule")
    assert [r.inputs["cidrIpv4"] for r in ingress] == ["10.0.0.0/16"]


def test_adding_the_isolated_tier_renumbers_nothing(monitor: RecordingMonitor) -> None:
    @pulumi.runtime.test
    def program() -> None:
        Vpc("before", {"zone_count": 3, "isolated_subnets": False})
        Vpc("after", {"zone_count": 3, "isolated_subnets": True})

    program()

    def cidrs(vpc: str) -> dict[str, str]:
        return {
            s.name.removeprefix(f"{vpc}-"): s.inputs["cidrBlock"]
            for s in of_type(monitor, SUBNET)
            if s.name.startswith(f"{vpc}-")
        }

    before, after = cidrs("before"), cidrs("after")
    assert len(before) == 6 and len(after) == 9
    assert {k: after[k] for k in before} == before


def test_components_are_placed_by_tier(monitor: RecordingMonitor) -> None:
    """`vpc.isolated`, `vpc.private` and `vpc.public` spread into a component's arguments place it in that
    tier's subnets of that VPC (no loose ids to mix up)."""
    from components.aws import ManagedPostgres

    found: dict[str, Any] = {}

    @pulumi.runtime.test
    def program() -> pulumi.Output[Any]:
        net = Vpc("shop", {"cidr_block": "10.20.0.0/16", "zone_count": 2, "nat": "none"})
        ManagedPostgres("db", {**net.isolated, "multi_az": False, "protect": False})
        tiers = {"public": net.public, "private": net.private, "isolated": net.isolated}
        return pulumi.Output.all(
            **{tier: pulumi.Output.all(s["vpc_id"], s["subnet_ids"]) for tier, s in tiers.items()}
        ).apply(found.update)

    program()
    subnets = {r.id: r.name for r in of_type(monitor, "aws:ec2/subnet:Subnet")}
    (vpc,) = of_type(monitor, "aws:ec2/vpc:Vpc")
    for tier, (vpc_id, ids) in found.items():
        assert vpc_id == vpc.id
        assert len(ids) == 2 and all(f"-{tier}-" in subnets[i] for i in ids), (
            tier,
            [subnets[i] for i in ids],
        )
    (group,) = of_type(monitor, "aws:rds/subnetGroup:SubnetGroup")
    assert group.inputs["subnetIds"] == found["isolated"][1]


def test_a_vpc_without_an_isolated_tier_refuses_isolated_placement(monitor: RecordingMonitor) -> None:
    @pulumi.runtime.test
    def program() -> None:
        net = Vpc("shop", {"nat": "none", "isolated_subnets": False})
        with pytest.raises(ValueError, match=r"no isolated subnets .* use Vpc\.private"):
            _ = net.isolated

    program()
