"""`KubernetesCluster`: a regional GKE Autopilot cluster for the stack's Kubernetes runtime: private nodes,
a private control-plane endpoint by default, VPC-native pod addresses that reach Private Service Access
(Cloud SQL, Memorystore), a release channel, Workload Identity, optional CMEK for Kubernetes secrets, and
for GKE's built-in Ingress a global static address per public host and an SSL policy."""

import ipaddress
import json
import re
from typing import Any, Required, TypedDict

import pulumi
import pulumi_gcp as gcp

from ..checks import api_access_cidrs, choice, flag, not_allowed, refuse_unknown_keys
from ..naming import physical_base, physical_name
from .https_frontend import (
    DEFAULT_MIN_TLS_VERSION,
    DEFAULT_SSL_PROFILE,
    DNS_TTL,
    NAME_LIMIT,
    check_dns_zone,
    check_hostname,
    check_tls,
)
from .labels import check_labels, managed_labels

COMPONENT = "KubernetesCluster"

# GKE release channels (the provider's `release_channel.channel`); Autopilot clusters are always enrolled in
# one, so UNSPECIFIED is not offered.
RELEASE_CHANNELS = ("RAPID", "REGULAR", "STABLE", "EXTENDED")
# GKE cluster names: a lowercase letter, then up to 39 lowercase letters, digits or hyphens, not ending in a
# hyphen (`gcloud container clusters create` NAME).
CLUSTER_NAME = re.compile(r"^[a-z](?:[a-z0-9-]{0,38}[a-z0-9])?$")
MAX_CLUSTER_NAME = 40
# `min_master_version`: a minor ("1.33") or a full GKE version ("1.33.5-gke.1080000"), see
# cloud.google.com/kubernetes-engine/versioning#specifying_cluster_version.
KUBERNETES_VERSION = re.compile(r"^1\.\d{2}(\.\d{1,2}(-gke\.\d+)?)?$")
REGION = re.compile(r"^[a-z]+-[a-z]+\d+$")
KMS_KEY = re.compile(r"^projects/[^/\s]+/locations/([^/\s]+)/keyRings/[^/\s]+/cryptoKeys/[^/\s]+$")
# Pod range (`ip_allocation_policy.cluster_ipv4_cidr_block`): "/N" lets GKE pick a free block of that size in
# 10.0.0.0/8, a CIDR from RFC 1918 picks it ourselves (provider docs). Autopilot gives each node a /26 (32
# pods), so the default /17 (Autopilot's own default) holds about 511 nodes, /22 about 15; stackyard allows
# /14 (4095 nodes) to /22.
DEFAULT_PODS_CIDR = "/17"
MIN_PODS_PREFIX, MAX_PODS_PREFIX = 14, 22
_NETMASK = re.compile(r"^/(\d{1,2})$")
_RFC1918 = tuple(ipaddress.IPv4Network(n) for n in ("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"))
# The role GKE's service agent needs on a CMEK for application-layer secrets encryption
# (cloud.google.com/kubernetes-engine/docs/how-to/encrypting-secrets).
KEY_ROLE = "roles/cloudkms.cryptoKeyEncrypterDecrypter"
INSTALL_HINT = (
    "Install gke-gcloud-auth-plugin for use with kubectl by following "
    "https://cloud.google.com/kubernetes-engine/docs/how-to/cluster-access-for-kubectl#install_plugin"
)


INGRESS_KEYS = ("hosts", "dns_zone", "ssl_profile", "min_tls_version")


class KubernetesIngressArgs(TypedDict, total=False):
    """What GKE's built-in Ingress controller needs from the project for the public hosts."""

    hosts: Required[list[str]]
    """The public hosts, e.g. ["api.shop.example.com"] (lowercase, no wildcard): each gets a global static
    IPv4 address for its Ingress's load balancer (GKE makes one load balancer per Ingress). Required."""
    dns_zone: pulumi.Input[str] | None
    """A Cloud DNS managed zone (its name, e.g. "shop-example-com") to create each host's A record in,
    pointing at its address. Default None: no records; point the hosts at `ingress_addresses` yourself (the
    Google-managed certificates become active only once they resolve there)."""
    ssl_profile: str
    """The SSL policy's profile: "MODERN", "RESTRICTED" or "FIPS_202205". Default "MODERN"."""
    min_tls_version: str
    """The SSL policy's minimum TLS version: "TLS_1_2" or "TLS_1_3" (with RESTRICTED). Default "TLS_1_2"."""


