"""The AWS network: security groups and their rules (ingress from the internet, the public load balancer's
exception), the VPC's default security group, subnets and flow logs."""

from __future__ import annotations

import ipaddress
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ..model import ADVISORY, MANDATORY, Resource, Rule, rule, stack_rule
from .edge import LOAD_BALANCERS
from .helpers import _int, _is_world, _items, _join, _mapping, _raw, _strings, _unknown

RULES: list[Rule] = []


SECURITY_GROUP = "aws:ec2/securityGroup:SecurityGroup"
DEFAULT_SECURITY_GROUP = "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup"
INGRESS_RULE = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule"
INSTANCE = "aws:ec2/instance:Instance"
SECURITY_GROUP_RULE = "aws:ec2/securityGroupRule:SecurityGroupRule"
SUBNET = "aws:ec2/subnet:Subnet"
VPC = "aws:ec2/vpc:Vpc"
FLOW_LOG = "aws:ec2/flowLog:FlowLog"
HTTP_PORTS = (80, 443)


@dataclass(frozen=True)
class _Ingress:
    """One ingress permission, normalised: protocol "-1" means all; ports None when absent or unknown."""

    cidrs: tuple[str, ...]
    protocol: str
    from_port: int | None
    to_port: int | None

    def describe(self) -> str:
        if self.protocol == "-1":
            return "all protocols"
        if self.from_port is not None and self.from_port == self.to_port:
            return f"{self.protocol.upper()} {self.from_port}"
        return f"{self.protocol.upper()} {self.from_port}-{self.to_port}"

    @property
    def web(self) -> bool:
        """TCP 80 or 443 alone: the public load balancer's ports."""
        return self.protocol == "tcp" and self.from_port == self.to_port and self.from_port in HTTP_PORTS

    @property
    def all_ports(self) -> bool:
        if self.protocol == "-1":
            return True
        return (
            self.protocol in ("tcp", "udp")
            and self.from_port is not None
            and self.from_port <= 1
            and self.to_port == 65535
        )


_PROTOCOLS = {"6": "tcp", "17": "udp", "all": "-1", "-1": "-1"}


def _ingress(entry: Mapping[str, Any], cidr_keys: Sequence[str], protocol_key: str) -> _Ingress | None:
    protocol = entry.get(protocol_key)
    if protocol is None or _unknown(protocol):
        return None
    name = str(protocol).lower()
    cidrs: list[str] = []
    for key in cidr_keys:
        cidrs.extend(c for c in _strings(entry.get(key)) if not _unknown(c))
    return _Ingress(
        cidrs=tuple(cidrs),
        protocol=_PROTOCOLS.get(name, name),
        from_port=_int(entry.get("fromPort")),
        to_port=_int(entry.get("toPort")),
    )


def _ingress_rules(resource: Resource) -> list[_Ingress]:
    """The ingress permissions a resource grants (unknown ones left out)."""
    found: list[_Ingress | None] = []
    if resource.type == INGRESS_RULE:
        found.append(_ingress(resource.inputs, ("cidrIpv4", "cidrIpv6"), "ipProtocol"))
    elif resource.type == SECURITY_GROUP_RULE:
        if _raw(resource, "type") == "ingress":
            found.append(_ingress(resource.inputs, ("cidrBlocks", "ipv6CidrBlocks"), "protocol"))
    else:
        for entry in _items(_raw(resource, "ingress")):
            found.append(_ingress(_mapping(entry), ("cidrBlocks", "ipv6CidrBlocks"), "protocol"))
    return [i for i in found if i is not None]


INGRESS_TYPES = (INGRESS_RULE, SECURITY_GROUP_RULE, SECURITY_GROUP, DEFAULT_SECURITY_GROUP)


@rule(
    "aws-sg-no-world-ingress",
    MANDATORY,
    INGRESS_TYPES,
    "Nothing is open to the internet except TCP 80 (redirect) and 443, the public load balancer's "
    "documented exception (cdk-nag EC23, CRP aws-ec2-securitygroup-disallow-public-internet-ingress, "
    "checkov CKV_AWS_277).",
    "admit other security groups (allow_from) or private ranges instead of 0.0.0.0/0 or ::/0",
    RULES,
)
def _no_world_ingress(resource: Resource) -> str | None:
    return _join(
        f"{', '.join(c for c in i.cidrs if _is_world(c))} may reach {i.describe()}"
        for i in _ingress_rules(resource)
        if any(_is_world(c) for c in i.cidrs)
        and not i.web
        and (i.protocol == "-1" or i.from_port is not None)
    )


