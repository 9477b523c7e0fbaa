"""`Vpc`: an AWS network with public, private (application) and isolated (data) subnets in every zone,
an internet gateway, NAT, route tables, an S3 gateway endpoint, optional interface endpoints, flow logs,
and the default security group stripped of its rules."""

import ipaddress
from typing import TypedDict

import pulumi
import pulumi_aws as aws

from ..bounds import OneOf, bounds
from ..checks import refuse_unknown_keys
from ..cidr import MAX_PREFIX, MIN_PREFIX, subnet_cidr
from ..limits import RETENTION
from . import vpc_extras, vpc_nat
from .naming import physical_base

MIN_ZONES, MAX_ZONES = 2, 6


# Where Kubernetes load balancer controllers (EKS Auto Mode's, the AWS Load Balancer Controller) put
# internet-facing and internal load balancers.
LOAD_BALANCER_ROLE = {
    "public": {"kubernetes.io/role/elb": "1"},
    "private": {"kubernetes.io/role/internal-elb": "1"},
}


class VpcArgs(TypedDict, total=False):
    cidr_block: str
    """IPv4 range of the VPC, /16 to /20. Default "10.0.0.0/16"."""
    zone_count: int
    """How many availability zones to use, 2-6. Default 2. Ignored when `availability_zones` is given."""
    availability_zones: list[str]
    """Zone names to use, in order (e.g. ["us-east-1a", "us-east-1b"]). Default: the region's first
    `zone_count` available zones. Pin them to keep a zone's subnets in place if the region's list changes."""
    nat: str
    """Outbound internet for private subnets: "none"; "single" (one NAT gateway); "per-zone" (one NAT
    gateway per zone, survives a zone outage); or "ec2" (one t4g.nano NAT instance, the cheapest, about
    a tenth of a gateway's hourly price, no zone redundancy). Default "per-zone"."""
    nat_instance_type: str
    """Instance type of the "ec2" NAT instance (an ARM type). Default "t4g.nano"."""
    isolated_subnets: bool
    """Create the isolated (data) tier: subnets with no route to the internet, for databases and caches.
    Default True."""
    interface_endpoints: list[str]
    """Interface endpoints in the private subnets so tasks reach AWS services without NAT: any of
    "ecr.api", "ecr.dkr", "secretsmanager", "logs", "ssm", "sts", "kms". Default []. An S3 gateway
    endpoint (free) is always created."""
    flow_logs: str
    """Where VPC flow logs go: "cloudwatch" (a log group with retention), "s3" (`flow_log_bucket_arn`)
    or "none". Default "cloudwatch"."""
    flow_log_retention_days: int
    """Retention of the flow log group. Default 90."""
    encrypt_logs: bool
    """Encrypt the flow log group (`flow_logs` "cloudwatch") with a customer-managed KMS key of its own
    (alias `alias/<physical_name>-flow-logs`, yearly rotation), whose key policy lets only CloudWatch Logs
    in the VPC's region use it, for that log group. About $1 a month. Default True; the staging profile
    turns it off (CloudWatch Logs' own encryption)."""
    flow_log_bucket_arn: pulumi.Input[str]
    """Bucket ARN for `flow_logs: "s3"`. Required then; ignored otherwise. Default None."""
    tags: dict[str, str]
    """Tags added to every resource. Default {}."""
    physical_name: str
    """The base of the physical names of this component's cloud resources (the flow log group
    `/vpc/<physical_name>/flow-log-…`; the VPC itself has none). Default: the component's name. Give each
    stack its own (e.g. "shop-staging") so that two stacks in one account are told apart, while the logical
    names, and so the URNs, stay the same. 1-63 lowercase letters, digits and hyphens, starting with a
    letter."""


# What each argument admits, checked before anything else (`components.bounds`); its bool arguments must be
# True or False by their type. `zone_count` (ignored when `availability_zones` is given) is checked in
# `_check_args`.
BOUNDS = bounds(
    VpcArgs,
    nat=OneOf(*vpc_nat.STRATEGIES),
    flow_logs=OneOf(*vpc_extras.FLOW_LOG_DESTINATIONS),
    flow_log_retention_days=RETENTION,
)


class SubnetSelection(TypedDict):
    """Where a component goes in a Vpc: the VPC and one tier's subnets, as `Vpc.public`, `Vpc.private` and
    `Vpc.isolated` give them (CDK's `SubnetSelection`). Spread it into the arguments of a component that
    takes `vpc_id` and `subnet_ids`: `ManagedPostgres("db", {**vpc.isolated, "multi_az": True})`. A network
    of your own is given the same two keys directly."""

    vpc_id: pulumi.Input[str]
    subnet_ids: pulumi.Input[list[str]]


