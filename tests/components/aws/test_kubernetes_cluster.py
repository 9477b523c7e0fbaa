"""components.aws.KubernetesCluster: EKS Auto Mode, a private endpoint by default and CIDR-restricted
otherwise, the Auto Mode IAM roles, access entries, control-plane logs, secrets encryption, deletion
protection, a secret kubeconfig with the `aws eks get-token` exec plugin, and the cluster security group."""

from __future__ import annotations

import json
from typing import Any, cast

import pulumi
import pulumi_kubernetes as k8s
import pytest

from components.aws.kubernetes_cluster import KubernetesCluster, KubernetesClusterArgs
from stacks.mocks import MOCK_ACCOUNT_ID, SECRET_MASK, RecordingMonitor, Registration, StackyardMocks
from tests.conftest import of_type
from tests.docexamples import run_docstring_example

COMPONENT = "stackyard-aws:index:KubernetesCluster"
CLUSTER = "aws:eks/cluster:Cluster"
ROLE = "aws:iam/role:Role"
ATTACHMENT = "aws:iam/rolePolicyAttachment:RolePolicyAttachment"
ROLE_POLICY = "aws:iam/rolePolicy:RolePolicy"
KEY = "aws:kms/key:Key"
ALIAS = "aws:kms/alias:Alias"
LOG_GROUP = "aws:cloudwatch/logGroup:LogGroup"
INGRESS = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule"
ENTRY = "aws:eks/accessEntry:AccessEntry"
ASSOCIATION = "aws:eks/accessPolicyAssociation:AccessPolicyAssociation"
K8S_PROVIDER = "pulumi:providers:kubernetes"

VPC_ID = "vpc-0a1b2c3d4e5f60718"
SUBNETS = ["subnet-0a1b2c3d4e5f60718", "subnet-0f1e2d3c4b5a69788"]
ADMIN = f"arn:aws:iam::{MOCK_ACCOUNT_ID}:role/platform-admins"
OUTPUTS = (
    "cluster_name",
    "arn",
    "endpoint",
    "certificate_authority",
    "kubeconfig",
    "security_group_id",
    "oidc_issuer_url",
    "node_role_arn",
    "kms_key_arn",
)


def build(args: dict[str, Any] | None = None, name: str = "shop") -> dict[str, Any]:
    """Create a KubernetesCluster (vpc_id, subnet_ids plus `args`) under mocks, and a Kubernetes provider
    from its kubeconfig as the stack does; return the resolved outputs and whether kubeconfig is secret."""
    resolved: dict[str, Any] = {}
    full = cast(KubernetesClusterArgs, {"vpc_id": VPC_ID, "subnet_ids": SUBNETS, **(args or {})})

    @pulumi.runtime.test
    def program() -> pulumi.Output:
        cluster = KubernetesCluster(name, full)
        k8s.Provider(f"{name}-apps", kubeconfig=cluster.kubeconfig)
        return pulumi.Output.all(
            kubeconfig_is_secret=pulumi.Output.from_input(cluster.kubeconfig.is_secret()),
            **{key: getattr(cluster, key) for key in OUTPUTS},
        ).apply(resolved.update)

    program()
    assert resolved, "the KubernetesCluster's outputs never resolved"
    return resolved


def one(monitor: RecordingMonitor, type_: str) -> Registration:
    (found,) = of_type(monitor, type_)
    return found


def by_name(monitor: RecordingMonitor, type_: str) -> dict[str, Registration]:
    return {r.name: r for r in of_type(monitor, type_)}