class KubernetesClusterArgs(TypedDict, total=False):
    network: Required[pulumi.Input[str]]
    """The VPC network, e.g. the Vpc's `vpc_id` (an id or self link). Required."""
    subnetwork: Required[pulumi.Input[str]]
    """The subnetwork the nodes take their addresses from, in the cluster's region: the Vpc's private
    subnet (`private_subnet_ids[0]`). GKE adds the pod range to it as a secondary range. Required."""
    region: pulumi.Input[str] | None
    """The region of the (regional) cluster, e.g. "europe-west1": the control plane is replicated and the
    nodes spread over its zones. Default None: the provider's `gcp:region`."""
    cluster_name: str
    """The GKE cluster's name: a lowercase letter, then up to 39 lowercase letters, digits or hyphens, not
    ending in a hyphen. Default: `physical_name` made DNS-safe (shortened with a hash past 40 characters).
    Unique per project and region: two stacks sharing a project need different names. The Ingress
    addresses and SSL policy are named after it."""
    kubernetes_version: str | None
    """Minimum control-plane version (`min_master_version`), a minor such as "1.33" or a full GKE version
    such as "1.33.5-gke.1080000"; it must be offered in `release_channel`. Default None: the channel's
    default version. The channel then upgrades the cluster (and Autopilot its nodes) automatically."""
    release_channel: str
    """"RAPID", "REGULAR", "STABLE" or "EXTENDED" (longer support of a minor version, at extra cost). Default
    "REGULAR"."""
    master_authorized_cidrs: list[str]
    """IPv4 CIDR blocks (e.g. your office, VPN or CI runners' egress) allowed to reach the control plane's
    public endpoint. Default []: no public endpoint (`enable_private_endpoint`), only the private one, which
    the cluster's subnet reaches (nodes, pods and VMs there), so `pulumi up` and `kubectl` must run from
    there. With CIDRs, the public endpoint answers only them (not every Google Cloud address either).
    "0.0.0.0/0" (any /0) is refused: it opens the control plane to the whole internet."""
    pods_cidr: str
    """The pod address range, created by GKE as a secondary range of `subnetwork`: "/N" (N from 14 to 22)
    for a free block of that size that GKE picks in 10.0.0.0/8, or an RFC 1918 CIDR such as
    "10.64.0.0/17" to choose it (it must not overlap the network's ranges, the Private Service Access range
    included). Default "/17" (about 511 Autopilot nodes of 32 pods). Changing it replaces the cluster.
    Services take GKE's managed range (34.118.224.0/20), outside the network."""
    database_encryption_key: pulumi.Input[str] | None
    """A Cloud KMS key (projects/<p>/locations/<region>/keyRings/<r>/cryptoKeys/<k>, in the cluster's
    region) for application-layer encryption of Kubernetes secrets in etcd; GKE's service agent
    (service-<project number>@container-engine-robot.iam.gserviceaccount.com) is granted
    roles/cloudkms.cryptoKeyEncrypterDecrypter on it. Default None: Google-managed encryption (always on)."""
    deletion_protection: bool
    """The provider's `deletion_protection`: Pulumi refuses to delete the cluster while it is True. Default
    False, set explicitly (the provider's own default is True)."""
    protect: bool
    """Pulumi `protect` on the cluster. Default False."""
    labels: dict[str, str]
    """Labels on the cluster (`resource_labels`), plus managed-by: stackyard. Keys: a lowercase letter, then
    lowercase letters, digits, _ or -, at most 63; values the same characters. Default {}."""
    ingress: KubernetesIngressArgs | None
    """For GKE's built-in Ingress (class gce): a reserved global static IPv4 address per host (for the
    Ingress's `kubernetes.io/ingress.global-static-ip-name`) and an SSL policy (for its FrontendConfig), and
    optionally the hosts' A records. Default None: none of them."""
    physical_name: str
    """The base of the physical names of this component's cloud resources (the default `cluster_name`, and
    through it the Ingress addresses and SSL policy). Default: the component's name. Give each stack its own
    (e.g. "shop-staging") so that two stacks in one project never collide, while the logical names, and so
    the URNs, stay the same. 1-63 lowercase letters, digits and hyphens, starting with a letter. Changing it
    on a deployed stack replaces the cluster."""


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

        depends_on: list[pulumi.Resource] = []
        encryption: gcp.container.ClusterDatabaseEncryptionArgsDict = {"state": "DECRYPTED"}
        if settings.database_encryption_key is not None:
            number = gcp.organizations.get_project_output(opts=invoke).number
            depends_on.append(
                gcp.kms.CryptoKeyIAMMember(
                    f"{name}-secrets-key",
                    crypto_key_id=settings.database_encryption_key,
                    role=KEY_ROLE,
                    member=number.apply(
                        lambda n: f"serviceAccount:service-{n}@container-engine-robot.iam.gserviceaccount.com"
                    ),
                    opts=pulumi.ResourceOptions(parent=self),
                )
            )
            encryption = {"state": "ENCRYPTED", "key_name": settings.database_encryption_key}

        authorized: gcp.container.ClusterMasterAuthorizedNetworksConfigArgsDict = {
            "gcp_public_cidrs_access_enabled": False,
        }
        if settings.master_authorized_cidrs:
            authorized["cidr_blocks"] = [
                {"cidr_block": cidr, "display_name": f"authorized-{n}"}
                for n, cidr in enumerate(settings.master_authorized_cidrs, start=1)
            ]
        cluster = gcp.container.Cluster(
            name,
            name=settings.cluster_name,
            description=f"stackyard Kubernetes runtime of {name} (Autopilot)",
            location=region,
            enable_autopilot=True,
            network=settings.network,
            subnetwork=settings.subnetwork,
            networking_mode="VPC_NATIVE",
            ip_allocation_policy={"stack_type": "IPV4", "cluster_ipv4_cidr_block": settings.pods_cidr},
            private_cluster_config={
                "enable_private_nodes": True,
                "enable_private_endpoint": not settings.master_authorized_cidrs,
            },
            # Always on for a private endpoint (the API requires it); without CIDRs only the cluster's own
            # ranges reach the control plane.
            master_authorized_networks_config=authorized,
            # The DNS-based endpoint would answer any authenticated caller on the internet: no user traffic
            # over it (Google's own services may still use it), so access is exactly the IP endpoints above.
            control_plane_endpoints_config={"dns_endpoint_config": {"allow_external_traffic": False}},
            release_channel={"channel": settings.release_channel},
            min_master_version=settings.kubernetes_version,
            database_encryption=encryption,
            deletion_protection=settings.deletion_protection,
            resource_labels=managed_labels(settings.labels),
            opts=pulumi.ResourceOptions(parent=self, protect=settings.protect, depends_on=depends_on),
        )

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
            self._ingress(name, settings, settings.ingress)
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

    def _ingress(self, name: str, settings: "_Settings", ingress: KubernetesIngressArgs) -> None:
        """The project-level objects GKE's Ingresses refer to by name: addresses and the SSL policy."""
        child = pulumi.ResourceOptions(parent=self)
        labels = managed_labels(settings.labels)
        addresses = {
            host: gcp.compute.GlobalAddress(
                f"{name}-ingress-{host}",
                name=physical_name(f"{settings.cluster_name}-{host}", NAME_LIMIT),
                description=f"GKE Ingress address of {host}, managed by stackyard",
                address_type="EXTERNAL",
                ip_version="IPV4",
                labels=labels,
                opts=child,
            )
            for host in ingress["hosts"]
        }
        profile = ingress.get("ssl_profile", DEFAULT_SSL_PROFILE)
        minimum = ingress.get("min_tls_version", DEFAULT_MIN_TLS_VERSION)
        ssl_policy = gcp.compute.SSLPolicy(
            f"{name}-ingress",
            name=physical_name(f"{settings.cluster_name}-ingress-tls", NAME_LIMIT),
            description=f"GKE Ingress: TLS >= {minimum.removeprefix('TLS_').replace('_', '.')}, {profile}",
            profile=profile,
            min_tls_version=minimum,
            opts=child,
        )
        zone = ingress.get("dns_zone")
        if zone is not None:
            for host, address in addresses.items():
                gcp.dns.RecordSet(
                    f"{name}-ingress-{host}",
                    name=f"{host}.",
                    type="A",
                    ttl=DNS_TTL,
                    managed_zone=zone,
                    rrdatas=[address.address],
                    opts=child,
                )
        hosts = list(addresses)
        self.ingress_address_names = pulumi.Output.all(*[a.name for a in addresses.values()]).apply(
            lambda names: dict(zip(hosts, names, strict=True))
        )
        self.ingress_addresses = pulumi.Output.all(*[a.address for a in addresses.values()]).apply(
            lambda ips: dict(zip(hosts, ips, strict=True))
        )
        self.ingress_ssl_policy = ssl_policy.name


