"""`KubernetesCluster`: an Amazon EKS cluster in Auto Mode for the stack's Kubernetes runtime: private
endpoint by default, API authentication through access entries, Kubernetes secrets encrypted with a KMS key,
control-plane logs with a retention, the IAM roles Auto Mode needs, NetworkPolicies enforced, an
IngressClass for Auto Mode's Application Load Balancer (optionally behind a regional WAF web ACL), and
optionally the pods' logs in CloudWatch."""

import json
import re
from collections.abc import Mapping, Sequence
from typing import Any, Required, TypedDict

import pulumi
import pulumi_aws as aws
import pulumi_kubernetes as k8s

from ..checks import api_access_cidrs, choice, flag, not_allowed, refuse_unknown_keys
from ..limits import RETENTION_DAYS, check_retention
from .certificate import dns_validated_certificate, zone_name
from .iam import assume_role_policy
from .kms import encryption_key, log_encryption_key
from .load_balancer import _CERTIFICATE_ARN, _HOSTNAME, _ZONE_ID, DEFAULT_SSL_POLICY, SSL_POLICIES
from .naming import physical_base, physical_name
from .waf import acl_logging, check_rate_limit, web_acl
from .waf import log_group_name as waf_log_group_name

COMPONENT = "KubernetesCluster"

# Kubernetes minor versions Amazon EKS supports through late 2026 (EKS release calendar,
# docs.aws.amazon.com/eks/latest/userguide/kubernetes-versions.html, as mirrored by endoflife.date/amazon-eks:
# 14 months of standard support, then 12 of extended support at extra cost):
#   1.32  standard to 2026-03-23, extended to 2027-03-23
#   1.33  standard to 2026-07-29, extended to 2027-07-29
#   1.34  standard to 2026-12-02, extended to 2027-12-02
#   1.35  released 2026-01-28, standard to 2027-03-27, extended to 2028-03-27
# Add a version here once the calendar lists it (upstream 1.36 came out in April 2026).
KUBERNETES_VERSIONS = ("1.32", "1.33", "1.34", "1.35")
DEFAULT_KUBERNETES_VERSION = "1.35"  # the only one in standard support for all of late 2026

# Control-plane log types (the provider's `enabled_cluster_log_types`; EKS control plane logging docs).
LOG_TYPES = ("api", "audit", "authenticator", "controllerManager", "scheduler")
DEFAULT_LOG_TYPES = ("api", "audit", "authenticator")
DEFAULT_LOG_RETENTION_DAYS = 90

# Pods' logs on Auto Mode: the Amazon CloudWatch Observability EKS add-on (CloudWatch User Guide, "Install the
# CloudWatch agent with the Amazon CloudWatch Observability EKS add-on"; its compute types include "auto").
# Its Fluent Bit and CloudWatch agent DaemonSets both run as the service account amazon-cloudwatch/
# cloudwatch-agent (aws-observability/helm-charts, charts/amazon-cloudwatch-observability), which gets its
# permissions through EKS Pod Identity (add-on 3.1.0 and later; Auto Mode runs the Pod Identity agent itself,
# EKS User Guide, "Set up the Amazon EKS Pod Identity Agent"). Fluent Bit writes the containers' stdout and
# stderr to /aws/containerinsights/<cluster>/application; the other groups hold node, runtime and
# performance data. Created first, they keep our retention (the add-on creates them without one).
OBSERVABILITY_ADDON = "amazon-cloudwatch-observability"
OBSERVABILITY_SERVICE_ACCOUNT = "cloudwatch-agent"
OBSERVABILITY_POLICY = "CloudWatchAgentServerPolicy"
CONTAINER_INSIGHTS_LOGS = ("application", "dataplane", "host", "performance")
DEFAULT_CONTAINER_LOG_RETENTION_DAYS = 30

# EKS Auto Mode (docs.aws.amazon.com/eks/latest/userguide/auto-cluster-iam-role.html and
# auto-create-node-role.html): the cluster role's and the node role's AWS managed policies, and the built-in
# node pools (the provider's `compute_config.node_pools`: "general-purpose" and "system").
NODE_POOLS = ("general-purpose", "system")

# NetworkPolicies on EKS Auto Mode (EKS User Guide, "Use Network Policies with EKS Auto Mode"): the API server
# accepts them, but nothing enforces them until (1) the ConfigMap amazon-vpc-cni in kube-system says
# enable-network-policy-controller: "true" and (2) the pods run on nodes of a NodeClass with `networkPolicy`
# set. The built-in pools use the built-in "default" NodeClass, which stackyard cannot change (Auto Mode
# reconciles its built-in objects back), so the component brings its own NodeClass and a NodePool with the
# built-in general-purpose pool's requirements on it, and turns the general-purpose pool off: every workload
# that does not tolerate the system pool's CriticalAddonsOnly taint then lands on nodes that enforce
# policies. (A NodePool `weight` would only steer new nodes: the scheduler still puts pods on any existing
# general-purpose node.) The system pool stays for CoreDNS and the other add-ons.
NETWORK_POLICY_CONFIG_MAP = ("kube-system", "amazon-vpc-cni")
NODE_CLASS = "stackyard-network-policy"
NODE_POOL = "stackyard-general-purpose"
# The built-in general-purpose pool's spec (`kubectl get nodepool general-purpose -o yaml` on Auto Mode;
# EKS User Guide, "Enable or Disable Built-in NodePools": on-demand, C/M/R families, generation 5 or newer,
# amd64; Auto Mode runs Linux only): the same instances, the same consolidation and expiry.
NODE_POOL_REQUIREMENTS = (
    ("karpenter.sh/capacity-type", "In", ("on-demand",)),
    ("eks.amazonaws.com/instance-category", "In", ("c", "m", "r")),
    ("eks.amazonaws.com/instance-generation", "Gt", ("4",)),
    ("kubernetes.io/arch", "In", ("amd64",)),
)
# EKS Auto Mode's load balancing (EKS User Guide, "Create an IngressClass to configure an Application Load
# Balancer"): an IngressClass with this controller and parameters of this kind.
ALB_CONTROLLER = "eks.amazonaws.com/alb"
EKS_API_GROUP = "eks.amazonaws.com"
DEFAULT_INGRESS_CLASS = "alb"
# An IngressGroup name (AWS Load Balancer Controller): lowercase letters, digits, - and ., starting and
# ending with a letter or digit, at most 63.
GROUP_NAME = re.compile(r"^[a-z0-9]([-a-z0-9.]{0,61}[a-z0-9])?$")
DNS_SUBDOMAIN = re.compile(r"^(?=.{1,253}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")
INGRESS_KEYS = (
    "hostnames",
    "hosted_zone_id",
    "certificate_arn",
    "ssl_policy",
    "subnet_ids",
    "class_name",
    "group_name",
    "web_acl",
    "rate_limit",
    "waf_log_retention_days",
)
# The web ACL of Auto Mode's ALB (`ingress.web_acl`), as LoadBalancer's: its defaults.
DEFAULT_RATE_LIMIT = 2000
DEFAULT_WAF_LOG_RETENTION_DAYS = 90
CLUSTER_POLICIES = (
    "AmazonEKSClusterPolicy",
    "AmazonEKSComputePolicy",
    "AmazonEKSBlockStoragePolicy",
    "AmazonEKSLoadBalancingPolicy",
    "AmazonEKSNetworkingPolicy",
)
NODE_POLICIES = ("AmazonEKSWorkerNodeMinimalPolicy", "AmazonEC2ContainerRegistryPullOnly")
ADMIN_ACCESS_POLICY = "AmazonEKSClusterAdminPolicy"
# What the cluster role needs on the secrets key (EKS "Encrypt Kubernetes secrets with KMS"; the same set as
# terraform-aws-modules/eks's cluster encryption policy).
SECRETS_KEY_ACTIONS = ("kms:Encrypt", "kms:Decrypt", "kms:ListGrants", "kms:DescribeKey")