class Vpc(pulumi.ComponentResource):
    """A VPC with public, private and isolated subnets per zone.

    Subnet CIDRs are planned deterministically (`components.cidr`): adding a zone or the isolated tier
    never renumbers an existing subnet. Public subnets route to an internet gateway and do not give
    instances public IPs; each private subnet has its own route table, whose default route goes to NAT;
    isolated subnets share a route table with no internet route at all. The default security group is
    adopted with no rules, and flow logs go to CloudWatch Logs with a 90-day retention.

    Example:

        net = Vpc("shop", {"cidr_block": "10.20.0.0/16", "zone_count": 3, "nat": "single"})
        pulumi.export("vpcId", net.vpc_id)

    Components are placed by tier rather than by loose ids: `{**net.isolated, ...}` for a database or
    cache, `{**net.private, ...}` for services and clusters, `{**net.public, ...}` for a public load
    balancer (each a `SubnetSelection`).
    """

    vpc_id: pulumi.Output[str]
    """The VPC id."""
    cidr_block: pulumi.Output[str]
    """The VPC's IPv4 range."""
    availability_zones: pulumi.Output[list[str]]
    """The zones used, in subnet order."""
    public_subnet_ids: pulumi.Output[list[str]]
    """Public subnet ids, one per zone."""
    public_subnet_cidrs: pulumi.Output[list[str]]
    """The public subnets' CIDR blocks, one per zone in zone order (where the public load balancers' nodes
    connect from, e.g. for a NetworkPolicy admitting an ALB with target type ip)."""
    private_subnet_ids: pulumi.Output[list[str]]
    """Private (application) subnet ids, one per zone."""
    isolated_subnet_ids: pulumi.Output[list[str]]
    """Isolated (data) subnet ids, one per zone; [] when `isolated_subnets` is False."""
    public_route_table_id: pulumi.Output[str]
    """The route table of the public subnets."""
    private_route_table_ids: pulumi.Output[list[str]]
    """The private subnets' route tables, one per zone."""
    isolated_route_table_id: pulumi.Output[str]
    """The isolated subnets' route table (no internet route); "" when there is no isolated tier."""
    nat_gateway_ids: pulumi.Output[list[str]]
    """NAT gateway ids (none, one, or one per zone; none with a NAT instance)."""
    default_security_group_id: pulumi.Output[str]
    """The VPC's default security group, kept with no rules."""

    def __init__(self, name: str, args: VpcArgs, opts: pulumi.ResourceOptions | None = None) -> None:
        refuse_unknown_keys(Vpc, VpcArgs, name, args, opts)
        cidr = args.get("cidr_block", "10.0.0.0/16")
        nat = args.get("nat", "per-zone")
        flow_logs = args.get("flow_logs", "cloudwatch")
        encrypt_logs = args.get("encrypt_logs", True)
        endpoints = list(args.get("interface_endpoints") or [])
        tags = dict(args.get("tags") or {})
        _check_args(cidr, args.get("zone_count", 2), args.get("availability_zones"))
        vpc_nat.check(nat, args.get("nat_instance_type", vpc_nat.DEFAULT_INSTANCE_TYPE))
        vpc_extras.check(endpoints, flow_logs, args.get("flow_log_bucket_arn"))
        base = physical_base("Vpc", name, args.get("physical_name"))
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
        default_group = aws.ec2.DefaultSecurityGroup(
            f"{name}-default",
            vpc_id=vpc.id,
            ingress=[],
            egress=[],
            tags=named("default-do-not-use"),
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
        isolated_table = (
            aws.ec2.RouteTable(f"{name}-isolated", vpc_id=vpc.id, tags=named("isolated"), opts=child)
            if args.get("isolated_subnets", True)
            else None
        )

        def subnet(tier: str, index: int, zone: str, table: aws.ec2.RouteTable) -> aws.ec2.Subnet:
            """The `tier` subnet of a zone, at its planned CIDR, associated with `table`."""
            created = aws.ec2.Subnet(
                f"{name}-{tier}-{zone}",
                vpc_id=vpc.id,
                cidr_block=subnet_cidr(cidr, tier, index),
                availability_zone=zone,
                map_public_ip_on_launch=False,
                tags={**named(f"{tier}-{zone}"), "stackyard:tier": tier, **LOAD_BALANCER_ROLE.get(tier, {})},
                opts=child,
            )
            aws.ec2.RouteTableAssociation(
                f"{name}-{tier}-{zone}", subnet_id=created.id, route_table_id=table.id, opts=child
            )
            return created

        public_subnets, private_subnets, isolated_subnets, private_tables = [], [], [], []
        for index, zone in enumerate(zones):
            public_subnets.append(subnet("public", index, zone, public_table))
            table = aws.ec2.RouteTable(
                f"{name}-private-{zone}", vpc_id=vpc.id, tags=named(f"private-{zone}"), opts=child
            )
            private_subnets.append(subnet("private", index, zone, table))
            private_tables.append(table)
            if isolated_table is not None:
                isolated_subnets.append(subnet("isolated", index, zone, isolated_table))

        nat_gateways = vpc_nat.create(
            self,
            name,
            strategy=nat,
            vpc=vpc,
            zones=zones,
            public_subnets=public_subnets,
            private_tables=private_tables,
            internet_gateway=igw,
            instance_type=args.get("nat_instance_type", vpc_nat.DEFAULT_INSTANCE_TYPE),
            tags=tags,
        )
        vpc_extras.gateway_endpoint(
            self, name, vpc, [*private_tables, *([isolated_table] if isolated_table else [])], tags
        )
        vpc_extras.interface_endpoints(self, name, vpc, private_subnets, endpoints, tags)
        vpc_extras.flow_log(
            self,
            name,
            vpc,
            base=base,
            destination=flow_logs,
            retention_days=args.get("flow_log_retention_days", 90),
            bucket_arn=args.get("flow_log_bucket_arn"),
            encrypt=encrypt_logs,
            tags=tags,
        )

        self.vpc_id = vpc.id
        self.cidr_block = vpc.cidr_block
        self.availability_zones = pulumi.Output.from_input(list(zones))
        self.public_subnet_ids = pulumi.Output.all(*[s.id for s in public_subnets])
        self.public_subnet_cidrs = pulumi.Output.all(*[s.cidr_block for s in public_subnets])
        self.private_subnet_ids = pulumi.Output.all(*[s.id for s in private_subnets])
        self.isolated_subnet_ids = pulumi.Output.all(*[s.id for s in isolated_subnets])
        self.public_route_table_id = public_table.id
        self.private_route_table_ids = pulumi.Output.all(*[t.id for t in private_tables])
        self.isolated_route_table_id = isolated_table.id if isolated_table else pulumi.Output.from_input("")
        self.nat_gateway_ids = pulumi.Output.all(*[g.id for g in nat_gateways])
        self.default_security_group_id = default_group.id
        self._has_isolated = bool(isolated_subnets)
        self.register_outputs(
            {
                "vpc_id": self.vpc_id,
                "cidr_block": self.cidr_block,
                "availability_zones": self.availability_zones,
                "public_subnet_ids": self.public_subnet_ids,
                "public_subnet_cidrs": self.public_subnet_cidrs,
                "private_subnet_ids": self.private_subnet_ids,
                "isolated_subnet_ids": self.isolated_subnet_ids,
                "public_route_table_id": self.public_route_table_id,
                "private_route_table_ids": self.private_route_table_ids,
                "isolated_route_table_id": self.isolated_route_table_id,
                "nat_gateway_ids": self.nat_gateway_ids,
                "default_security_group_id": self.default_security_group_id,
            }
        )

    @property
    def public(self) -> SubnetSelection:
        """The public tier (internet-facing load balancers): the VPC id and the public subnets."""
        return {"vpc_id": self.vpc_id, "subnet_ids": self.public_subnet_ids}

    @property
    def private(self) -> SubnetSelection:
        """The private tier (services, clusters; outbound through NAT): the VPC id and the private subnets."""
        return {"vpc_id": self.vpc_id, "subnet_ids": self.private_subnet_ids}

    @property
    def isolated(self) -> SubnetSelection:
        """The isolated tier (databases, caches; no route to the internet): the VPC id and the isolated
        subnets. A ValueError on a Vpc created with `isolated_subnets` False: place the data in `private`."""
        if not self._has_isolated:
            raise ValueError(
                "Vpc isolated: this Vpc has no isolated subnets (isolated_subnets False); use Vpc.private"
            )
        return {"vpc_id": self.vpc_id, "subnet_ids": self.isolated_subnet_ids}


def _check_args(cidr: str, zone_count: int, zones: list[str] | None) -> None:
    try:
        prefix = ipaddress.IPv4Network(cidr).prefixlen
    except ValueError:
        raise ValueError(f"Vpc cidr_block {cidr!r} is not an IPv4 CIDR block such as 10.0.0.0/16") from None
    if not MIN_PREFIX <= prefix <= MAX_PREFIX:
        raise ValueError(f"Vpc cidr_block {cidr} must have a prefix from /{MIN_PREFIX} to /{MAX_PREFIX}")
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