def kubeconfig(context: str, endpoint: str, ca_certificate: str) -> str:
    """A kubeconfig for one GKE cluster whose user gets a token from `gke-gcloud-auth-plugin` (the context is
    named like gcloud names it: gke_<project>_<location>_<name>)."""
    return json.dumps(
        {
            "apiVersion": "v1",
            "kind": "Config",
            "clusters": [
                {
                    "name": context,
                    "cluster": {
                        "server": f"https://{endpoint}",
                        "certificate-authority-data": ca_certificate,
                    },
                }
            ],
            "contexts": [{"name": context, "context": {"cluster": context, "user": context}}],
            "current-context": context,
            "users": [
                {
                    "name": context,
                    "user": {
                        "exec": {
                            "apiVersion": "client.authentication.k8s.io/v1beta1",
                            "command": "gke-gcloud-auth-plugin",
                            "installHint": INSTALL_HINT,
                            "provideClusterInfo": True,
                        }
                    },
                }
            ],
        },
        indent=2,
    )


class _Settings:
    """The plain arguments, defaulted and checked: constructed before anything is registered."""

    def __init__(self, name: str, args: KubernetesClusterArgs) -> None:
        network = args.get("network")
        if not network:
            raise ValueError(f"{COMPONENT} network is required; use the Vpc's vpc_id")
        subnetwork = args.get("subnetwork")
        if not subnetwork:
            raise ValueError(f"{COMPONENT} subnetwork is required; use the Vpc's private subnet id")
        for arg, value in (("network", network), ("subnetwork", subnetwork)):
            if not isinstance(value, str | pulumi.Output):
                raise not_allowed(COMPONENT, arg, value, "use an id, a self link or a name")
        self.network: pulumi.Input[str] = network
        self.subnetwork: pulumi.Input[str] = subnetwork
        region = args.get("region")
        if (
            region is not None
            and not isinstance(region, pulumi.Output)
            and not (isinstance(region, str) and REGION.match(region))
        ):
            raise not_allowed(COMPONENT, "region", region, "use a region name such as us-central1")
        self.region: pulumi.Input[str] | None = region

        base = physical_base(COMPONENT, name, args.get("physical_name"))
        cluster_name = args.get("cluster_name", physical_name(base, MAX_CLUSTER_NAME))
        if not (isinstance(cluster_name, str) and CLUSTER_NAME.match(cluster_name)):
            raise not_allowed(
                COMPONENT,
                "cluster_name",
                cluster_name,
                "use a lowercase letter, then up to 39 lowercase letters, digits or hyphens, not ending in a "
                "hyphen",
            )
        self.cluster_name: str = cluster_name
        version = args.get("kubernetes_version")
        if version is not None and not (isinstance(version, str) and KUBERNETES_VERSION.match(version)):
            raise not_allowed(
                COMPONENT,
                "kubernetes_version",
                version,
                'use a minor version such as "1.33" or a GKE version such as "1.33.5-gke.1080000"',
            )
        self.kubernetes_version: str | None = version
        self.release_channel = choice(
            COMPONENT, "release_channel", args.get("release_channel", "REGULAR"), RELEASE_CHANNELS
        )
        self.master_authorized_cidrs = api_access_cidrs(
            COMPONENT, "master_authorized_cidrs", args.get("master_authorized_cidrs", [])
        )
        self.pods_cidr = _pods_cidr(args.get("pods_cidr", DEFAULT_PODS_CIDR))

        key = args.get("database_encryption_key")
        if key is not None and not isinstance(key, pulumi.Output):
            match = KMS_KEY.match(key) if isinstance(key, str) else None
            if match is None:
                raise not_allowed(
                    COMPONENT,
                    "database_encryption_key",
                    key,
                    "use a Cloud KMS key name projects/<project>/locations/<region>/keyRings/<ring>/"
                    "cryptoKeys/<key>",
                )
            if isinstance(region, str) and match.group(1) != region:
                raise not_allowed(
                    COMPONENT,
                    "database_encryption_key",
                    key,
                    f"use a key in the cluster's region {region} (GKE needs the key where the cluster is)",
                )
        self.database_encryption_key: pulumi.Input[str] | None = key
        self.deletion_protection = flag(
            COMPONENT, "deletion_protection", args.get("deletion_protection", False)
        )
        self.protect = flag(COMPONENT, "protect", args.get("protect", False))
        self.labels = check_labels(COMPONENT, args.get("labels"))
        self.ingress = _ingress(args.get("ingress"))