ROLE_PREFIX = 37  # IAM: name_prefix at most 38 characters with its hyphen (+ 26 = 64, the limit)
# EKS cluster names: 1-100 characters, a letter or digit first, then letters, digits, - and _ (provider docs).
CLUSTER_NAME = re.compile(r"^[0-9A-Za-z][A-Za-z0-9_-]{0,99}$")
MAX_CLUSTER_NAME = 100
PRINCIPAL_ARN = re.compile(
    r"^arn:aws(?:-[a-z]+)*:iam::(\d{12}):(role|user)/(?:[\w+=,.@-]+/)*([\w+=,.@-]{1,128})$"
)
# A key ARN, not an alias: the cluster role's IAM grant must name the key itself.
KMS_KEY_ARN = re.compile(r"^arn:aws(?:-[a-z]+)*:kms:[a-z0-9-]+:\d{12}:key/[A-Za-z0-9-]+$")
API_PORT = 443


class KubernetesIngressArgs(TypedDict, total=False):
    """An IngressClass served by EKS Auto Mode's Application Load Balancer."""

    hostnames: Required[list[str]]
    """The DNS names the Ingresses of the class serve, e.g. ["api.shop.example.com"] (lowercase, no
    wildcard): one DNS-validated ACM certificate covers them all, unless `certificate_arn` is given.
    Required."""
    hosted_zone_id: pulumi.Input[str] | None
    """The public Route 53 hosted zone of the hostnames, for the certificate's validation records. Default
    None: the public zone named after the first hostname's registrable domain ("example.com" for
    "api.shop.example.com"), looked up; every hostname must then lie in it."""
    certificate_arn: pulumi.Input[str] | None
    """Bring your own ACM certificate (in the cluster's region, covering every hostname): then no
    certificate or validation record is created. Default None: a new DNS-validated certificate."""
    ssl_policy: str
    """The HTTPS listener's security policy, one of the TLS 1.3 policies with TLS 1.2 or 1.3 as minimum
    (`LoadBalancer`'s `SSL_POLICIES`). Default "ELBSecurityPolicy-TLS13-1-2-2021-06"."""
    subnet_ids: pulumi.Input[list[str]] | None
    """The public subnets of the ALB, e.g. `net.public_subnet_ids`. Default None: Auto Mode picks the
    subnets tagged kubernetes.io/role/elb (the stackyard Vpc tags its public subnets so)."""
    class_name: str
    """The IngressClass's name (and its IngressClassParams'), which Ingresses name in ingressClassName.
    Default "alb"."""
    group_name: str
    """The IngressGroup: every Ingress of the class shares one ALB. Lowercase letters, digits, - and .,
    at most 63. Default: the cluster's name, lowercased."""
    web_acl: bool
    """A regional AWS WAF web ACL for the ALB, as `LoadBalancer`'s (components.aws.waf): the AWS managed
    rule groups AWSManagedRulesCommonRuleSet, AWSManagedRulesKnownBadInputsRuleSet and
    AWSManagedRulesAmazonIpReputationList, then a per-IP rate limit (`rate_limit`) that blocks; metrics and
    sampled requests on, and every request it inspects logged to the log group
    `aws-waf-logs-<physical_name>-eks-alb` (the `authorization` and `cookie` headers redacted, kept
    `waf_log_retention_days`, encrypted with a key of its own, `alias/<physical_name>-eks-waf-logs`, under
    `encrypt_logs`). The component does not associate it: Auto Mode creates the ALB from the Ingresses, so
    each Ingress of the class names the ACL in the annotation `alb.ingress.kubernetes.io/wafv2-acl-arn`
    (components.k8s.ContainerService `web_acl_arn` = `web_acl_arn`), the same on every Ingress of the group
    (the annotation's merge behaviour is Exclusive; EKS User Guide, "Create an IngressClass to configure an
    Application Load Balancer", Ingress annotations: waf-acl-id/web-acl-id are not supported, WAF v2 is).
    About $5 a month plus $1 per rule and $0.60 per million requests, and the logs' ingestion. Default
    False."""
    rate_limit: int
    """Requests one IP may make in 5 minutes before the web ACL blocks it, 10 to 2,000,000,000. Used only
    with `web_acl`. Default 2000."""
    waf_log_retention_days: int
    """Days the web ACL's logs are kept, one of CloudWatch's values (1, 3, 5, 7, 14, 30, 60, 90, ...,
    3653). Used only with `web_acl`. Default 90."""


