"""`Vpc`: an AWS network with public and private subnets in every zone, an internet gateway, NAT and
route tables."""

from __future__ import annotations

import ipaddress
from typing import TypedDict

import pulumi
import pulumi_aws as aws

from ..cidr import MAX_PREFIX, MIN_PREFIX, subnet_cidr

NAT_STRATEGIES = ("none", "single", "per-zone")
MIN_ZONES, MAX_ZONES = 2, 6


class VpcArgs(TypedDict, total=False):
    cidr_block: str
    """IPv4 range of the VPC, /16 to /20. Default "10.0.0.0/16"."""
    zone_count: int
    """How many availability zones to use, 2-6. Default 2. Ignored when `availability_zones` is given."""
    availability_zones: list[str]
    """Zone names to use, in order (e.g. ["us-east-1a", "us-east-1b"]). Default: the region's first
    `zone_count` available zones. Pin them to keep a zone's subnets in place if the region's list changes."""
    nat: str
    """Outbound internet for private subnets: "none", "single" (one NAT gateway, cheapest) or
    "per-zone" (one NAT gateway per zone, survives a zone outage). Default "per-zone"."""
    tags: dict[str, str]
    """Tags added to every resource. Default {}."""


class Vpc(pulumi.ComponentResource):
    """A VPC with a public and a private subnet per zone.

    Subnet CIDRs are planned deterministically (`components.cidr`): adding a zone never renumbers an
    existing subnet. Public subnets route to an internet gateway and do not give instances public IPs;
    private subnets each have their own route table, whose default route goes to a NAT gateway (one per
    zone, a single shared one, or none).

    Example:

        net = Vpc("shop", {"cidr_block": "10.20.0.0/16", "zone_count": 3, "nat": "single"})
        pulumi.export("vpcId", net.vpc_id)
    """

    vpc_id: pulumi.Output[str]
    """The VPC id."""
    cidr_block: pulumi.Output[str]
    """The VPC's IPv4 range."""
    availability_zones: pulumi.Output[list[str]]
    """The zones used, in subnet order."""
    public_subnet_ids: pulumi.Output[list[str]]
    """Public subnet ids, one per zone."""
    private_subnet_ids: pulumi.Output[list[str]]
    """Private (application) subnet ids, one per zone."""
    public_route_table_id: pulumi.Output[str]
    """The route table of the public subnets."""
    private_route_table_ids: pulumi.Output[list[str]]
    """The private subnets' route tables, one per zone."""
    nat_gateway_ids: pulumi.Output[list[str]]
    """NAT gateway ids (none, one, or one per zone)."""

    def __init__(self, name: str, args: VpcArgs, opts: pulumi.ResourceOptions | None = None) -> None:
        cidr = args.get("cidr_block", "10.0.0.0/16")
        nat = args.get("nat", "per-zone")
        tags = dict(args.get("tags") or {})
        _check_args(cidr, nat, args.get("zone_count", 2), args.get("availability_zones"))
        super().__init__("stackyard-aws:index:Vpc", name, None, opts)
        zones = args.get("availability_zones") or _first_zones(args.get("zone_count", 2), self)
        child = pulumi.ResourceOptions(parent=self)

        def named(suffix: str) -> dict[str, str]:
            return {**tags, "Name": f"{name}-{suffix}" if suffix else name}

        vpc = aws.ec2.Vpc(
            name,
            cidr_block=cidr,
            enable_dns_hostnames=True,
            enable_dns_support=True,
            tags=named(""),
            opts=child,
        )
        igw = aws.ec2.InternetGateway(f"{name}-igw", vpc_id=vpc.id, tags=named("igw"), opts=child)

        public_table = aws.ec2.RouteTable(f"{name}-public", vpc_id=vpc.id, tags=named("public"), opts=child)
        aws.ec2.Route(
            f"{name}-public-internet",
            route_table_id=public_table.id,
            destination_cidr_block="0.0.0.0/0",
            gateway_id=igw.id,
            opts=child,
        )

        def subnet(tier: str, index: int, zone: str, table: aws.ec2.RouteTable) -> aws.ec2.Subnet:
            """The `tier` subnet of a zone, at its planned CIDR, associated with `table`."""
            created = aws.ec2.Subnet(
                f"{name}-{tier}-{zone}",
                vpc_id=vpc.id,
                cidr_block=subnet_cidr(cidr, tier, index),
                availability_zone=zone,
                map_public_ip_on_launch=False,
                tags={**named(f"{tier}-{zone}"), "stackyard:tier": tier},
                opts=child,
            )
            aws.ec2.RouteTableAssociation(
                f"{name}-{tier}-{zone}", subnet_id=created.id, route_table_id=table.id, opts=child
            )
            return created

        public_subnets, private_subnets, private_tables, nat_gateways = [], [], [], []
        for index, zone in enumerate(zones):
            public = subnet("public", index, zone, public_table)
            public_subnets.append(public)
            table = aws.ec2.RouteTable(
                f"{name}-private-{zone}", vpc_id=vpc.id, tags=named(f"private-{zone}"), opts=child
            )
            private_subnets.append(subnet("private", index, zone, table))
            private_tables.append(table)

            if nat == "per-zone" or (nat == "single" and index == 0):
                eip = aws.ec2.Eip(f"{name}-nat-{zone}", domain="vpc", tags=named(f"nat-{zone}"), opts=child)
                nat_gateways.append(
                    aws.ec2.NatGateway(
                        f"{name}-nat-{zone}",
                        allocation_id=eip.id,
                        subnet_id=public.id,
                        connectivity_type="public",
                        tags=named(f"nat-{zone}"),
                        opts=pulumi.ResourceOptions(parent=self, depends_on=[igw]),
                    )
                )

        for index, (zone, table) in enumerate(zip(zones, private_tables, strict=True)):
            if not nat_gateways:
                continue
            gateway = nat_gateways[index] if nat == "per-zone" else nat_gateways[0]
            aws.ec2.Route(
                f"{name}-private-{zone}-nat",
                route_table_id=table.id,
                destination_cidr_block="0.0.0.0/0",
                nat_gateway_id=gateway.id,
                opts=child,
            )

        self.vpc_id = vpc.id
        self.cidr_block = vpc.cidr_block
        self.availability_zones = pulumi.Output.from_input(list(zones))
        self.public_subnet_ids = pulumi.Output.all(*[s.id for s in public_subnets])
        self.private_subnet_ids = pulumi.Output.all(*[s.id for s in private_subnets])
        self.public_route_table_id = public_table.id
        self.private_route_table_ids = pulumi.Output.all(*[t.id for t in private_tables])
        self.nat_gateway_ids = pulumi.Output.all(*[g.id for g in nat_gateways])
        self.register_outputs(
            {
                "vpc_id": self.vpc_id,
                "cidr_block": self.cidr_block,
                "availability_zones": self.availability_zones,
                "public_subnet_ids": self.public_subnet_ids,
                "private_subnet_ids": self.private_subnet_ids,
                "public_route_table_id": self.public_route_table_id,
                "private_route_table_ids": self.private_route_table_ids,
                "nat_gateway_ids": self.nat_gateway_ids,
            }
        )


