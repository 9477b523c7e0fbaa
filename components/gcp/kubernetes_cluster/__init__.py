"""`KubernetesCluster`: a regional GKE Autopilot cluster for the stack's Kubernetes runtime: private nodes,
a private control-plane endpoint by default, VPC-native pod addresses that reach Private Service Access
(Cloud SQL, Memorystore), a release channel, Workload Identity, optional CMEK for Kubernetes secrets, and
for GKE's built-in Ingress a global static address per public host and an SSL policy.

The component reads as its steps, one module each: `settings` (the arguments, checked and settled),
`encryption` (Kubernetes secrets' encryption: GKE's service agent's grant on `database_encryption_key`),
`cluster` (the Autopilot cluster; its kubeconfig), then with `ingress`, `ingress` (the hosts' global
static addresses, the SSL policy of their FrontendConfigs, and with `dns_zone` the hosts' A records)."""

import pulumi
import pulumi_gcp as gcp

from ...checks import refuse_unknown_keys
from .cluster import INSTALL_HINT, gke_cluster, kubeconfig
from .encryption import KEY_ROLE, secrets_encryption
from .ingress import by_host, ingress_addresses, ingress_dns_records, ingress_ssl_policy
from .settings import _NETMASK as _NETMASK
from .settings import _RFC1918 as _RFC1918
from .settings import (
    CLUSTER_NAME,
    COMPONENT,
    DEFAULT_PODS_CIDR,
    INGRESS_KEYS,
    KMS_KEY,
    KUBERNETES_VERSION,
    MAX_CLUSTER_NAME,
    MAX_PODS_PREFIX,
    MIN_PODS_PREFIX,
    REGION,
    RELEASE_CHANNELS,
    KubernetesClusterArgs,
    KubernetesIngressArgs,
    _Settings,
)
from .settings import _ingress as _ingress
from .settings import _network as _network
from .settings import _pods_cidr as _pods_cidr

__all__ = [
    "CLUSTER_NAME",
    "COMPONENT",
    "DEFAULT_PODS_CIDR",
    "INGRESS_KEYS",
    "INSTALL_HINT",
    "KEY_ROLE",
    "KMS_KEY",
    "KUBERNETES_VERSION",
    "MAX_CLUSTER_NAME",
    "MAX_PODS_PREFIX",
    "MIN_PODS_PREFIX",
    "REGION",
    "RELEASE_CHANNELS",
    "KubernetesCluster",
    "KubernetesClusterArgs",
    "KubernetesIngressArgs",
    "kubeconfig",
]