class KubernetesClusterArgs(TypedDict, total=False):
    vpc_id: Required[pulumi.Input[str]]
    """The VPC of the subnets, e.g. `net.vpc_id`. Its primary CIDR block may reach the private API endpoint
    (see `api_access_from_vpc`). Required."""
    subnet_ids: Required[pulumi.Input[list[str]]]
    """Private subnets in at least two Availability Zones, e.g. `net.private_subnet_ids`: the control plane's
    network interfaces and the Auto Mode nodes go there. Required. (For `LoadBalancer` services and Ingresses,
    Auto Mode picks subnets tagged `kubernetes.io/role/elb` / `kubernetes.io/role/internal-elb`.)"""
    kubernetes_version: str
    """Kubernetes minor version: "1.32", "1.33", "1.34" or "1.35". Default "1.35". Raising it upgrades the
    control plane (one minor version at a time); Auto Mode then replaces the nodes. EKS cannot downgrade."""
    cluster_name: str
    """The EKS cluster's name: 1-100 letters, digits, - or _, starting with a letter or digit. Default:
    `physical_name` made DNS-safe (at most 100 characters). Explicit, because the control-plane log group is
    named after it; two stacks in one account and region need different names."""
    api_access_cidrs: list[str]
    """IPv4 CIDR blocks (e.g. your office, VPN or CI runners' egress) allowed to reach the public API
    endpoint. Default []: no public endpoint at all, only the private one in the VPC, so `pulumi up` (which
    deploys the Kubernetes resources through this endpoint) and `kubectl` must run from inside the VPC (or a
    network connected to it). "0.0.0.0/0" (any /0) is refused: it opens the API to the whole internet."""
    api_access_from_vpc: bool
    """Allow TCP 443 from the VPC's primary CIDR block on the cluster security group, so hosts in the VPC
    (a CI runner, a bastion) reach the private endpoint. Default True. Every request still needs an IAM
    identity with an access entry. The same group is on the Auto Mode nodes, so this also admits the VPC to
    pods listening on port 443. False: only members of the cluster security group reach the endpoint."""
    admin_principal_arns: list[str]
    """IAM role or user ARNs (arn:aws:iam::<account>:role/<name> or …:user/<name>; never an sts
    assumed-role ARN) that get cluster-admin: an access entry each, with AmazonEKSClusterAdminPolicy on the
    whole cluster. Default []. The identity that creates the cluster is an admin already (EKS's
    `bootstrap_cluster_creator_admin_permissions`): do not list it again, EKS refuses a second entry."""
    log_types: list[str]
    """Control-plane logs sent to CloudWatch Logs: any of "api", "audit", "authenticator",
    "controllerManager", "scheduler". Default ["api", "audit", "authenticator"]; [] turns logging off."""
    log_retention_days: int
    """Retention of the log group `/aws/eks/<cluster_name>/cluster`, created before the cluster so EKS does
    not create it without one: one of CloudWatch's values (1, 3, 5, 7, 14, 30, 60, 90, 120, …). Default 90.
    Used only with `log_types`."""
    container_logs: bool
    """Send the pods' stdout and stderr to CloudWatch Logs, with Container Insights metrics: the Amazon
    CloudWatch Observability EKS add-on (amazon-cloudwatch-observability: Fluent Bit and the CloudWatch agent
    as DaemonSets, which Auto Mode runs), whose service account amazon-cloudwatch/cloudwatch-agent gets an IAM
    role with CloudWatchAgentServerPolicy through an EKS Pod Identity association (Auto Mode runs the Pod
    Identity agent itself). The log groups `/aws/containerinsights/<cluster_name>/application` (the pods'
    logs), `dataplane`, `host` and `performance` are created first with `container_log_retention_days`.
    Container Insights bills per observation, logs per GB ingested and stored. Default False."""
    container_log_retention_days: int
    """Retention of the Container Insights log groups (`container_logs`): one of CloudWatch's values (1, 3, 5,
    7, 14, 30, 60, 90, …). Default 30."""
    encrypt_logs: bool
    """Encrypt the cluster's log groups (control plane and Container Insights) with a customer-managed KMS
    key of their own (alias `alias/<physical_name>-eks-logs`, yearly rotation), whose key policy lets only
    CloudWatch Logs in the cluster's region use it, for these log groups. About $1 a month. Default True;
    the staging profile turns it off (CloudWatch Logs' own encryption)."""
    kms_key_arn: pulumi.Input[str]
    """KMS key ARN (…:key/<id>, not an alias; symmetric, in the cluster's region) for the envelope
    encryption of Kubernetes secrets. The cluster role is granted kms:Encrypt, Decrypt, ListGrants and
    DescribeKey on it. Default: a new customer-managed key with yearly rotation
    (`alias/<physical_name>-eks`). EKS cannot change or remove it later."""
    deletion_protection: bool
    """EKS deletion protection: the API refuses to delete the cluster until it is turned off. Default
    False."""
    protect: bool
    """Pulumi `protect` on the cluster and its KMS key: `pulumi up`/`destroy` refuse to delete them.
    Default False."""
    tags: dict[str, str]
    """Tags added to every taggable resource, plus Name. Default {}. (Auto Mode's managed policies do not let
    EKS put these on the instances, volumes and load balancers it creates.)"""
    network_policies: bool
    """Enforce Kubernetes NetworkPolicies, which Auto Mode otherwise accepts and ignores: the ConfigMap
    kube-system/amazon-vpc-cni turning the network policy controller on, a NodeClass
    "stackyard-network-policy" with `networkPolicy: DefaultAllow` (the cluster's node role, `subnet_ids`, the
    cluster security group) and a NodePool "stackyard-general-purpose" on it with the built-in
    general-purpose pool's requirements, which is then turned off (the "system" pool stays). Default True.
    False: the built-in general-purpose and system pools, and no NetworkPolicy isolates anything."""
    ingress: KubernetesIngressArgs | None
    """An IngressClass (controller eks.amazonaws.com/alb) whose IngressClassParams make one internet-facing
    ALB for all its Ingresses: IPv4, pods as targets (ip), HTTPS with the ACM certificate for `hostnames` and
    a TLS 1.3 policy, invalid header fields dropped. Default None: no IngressClass."""
    physical_name: str
    """The base of the physical names of this component's cloud resources (the default `cluster_name`, and
    through it the control-plane log group and the IngressGroup; the IAM roles
    `<physical_name>-eks-cluster-…` and `-eks-node-…`; `alias/<physical_name>-eks`). Default: the
    component's name. Give each stack its own (e.g. "shop-staging") so that two stacks in one account never
    collide, while the logical names, and so the URNs, stay the same. 1-63 lowercase letters, digits and
    hyphens, starting with a letter. Changing it on a deployed stack replaces the cluster."""