def test_auto_mode_with_private_nodes_and_private_endpoint_by_default(monitor: RecordingMonitor) -> None:
    out = build()
    cluster = one(monitor, CLUSTER)
    inputs = cluster.inputs
    assert inputs["name"] == "shop" == out["cluster_name"]
    assert inputs["version"] == "1.35"
    node_role = by_name(monitor, ROLE)["shop-node"]
    assert inputs["computeConfig"] == {
        "enabled": True,
        "nodePools": ["general-purpose", "system"],
        "nodeRoleArn": node_role.state["arn"],
    }
    assert inputs["kubernetesNetworkConfig"] == {"elasticLoadBalancing": {"enabled": True}}
    assert inputs["storageConfig"] == {"blockStorage": {"enabled": True}}
    assert inputs["bootstrapSelfManagedAddons"] is False
    assert inputs["accessConfig"] == {
        "authenticationMode": "API",
        "bootstrapClusterCreatorAdminPermissions": True,
    }
    # Nodes and the control plane's interfaces in the private subnets; the API only on the private endpoint.
    assert inputs["vpcConfig"] == {
        "subnetIds": SUBNETS,
        "endpointPrivateAccess": True,
        "endpointPublicAccess": False,
    }
    assert inputs["roleArn"] == by_name(monitor, ROLE)["shop-cluster"].state["arn"]
    assert out["endpoint"] == cluster.state["endpoint"] and out["endpoint"].startswith("https://")
    assert out["arn"] == f"arn:aws:eks:us-east-1:{MOCK_ACCOUNT_ID}:cluster/shop"
    assert out["certificate_authority"] == cluster.state["certificateAuthority"]["data"] != ""
    assert out["oidc_issuer_url"].startswith("https://oidc.eks.us-east-1.amazonaws.com/id/")
    assert out["node_role_arn"] == node_role.state["arn"]
    assert of_type(monitor, ENTRY) == [] and of_type(monitor, ASSOCIATION) == []


def test_security_group_output_is_the_cluster_security_group_eks_creates(monitor: RecordingMonitor) -> None:
    out = build()
    sg = one(monitor, CLUSTER).state["vpcConfig"]["clusterSecurityGroupId"]
    assert sg.startswith("sg-0") and out["security_group_id"] == sg


def test_the_vpc_reaches_the_private_endpoint_on_443(monitor: RecordingMonitor) -> None:
    out = build()
    rule = one(monitor, INGRESS)
    assert rule.inputs["securityGroupId"] == out["security_group_id"]
    assert rule.inputs["cidrIpv4"] == "10.0.0.0/16"  # the mocks' getVpc answer for an unknown VPC
    assert (rule.inputs["ipProtocol"], rule.inputs["fromPort"], rule.inputs["toPort"]) == ("tcp", 443, 443)
    calls = cast(StackyardMocks, monitor.mocks).calls
    assert ("aws:ec2/getVpc:getVpc", VPC_ID) in [(token, call.get("id")) for token, call in calls]


def test_api_access_from_vpc_can_be_turned_off(monitor: RecordingMonitor) -> None:
    build({"api_access_from_vpc": False})
    assert of_type(monitor, INGRESS) == []


def test_api_access_cidrs_open_the_public_endpoint_to_those_cidrs_only(monitor: RecordingMonitor) -> None:
    build({"api_access_cidrs": ["203.0.113.0/24", "198.51.100.7/32", "203.0.113.0/24"]})
    assert one(monitor, CLUSTER).inputs["vpcConfig"] == {
        "subnetIds": SUBNETS,
        "endpointPrivateAccess": True,
        "endpointPublicAccess": True,
        "publicAccessCidrs": ["203.0.113.0/24", "198.51.100.7/32"],
    }


@pytest.mark.parametrize("cidr", ["0.0.0.0/0", "0.0.0.0/0 ", "::/0"])
def test_the_whole_internet_is_refused(monitor: RecordingMonitor, cidr: str) -> None:
    with pytest.raises(ValueError, match="KubernetesCluster api_access_cidrs"):
        KubernetesCluster("bad", {"vpc_id": VPC_ID, "subnet_ids": SUBNETS, "api_access_cidrs": [cidr]})
    assert monitor.registrations == {}


def test_zero_slash_zero_gets_a_clear_message(monitor: RecordingMonitor) -> None:
    with pytest.raises(ValueError, match="opens the Kubernetes API to the whole internet"):
        KubernetesCluster(
            "bad", {"vpc_id": VPC_ID, "subnet_ids": SUBNETS, "api_access_cidrs": ["10.0.0.0/8", "0.0.0.0/0"]}
        )
    assert monitor.registrations == {}


