"""`KubernetesCluster`'s first step: its arguments (the `…Args` TypedDicts the docs and the Pulumi schema are
read from), the limits and defaults they are held to, and the checks that settle them into plain `_Settings`
before anything is registered."""

import re
from collections.abc import Mapping
from typing import Required, TypedDict

import pulumi

from ...bounds import OneOf, bounds
from ...checks import api_access_cidrs, check_bounds, not_allowed
from ...limits import RETENTION
from ..certificate import zone_name
from ..load_balancer import _CERTIFICATE_ARN, _HOSTNAME, _ZONE_ID, SSL_POLICIES
from ..load_balancer import DEFAULT_SSL_POLICY as DEFAULT_SSL_POLICY  # importable from here as before
from ..naming import physical_base, physical_name
from ..waf import RATE_LIMIT

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
DEFAULT_CONTAINER_LOG_RETENTION_DAYS = 30

# EKS Auto Mode (docs.aws.amazon.com/eks/latest/userguide/auto-cluster-iam-role.html and
# auto-create-node-role.html): the cluster role's and the node role's AWS managed policies, and the built-in
# node pools (the provider's `compute_config.node_pools`: "general-purpose" and "system").
NODE_POOLS = ("general-purpose", "system")
CLUSTER_POLICIES = (
    "AmazonEKSClusterPolicy",
    "AmazonEKSComputePolicy",
    "AmazonEKSBlockStoragePolicy",
    "AmazonEKSLoadBalancingPolicy",
    "AmazonEKSNetworkingPolicy",
)
NODE_POLICIES = ("AmazonEKSWorkerNodeMinimalPolicy", "AmazonEC2ContainerRegistryPullOnly")

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

ROLE_PREFIX = 37  # IAM: name_prefix at most 38 characters with its hyphen (+ 26 = 64, the limit)
# EKS cluster names: 1-100 characters, a letter or digit first, then letters, digits, - and _ (provider docs).
CLUSTER_NAME = re.compile(r"^[0-9A-Za-z][A-Za-z0-9_-]{0,99}$")
MAX_CLUSTER_NAME = 100
PRINCIPAL_ARN = re.compile(
    r"^arn:aws(?:-[a-z]+)*:iam::(\d{12}):(role|user)/(?:[\w+=,.@-]+/)*([\w+=,.@-]{1,128})$"
)
# A key ARN, not an alias: the cluster role's IAM grant must name the key itself.
KMS_KEY_ARN = re.compile(r"^arn:aws(?:-[a-z]+)*:kms:[a-z0-9-]+:\d{12}:key/[A-Za-z0-9-]+$")


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


# What `ingress`' keys admit, checked before anything else (`components.bounds`); `web_acl` must be True or
# False by its type.
INGRESS_BOUNDS = bounds(
    KubernetesIngressArgs,
    ssl_policy=OneOf(*SSL_POLICIES),
    rate_limit=RATE_LIMIT,
    waf_log_retention_days=RETENTION,
)


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


# What each argument admits, checked before anything else (`components.bounds`); its bool arguments must be
# True or False by their type.
BOUNDS = bounds(
    KubernetesClusterArgs,
    kubernetes_version=OneOf(*KUBERNETES_VERSIONS),
    log_retention_days=RETENTION,
    container_log_retention_days=RETENTION,
)


class _Settings:
    """The plain arguments, defaulted and checked: constructed before anything is registered."""

    def __init__(self, name: str, args: KubernetesClusterArgs) -> None:
        check_bounds(COMPONENT, KubernetesClusterArgs, args)
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

        self.kubernetes_version = args.get("kubernetes_version", DEFAULT_KUBERNETES_VERSION)
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
        self.api_access_from_vpc = args.get("api_access_from_vpc", True)
        self.admins = _admins(args.get("admin_principal_arns", []))
        self.log_types = _log_types(args.get("log_types", list(DEFAULT_LOG_TYPES)))
        self.log_retention_days = args.get("log_retention_days", DEFAULT_LOG_RETENTION_DAYS)
        self.container_logs = args.get("container_logs", False)
        self.container_log_retention_days = args.get(
            "container_log_retention_days", DEFAULT_CONTAINER_LOG_RETENTION_DAYS
        )
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
        self.deletion_protection = args.get("deletion_protection", False)
        self.protect = args.get("protect", False)
        self.encrypt_logs = args.get("encrypt_logs", True)
        tags = args.get("tags") or {}
        if not isinstance(tags, Mapping) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in tags.items()
        ):
            raise not_allowed(COMPONENT, "tags", tags, "use a dict of name -> value (strings)")
        self.tags: dict[str, str] = dict(tags)
        self.network_policies = args.get("network_policies", True)
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


def _named(tags: dict[str, str], name: str, suffix: str) -> dict[str, str]:
    """`tags` with the Name of the component `name`'s resource `suffix` (`<name>-<suffix>`, or `name`)."""
    return {**tags, "Name": f"{name}-{suffix}" if suffix else name}