class KubernetesCluster(pulumi.ComponentResource):
    """An Amazon EKS cluster in Auto Mode: EKS runs the control plane and the nodes, block storage and load
    balancing, so the stack only deploys workloads.

    - Auto Mode: `compute_config` on with the "system" node pool and the component's node role, load
      balancing and EBS block storage on, no self-managed add-ons (Auto Mode brings VPC CNI, kube-proxy,
      CoreDNS and the EBS CSI driver itself). The nodes are in the private `subnet_ids` and carry the
      cluster security group (`security_group_id`): give that to the database's and the cache's
      `allow_from` and pods reach them.
    - NetworkPolicies enforced (`network_policies`): Auto Mode ignores them until the network policy
      controller is on and the pods' nodes come from a NodeClass with `networkPolicy` set (EKS User Guide,
      "Use Network Policies with EKS Auto Mode"). Through a Kubernetes provider of its own (from
      `kubeconfig`) the component applies the ConfigMap kube-system/amazon-vpc-cni, a NodeClass
      "stackyard-network-policy" (`networkPolicy: DefaultAllow`: pods no policy selects keep all traffic)
      with the node role, the private subnets and the cluster security group (an eks-cluster-sg-* group,
      which Auto Mode's managed policy may add load balancer rules to; "Learn about VPC Networking and Load
      Balancing in EKS Auto Mode"), and a NodePool "stackyard-general-purpose" with the built-in
      general-purpose pool's requirements on that NodeClass. The built-in general-purpose pool is turned off
      instead of outranked by a NodePool weight, because the scheduler would still place pods on any
      general-purpose node that exists; only the "system" pool (tainted CriticalAddonsOnly) remains.
    - With `ingress`: an IngressClass (controller eks.amazonaws.com/alb) and its IngressClassParams: one
      internet-facing ALB per class (an IngressGroup), target type ip, certificateARNs of a DNS-validated
      ACM certificate for the hostnames (validation records in Route 53), a TLS 1.3 `ssl_policy`, invalid
      header fields dropped (EKS User Guide, "Create an IngressClass to configure an Application Load
      Balancer", IngressClassParams reference). Listeners, the 80 -> 443 redirect and the health check are
      per Ingress (components.k8s.ContainerService with ingress_controller "eks-auto-mode").
      With `ingress.web_acl`, a regional WAF web ACL (AWS managed rule groups and a per-IP rate limit, its
      requests logged to `aws-waf-logs-<physical_name>-eks-alb`) whose ARN, `web_acl_arn`, every Ingress of
      the class carries in its `alb.ingress.kubernetes.io/wafv2-acl-arn` annotation: Auto Mode then
      associates the ACL with the ALB.
    - API endpoint: private by default (`api_access_cidrs` = []): reachable only from inside the VPC, so
      `pulumi up` and `kubectl` must run there; the VPC's CIDR may reach it on 443 (`api_access_from_vpc`).
      With `api_access_cidrs` the public endpoint is on for those CIDRs only; 0.0.0.0/0 is refused.
    - Authentication through the EKS API only (access entries, no aws-auth ConfigMap): the creator is
      cluster-admin, and so is every principal in `admin_principal_arns`. `kubeconfig` (a secret) runs
      `aws eks get-token` for credentials, so it holds no token.
    - Kubernetes secrets are envelope-encrypted with a KMS key (its own, rotated yearly, unless
      `kms_key_arn` is given).
    - api, audit and authenticator logs go to `/aws/eks/<cluster_name>/cluster`, kept 90 days; with
      `container_logs` the pods' logs go to `/aws/containerinsights/<cluster_name>/application` through the
      Amazon CloudWatch Observability add-on, kept `container_log_retention_days`.
    - IAM: a cluster role (trusting eks.amazonaws.com with sts:AssumeRole and sts:TagSession) with the five
      Auto Mode managed policies, and a node role (trusting ec2.amazonaws.com) with
      AmazonEKSWorkerNodeMinimalPolicy and AmazonEC2ContainerRegistryPullOnly; EKS gives the node role its
      access entry. Pods get AWS permissions through EKS Pod Identity or IRSA (`oidc_issuer_url`).

    Example:

        cluster = KubernetesCluster(
            "shop",
            {
                "vpc_id": "vpc-0a1b2c3d4e5f60718",
                "subnet_ids": ["subnet-0a1b2c3d4e5f60718", "subnet-0f1e2d3c4b5a69788"],
                "api_access_cidrs": ["203.0.113.0/24"],
                "admin_principal_arns": ["arn:aws:iam::123456789012:role/platform-admins"],
                "ingress": {"hostnames": ["api.shop.example.com"], "hosted_zone_id": "Z0123456789ABCDEFGHIJ"},
            },
        )
        pulumi.export("clusterName", cluster.cluster_name)
        pulumi.export("kubeconfig", cluster.kubeconfig)
        pulumi.export("ingressClass", cluster.ingress_class_name)
    """

    cluster_name: pulumi.Output[str]
    """The EKS cluster's name."""
    arn: pulumi.Output[str]
    """The EKS cluster's ARN."""
    endpoint: pulumi.Output[str]
    """The Kubernetes API server URL (https://…eks.amazonaws.com)."""
    certificate_authority: pulumi.Output[str]
    """The cluster's CA certificate, base64-encoded (kubeconfig's certificate-authority-data)."""
    kubeconfig: pulumi.Output[str]
    """A kubeconfig (JSON, which is YAML too) for the cluster whose user runs `aws eks get-token` through the
    client.authentication.k8s.io/v1beta1 exec plugin: for `pulumi_kubernetes.Provider(kubeconfig=...)` or
    kubectl (the AWS CLI must be installed). A Pulumi secret."""
    security_group_id: pulumi.Output[str]
    """The cluster security group EKS creates (on the control plane's interfaces and the Auto Mode nodes):
    what the database's and the cache's `allow_from` admit so pods reach them."""
    oidc_issuer_url: pulumi.Output[str]
    """The cluster's OpenID Connect issuer URL, for IAM roles for service accounts (IRSA)."""
    node_role_arn: pulumi.Output[str]
    """The ARN of the IAM role of the Auto Mode nodes."""
    kms_key_arn: pulumi.Output[str]
    """The KMS key encrypting Kubernetes secrets."""
    ingress_class_name: pulumi.Output[str]
    """The IngressClass of Auto Mode's ALB, for Ingresses' ingressClassName; "" without `ingress`."""
    ingress_certificate_arn: pulumi.Output[str]
    """The ARN of the ALB's certificate, resolved once it is validated (or `ingress.certificate_arn`); ""
    without `ingress`."""
    container_log_group_name: pulumi.Output[str]
    """The log group of the pods' logs, `/aws/containerinsights/<cluster_name>/application`; "" without
    `container_logs`."""
    web_acl_arn: pulumi.Output[str] | None
    """The ARN of the ALB's WAF web ACL (`ingress.web_acl`), for each Ingress's
    `alb.ingress.kubernetes.io/wafv2-acl-arn` annotation (ContainerService `web_acl_arn`); None without it."""

    def __init__(
        self, name: str, args: KubernetesClusterArgs, opts: pulumi.ResourceOptions | None = None
    ) -> None:
        refuse_unknown_keys(KubernetesCluster, KubernetesClusterArgs, name, args, opts)
        settings = _Settings(name, args)
        super().__init__("stackyard-aws:index:KubernetesCluster", name, None, opts)
        tags = settings.tags
        child = pulumi.ResourceOptions(parent=self)
        invoke = pulumi.InvokeOutputOptions(parent=self)
        partition = aws.get_partition_output(opts=invoke).partition
        region = aws.get_region_output(opts=invoke).region

        def named(suffix: str) -> dict[str, str]:
            return {**tags, "Name": f"{name}-{suffix}" if suffix else name}

        def managed_policy(policy: str) -> pulumi.Output[str]:
            return partition.apply(lambda p: f"arn:{p}:iam::aws:policy/{policy}")

        cluster_role = aws.iam.Role(
            f"{name}-cluster",
            name_prefix=physical_name(f"{settings.base}-eks-cluster", ROLE_PREFIX) + "-",
            description=f"EKS Auto Mode cluster role of {name}, managed by stackyard",
            assume_role_policy=_cluster_trust_policy(),
            tags=named("cluster"),
            opts=child,
        )
        cluster_attachments = [
            aws.iam.RolePolicyAttachment(
                f"{name}-cluster-{policy}",
                role=cluster_role.name,
                policy_arn=managed_policy(policy),
                opts=child,
            )
            for policy in CLUSTER_POLICIES
        ]
        node_role = aws.iam.Role(
            f"{name}-node",
            name_prefix=physical_name(f"{settings.base}-eks-node", ROLE_PREFIX) + "-",
            description=f"EKS Auto Mode node role of {name}, managed by stackyard",
            assume_role_policy=assume_role_policy("ec2.amazonaws.com"),
            tags=named("node"),
            opts=child,
        )
        node_attachments = [
            aws.iam.RolePolicyAttachment(
                f"{name}-node-{policy}",
                role=node_role.name,
                policy_arn=managed_policy(policy),
                opts=child,
            )
            for policy in NODE_POLICIES
        ]

        given_key = args.get("kms_key_arn")
        key_arn: pulumi.Input[str] = (
            given_key
            if given_key is not None
            else encryption_key(
                f"{name}-eks",
                f"Kubernetes secrets of the EKS cluster {name}",
                self,
                tags,
                settings.protect,
                alias=f"{settings.base}-eks",
            ).arn
        )
        key_grant = aws.iam.RolePolicy(
            f"{name}-cluster-secrets-key",
            role=cluster_role.id,
            policy=pulumi.Output.from_input(key_arn).apply(_secrets_key_policy),
            opts=child,
        )

        self._log_key: pulumi.Output[str] | None = None
        groups = ([f"/aws/eks/{settings.cluster_name}/cluster"] if settings.log_types else []) + (
            [f"/aws/containerinsights/{settings.cluster_name}/*"] if settings.container_logs else []
        )
        if settings.encrypt_logs and groups:
            self._log_key = log_encryption_key(
                f"{name}-eks-logs",
                f"Logs of the EKS cluster {name}",
                self,
                tags,
                groups,
                alias=f"{settings.base}-eks-logs",
            ).arn
        log_group: aws.cloudwatch.LogGroup | None = None
        if settings.log_types:
            log_group = aws.cloudwatch.LogGroup(
                f"{name}-control-plane",
                name=f"/aws/eks/{settings.cluster_name}/cluster",
                retention_in_days=settings.log_retention_days,
                kms_key_id=self._log_key,
                tags=named("control-plane"),
                opts=child,
            )

        vpc_config: aws.eks.ClusterVpcConfigArgsDict = {
            "subnet_ids": settings.subnet_ids,
            "endpoint_private_access": True,
            "endpoint_public_access": bool(settings.api_access_cidrs),
        }
        if settings.api_access_cidrs:
            vpc_config["public_access_cidrs"] = settings.api_access_cidrs
        cluster = aws.eks.Cluster(
            name,
            name=settings.cluster_name,
            version=settings.kubernetes_version,
            role_arn=cluster_role.arn,
            vpc_config=vpc_config,
            access_config={
                "authentication_mode": "API",
                "bootstrap_cluster_creator_admin_permissions": True,
            },
            bootstrap_self_managed_addons=False,
            compute_config={
                "enabled": True,
                "node_pools": ["system"] if settings.network_policies else list(NODE_POOLS),
                "node_role_arn": node_role.arn,
            },
            kubernetes_network_config={"elastic_load_balancing": {"enabled": True}},
            storage_config={"block_storage": {"enabled": True}},
            encryption_config={"provider": {"key_arn": key_arn}, "resources": ["secrets"]},
            enabled_cluster_log_types=list(settings.log_types),
            deletion_protection=settings.deletion_protection,
            tags=named(""),
            # EKS needs the roles' permissions while it creates and deletes the cluster (provider docs), and
            # the log group first so it keeps our retention.
            opts=pulumi.ResourceOptions(
                parent=self,
                protect=settings.protect,
                depends_on=[
                    *cluster_attachments,
                    *node_attachments,
                    key_grant,
                    *([log_group] if log_group else []),
                ],
            ),
        )

        self.security_group_id = cluster.vpc_config.apply(lambda v: v.cluster_security_group_id or "")
        if settings.api_access_from_vpc:
            vpc_cidr = aws.ec2.get_vpc_output(id=settings.vpc_id, opts=invoke).cidr_block
            aws.vpc.SecurityGroupIngressRule(
                f"{name}-api-from-vpc",
                security_group_id=self.security_group_id,
                cidr_ipv4=vpc_cidr,
                ip_protocol="tcp",
                from_port=API_PORT,
                to_port=API_PORT,
                description="Kubernetes API (private endpoint) from inside the VPC, managed by stackyard",
                tags=named("api-from-vpc"),
                opts=child,
            )

        for label, principal in settings.admins.items():
            entry = aws.eks.AccessEntry(
                f"{name}-admin-{label}",
                cluster_name=cluster.name,
                principal_arn=principal,
                type="STANDARD",
                tags=named(f"admin-{label}"),
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

        self.cluster_name = cluster.name
        self.arn = cluster.arn
        self.endpoint = cluster.endpoint
        self.certificate_authority = cluster.certificate_authority.apply(lambda ca: ca.data or "")
        self.kubeconfig = pulumi.Output.secret(
            pulumi.Output.all(cluster.name, cluster.endpoint, self.certificate_authority, region).apply(
                lambda v: kubeconfig(v[0], v[1], v[2], v[3])
            )
        )
        self.oidc_issuer_url = cluster.identities.apply(_oidc_issuer)
        self.node_role_arn = node_role.arn
        self.kms_key_arn = pulumi.Output.from_input(key_arn)
        self.ingress_class_name = pulumi.Output.from_input("")
        self.ingress_certificate_arn = pulumi.Output.from_input("")
        self.container_log_group_name = pulumi.Output.from_input("")
        self.web_acl_arn: pulumi.Output[str] | None = None
        if settings.ingress is not None and settings.ingress.get("web_acl", False):
            self.web_acl_arn = self._web_acl(name, settings, settings.ingress)

        node_pool: pulumi.Resource | None = None
        if settings.network_policies or settings.ingress is not None:
            # The cluster's own objects, applied through the cluster's endpoint (so from where `pulumi up`
            # reaches it); they exist before anything that depends on this component is deployed.
            provider = k8s.Provider(
                f"{name}-kubernetes",
                kubeconfig=self.kubeconfig,
                opts=pulumi.ResourceOptions(parent=self, depends_on=[cluster]),
            )
            in_cluster = pulumi.ResourceOptions(parent=self, provider=provider)
            if settings.network_policies:
                node_pool = self._network_policies(name, settings, node_role.name, in_cluster)
            if settings.ingress is not None:
                self._ingress_class(name, settings, settings.ingress, in_cluster)
        if settings.container_logs:
            self._container_logs(
                name,
                settings,
                cluster,
                managed_policy(OBSERVABILITY_POLICY),
                [node_pool] if node_pool is not None else [],
            )
        self.register_outputs(
            {
                "cluster_name": self.cluster_name,
                "arn": self.arn,
                "endpoint": self.endpoint,
                "certificate_authority": self.certificate_authority,
                "kubeconfig": self.kubeconfig,
                "security_group_id": self.security_group_id,
                "oidc_issuer_url": self.oidc_issuer_url,
                "node_role_arn": self.node_role_arn,
                "kms_key_arn": self.kms_key_arn,
                "ingress_class_name": self.ingress_class_name,
                "ingress_certificate_arn": self.ingress_certificate_arn,
                "container_log_group_name": self.container_log_group_name,
                "web_acl_arn": self.web_acl_arn,
            }
        )

    def _web_acl(
        self, name: str, settings: "_Settings", ingress: KubernetesIngressArgs
    ) -> pulumi.Output[str]:
        """The ALB's regional web ACL and its logging (components.aws.waf, as LoadBalancer's); returns its
        ARN. The Ingresses associate it (their wafv2-acl-arn annotation)."""
        physical = f"{settings.base}-eks-alb"
        acl = web_acl(
            self,
            f"{name}-waf",
            physical=physical,
            description=f"Firewall of the ALB of the EKS cluster {name}, managed by stackyard",
            scope="REGIONAL",
            rate_limit=ingress.get("rate_limit", DEFAULT_RATE_LIMIT),
            tags=settings.tags,
        )
        log_key = (
            log_encryption_key(
                f"{name}-eks-waf-logs",
                f"Web ACL logs of the ALB of the EKS cluster {name}",
                self,
                settings.tags,
                [waf_log_group_name(physical)],
                alias=f"{settings.base}-eks-waf-logs",
                delivery=True,
            ).arn
            if settings.encrypt_logs
            else None
        )
        acl_logging(
            self,
            f"{name}-waf-logs",
            acl=acl,
            physical=physical,
            retention_days=ingress.get("waf_log_retention_days", DEFAULT_WAF_LOG_RETENTION_DAYS),
            tags=settings.tags,
            kms_key_arn=log_key,
        )
        return acl.arn

    def _container_logs(
        self,
        name: str,
        settings: "_Settings",
        cluster: aws.eks.Cluster,
        policy_arn: pulumi.Output[str],
        after: list[pulumi.Resource],
    ) -> None:
        """The Container Insights log groups, the add-on's IAM role and the add-on with its Pod Identity
        association. It waits for `after` (the NodePool its pods will run on when the built-in
        general-purpose pool is off)."""
        child = pulumi.ResourceOptions(parent=self)
        tags = settings.tags
        groups = [
            aws.cloudwatch.LogGroup(
                f"{name}-container-insights-{kind}",
                name=f"/aws/containerinsights/{settings.cluster_name}/{kind}",
                retention_in_days=settings.container_log_retention_days,
                kms_key_id=self._log_key,
                tags={**tags, "Name": f"{name}-container-insights-{kind}"},
                opts=child,
            )
            for kind in CONTAINER_INSIGHTS_LOGS
        ]
        role = aws.iam.Role(
            f"{name}-observability",
            name_prefix=physical_name(f"{settings.base}-eks-observability", ROLE_PREFIX) + "-",
            description=f"CloudWatch Observability add-on of the EKS cluster {name}, managed by stackyard",
            assume_role_policy=_pod_identity_trust_policy(),
            tags={**tags, "Name": f"{name}-observability"},
            opts=child,
        )
        attachment = aws.iam.RolePolicyAttachment(
            f"{name}-observability-{OBSERVABILITY_POLICY}", role=role.name, policy_arn=policy_arn, opts=child
        )
        aws.eks.Addon(
            f"{name}-observability",
            cluster_name=cluster.name,
            addon_name=OBSERVABILITY_ADDON,
            pod_identity_associations=[
                {"role_arn": role.arn, "service_account": OBSERVABILITY_SERVICE_ACCOUNT}
            ],
            resolve_conflicts_on_create="OVERWRITE",
            resolve_conflicts_on_update="OVERWRITE",
            tags={**tags, "Name": f"{name}-observability"},
            # The log groups first (their retention), the role usable, and a node pool for its controller.
            opts=pulumi.ResourceOptions(parent=self, depends_on=[*groups, attachment, *after]),
        )
        self.container_log_group_name = groups[0].name

    def _network_policies(
        self, name: str, settings: "_Settings", node_role: pulumi.Output[str], opts: pulumi.ResourceOptions
    ) -> pulumi.Resource:
        """The network policy controller switched on, and the NodeClass and NodePool whose nodes enforce.
        Returns the NodePool."""
        namespace, config_map = NETWORK_POLICY_CONFIG_MAP
        k8s.core.v1.ConfigMap(
            f"{name}-network-policy-controller",
            metadata={"name": config_map, "namespace": namespace, "labels": _labels(name, "network-policy")},
            data={"enable-network-policy-controller": "true"},
            opts=opts,
        )
        node_class = k8s.apiextensions.CustomResource(
            f"{name}-node-class",
            api_version=f"{EKS_API_GROUP}/v1",
            kind="NodeClass",
            metadata={"name": NODE_CLASS, "labels": _labels(name, "node-class")},
            spec={
                "role": node_role,  # the node role's name; EKS gave it an access entry with the cluster
                "subnetSelectorTerms": pulumi.Output.from_input(settings.subnet_ids).apply(
                    lambda ids: [{"id": subnet} for subnet in ids]
                ),
                "securityGroupSelectorTerms": [{"id": self.security_group_id}],
                "networkPolicy": "DefaultAllow",
                "networkPolicyEventLogs": "Disabled",
            },
            opts=opts,
        )
        return k8s.apiextensions.CustomResource(
            f"{name}-node-pool",
            api_version="karpenter.sh/v1",
            kind="NodePool",
            metadata={"name": NODE_POOL, "labels": _labels(name, "node-pool")},
            spec={
                "template": {
                    "spec": {
                        "nodeClassRef": {"group": EKS_API_GROUP, "kind": "NodeClass", "name": NODE_CLASS},
                        "requirements": [
                            {"key": key, "operator": operator, "values": list(values)}
                            for key, operator, values in NODE_POOL_REQUIREMENTS
                        ],
                        "expireAfter": "336h",
                        "terminationGracePeriod": "24h0m0s",
                    }
                },
                "disruption": {
                    "consolidationPolicy": "WhenEmptyOrUnderutilized",
                    "consolidateAfter": "30s",
                    "budgets": [{"nodes": "10%"}],
                },
            },
            opts=pulumi.ResourceOptions.merge(opts, pulumi.ResourceOptions(depends_on=[node_class])),
        )

    def _ingress_class(
        self,
        name: str,
        settings: "_Settings",
        ingress: KubernetesIngressArgs,
        opts: pulumi.ResourceOptions,
    ) -> None:
        """The certificate, the IngressClassParams and the IngressClass of Auto Mode's ALB."""
        hostnames = ingress["hostnames"]
        given = ingress.get("certificate_arn")
        if given is not None:
            certificate_arn = pulumi.Output.from_input(given)
        else:
            zone = ingress.get("hosted_zone_id")
            zone_id = (
                pulumi.Output.from_input(zone)
                if zone is not None
                else aws.route53.get_zone_output(
                    name=zone_name(hostnames[0]),
                    private_zone=False,
                    opts=pulumi.InvokeOutputOptions(parent=self),
                ).zone_id
            )
            certificate_arn = dns_validated_certificate(
                self, f"{name}-ingress", hostnames[0], zone_id, settings.tags, hostnames=hostnames
            )
        class_name = ingress.get("class_name", DEFAULT_INGRESS_CLASS)
        spec: dict[str, Any] = {
            "scheme": "internet-facing",
            "ipAddressType": "ipv4",
            "group": {"name": ingress.get("group_name", "")},  # set by _ingress
            "targetType": "ip",
            "certificateARNs": [certificate_arn],
            "sslPolicy": ingress.get("ssl_policy", DEFAULT_SSL_POLICY),
            "loadBalancerAttributes": [
                {"key": "routing.http.drop_invalid_header_fields.enabled", "value": "true"}
            ],
        }
        subnet_ids = ingress.get("subnet_ids")
        if subnet_ids is not None:
            spec["subnets"] = {"ids": subnet_ids}
        params = k8s.apiextensions.CustomResource(
            f"{name}-ingress-params",
            api_version=f"{EKS_API_GROUP}/v1",
            kind="IngressClassParams",
            metadata={"name": class_name, "labels": _labels(name, "ingress-class")},
            spec=spec,
            opts=opts,
        )
        ingress_class = k8s.networking.v1.IngressClass(
            f"{name}-ingress-class",
            metadata={"name": class_name, "labels": _labels(name, "ingress-class")},
            spec={
                "controller": ALB_CONTROLLER,
                "parameters": {"api_group": EKS_API_GROUP, "kind": "IngressClassParams", "name": class_name},
            },
            opts=pulumi.ResourceOptions.merge(opts, pulumi.ResourceOptions(depends_on=[params])),
        )
        self.ingress_class_name = ingress_class.metadata.name
        self.ingress_certificate_arn = certificate_arn


def kubeconfig(cluster_name: str, endpoint: str, certificate_authority: str, region: str) -> str:
    """A kubeconfig for one EKS cluster whose user gets a token from `aws eks get-token`."""
    return json.dumps(
        {
            "apiVersion": "v1",
            "kind": "Config",
            "clusters": [
                {
                    "name": cluster_name,
                    "cluster": {"server": endpoint, "certificate-authority-data": certificate_authority},
                }
            ],
            "contexts": [{"name": cluster_name, "context": {"cluster": cluster_name, "user": cluster_name}}],
            "current-context": cluster_name,
            "users": [
                {
                    "name": cluster_name,
                    "user": {
                        "exec": {
                            "apiVersion": "client.authentication.k8s.io/v1beta1",
                            "command": "aws",
                            "args": [
                                "eks",
                                "get-token",
                                "--cluster-name",
                                cluster_name,
                                "--region",
                                region,
                                "--output",
                                "json",
                            ],
                        }
                    },
                }
            ],
        },
        indent=2,
    )


def _pod_identity_trust_policy() -> str:
    """EKS Pod Identity may assume the role and tag its sessions (EKS User Guide, "Create a Pod Identity
    association")."""
    policy = json.loads(assume_role_policy("pods.eks.amazonaws.com"))
    policy["Statement"][0]["Action"] = ["sts:AssumeRole", "sts:TagSession"]
    return json.dumps(policy)


def _cluster_trust_policy() -> str:
    """eks.amazonaws.com may assume the cluster role and tag its sessions (Auto Mode needs both)."""
    policy = json.loads(assume_role_policy("eks.amazonaws.com"))
    policy["Statement"][0]["Action"] = ["sts:AssumeRole", "sts:TagSession"]
    return json.dumps(policy)


def _labels(name: str, role: str) -> dict[str, str]:
    """The recommended labels of the cluster's own Kubernetes objects."""
    return {
        "app.kubernetes.io/name": f"stackyard-{role}",
        "app.kubernetes.io/instance": physical_name(name, 63),
        "app.kubernetes.io/part-of": physical_name(name, 63),
        "app.kubernetes.io/component": role,
        "app.kubernetes.io/managed-by": "stackyard",
    }


def _secrets_key_policy(key_arn: str) -> str:
    return json.dumps(
        {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Sid": "EncryptKubernetesSecrets",
                    "Effect": "Allow",
                    "Action": list(SECRETS_KEY_ACTIONS),
                    "Resource": key_arn,
                }
            ],
        }
    )


