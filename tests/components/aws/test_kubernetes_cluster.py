"""components.aws.KubernetesCluster: EKS Auto Mode, a private endpoint by default and CIDR-restricted
otherwise, the Auto Mode IAM roles, access entries, control-plane logs, secrets encryption, deletion
protection, a secret kubeconfig with the `aws eks get-token` exec plugin, the cluster security group,
NetworkPolicies enforced (controller ConfigMap, NodeClass, NodePool), the IngressClass of Auto Mode's
ALB, and the pods' logs through the CloudWatch Observability add-on."""

from __future__ import annotations

import json
from typing import Any, cast

import pulumi
import pulumi_kubernetes as k8s
import pytest

from components.aws.kubernetes_cluster import KubernetesCluster, KubernetesClusterArgs
from stacks.mocks import MOCK_ACCOUNT_ID, SECRET_MASK, RecordingMonitor, Registration, StackyardMocks
from tests.components.k8s import valid_objects
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
ADDON = "aws:eks/addon:Addon"
K8S_PROVIDER = "pulumi:providers:kubernetes"
CONFIG_MAP = "kubernetes:core/v1:ConfigMap"
NODE_CLASS = "kubernetes:eks.amazonaws.com/v1:NodeClass"
NODE_POOL = "kubernetes:karpenter.sh/v1:NodePool"
PARAMS = "kubernetes:eks.amazonaws.com/v1:IngressClassParams"
INGRESS_CLASS = "kubernetes:networking.k8s.io/v1:IngressClass"
CERTIFICATE = "aws:acm/certificate:Certificate"
WEB_ACL = "aws:wafv2/webAcl:WebAcl"
WAF_LOGGING = "aws:wafv2/webAclLoggingConfiguration:WebAclLoggingConfiguration"
WAF_ASSOCIATION = "aws:wafv2/webAclAssociation:WebAclAssociation"
VALIDATION = "aws:acm/certificateValidation:CertificateValidation"
RECORD = "aws:route53/record:Record"
ZONE = "Z0123456789ABCDEFGHIJ"
HOSTS = ["api.shop.example.com", "www.shop.example.com"]

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
    "ingress_class_name",
    "ingress_certificate_arn",
    "container_log_group_name",
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
    # The built-in general-purpose pool is off: workloads go to the NodePool whose nodes enforce
    # NetworkPolicies (see the network policy tests); add-ons keep the system pool.
    assert inputs["computeConfig"] == {
        "enabled": True,
        "nodePools": ["system"],
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
    assert out["ingress_class_name"] == "" and out["ingress_certificate_arn"] == ""
    assert not of_type(monitor, INGRESS_CLASS) and not of_type(monitor, CERTIFICATE)


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


def test_container_logs_go_to_cloudwatch_through_the_observability_add_on(monitor: RecordingMonitor) -> None:
    out = build({"container_logs": True, "cluster_name": "shop-prod"})
    groups = {r.inputs["name"]: r for r in of_type(monitor, LOG_GROUP)}
    insights = [
        f"/aws/containerinsights/shop-prod/{kind}"
        for kind in ("application", "dataplane", "host", "performance")
    ]
    assert set(groups) == {"/aws/eks/shop-prod/cluster", *insights}
    assert all(groups[name].inputs["retentionInDays"] == 30 for name in insights)
    assert out["container_log_group_name"] == "/aws/containerinsights/shop-prod/application"

    addon = one(monitor, ADDON)
    role = by_name(monitor, ROLE)["shop-observability"]
    assert addon.inputs["addonName"] == "amazon-cloudwatch-observability"
    assert addon.inputs["clusterName"] == "shop-prod"
    assert "addonVersion" not in addon.inputs  # EKS's default for the cluster version (Pod Identity: 3.1.0+)
    assert addon.inputs["podIdentityAssociations"] == [
        {"roleArn": role.state["arn"], "serviceAccount": "cloudwatch-agent"}
    ]
    assert addon.inputs["resolveConflictsOnCreate"] == "OVERWRITE"
    assert json.loads(role.inputs["assumeRolePolicy"])["Statement"] == [
        {
            "Effect": "Allow",
            "Principal": {"Service": "pods.eks.amazonaws.com"},
            "Action": ["sts:AssumeRole", "sts:TagSession"],
        }
    ]
    assert role.inputs["namePrefix"].startswith("shop-eks-observability-")
    (attachment,) = [a for a in of_type(monitor, ATTACHMENT) if a.inputs["role"] == role.state["name"]]
    assert attachment.inputs["policyArn"] == "arn:aws:iam::aws:policy/CloudWatchAgentServerPolicy"
    # The log groups exist first (their retention), the role has its policy, and the NodePool its pods run
    # on exists (the built-in general-purpose pool is off).
    for name in insights:
        assert groups[name].urn in addon.dependencies
    assert attachment.urn in addon.dependencies
    assert one(monitor, NODE_POOL).urn in addon.dependencies


def test_container_log_retention_knob_without_network_policies(monitor: RecordingMonitor) -> None:
    out = build({"container_logs": True, "container_log_retention_days": 90, "network_policies": False})
    retention = {r.inputs["name"]: r.inputs["retentionInDays"] for r in of_type(monitor, LOG_GROUP)}
    assert retention["/aws/containerinsights/shop/application"] == 90
    assert out["container_log_group_name"] == "/aws/containerinsights/shop/application"
    assert one(monitor, ADDON).dependencies  # no NodePool to wait for: the built-in pools run it


def test_no_container_logs_by_default(monitor: RecordingMonitor) -> None:
    out = build()
    assert of_type(monitor, ADDON) == [] and out["container_log_group_name"] == ""
    assert [r.inputs["name"] for r in of_type(monitor, LOG_GROUP)] == ["/aws/eks/shop/cluster"]


def test_secrets_are_encrypted_with_the_components_kms_key(monitor: RecordingMonitor) -> None:
    out = build()
    key = by_name(monitor, KEY)["shop-eks-key"]  # the other one encrypts the logs (encrypt_logs)
    assert key.inputs["enableKeyRotation"] is True and key.inputs["deletionWindowInDays"] == 30
    assert by_name(monitor, ALIAS)["shop-eks-key"].inputs["name"] == "alias/shop-eks"
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
    assert [k.name for k in of_type(monitor, KEY)] == ["shop-eks-logs-key"]  # only the logs' key
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
    # Masked wherever the plan shows it, e.g. in the inputs of the Kubernetes providers built from it (the
    # stack's, and the component's own for the cluster's objects).
    providers = by_name(monitor, K8S_PROVIDER)
    assert set(providers) == {"shop-apps", "shop-kubernetes"}
    assert all(p.inputs["kubeconfig"] == SECRET_MASK for p in providers.values())
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


# -- NetworkPolicies -----------------------------------------------------------------------------------------


def test_network_policies_are_enforced_by_the_controller_a_node_class_and_a_node_pool(
    monitor: RecordingMonitor,
) -> None:
    """EKS User Guide, "Use Network Policies with EKS Auto Mode": the controller ConfigMap, and nodes from a
    NodeClass with networkPolicy set, used by the NodePool the pods run on."""
    out = build()
    (config_map,) = [c for c in of_type(monitor, CONFIG_MAP) if c.name == "shop-network-policy-controller"]
    assert config_map.inputs["metadata"]["name"] == "amazon-vpc-cni"
    assert config_map.inputs["metadata"]["namespace"] == "kube-system"
    assert config_map.inputs["data"] == {"enable-network-policy-controller": "true"}

    node_class = one(monitor, NODE_CLASS)
    assert node_class.inputs["apiVersion"] == "eks.amazonaws.com/v1"
    assert node_class.inputs["metadata"]["name"] == "stackyard-network-policy"
    node_role = by_name(monitor, ROLE)["shop-node"]
    assert node_class.inputs["spec"] == {
        "role": node_role.state["name"],
        "subnetSelectorTerms": [{"id": subnet} for subnet in SUBNETS],
        "securityGroupSelectorTerms": [{"id": out["security_group_id"]}],
        "networkPolicy": "DefaultAllow",
        "networkPolicyEventLogs": "Disabled",
    }

    node_pool = one(monitor, NODE_POOL)
    assert node_pool.inputs["apiVersion"] == "karpenter.sh/v1"
    template = node_pool.inputs["spec"]["template"]["spec"]
    assert template["nodeClassRef"] == {
        "group": "eks.amazonaws.com",
        "kind": "NodeClass",
        "name": node_class.inputs["metadata"]["name"],
    }
    requirements = {r["key"]: (r["operator"], r["values"]) for r in template["requirements"]}
    assert requirements == {
        "karpenter.sh/capacity-type": ("In", ["on-demand"]),
        "eks.amazonaws.com/instance-category": ("In", ["c", "m", "r"]),
        "eks.amazonaws.com/instance-generation": ("Gt", ["4"]),
        "kubernetes.io/arch": ("In", ["amd64"]),
    }
    assert node_class.urn in node_pool.dependencies
    assert "general-purpose" not in one(monitor, CLUSTER).inputs["computeConfig"]["nodePools"]

    # Applied through the component's own provider, which waits for the cluster.
    own = by_name(monitor, K8S_PROVIDER)["shop-kubernetes"]
    assert one(monitor, CLUSTER).urn in own.dependencies
    for registration in (config_map, node_class, node_pool):
        assert registration.provider.startswith(f"{own.urn}::"), registration.name
    valid_objects(monitor)


def test_network_policies_can_be_left_off(monitor: RecordingMonitor) -> None:
    build({"network_policies": False})
    assert one(monitor, CLUSTER).inputs["computeConfig"]["nodePools"] == ["general-purpose", "system"]
    assert not of_type(monitor, NODE_CLASS) and not of_type(monitor, NODE_POOL)
    assert set(by_name(monitor, K8S_PROVIDER)) == {"shop-apps"}


# -- the ALB's IngressClass ----------------------------------------------------------------------------------


def test_ingress_class_for_auto_mode_alb_with_certificate_group_and_tls13(monitor: RecordingMonitor) -> None:
    out = build(
        {
            "ingress": {
                "hostnames": HOSTS,
                "hosted_zone_id": ZONE,
                "subnet_ids": ["subnet-0pub1", "subnet-0pub2"],
            }
        }
    )
    certificate = one(monitor, CERTIFICATE)
    assert certificate.inputs["domainName"] == HOSTS[0]
    assert certificate.inputs["subjectAlternativeNames"] == HOSTS[1:]
    assert certificate.inputs["validationMethod"] == "DNS"
    assert {r.inputs["zoneId"] for r in of_type(monitor, RECORD)} == {ZONE} and len(
        of_type(monitor, RECORD)
    ) == 2
    validation = one(monitor, VALIDATION)

    params = one(monitor, PARAMS)
    assert params.inputs["metadata"]["name"] == "alb"
    assert params.inputs["spec"] == {
        "scheme": "internet-facing",
        "ipAddressType": "ipv4",
        "group": {"name": "shop"},
        "targetType": "ip",
        "certificateARNs": [out["ingress_certificate_arn"]],
        "sslPolicy": "ELBSecurityPolicy-TLS13-1-2-2021-06",
        "loadBalancerAttributes": [
            {"key": "routing.http.drop_invalid_header_fields.enabled", "value": "true"}
        ],
        "subnets": {"ids": ["subnet-0pub1", "subnet-0pub2"]},
    }
    assert out["ingress_certificate_arn"].startswith("arn:aws:acm:")
    assert validation.urn in params.dependencies  # the ALB gets the certificate once it is issued

    ingress_class = one(monitor, INGRESS_CLASS)
    assert ingress_class.inputs["metadata"]["name"] == out["ingress_class_name"] == "alb"
    assert ingress_class.inputs["spec"] == {
        "controller": "eks.amazonaws.com/alb",
        "parameters": {"apiGroup": "eks.amazonaws.com", "kind": "IngressClassParams", "name": "alb"},
    }
    assert "annotations" not in ingress_class.inputs["metadata"]  # Auto Mode ignores IngressClass annotations
    assert params.urn in ingress_class.dependencies
    valid_objects(monitor)


def test_ingress_knobs_and_a_certificate_of_your_own(monitor: RecordingMonitor) -> None:
    arn = f"arn:aws:acm:us-east-1:{MOCK_ACCOUNT_ID}:certificate/0a1b2c3d-4e5f-6789-abcd-ef0123456789"
    out = build(
        {
            "ingress": {
                "hostnames": ["api.shop.example.com"],
                "certificate_arn": arn,
                "ssl_policy": "ELBSecurityPolicy-TLS13-1-3-2021-06",
                "class_name": "shop-alb",
                "group_name": "shop.web",
            }
        }
    )
    assert not of_type(monitor, CERTIFICATE) and not of_type(monitor, RECORD)
    spec = one(monitor, PARAMS).inputs["spec"]
    assert spec["certificateARNs"] == [arn] and out["ingress_certificate_arn"] == arn
    assert spec["sslPolicy"] == "ELBSecurityPolicy-TLS13-1-3-2021-06" and spec["group"] == {
        "name": "shop.web"
    }
    assert "subnets" not in spec  # Auto Mode then picks the subnets tagged kubernetes.io/role/elb
    assert out["ingress_class_name"] == "shop-alb"


def web_acl_arn_of(args: dict[str, Any]) -> tuple[bool, Any]:
    """Create a KubernetesCluster under mocks; whether its `web_acl_arn` is None, and what it resolves to."""
    resolved: list[Any] = []
    full = cast(KubernetesClusterArgs, {"vpc_id": VPC_ID, "subnet_ids": SUBNETS, **args})
    absent: list[bool] = []

    @pulumi.runtime.test
    def program() -> pulumi.Output:
        cluster = KubernetesCluster("shop", full)
        absent.append(cluster.web_acl_arn is None)
        return pulumi.Output.from_input(cluster.web_acl_arn).apply(resolved.append)

    program()
    return absent[0], resolved[0] if resolved else None


def test_no_web_acl_by_default(monitor: RecordingMonitor) -> None:
    absent, _ = web_acl_arn_of({"ingress": {"hostnames": HOSTS, "hosted_zone_id": ZONE}})
    assert absent
    assert of_type(monitor, WEB_ACL) == [] and of_type(monitor, WAF_LOGGING) == []
    assert of_type(monitor, LOG_GROUP)[0].inputs["name"] == "/aws/eks/shop/cluster"
    assert len(of_type(monitor, LOG_GROUP)) == 1


def test_the_albs_web_acl_is_regional_logged_and_left_to_the_ingresses_to_associate(
    monitor: RecordingMonitor,
) -> None:
    absent, arn = web_acl_arn_of(
        {
            "physical_name": "shop-prod",
            "ingress": {"hostnames": HOSTS, "hosted_zone_id": ZONE, "web_acl": True},
        }
    )
    acl = one(monitor, WEB_ACL)
    assert not absent and arn == acl.state["arn"]
    assert acl.inputs["scope"] == "REGIONAL" and "region" not in acl.inputs  # the cluster's region
    assert acl.inputs["name"] == "shop-prod-eks-alb"
    groups = {
        r["statement"]["managedRuleGroupStatement"]["name"]
        for r in acl.inputs["rules"]
        if "managedRuleGroupStatement" in r["statement"]
    }
    assert groups == {
        "AWSManagedRulesCommonRuleSet",
        "AWSManagedRulesKnownBadInputsRuleSet",
        "AWSManagedRulesAmazonIpReputationList",
    }
    (rate,) = [r for r in acl.inputs["rules"] if "rateBasedStatement" in r["statement"]]
    assert rate["action"] == {"block": {}} and rate["statement"]["rateBasedStatement"]["limit"] == 2000
    # Auto Mode makes the ALB: the Ingresses' annotation associates the ACL, not a WebAclAssociation.
    assert of_type(monitor, WAF_ASSOCIATION) == []
    group = by_name(monitor, LOG_GROUP)["shop-waf-logs"]
    assert group.inputs["name"] == "aws-waf-logs-shop-prod-eks-alb"  # the only names AWS WAF writes to
    assert group.inputs["retentionInDays"] == 90
    logging = one(monitor, WAF_LOGGING)
    assert logging.inputs["resourceArn"] == acl.state["arn"]
    assert logging.inputs["logDestinationConfigs"] == [group.state["arn"]]
    assert logging.inputs["redactedFields"] == [
        {"singleHeader": {"name": "authorization"}},
        {"singleHeader": {"name": "cookie"}},
    ]
    # Its own key, which CloudWatch Logs may use for that log group only, and the log delivery service too.
    key = by_name(monitor, KEY)["shop-eks-waf-logs-key"]
    assert group.inputs["kmsKeyId"] == key.state["arn"]
    statements = json.loads(key.inputs["policy"])["Statement"]
    (logs,) = [s for s in statements if s["Sid"] == "CloudWatchLogsUsesTheKeyForTheseLogGroups"]
    assert logs["Condition"]["ArnLike"]["kms:EncryptionContext:aws:logs:arn"] == [
        f"arn:aws:logs:us-east-1:{MOCK_ACCOUNT_ID}:log-group:aws-waf-logs-shop-prod-eks-alb"
    ]
    assert any(s["Sid"] == "LogDeliveryUsesTheKeyForThisAccount" for s in statements)
    assert by_name(monitor, ALIAS)["shop-eks-waf-logs-key"].inputs["name"] == "alias/shop-prod-eks-waf-logs"


def test_web_acl_knobs(monitor: RecordingMonitor) -> None:
    web_acl_arn_of(
        {
            "encrypt_logs": False,
            "ingress": {
                "hostnames": HOSTS,
                "hosted_zone_id": ZONE,
                "web_acl": True,
                "rate_limit": 500,
                "waf_log_retention_days": 365,
            },
        }
    )
    (rate,) = [r for r in one(monitor, WEB_ACL).inputs["rules"] if "rateBasedStatement" in r["statement"]]
    assert rate["statement"]["rateBasedStatement"]["limit"] == 500
    group = by_name(monitor, LOG_GROUP)["shop-waf-logs"]
    assert group.inputs["retentionInDays"] == 365 and "kmsKeyId" not in group.inputs
    assert of_type(monitor, KEY) == [one(monitor, KEY)]  # the secrets key only


def test_the_hosted_zone_is_looked_up_from_the_first_hostname(monitor: RecordingMonitor) -> None:
    build({"ingress": {"hostnames": HOSTS}})
    lookups = [a for token, a in monitor.mocks.calls if token == "aws:route53/getZone:getZone"]
    assert lookups and lookups[0]["name"] == "example.com" and lookups[0]["privateZone"] is False


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
    assert len(tagged) == 8 and all(r.inputs["tags"]["team"] == "web" for r in tagged)
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
        ({"container_logs": "yes"}, "KubernetesCluster container_logs 'yes' is not allowed; use True"),
        (
            {"container_log_retention_days": 31},
            "KubernetesCluster container_log_retention_days 31 is not allowed; use one of 1, 3",
        ),
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
        ({"network_policies": "yes"}, "KubernetesCluster network_policies 'yes' is not allowed; use True"),
        ({"ingress": ["api.shop.example.com"]}, "KubernetesCluster ingress .* is not allowed; use a dict"),
        (
            {"ingress": {"hostnames": HOSTS, "zone": ZONE}},
            "`ingress.zone` is not an argument of KubernetesCluster",
        ),
        ({"ingress": {"hostnames": []}}, "KubernetesCluster ingress hostnames \\[\\] is not allowed"),
        ({"ingress": {"hostnames": ["*.shop.example.com"]}}, "ingress hostnames .* is not allowed"),
        ({"ingress": {"hostnames": [HOSTS[0], HOSTS[0]]}}, "ingress hostnames .* distinct"),
        (
            {"ingress": {"hostnames": ["api.shop.example.com", "api.other.org"]}},
            "ingress hostnames .* use names in the hosted zone example.com .*api.other.org",
        ),
        ({"ingress": {"hostnames": HOSTS, "hosted_zone_id": "zone"}}, "ingress hosted_zone_id 'zone'"),
        ({"ingress": {"hostnames": HOSTS, "certificate_arn": "cert"}}, "ingress certificate_arn 'cert'"),
        (
            {"ingress": {"hostnames": HOSTS, "ssl_policy": "ELBSecurityPolicy-2016-08"}},
            "ingress.ssl_policy 'ELBSecurityPolicy-2016-08' is not allowed",
        ),
        ({"ingress": {"hostnames": HOSTS, "class_name": "ALB"}}, "ingress class_name 'ALB' is not allowed"),
        ({"ingress": {"hostnames": HOSTS, "group_name": "-web"}}, "ingress group_name '-web' is not allowed"),
        (
            {"ingress": {"hostnames": HOSTS, "web_acl": "yes"}},
            "ingress.web_acl 'yes' is not allowed; use True",
        ),
        (
            {"ingress": {"hostnames": HOSTS, "web_acl": True, "rate_limit": 5}},
            "KubernetesCluster ingress.rate_limit 5 is not allowed; use a whole number of requests",
        ),
        (
            {"ingress": {"hostnames": HOSTS, "web_acl": True, "waf_log_retention_days": 100}},
            "KubernetesCluster ingress.waf_log_retention_days 100 is not allowed; use one of 1, 3",
        ),
        (
            {"ingress": {"hostnames": HOSTS, "waf_log_retention_days": "90"}},
            "KubernetesCluster ingress.waf_log_retention_days '90' is not allowed",
        ),
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
