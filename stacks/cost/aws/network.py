"""AWS networking: the VPC and its configuration, NAT gateways, elastic IPs, VPC endpoints and flow
logs."""

from __future__ import annotations

from ..context import Context, Outcome, Resource, Rule, free, not_priced
from .common import H, registrar

FREE: dict[str, str] = {
    **dict.fromkeys(
        (
            "aws:ec2/vpc:Vpc",
            "aws:ec2/subnet:Subnet",
            "aws:ec2/routeTable:RouteTable",
            "aws:ec2/route:Route",
            "aws:ec2/routeTableAssociation:RouteTableAssociation",
            "aws:ec2/internetGateway:InternetGateway",
            "aws:ec2/securityGroup:SecurityGroup",
            "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup",
            "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
            "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule",
            "aws:ec2/networkInterface:NetworkInterface",
        ),
        "network configuration: no charge of its own",
    ),
}

NOT_PRICED: dict[str, str] = {}

RULES: dict[str, Rule] = {}
rule = registrar(RULES)


@rule("aws:ec2/natGateway:NatGateway")
def nat_gateway(r: Resource, ctx: Context) -> Outcome:
    usage = ctx.usage_of(r, "nat_gateway")
    return Outcome(
        [
            ctx.fixed("NAT gateway", H, "hours", "ec2.nat_gateway.hour"),
            ctx.use(
                "Data processed",
                usage["data_processed_gb"],
                "GB",
                "ec2.nat_gateway.gb",
                "nat_gateway.data_processed_gb",
            ),
        ]
    )


@rule("aws:ec2/eip:Eip")
def elastic_ip(r: Resource, ctx: Context) -> Outcome:
    return Outcome([ctx.fixed("Public IPv4 address", H, "hours", "ec2.public_ipv4.hour")])


@rule("aws:ec2/vpcEndpoint:VpcEndpoint")
def vpc_endpoint(r: Resource, ctx: Context) -> Outcome:
    kind = str(r.get("vpcEndpointType", "Gateway"))
    if kind == "Gateway":
        return free("gateway endpoints (S3, DynamoDB) have no charge")
    if kind != "Interface":
        return not_priced(f"a {kind} endpoint; only interface endpoints are in the table")
    zones = len(r.get("subnetIds", [])) or 1
    usage = ctx.usage_of(r, "vpc_endpoint")
    return Outcome(
        [
            ctx.fixed(
                f"Interface endpoint ({zones} zones)",
                zones * H,
                "endpoint-AZ-hours",
                "vpc.interface_endpoint.az_hour",
            ),
            ctx.use(
                "Data processed",
                usage["data_processed_gb"],
                "GB",
                "vpc.interface_endpoint.gb",
                "vpc_endpoint.data_processed_gb",
            ),
        ]
    )


@rule("aws:ec2/flowLog:FlowLog")
def flow_log(r: Resource, ctx: Context) -> Outcome:
    if r.get("logDestinationType", "cloud-watch-logs") == "cloud-watch-logs":
        return free("its records are billed as ingestion and storage of its log group, priced there")
    return not_priced(
        "flow logs delivered to S3 or Firehose are billed per GB as vended logs; not in the table"
    )