def _oidc_issuer(identities: Sequence[Any] | None) -> str:
    for identity in identities or []:
        for oidc in identity.oidcs or []:
            if oidc.issuer:
                return oidc.issuer
    return ""


class _Settings:
    """The plain arguments, defaulted and checked: constructed before anything is registered."""

    def __init__(self, name: str, args: KubernetesClusterArgs) -> None:
        vpc_id = args.get("vpc_id")
        if not vpc_id:
            raise ValueError(f"{COMPONENT} vpc_id is required; use the id of the VPC of the subnets")
        if isinstance(vpc_id, str) and not vpc_id.startswith("vpc-"):
            raise not_allowed(COMPONENT, "vpc_id", vpc_id, "use a VPC id such as vpc-0a1b2c3d4e5f60718")
        self.vpc_id: pulumi.Input[str] = vpc_id
        subnet_ids = args.get("subnet_ids")
        if not subnet_ids:
            raise ValueError(
                f"{COMPONENT} subnet_ids is required; use the VPC's private subnets in at least two zones"
            )
        if isinstance(subnet_ids, list) and (
            len(set(subnet_ids)) < 2
            or not all(isinstance(s, pulumi.Output) or _is_subnet(s) for s in subnet_ids)
        ):
            raise not_allowed(
                COMPONENT, "subnet_ids", subnet_ids, "use at least two private subnet ids in different zones"
            )
        self.subnet_ids: pulumi.Input[list[str]] = subnet_ids

        self.kubernetes_version = choice(
            COMPONENT,
            "kubernetes_version",
            args.get("kubernetes_version", DEFAULT_KUBERNETES_VERSION),
            KUBERNETES_VERSIONS,
        )
        self.base = physical_base(COMPONENT, name, args.get("physical_name"))
        cluster_name = args.get("cluster_name", physical_name(self.base, MAX_CLUSTER_NAME))
        if not (isinstance(cluster_name, str) and CLUSTER_NAME.match(cluster_name)):
            raise not_allowed(
                COMPONENT,
                "cluster_name",
                cluster_name,
                "use 1 to 100 letters, digits, - or _, starting with a letter or digit",
            )
        self.cluster_name: str = cluster_name
        self.api_access_cidrs = api_access_cidrs(
            COMPONENT, "api_access_cidrs", args.get("api_access_cidrs", [])
        )
        self.api_access_from_vpc = flag(
            COMPONENT, "api_access_from_vpc", args.get("api_access_from_vpc", True)
        )
        self.admins = _admins(args.get("admin_principal_arns", []))
        self.log_types = _log_types(args.get("log_types", list(DEFAULT_LOG_TYPES)))
        retention = args.get("log_retention_days", DEFAULT_LOG_RETENTION_DAYS)
        if not isinstance(retention, int) or isinstance(retention, bool):
            raise not_allowed(
                COMPONENT,
                "log_retention_days",
                retention,
                f"use one of {', '.join(map(str, RETENTION_DAYS))}",
            )
        check_retention(COMPONENT, "log_retention_days", retention)
        self.log_retention_days = retention
        self.container_logs = flag(COMPONENT, "container_logs", args.get("container_logs", False))
        container_retention = args.get("container_log_retention_days", DEFAULT_CONTAINER_LOG_RETENTION_DAYS)
        if not isinstance(container_retention, int) or isinstance(container_retention, bool):
            raise not_allowed(
                COMPONENT,
                "container_log_retention_days",
                container_retention,
                f"use one of {', '.join(map(str, RETENTION_DAYS))}",
            )
        check_retention(COMPONENT, "container_log_retention_days", container_retention)
        self.container_log_retention_days = container_retention
        key = args.get("kms_key_arn")
        if isinstance(key, str) and not KMS_KEY_ARN.match(key):
            raise not_allowed(
                COMPONENT,
                "kms_key_arn",
                key,
                "use a KMS key ARN (not an alias) such as arn:aws:kms:<region>:<account>:key/<id>",
            )
        if key is not None and not isinstance(key, str | pulumi.Output):
            raise not_allowed(COMPONENT, "kms_key_arn", key, "use a KMS key ARN")
        self.deletion_protection = flag(
            COMPONENT, "deletion_protection", args.get("deletion_protection", False)
        )
        self.protect = flag(COMPONENT, "protect", args.get("protect", False))
        self.encrypt_logs = flag(COMPONENT, "encrypt_logs", args.get("encrypt_logs", True))
        tags = args.get("tags") or {}
        if not isinstance(tags, Mapping) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in tags.items()
        ):
            raise not_allowed(COMPONENT, "tags", tags, "use a dict of name -> value (strings)")
        self.tags: dict[str, str] = dict(tags)
        self.network_policies = flag(COMPONENT, "network_policies", args.get("network_policies", True))
        self.ingress = _ingress(args.get("ingress"), self.cluster_name)