def test_cluster_role_trusts_eks_with_tag_session_and_has_the_auto_mode_policies(
    monitor: RecordingMonitor,
) -> None:
    build()
    roles = by_name(monitor, ROLE)
    cluster_role, node_role = roles["shop-cluster"], roles["shop-node"]
    assert json.loads(cluster_role.inputs["assumeRolePolicy"])["Statement"] == [
        {
            "Effect": "Allow",
            "Principal": {"Service": "eks.amazonaws.com"},
            "Action": ["sts:AssumeRole", "sts:TagSession"],
        }
    ]
    assert json.loads(node_role.inputs["assumeRolePolicy"])["Statement"] == [
        {"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}
    ]
    assert cluster_role.inputs["namePrefix"] == "shop-eks-cluster-"
    assert node_role.inputs["namePrefix"] == "shop-eks-node-"
    attached: dict[str, set[str]] = {}
    for attachment in of_type(monitor, ATTACHMENT):
        attached.setdefault(attachment.inputs["role"], set()).add(attachment.inputs["policyArn"])
    assert attached == {
        cluster_role.state["name"]: {
            "arn:aws:iam::aws:policy/AmazonEKSClusterPolicy",
            "arn:aws:iam::aws:policy/AmazonEKSComputePolicy",
            "arn:aws:iam::aws:policy/AmazonEKSBlockStoragePolicy",
            "arn:aws:iam::aws:policy/AmazonEKSLoadBalancingPolicy",
            "arn:aws:iam::aws:policy/AmazonEKSNetworkingPolicy",
        },
        node_role.state["name"]: {
            "arn:aws:iam::aws:policy/AmazonEKSWorkerNodeMinimalPolicy",
            "arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryPullOnly",
        },
    }
    # The cluster waits for every permission it needs.
    cluster = one(monitor, CLUSTER)
    needed = [a.urn for a in of_type(monitor, ATTACHMENT)] + [one(monitor, ROLE_POLICY).urn]
    assert set(needed) <= set(cluster.dependencies)


def test_admins_get_an_access_entry_and_the_cluster_admin_policy(monitor: RecordingMonitor) -> None:
    user = "arn:aws:iam::210987654321:user/ops/alice"
    build({"admin_principal_arns": [ADMIN, user, ADMIN]})
    entries, associations = by_name(monitor, ENTRY), by_name(monitor, ASSOCIATION)
    assert set(entries) == set(associations) == {"shop-admin-role-platform-admins", "shop-admin-user-alice"}
    for label, principal in (("role-platform-admins", ADMIN), ("user-alice", user)):
        entry, association = entries[f"shop-admin-{label}"], associations[f"shop-admin-{label}"]
        assert entry.inputs["clusterName"] == "shop" and entry.inputs["principalArn"] == principal
        assert entry.inputs["type"] == "STANDARD"
        assert association.inputs == {
            "clusterName": "shop",
            "principalArn": principal,
            "policyArn": "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy",
            "accessScope": {"type": "cluster"},
        }
        assert entry.urn in association.dependencies


def test_admins_with_the_same_name_in_two_accounts_get_distinct_entries(monitor: RecordingMonitor) -> None:
    other = "arn:aws:iam::210987654321:role/platform-admins"
    build({"admin_principal_arns": [ADMIN, other]})
    assert set(by_name(monitor, ENTRY)) == {
        f"shop-admin-role-platform-admins-{MOCK_ACCOUNT_ID}",
        "shop-admin-role-platform-admins-210987654321",
    }


def test_control_plane_logs_go_to_a_log_group_with_retention(monitor: RecordingMonitor) -> None:
    build()
    cluster, group = one(monitor, CLUSTER), one(monitor, LOG_GROUP)
    assert cluster.inputs["enabledClusterLogTypes"] == ["api", "audit", "authenticator"]
    assert group.inputs["name"] == "/aws/eks/shop/cluster"
    assert group.inputs["retentionInDays"] == 90
    assert group.urn in cluster.dependencies  # created first, so EKS does not make one without retention


def test_log_knobs(monitor: RecordingMonitor) -> None:
    build({"log_types": ["audit", "scheduler"], "log_retention_days": 365, "cluster_name": "shop-prod"})
    assert one(monitor, CLUSTER).inputs["enabledClusterLogTypes"] == ["audit", "scheduler"]
    group = one(monitor, LOG_GROUP)
    assert group.inputs["name"] == "/aws/eks/shop-prod/cluster" and group.inputs["retentionInDays"] == 365


def test_no_log_types_no_log_group(monitor: RecordingMonitor) -> None:
    build({"log_types": []})
    assert one(monitor, CLUSTER).inputs["enabledClusterLogTypes"] == []
    assert of_type(monitor, LOG_GROUP) == []


def test_secrets_are_encrypted_with_the_components_kms_key(monitor: RecordingMonitor) -> None:
    out = build()
    key = one(monitor, KEY)
    assert key.inputs["enableKeyRotation"] is True and key.inputs["deletionWindowInDays"] == 30
    assert one(monitor, ALIAS).inputs["name"] == "alias/shop-eks"
    assert one(monitor, CLUSTER).inputs["encryptionConfig"] == {
        "provider": {"keyArn": key.state["arn"]},
        "resources": ["secrets"],
    }
    assert out["kms_key_arn"] == key.state["arn"]
    grant = one(monitor, ROLE_POLICY)
    assert grant.inputs["role"] == by_name(monitor, ROLE)["shop-cluster"].id
    (statement,) = json.loads(grant.inputs["policy"])["Statement"]
    assert statement["Action"] == ["kms:Encrypt", "kms:Decrypt", "kms:ListGrants", "kms:DescribeKey"]
    assert statement["Resource"] == key.state["arn"]


def test_a_given_kms_key_is_used_instead(monitor: RecordingMonitor) -> None:
    given = f"arn:aws:kms:us-east-1:{MOCK_ACCOUNT_ID}:key/1234abcd-12ab-34cd-56ef-1234567890ab"
    build({"kms_key_arn": given})
    assert of_type(monitor, KEY) == []
    assert one(monitor, CLUSTER).inputs["encryptionConfig"]["provider"] == {"keyArn": given}
    assert json.loads(one(monitor, ROLE_POLICY).inputs["policy"])["Statement"][0]["Resource"] == given


def test_no_deletion_protection_or_protect_by_default(monitor: RecordingMonitor) -> None:
    build()
    assert one(monitor, CLUSTER).inputs["deletionProtection"] is False
    assert not any(r.protect for r in monitor.registrations.values())


def test_deletion_protection_and_protect(monitor: RecordingMonitor) -> None:
    build({"deletion_protection": True, "protect": True})
    assert one(monitor, CLUSTER).inputs["deletionProtection"] is True
    protected = {(r.type, r.name) for r in monitor.registrations.values() if r.protect}
    assert protected == {(CLUSTER, "shop"), (KEY, "shop-eks-key")}


def test_kubeconfig_is_a_secret_that_runs_aws_eks_get_token(monitor: RecordingMonitor) -> None:
    out = build()
    assert out["kubeconfig_is_secret"] is True
    # Masked wherever the plan shows it, e.g. in the inputs of the Kubernetes provider built from it.
    assert one(monitor, K8S_PROVIDER).inputs["kubeconfig"] == SECRET_MASK
    config = json.loads(out["kubeconfig"])
    (cluster,) = config["clusters"]
    assert cluster == {
        "name": "shop",
        "cluster": {"server": out["endpoint"], "certificate-authority-data": out["certificate_authority"]},
    }
    assert config["current-context"] == "shop"
    assert config["contexts"] == [{"name": "shop", "context": {"cluster": "shop", "user": "shop"}}]
    (user,) = config["users"]
    assert user["user"] == {
        "exec": {
            "apiVersion": "client.authentication.k8s.io/v1beta1",
            "command": "aws",
            "args": [
                "eks",
                "get-token",
                "--cluster-name",
                "shop",
                "--region",
                "us-east-1",
                "--output",
                "json",
            ],
        }
    }
    assert "token" not in user["user"]


def test_kubernetes_version_knob(monitor: RecordingMonitor) -> None:
    build({"kubernetes_version": "1.33"})
    assert one(monitor, CLUSTER).inputs["version"] == "1.33"


def test_every_child_is_parented_and_tagged(monitor: RecordingMonitor) -> None:
    build({"tags": {"team": "web"}, "admin_principal_arns": [ADMIN]})
    component = one(monitor, COMPONENT)
    children = [r for r in monitor.registrations.values() if r.custom and r.type != K8S_PROVIDER]
    assert children and all(r.parent == component.urn for r in children)
    taggable = (CLUSTER, ROLE, KEY, LOG_GROUP, INGRESS, ENTRY)
    tagged = [r for r in children if r.type in taggable]
    assert len(tagged) == 7 and all(r.inputs["tags"]["team"] == "web" for r in tagged)
    assert one(monitor, CLUSTER).inputs["tags"] == {"team": "web", "Name": "shop"}


def test_names_fit_limits(monitor: RecordingMonitor) -> None:
    long_name = "propflow-marketplace-kubernetes-platform-for-listings-and-bookings-production-eu-west-1-blue"
    out = build(name=long_name + "-and-more-characters-beyond-a-hundred")
    assert len(out["cluster_name"]) <= 100 and out["cluster_name"].startswith("propflow-")
    assert one(monitor, LOG_GROUP).inputs["name"] == f"/aws/eks/{out['cluster_name']}/cluster"
    roles = of_type(monitor, ROLE)
    assert len(roles) == 2 and all(len(role.inputs["namePrefix"]) <= 38 for role in roles)


def test_a_component_name_is_made_a_valid_cluster_name(monitor: RecordingMonitor) -> None:
    assert build(name="Shop_API")["cluster_name"] == "shop-api"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ({"vpc_id": None}, "KubernetesCluster vpc_id is required"),
        ({"vpc_id": "net-1"}, "KubernetesCluster vpc_id 'net-1' is not allowed"),
        ({"subnet_ids": None}, "KubernetesCluster subnet_ids is required"),
        ({"subnet_ids": [SUBNETS[0]]}, "KubernetesCluster subnet_ids .* is not allowed; use at least two"),
        ({"subnet_ids": ["a", "b"]}, "KubernetesCluster subnet_ids .* is not allowed"),
        (
            {"kubernetes_version": "1.29"},
            "KubernetesCluster kubernetes_version '1.29' is not allowed; use one of 1.32, 1.33, 1.34, 1.35",
        ),
        ({"kubernetes_version": 1.35}, "KubernetesCluster kubernetes_version 1.35 is not allowed"),
        ({"cluster_name": "-shop"}, "KubernetesCluster cluster_name '-shop' is not allowed"),
        ({"cluster_name": "s" * 101}, "KubernetesCluster cluster_name 's+' is not allowed"),
        (
            {"api_access_cidrs": "203.0.113.0/24"},
            "KubernetesCluster api_access_cidrs '203.0.113.0/24' is not",
        ),
        (
            {"api_access_cidrs": ["203.0.113.5/24"]},
            "api_access_cidrs '203.0.113.5/24' is not allowed; use IPv4",
        ),
        (
            {"api_access_cidrs": ["2001:db8::/32"]},
            "api_access_cidrs '2001:db8::/32' is not allowed; use IPv4",
        ),
        ({"api_access_from_vpc": "yes"}, "KubernetesCluster api_access_from_vpc 'yes' is not allowed"),
        (
            {"admin_principal_arns": ADMIN},
            "KubernetesCluster admin_principal_arns '.*' is not allowed; use a list",
        ),
        (
            {"admin_principal_arns": ["admins"]},
            "KubernetesCluster admin_principal_arns 'admins' is not allowed",
        ),
        (
            {"admin_principal_arns": [f"arn:aws:sts::{MOCK_ACCOUNT_ID}:assumed-role/admins/jane"]},
            "not an assumed-role session",
        ),
        (
            {"log_types": ["api", "kubelet"]},
            "KubernetesCluster log_types .* is not allowed; use a list of api",
        ),
        (
            {"log_retention_days": 10},
            "KubernetesCluster log_retention_days 10 is not allowed; use one of 1, 3",
        ),
        ({"log_retention_days": True}, "KubernetesCluster log_retention_days True is not allowed"),
        ({"kms_key_arn": "alias/mine"}, "KubernetesCluster kms_key_arn 'alias/mine' is not allowed"),
        (
            {"kms_key_arn": f"arn:aws:kms:us-east-1:{MOCK_ACCOUNT_ID}:alias/mine"},
            "KubernetesCluster kms_key_arn .* is not allowed; use a KMS key ARN \\(not an alias\\)",
        ),
        (
            {"deletion_protection": "on"},
            "KubernetesCluster deletion_protection 'on' is not allowed; use True",
        ),
        ({"protect": 1}, "KubernetesCluster protect 1 is not allowed; use True or False"),
        ({"tags": "team=web"}, "KubernetesCluster tags 'team=web' is not allowed; use a dict"),
        ({"tags": {"team": 1}}, "KubernetesCluster tags .* is not allowed; use a dict"),
    ],
)
def test_bad_arguments_raise_clear_errors_and_create_nothing(
    monitor: RecordingMonitor, args: dict[str, Any], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        KubernetesCluster(
            "bad", cast(KubernetesClusterArgs, {"vpc_id": VPC_ID, "subnet_ids": SUBNETS, **args})
        )
    assert monitor.registrations == {}


def test_docstring_example_runs(monitor: RecordingMonitor) -> None:
    run_docstring_example(KubernetesCluster)
    cluster = one(monitor, CLUSTER)
    assert cluster.inputs["vpcConfig"]["publicAccessCidrs"] == ["203.0.113.0/24"]
    assert (
        one(monitor, ENTRY).inputs["principalArn"] == f"arn:aws:iam::{MOCK_ACCOUNT_ID}:role/platform-admins"
    )
