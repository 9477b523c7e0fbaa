"""Who reaches the Kubernetes API: the VPC's CIDR on the private endpoint (`api_access_from_vpc`), and the
cluster-admin access entries of `admin_principal_arns`."""

import pulumi
import pulumi_aws as aws

from .settings import _named, _Settings

ADMIN_ACCESS_POLICY = "AmazonEKSClusterAdminPolicy"
API_PORT = 443


def api_from_vpc(
    owner: pulumi.Resource, name: str, settings: _Settings, security_group_id: pulumi.Output[str]
) -> None:
    """With `api_access_from_vpc`, TCP 443 from the VPC's primary CIDR block on the cluster security group."""
    if not settings.api_access_from_vpc:
        return
    vpc_cidr = aws.ec2.get_vpc_output(
        id=settings.vpc_id, opts=pulumi.InvokeOutputOptions(parent=owner)
    ).cidr_block
    aws.vpc.SecurityGroupIngressRule(
        f"{name}-api-from-vpc",
        security_group_id=security_group_id,
        cidr_ipv4=vpc_cidr,
        ip_protocol="tcp",
        from_port=API_PORT,
        to_port=API_PORT,
        description="Kubernetes API (private endpoint) from inside the VPC, managed by stackyard",
        tags=_named(settings.tags, name, "api-from-vpc"),
        opts=pulumi.ResourceOptions(parent=owner),
    )


def cluster_admins(
    owner: pulumi.Resource,
    name: str,
    settings: _Settings,
    cluster: aws.eks.Cluster,
    partition: pulumi.Output[str],
) -> None:
    """An access entry with AmazonEKSClusterAdminPolicy on the whole cluster for each admin principal."""
    child = pulumi.ResourceOptions(parent=owner)
    for label, principal in settings.admins.items():
        entry = aws.eks.AccessEntry(
            f"{name}-admin-{label}",
            cluster_name=cluster.name,
            principal_arn=principal,
            type="STANDARD",
            tags=_named(settings.tags, name, f"admin-{label}"),
            opts=child,
        )
        aws.eks.AccessPolicyAssociation(
            f"{name}-admin-{label}",
            cluster_name=cluster.name,
            principal_arn=entry.principal_arn,
            policy_arn=partition.apply(
                lambda p: f"arn:{p}:eks::aws:cluster-access-policy/{ADMIN_ACCESS_POLICY}"
            ),
            access_scope={"type": "cluster"},
            opts=child,
        )