def _check_args(cidr: str, nat: str, zone_count: int, zones: list[str] | None) -> None:
    try:
        prefix = ipaddress.IPv4Network(cidr).prefixlen
    except ValueError:
        raise ValueError(f"Vpc cidr_block {cidr!r} is not an IPv4 CIDR block such as 10.0.0.0/16") from None
    if not MIN_PREFIX <= prefix <= MAX_PREFIX:
        raise ValueError(f"Vpc cidr_block {cidr} must have a prefix from /{MIN_PREFIX} to /{MAX_PREFIX}")
    if nat not in NAT_STRATEGIES:
        raise ValueError(f"Vpc nat {nat!r} is not allowed; use one of {', '.join(NAT_STRATEGIES)}")
    count = len(zones) if zones else zone_count
    if not MIN_ZONES <= count <= MAX_ZONES:
        raise ValueError(f"Vpc zone_count {count} is not allowed; use {MIN_ZONES} to {MAX_ZONES} zones")
    if zones and len(set(zones)) != len(zones):
        raise ValueError(f"Vpc availability_zones {zones} repeats a zone")


def _first_zones(count: int, parent: pulumi.Resource) -> list[str]:
    found = aws.get_availability_zones(
        state="available",
        filters=[{"name": "opt-in-status", "values": ["opt-in-not-required"]}],
        opts=pulumi.InvokeOptions(parent=parent),
    )
    if len(found.names) < count:
        raise ValueError(
            f"Vpc zone_count {count}: the region has only {len(found.names)} available zones "
            f"({', '.join(found.names)})"
        )
    return list(found.names[:count])