def _ingress(value: object, cluster_name: str) -> KubernetesIngressArgs | None:
    """The `ingress` argument, checked: hostnames, zone or certificate, TLS policy, class and group."""
    if value is None:
        return None
    if not isinstance(value, Mapping) or set(value) - set(INGRESS_KEYS):
        unknown = sorted(set(value) - set(INGRESS_KEYS)) if isinstance(value, Mapping) else []
        raise not_allowed(
            COMPONENT,
            "ingress",
            value,
            f"use a dict with keys {', '.join(INGRESS_KEYS)}"
            + (f" (unknown: {', '.join(unknown)})" if unknown else ""),
        )
    hostnames = value.get("hostnames")
    if (
        not (isinstance(hostnames, list) and hostnames)
        or not all(isinstance(h, str) and _HOSTNAME.match(h) for h in hostnames)
        or len(set(hostnames)) != len(hostnames)
    ):
        raise not_allowed(
            COMPONENT,
            "ingress hostnames",
            hostnames,
            "use a non-empty list of distinct lowercase DNS names such as api.shop.example.com (no wildcard)",
        )
    zone, certificate = value.get("hosted_zone_id"), value.get("certificate_arn")
    if isinstance(zone, str) and not _ZONE_ID.match(zone):
        raise not_allowed(
            COMPONENT,
            "ingress hosted_zone_id",
            zone,
            "use a Route 53 hosted zone id such as Z0123456789ABCDEFGHIJ",
        )
    if isinstance(certificate, str) and not _CERTIFICATE_ARN.match(certificate):
        raise not_allowed(
            COMPONENT,
            "ingress certificate_arn",
            certificate,
            "use an ACM certificate ARN (arn:aws:acm:<region>:<account>:certificate/<id>)",
        )
    if zone is None and certificate is None:
        parent = zone_name(hostnames[0])
        outside = [h for h in hostnames if h != parent and not h.endswith(f".{parent}")]
        if outside:
            raise not_allowed(
                COMPONENT,
                "ingress hostnames",
                hostnames,
                f"use names in the hosted zone {parent} looked up for the certificate's validation records, "
                f"or pass hosted_zone_id ({', '.join(outside)} lie outside it)",
            )
    choice(COMPONENT, "ingress ssl_policy", value.get("ssl_policy", DEFAULT_SSL_POLICY), SSL_POLICIES)
    flag(COMPONENT, "ingress web_acl", value.get("web_acl", False))
    check_rate_limit(f"{COMPONENT} ingress", value.get("rate_limit", DEFAULT_RATE_LIMIT))
    waf_retention = value.get("waf_log_retention_days", DEFAULT_WAF_LOG_RETENTION_DAYS)
    if not isinstance(waf_retention, int) or isinstance(waf_retention, bool):
        raise not_allowed(
            COMPONENT,
            "ingress waf_log_retention_days",
            waf_retention,
            f"use one of {', '.join(map(str, RETENTION_DAYS))}",
        )
    check_retention(COMPONENT, "ingress waf_log_retention_days", waf_retention)
    class_name = value.get("class_name", DEFAULT_INGRESS_CLASS)
    if not (isinstance(class_name, str) and DNS_SUBDOMAIN.match(class_name)):
        raise not_allowed(COMPONENT, "ingress class_name", class_name, "use an IngressClass name, e.g. alb")
    group = value.get("group_name", re.sub(r"[^a-z0-9.-]+", "-", cluster_name.lower()).strip("-.")[:63])
    if not (isinstance(group, str) and GROUP_NAME.match(group)):
        raise not_allowed(
            COMPONENT,
            "ingress group_name",
            group,
            "use up to 63 lowercase letters, digits, - and ., starting and ending with a letter or digit",
        )
    checked: KubernetesIngressArgs = dict(value)  # type: ignore[assignment]  # checked above
    checked["group_name"] = group
    return checked