@stack_rule(
    "aws-sg-no-all-ports-ingress",
    MANDATORY,
    (*INGRESS_TYPES, INSTANCE),
    "An ingress rule opens one service's port, never every port or protocol, whatever its source (checkov "
    "CKV_AWS_277 checks this for 0.0.0.0/0; stackyard applies it to every source). The one exception is a "
    "NAT instance's own group (an instance with source/destination checking off), which forwards whatever "
    "the private subnets send, from private ranges only.",
    "name the protocol and port the source needs (components open one port per allow_from)",
    RULES,
)
def _no_all_ports(resources: Sequence[Resource]) -> Iterator[tuple[Resource, str]]:
    nat_groups = _nat_instance_groups(resources)
    for resource in resources:
        if resource.type == INSTANCE:
            continue
        group = _raw(resource, "securityGroupId")
        forwarding = resource.type == INGRESS_RULE and isinstance(group, str) and group in nat_groups
        for ingress in _ingress_rules(resource):
            if ingress.all_ports and not (forwarding and ingress.cidrs and all(map(_private, ingress.cidrs))):
                yield resource, f"ingress allows {ingress.describe()}"


def _nat_instance_groups(resources: Sequence[Resource]) -> set[str]:
    """Security groups of the stack's NAT instances: EC2 instances with source/destination checking off."""
    return {
        group
        for r in resources
        if r.type == INSTANCE and _raw(r, "sourceDestCheck") is False
        for group in _items(_raw(r, "vpcSecurityGroupIds"))
        if isinstance(group, str) and not _unknown(group)
    }


def _private(cidr: str) -> bool:
    """An RFC 1918 (or other non-global) range; 0.0.0.0/0 and ::/0 are not private."""
    try:
        return ipaddress.ip_network(cidr, strict=False).is_private
    except ValueError:
        return False


@stack_rule(
    "aws-sg-world-web-only-on-public-lb",
    MANDATORY,
    (INGRESS_RULE, SECURITY_GROUP_RULE, *LOAD_BALANCERS),
    "The one exception to 'nothing open to the world', TCP 80/443, belongs to an internet-facing load "
    "balancer's security group only (cdk-nag EC23, checkov CKV_AWS_260).",
    "put web servers behind stackyard's LoadBalancer and admit its security group instead of the internet",
    RULES,
)
def _world_web_only_on_lb(resources: Sequence[Resource]) -> Iterator[tuple[Resource, str]]:
    public_groups: set[str] = set()
    for balancer in (r for r in resources if r.type in LOAD_BALANCERS):
        if _raw(balancer, "internal") is True:
            continue
        groups = _raw(balancer, "securityGroups")
        if _unknown(groups) or any(not isinstance(g, str) or _unknown(g) for g in _items(groups)):
            return  # cannot tell which groups are the public load balancer's
        public_groups.update(_items(groups))
    for resource in resources:
        if resource.type in LOAD_BALANCERS:
            continue
        group = _raw(resource, "securityGroupId")
        if not isinstance(group, str) or _unknown(group) or group in public_groups:
            continue
        for ingress in _ingress_rules(resource):
            if ingress.web and any(_is_world(c) for c in ingress.cidrs):
                yield (
                    resource,
                    (
                        f"the internet may reach {ingress.describe()} on {group}, which no internet-facing "
                        "load balancer in this stack uses"
                    ),
                )


@rule(
    "aws-vpc-default-sg-closed",
    MANDATORY,
    [DEFAULT_SECURITY_GROUP],
    "The VPC's default security group must allow nothing, so a resource launched without a group is "
    "isolated (checkov CKV2_AWS_12).",
    "keep ingress and egress empty on the default security group (stackyard's Vpc does)",
    RULES,
)
def _default_sg_closed(resource: Resource) -> str | None:
    return _join(
        f"the default security group has {len(_items(_raw(resource, key)))} {key} rule(s)"
        for key in ("ingress", "egress")
        if _items(_raw(resource, key))
    )


@rule(
    "aws-vpc-subnet-no-auto-public-ip",
    ADVISORY,
    [SUBNET],
    "Instances should not get a public IP just by being launched in a subnet (checkov CKV_AWS_130).",
    "set mapPublicIpOnLaunch: false; give public addresses explicitly (Elastic IPs, load balancers)",
    RULES,
)
def _subnet_public_ip(resource: Resource) -> str | None:
    return "mapPublicIpOnLaunch is true" if _raw(resource, "mapPublicIpOnLaunch") is True else None


@stack_rule(
    "aws-vpc-flow-logs",
    ADVISORY,
    (VPC, FLOW_LOG),
    "VPC flow logs record who talked to what, for incident response (checkov CKV2_AWS_11, cdk-nag VPC7).",
    "set app.network.flow_logs: true (the default)",
    RULES,
)
def _vpc_flow_logs(resources: Sequence[Resource]) -> Iterator[tuple[Resource, str]]:
    # A Vpc's id is not among its inputs, so flow logs are counted, not matched: a flow log whose vpcId is
    # unknown is assumed to cover a VPC of this stack.
    vpcs = [r for r in resources if r.type == VPC]
    logged = {
        str(_raw(r, "vpcId")) if not _unknown(_raw(r, "vpcId")) else f"unknown-{i}"
        for i, r in enumerate(resources)
        if r.type == FLOW_LOG and _raw(r, "vpcId") is not None
    }
    if len(logged) < len(vpcs):
        for vpc in vpcs:
            yield vpc, f"the stack has {len(vpcs)} VPC(s) and flow logs for {len(logged)}"