class KubernetesCluster(pulumi.ComponentResource):
    """A regional GKE Autopilot cluster: Google runs the control plane and the nodes, and bills per pod.

    - Autopilot (`enable_autopilot`), regional (`region`), in the given network and subnetwork, on a
      release channel ("REGULAR" by default) that keeps it upgraded.
    - Private nodes: internal addresses only (`enable_private_nodes`); they reach the internet through the
      network's Cloud NAT (the stackyard Vpc has one).
    - Control plane: private by default (`enable_private_endpoint`: no public endpoint, and no user traffic
      over the DNS-based endpoint), reachable from the cluster's subnet, so `pulumi up` and
      `kubectl` must run there. With `master_authorized_cidrs`, the public endpoint answers those CIDRs only
      (master authorized networks, without Google Cloud's public addresses). 0.0.0.0/0 is refused.
    - VPC-native (alias IP): GKE creates the pod range as a secondary range of the subnetwork (`pods_cidr`),
      so pod addresses are VPC addresses that the Private Service Access peering carries: pods reach the
      private IPs of Cloud SQL and Memorystore directly. Services use GKE's managed range.
    - Workload Identity is always on in Autopilot (pool `<project>.svc.id.goog`): bind Kubernetes service
      accounts to Google service accounts instead of using keys.
    - Kubernetes secrets: Google-managed encryption, or application-layer encryption with
      `database_encryption_key` (CMEK).
    - `kubeconfig` (a secret) authenticates with `gke-gcloud-auth-plugin`, so it holds no token.
    - `deletion_protection` is set explicitly (False by default; the provider's own default is True).
    - NetworkPolicies are enforced without any setting: Autopilot clusters run GKE Dataplane V2 (all new
      Autopilot clusters since 1.22.7-gke.1500 and all 1.24+; GKE docs, "GKE Dataplane V2"), which enforces
      Kubernetes NetworkPolicy natively (Cilium).
    - With `ingress`, for GKE's built-in Ingress controller (external Application Load Balancer, class gce):
      a global static IPv4 address per host, named `<cluster>-<host>` (`ingress_address_names`, for the
      Ingress's `kubernetes.io/ingress.global-static-ip-name`; `ingress_addresses` for DNS), an SSL policy
      (TLS 1.2+, MODERN) for the FrontendConfigs (`ingress_ssl_policy`), and with `dns_zone` an A record per
      host (GKE docs, "Configuring Ingress features through FrontendConfig parameters", "Reserving a static
      external IP address" for Ingress).

    Example:

        cluster = KubernetesCluster(
            "shop",
            {
                "network": "projects/shop-project/global/networks/shop",
                "subnetwork": "projects/shop-project/regions/europe-west1/subnetworks/shop-private",
                "master_authorized_cidrs": ["203.0.113.0/24"],
                "labels": {"team": "web"},
                "ingress": {"hosts": ["api.shop.example.com"], "dns_zone": "shop-example-com"},
            },
        )
        pulumi.export("clusterName", cluster.cluster_name)
        pulumi.export("kubeconfig", cluster.kubeconfig)
        pulumi.export("ingressAddresses", cluster.ingress_addresses)
    """

    cluster_name: pulumi.Output[str]
    """The GKE cluster's name."""
    cluster_id: pulumi.Output[str]
    """The cluster's id, `projects/<project>/locations/<region>/clusters/<name>`."""
    endpoint: pulumi.Output[str]
    """The control plane's IP address: the private one by default, the public one with
    `master_authorized_cidrs`."""
    ca_certificate: pulumi.Output[str]
    """The cluster's CA certificate, base64-encoded (kubeconfig's certificate-authority-data)."""
    kubeconfig: pulumi.Output[str]
    """A kubeconfig (JSON, which is YAML too) for the cluster whose user runs `gke-gcloud-auth-plugin`
    through the client.authentication.k8s.io/v1beta1 exec plugin: for
    `pulumi_kubernetes.Provider(kubeconfig=...)` or kubectl (gcloud and the plugin must be installed). A
    Pulumi secret."""
    ingress_address_names: pulumi.Output[dict[str, str]]
    """The name of each host's global static address, by host; {} without `ingress`."""
    ingress_addresses: pulumi.Output[dict[str, str]]
    """Each host's IPv4 address, by host: where its DNS A record must point; {} without `ingress`."""
    ingress_ssl_policy: pulumi.Output[str]
    """The name of the SSL policy for the Ingresses' FrontendConfigs; "" without `ingress`."""

    def __init__(
        self, name: str, args: KubernetesClusterArgs, opts: pulumi.ResourceOptions | None = None
    ) -> None:
        refuse_unknown_keys(KubernetesCluster, KubernetesClusterArgs, name, args, opts)
        settings = _Settings(name, args)
        super().__init__("stackyard-gcp:index:KubernetesCluster", name, None, opts)
        invoke = pulumi.InvokeOutputOptions(parent=self)
        region: pulumi.Input[str] = settings.region or (
            gcp.organizations.get_client_config_output(opts=invoke).region
        )

        encryption = secrets_encryption(self, name, settings, invoke)
        cluster = gke_cluster(self, name, settings, region, encryption)

        self.cluster_name = cluster.name
        self.cluster_id = cluster.id
        self.endpoint = cluster.endpoint
        self.ca_certificate = cluster.master_auth.apply(lambda auth: auth.cluster_ca_certificate or "")
        self.kubeconfig = pulumi.Output.secret(
            pulumi.Output.all(
                cluster.project, cluster.location, cluster.name, cluster.endpoint, self.ca_certificate
            ).apply(lambda v: kubeconfig(f"gke_{v[0]}_{v[1]}_{v[2]}", v[3], v[4]))
        )
        self.ingress_address_names = pulumi.Output.from_input({})
        self.ingress_addresses = pulumi.Output.from_input({})
        self.ingress_ssl_policy = pulumi.Output.from_input("")
        if settings.ingress is not None:
            addresses = ingress_addresses(self, name, settings, settings.ingress)
            ssl_policy = ingress_ssl_policy(self, name, settings, settings.ingress)
            ingress_dns_records(self, name, settings.ingress, addresses)
            self.ingress_address_names = by_host(addresses, lambda a: a.name)
            self.ingress_addresses = by_host(addresses, lambda a: a.address)
            self.ingress_ssl_policy = ssl_policy.name
        self.register_outputs(
            {
                "cluster_name": self.cluster_name,
                "cluster_id": self.cluster_id,
                "endpoint": self.endpoint,
                "ca_certificate": self.ca_certificate,
                "kubeconfig": self.kubeconfig,
                "ingress_address_names": self.ingress_address_names,
                "ingress_addresses": self.ingress_addresses,
                "ingress_ssl_policy": self.ingress_ssl_policy,
            }
        )