def _ingress(value: object) -> KubernetesIngressArgs | None:
    """The `ingress` argument, checked."""
    if value is None:
        return None
    unknown = sorted(set(value) - set(INGRESS_KEYS)) if isinstance(value, dict) else []
    if not isinstance(value, dict) or unknown:
        raise not_allowed(
            COMPONENT,
            "ingress",
            value,
            f"use a dict with keys {', '.join(INGRESS_KEYS)}"
            + (f" (unknown: {', '.join(unknown)})" if unknown else ""),
        )
    hosts = value.get("hosts")
    if not (isinstance(hosts, list) and hosts) or len(set(map(str, hosts))) != len(hosts):
        raise not_allowed(COMPONENT, "ingress hosts", hosts, "use a non-empty list of distinct DNS names")
    for host in hosts:
        check_hostname(COMPONENT, "ingress hosts", host)
    check_dns_zone(COMPONENT, value.get("dns_zone"))
    check_tls(
        COMPONENT,
        value.get("ssl_profile", DEFAULT_SSL_PROFILE),
        value.get("min_tls_version", DEFAULT_MIN_TLS_VERSION),
    )
    return value  # type: ignore[return-value]  # checked above


def _pods_cidr(value: object) -> str:
    """ "/N" or an RFC 1918 CIDR, with a prefix from MIN_PODS_PREFIX to MAX_PODS_PREFIX."""
    allowed = (
        f'use "/{MIN_PODS_PREFIX}" to "/{MAX_PODS_PREFIX}" (GKE picks the block) or an RFC 1918 CIDR of '
        'that size such as "10.64.0.0/17"'
    )
    if isinstance(value, str) and (netmask := _NETMASK.match(value)):
        if MIN_PODS_PREFIX <= int(netmask.group(1)) <= MAX_PODS_PREFIX:
            return value
        raise not_allowed(COMPONENT, "pods_cidr", value, allowed)
    network = _network(value)
    if (
        not isinstance(network, ipaddress.IPv4Network)
        or not any(network.subnet_of(block) for block in _RFC1918)
        or not MIN_PODS_PREFIX <= network.prefixlen <= MAX_PODS_PREFIX
    ):
        raise not_allowed(COMPONENT, "pods_cidr", value, allowed)
    return str(network)


def _network(value: Any) -> ipaddress.IPv4Network | ipaddress.IPv6Network | None:
    try:
        return ipaddress.ip_network(value, strict=True) if isinstance(value, str) else None
    except ValueError:
        return None
