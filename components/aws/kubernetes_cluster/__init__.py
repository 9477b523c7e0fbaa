"""`KubernetesCluster`: an Amazon EKS cluster in Auto Mode for the stack's Kubernetes runtime: private
endpoint by default, API authentication through access entries, Kubernetes secrets encrypted with a KMS key,
control-plane logs with a retention, the IAM roles Auto Mode needs, NetworkPolicies enforced, an
IngressClass for Auto Mode's Application Load Balancer (optionally behind a regional WAF web ACL), and
optionally the pods' logs in CloudWatch.

The component reads as its steps, one module each: `settings` (the arguments, checked and settled),
`roles` (the cluster role and the node role), `encryption` (the secrets key and its grant, the logs' key),
`cluster` (the control-plane log group and the EKS cluster; its kubeconfig), `access` (the API from the VPC,
the admins' access entries), then `ingress` (the ALB's web ACL) and, through the provider of `in_cluster`,
`network_policy` (the NodeClass and NodePool that enforce NetworkPolicies) and `ingress` (the IngressClass),
and last `observability` (the pods' logs through the CloudWatch Observability add-on)."""

import pulumi
import pulumi_aws as aws

from ...checks import refuse_unknown_keys
from .access import ADMIN_ACCESS_POLICY, API_PORT, api_from_vpc, cluster_admins
from .cluster import _oidc_issuer as _oidc_issuer
from .cluster import control_plane_log_group, eks_cluster, kubeconfig
from .encryption import SECRETS_KEY_ACTIONS, logs_key, secrets_key
from .encryption import _secrets_key_policy as _secrets_key_policy
from .in_cluster import _labels as _labels
from .in_cluster import in_cluster
from .ingress import alb_ingress_class, alb_web_acl
from .network_policy import (
    NETWORK_POLICY_CONFIG_MAP,
    NODE_CLASS,
    NODE_POOL,
    NODE_POOL_REQUIREMENTS,
    network_policy_nodes,
)
from .observability import (
    CONTAINER_INSIGHTS_LOGS,
    OBSERVABILITY_ADDON,
    OBSERVABILITY_POLICY,
    OBSERVABILITY_SERVICE_ACCOUNT,
    container_logs,
)
from .observability import _pod_identity_trust_policy as _pod_identity_trust_policy
from .roles import _cluster_trust_policy as _cluster_trust_policy
from .roles import auto_mode_roles
from .settings import (
    ALB_CONTROLLER,
    CLUSTER_NAME,
    CLUSTER_POLICIES,
    COMPONENT,
    DEFAULT_CONTAINER_LOG_RETENTION_DAYS,
    DEFAULT_INGRESS_CLASS,
    DEFAULT_KUBERNETES_VERSION,
    DEFAULT_LOG_RETENTION_DAYS,
    DEFAULT_LOG_TYPES,
    DEFAULT_RATE_LIMIT,
    DEFAULT_WAF_LOG_RETENTION_DAYS,
    DNS_SUBDOMAIN,
    EKS_API_GROUP,
    GROUP_NAME,
    INGRESS_KEYS,
    KMS_KEY_ARN,
    KUBERNETES_VERSIONS,
    LOG_TYPES,
    MAX_CLUSTER_NAME,
    NODE_POLICIES,
    NODE_POOLS,
    PRINCIPAL_ARN,
    ROLE_PREFIX,
    KubernetesClusterArgs,
    KubernetesIngressArgs,
    _Settings,
)
from .settings import _admins as _admins
from .settings import _ingress as _ingress
from .settings import _is_subnet as _is_subnet
from .settings import _log_types as _log_types

__all__ = [
    "ADMIN_ACCESS_POLICY",
    "ALB_CONTROLLER",
    "API_PORT",
    "CLUSTER_NAME",
    "CLUSTER_POLICIES",
    "COMPONENT",
    "CONTAINER_INSIGHTS_LOGS",
    "DEFAULT_CONTAINER_LOG_RETENTION_DAYS",
    "DEFAULT_INGRESS_CLASS",
    "DEFAULT_KUBERNETES_VERSION",
    "DEFAULT_LOG_RETENTION_DAYS",
    "DEFAULT_LOG_TYPES",
    "DEFAULT_RATE_LIMIT",
    "DEFAULT_WAF_LOG_RETENTION_DAYS",
    "DNS_SUBDOMAIN",
    "EKS_API_GROUP",
    "GROUP_NAME",
    "INGRESS_KEYS",
    "KMS_KEY_ARN",
    "KUBERNETES_VERSIONS",
    "LOG_TYPES",
    "MAX_CLUSTER_NAME",
    "NETWORK_POLICY_CONFIG_MAP",
    "NODE_CLASS",
    "NODE_POLICIES",
    "NODE_POOL",
    "NODE_POOLS",
    "NODE_POOL_REQUIREMENTS",
    "OBSERVABILITY_ADDON",
    "OBSERVABILITY_POLICY",
    "OBSERVABILITY_SERVICE_ACCOUNT",
    "PRINCIPAL_ARN",
    "ROLE_PREFIX",
    "SECRETS_KEY_ACTIONS",
    "KubernetesCluster",
    "KubernetesClusterArgs",
    "KubernetesIngressArgs",
    "kubeconfig",
]


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
        invoke = pulumi.InvokeOutputOptions(parent=self)
        partition = aws.get_partition_output(opts=invoke).partition
        region = aws.get_region_output(opts=invoke).region

        roles = auto_mode_roles(self, name, settings, partition)
        secrets = secrets_key(self, name, settings, args, roles.cluster_role)
        self._log_key: pulumi.Output[str] | None = logs_key(self, name, settings)
        log_group = control_plane_log_group(self, name, settings, self._log_key)
        cluster = eks_cluster(self, name, settings, roles, secrets, log_group)
        self.security_group_id = cluster.vpc_config.apply(lambda v: v.cluster_security_group_id or "")
        api_from_vpc(self, name, settings, self.security_group_id)
        cluster_admins(self, name, settings, cluster, partition)

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
        self.node_role_arn = roles.node_role.arn
        self.kms_key_arn = pulumi.Output.from_input(secrets.key_arn)
        self.ingress_class_name = pulumi.Output.from_input("")
        self.ingress_certificate_arn = pulumi.Output.from_input("")
        self.container_log_group_name = pulumi.Output.from_input("")
        self.web_acl_arn: pulumi.Output[str] | None = None
        if settings.ingress is not None and settings.ingress.get("web_acl", False):
            self.web_acl_arn = alb_web_acl(self, name, settings, settings.ingress)

        node_pool: pulumi.Resource | None = None
        if settings.network_policies or settings.ingress is not None:
            objects = in_cluster(self, name, self.kubeconfig, cluster)
            if settings.network_policies:
                node_pool = network_policy_nodes(
                    name, settings, roles.node_role.name, self.security_group_id, objects
                )
            if settings.ingress is not None:
                ingress = alb_ingress_class(self, name, settings, settings.ingress, objects)
                self.ingress_class_name = ingress.class_name
                self.ingress_certificate_arn = ingress.certificate_arn
        if settings.container_logs:
            self.container_log_group_name = container_logs(
                self,
                name,
                settings,
                cluster,
                partition,
                self._log_key,
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