def _is_subnet(value: object) -> bool:
    return isinstance(value, str) and value.startswith("subnet-")


def _admins(value: object) -> dict[str, str]:
    """Principal ARNs by a stable label (`role-<name>`, `user-<name>`; with the account when two clash)."""
    if not isinstance(value, list | tuple):
        raise not_allowed(COMPONENT, "admin_principal_arns", value, "use a list of IAM role or user ARNs")
    parsed: list[tuple[str, str, str]] = []
    for arn in dict.fromkeys(value):
        match = PRINCIPAL_ARN.match(arn) if isinstance(arn, str) else None
        if match is None:
            hint = (
                "; use the role's ARN (arn:aws:iam::<account>:role/<name>), not an assumed-role session"
                if isinstance(arn, str) and ":assumed-role/" in arn
                else ""
            )
            raise not_allowed(
                COMPONENT,
                "admin_principal_arns",
                arn,
                f"use IAM role or user ARNs such as arn:aws:iam::123456789012:role/admins{hint}",
            )
        account, kind, principal = match.groups()
        parsed.append((arn, account, physical_name(f"{kind}-{principal}", 64)))
    labels = [label for _, _, label in parsed]
    return {
        (label if labels.count(label) == 1 else f"{label}-{account}"): arn for arn, account, label in parsed
    }


def _log_types(value: object) -> tuple[str, ...]:
    if not isinstance(value, list | tuple) or any(isinstance(t, bool) or t not in LOG_TYPES for t in value):
        raise not_allowed(
            COMPONENT, "log_types", value, f"use a list of {', '.join(LOG_TYPES)} (or [] for no logs)"
        )
    return tuple(dict.fromkeys(value))
