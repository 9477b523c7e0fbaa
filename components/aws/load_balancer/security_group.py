"""The load balancer's security group: 80 and 443 from the world (IPv4 and IPv6), or with `internal` 80 from
the VPC only (where CloudFront's VPC origin reaches it from), out only to the VPC."""

import pulumi
import pulumi_aws as aws

from .settings import LoadBalancerArgs, _named


def security_group(
    owner: pulumi.Resource, name: str, args: LoadBalancerArgs, tags: dict[str, str], internal: bool = False
) -> aws.ec2.SecurityGroup:
    """The load balancer's security group: 80 and 443 from anywhere (IPv4 and IPv6), or with `internal` 80
    from the VPC's range only (CloudFront's VPC origin creates its network interfaces in the load balancer's
    subnets), out only to the VPC's range (listener forwards and health checks). No inline rules, so the
    provider also removes AWS's default allow-all egress rule."""
    child = pulumi.ResourceOptions(parent=owner)
    vpc_cidr = args.get("vpc_cidr")
    if vpc_cidr is None:
        vpc_cidr = aws.ec2.get_vpc_output(
            id=args["vpc_id"], opts=pulumi.InvokeOutputOptions(parent=owner)
        ).cidr_block
    group = aws.ec2.SecurityGroup(
        f"{name}-sg",
        vpc_id=args["vpc_id"],
        description=(
            f"Internal load balancer {name}: 80 from the VPC (CloudFront VPC origin), out to the VPC only"
            if internal
            else f"Public load balancer {name}: 80 and 443 from the internet, out to the VPC only"
        ),
        tags=_named(tags, name, "sg"),
        opts=child,
    )
    for suffix, port, cidr_ipv4, cidr_ipv6, description in _ingress(vpc_cidr, internal):
        aws.vpc.SecurityGroupIngressRule(
            f"{name}-{suffix}",
            security_group_id=group.id,
            ip_protocol="tcp",
            from_port=port,
            to_port=port,
            cidr_ipv4=cidr_ipv4,
            cidr_ipv6=cidr_ipv6,
            description=description,
            tags=_named(tags, name, suffix),
            opts=child,
        )
    aws.vpc.SecurityGroupEgressRule(
        f"{name}-to-vpc",
        security_group_id=group.id,
        ip_protocol="tcp",
        from_port=0,
        to_port=65535,
        cidr_ipv4=vpc_cidr,
        description="To targets in the VPC (requests and health checks)",
        tags=_named(tags, name, "to-vpc"),
        opts=child,
    )
    return group


def _ingress(
    vpc_cidr: pulumi.Input[str], internal: bool
) -> list[tuple[str, int, pulumi.Input[str] | None, str | None, str]]:
    """The ingress rules as (suffix, port, IPv4 range, IPv6 range, description): HTTP from the VPC when
    `internal`, otherwise HTTPS and HTTP from the whole internet (IPv4 and IPv6)."""
    if internal:
        return [
            ("http-vpc", 80, vpc_cidr, None, "HTTP from the VPC: CloudFront's VPC origin network interfaces")
        ]
    rules: list[tuple[str, int, pulumi.Input[str] | None, str | None, str]] = []
    for port, protocol in ((443, "HTTPS"), (80, "HTTP")):
        for family, cidr in (("ipv4", "0.0.0.0/0"), ("ipv6", "::/0")):
            description = f"{protocol} from the internet ({'IPv4' if family == 'ipv4' else 'IPv6'})" + (
                ", redirected to HTTPS" if port == 80 else ""
            )
            ipv4, ipv6 = (cidr, None) if family == "ipv4" else (None, cidr)
            rules.append((f"{protocol.lower()}-{family}", port, ipv4, ipv6, description))
    return rules
