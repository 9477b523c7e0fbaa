"""`KubernetesCluster`'s first step: its arguments (the `…Args` TypedDicts the docs and the Pulumi schema are
read from), the limits and defaults they are held to, and the checks that settle them into plain `_Settings`
before anything is registered."""

import ipaddress
import re
from typing import Any, Required, TypedDict

import pulumi

from ...bounds import OneOf, bounds
from ...checks import api_access_cidrs, check_bounds, not_allowed
from ...naming import physical_base, physical_name
from ..https_frontend import (
    DEFAULT_MIN_TLS_VERSION,
    DEFAULT_SSL_PROFILE,
    TLS_BOUNDS,
    check_dns_zone,
    check_hostname,
    check_tls,
)
from ..labels import check_labels

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


INGRESS_BOUNDS = bounds(KubernetesIngressArgs, **TLS_BOUNDS)


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


# What each argument admits, checked before anything else (`components.bounds`); its bool arguments must be
# True or False by their type.
BOUNDS = bounds(KubernetesClusterArgs, release_channel=OneOf(*RELEASE_CHANNELS))


class _Settings:
    """The plain arguments, defaulted and checked: constructed before anything is registered."""

    def __init__(self, name: str, args: KubernetesClusterArgs) -> None:
        check_bounds(COMPONENT, KubernetesClusterArgs, args)
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
        self.release_channel: str = args.get("release_channel", "REGULAR")
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
        self.deletion_protection: bool = args.get("deletion_protection", False)
        self.protect: bool = args.get("protect", False)
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
