"""Outbound internet for a Vpc's private subnets: NAT gateways (one or one per zone) or a NAT instance."""

from __future__ import annotations

import re

import pulumi
import pulumi_aws as aws

STRATEGIES = ("none", "single", "per-zone", "ec2")
DEFAULT_INSTANCE_TYPE = "t4g.nano"

# Amazon Linux 2023 for ARM, found by lookup (never a per-region AMI id): the newest image Amazon owns.
AMI_OWNERS = ["amazon"]
AMI_FILTERS: list[aws.ec2.GetAmiFilterArgsDict] = [
    {"name": "name", "values": ["al2023-ami-2023.*-kernel-*-arm64"]},
    {"name": "architecture", "values": ["arm64"]},
    {"name": "virtualization-type", "values": ["hvm"]},
    {"name": "root-device-type", "values": ["ebs"]},
]

# Turns the instance into a NAT: forward packets and masquerade them behind its public address.
NAT_USER_DATA = """#!/bin/bash
set -euo pipefail
dnf install -y iptables-services
echo 'net.ipv4.ip_forward = 1' > /etc/sysctl.d/90-stackyard-nat.conf
sysctl --system
iface=$(ip route show default | awk '{print $5; exit}')
iptables -t nat -A POSTROUTING -o "$iface" -j MASQUERADE
iptables -F FORWARD
iptables-save > /etc/sysconfig/iptables
systemctl enable --now iptables
"""


def check(strategy: str, instance_type: str) -> None:
    if strategy == "ec2" and not re.match(r"^[a-z]+\d+g[a-z]*\.[a-z0-9]+$", instance_type):
        raise ValueError(
            f"Vpc nat_instance_type {instance_type!r} is not allowed; "
            "use an ARM (Graviton) type such as t4g.nano (the AMI lookup is for arm64)"
        )


def create(
    parent: pulumi.Resource,
    name: str,
    *,
    strategy: str,
    vpc: aws.ec2.Vpc,
    zones: list[str],
    public_subnets: list[aws.ec2.Subnet],
    private_tables: list[aws.ec2.RouteTable],
    internet_gateway: aws.ec2.InternetGateway,
    instance_type: str,
    tags: dict[str, str],
) -> list[aws.ec2.NatGateway]:
    """Create the NAT of `strategy` and each private route table's default route; return the gateways."""
    child = pulumi.ResourceOptions(parent=parent)
    if strategy == "none":
        return []
    if strategy == "ec2":
        interface = _nat_instance(parent, name, vpc, zones[0], public_subnets[0], instance_type, tags)
        for zone, table in zip(zones, private_tables, strict=True):
            aws.ec2.Route(
                f"{name}-private-{zone}-nat",
                route_table_id=table.id,
                destination_cidr_block="0.0.0.0/0",
                network_interface_id=interface,
                opts=child,
            )
        return []

    gateways = []
    for zone, subnet in zip(zones if strategy == "per-zone" else zones[:1], public_subnets, strict=False):
        eip = aws.ec2.Eip(
            f"{name}-nat-{zone}", domain="vpc", tags={**tags, "Name": f"{name}-nat-{zone}"}, opts=child
        )
        gateways.append(
            aws.ec2.NatGateway(
                f"{name}-nat-{zone}",
                allocation_id=eip.id,
                subnet_id=subnet.id,
                connectivity_type="public",
                tags={**tags, "Name": f"{name}-nat-{zone}"},
                opts=pulumi.ResourceOptions(parent=parent, depends_on=[internet_gateway]),
            )
        )
    for index, (zone, table) in enumerate(zip(zones, private_tables, strict=True)):
        gateway = gateways[index] if strategy == "per-zone" else gateways[0]
        aws.ec2.Route(
            f"{name}-private-{zone}-nat",
            route_table_id=table.id,
            destination_cidr_block="0.0.0.0/0",
            nat_gateway_id=gateway.id,
            opts=child,
        )
    return gateways


def _nat_instance(
    parent: pulumi.Resource,
    name: str,
    vpc: aws.ec2.Vpc,
    zone: str,
    subnet: aws.ec2.Subnet,
    instance_type: str,
    tags: dict[str, str],
) -> pulumi.Output[str]:
    """One NAT instance with a fixed public address; returns its network interface id."""
    child = pulumi.ResourceOptions(parent=parent)
    ami = aws.ec2.get_ami(
        most_recent=True, owners=AMI_OWNERS, filters=AMI_FILTERS, opts=pulumi.InvokeOptions(parent=parent)
    )
    group = aws.ec2.SecurityGroup(
        f"{name}-nat",
        vpc_id=vpc.id,
        description="NAT instance: forwards traffic from inside the VPC to the internet",
        tags={**tags, "Name": f"{name}-nat"},
        opts=child,
    )
    aws.vpc.SecurityGroupIngressRule(
        f"{name}-nat-from-vpc",
        security_group_id=group.id,
        cidr_ipv4=vpc.cidr_block,
        ip_protocol="-1",
        description="everything from inside the VPC, to be forwarded",
        opts=child,
    )
    aws.vpc.SecurityGroupEgressRule(
        f"{name}-nat-to-internet",
        security_group_id=group.id,
        cidr_ipv4="0.0.0.0/0",
        ip_protocol="-1",
        description="forwarded traffic to the internet",
        opts=child,
    )
    instance = aws.ec2.Instance(
        f"{name}-nat-{zone}",
        ami=ami.id,
        instance_type=instance_type,
        subnet_id=subnet.id,
        vpc_security_group_ids=[group.id],
        source_dest_check=False,
        user_data=NAT_USER_DATA,
        user_data_replace_on_change=True,
        metadata_options={"http_tokens": "required", "http_endpoint": "enabled"},
        root_block_device={"encrypted": True, "volume_type": "gp3"},
        tags={**tags, "Name": f"{name}-nat-{zone}"},
        opts=child,
    )
    aws.ec2.Eip(
        f"{name}-nat-{zone}",
        domain="vpc",
        instance=instance.id,
        tags={**tags, "Name": f"{name}-nat-{zone}"},
        opts=child,
    )
    return instance.primary_network_interface_id
