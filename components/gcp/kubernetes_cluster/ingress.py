"""For GKE's built-in Ingress (`ingress`), the project-level objects its Ingresses refer to by name: a global
static address per host, the SSL policy of their FrontendConfigs, and with `dns_zone` the hosts' A records."""

from collections.abc import Callable

import pulumi
import pulumi_gcp as gcp

from ...naming import physical_name
from ..https_frontend import DEFAULT_MIN_TLS_VERSION, DEFAULT_SSL_PROFILE, DNS_TTL, NAME_LIMIT
from ..labels import managed_labels
from .settings import KubernetesIngressArgs, _Settings


def ingress_addresses(
    owner: pulumi.Resource, name: str, settings: _Settings, ingress: KubernetesIngressArgs
) -> dict[str, gcp.compute.GlobalAddress]:
    """A global static IPv4 address per host, named `<cluster>-<host>`, by host."""
    labels = managed_labels(settings.labels)
    return {
        host: gcp.compute.GlobalAddress(
            f"{name}-ingress-{host}",
            name=physical_name(f"{settings.cluster_name}-{host}", NAME_LIMIT),
            description=f"GKE Ingress address of {host}, managed by stackyard",
            address_type="EXTERNAL",
            ip_version="IPV4",
            labels=labels,
            opts=pulumi.ResourceOptions(parent=owner),
        )
        for host in ingress["hosts"]
    }


def ingress_ssl_policy(
    owner: pulumi.Resource, name: str, settings: _Settings, ingress: KubernetesIngressArgs
) -> gcp.compute.SSLPolicy:
    """The SSL policy of the Ingresses' FrontendConfigs: `ssl_profile` and `min_tls_version`."""
    profile = ingress.get("ssl_profile", DEFAULT_SSL_PROFILE)
    minimum = ingress.get("min_tls_version", DEFAULT_MIN_TLS_VERSION)
    return gcp.compute.SSLPolicy(
        f"{name}-ingress",
        name=physical_name(f"{settings.cluster_name}-ingress-tls", NAME_LIMIT),
        description=f"GKE Ingress: TLS >= {minimum.removeprefix('TLS_').replace('_', '.')}, {profile}",
        profile=profile,
        min_tls_version=minimum,
        opts=pulumi.ResourceOptions(parent=owner),
    )


def ingress_dns_records(
    owner: pulumi.Resource,
    name: str,
    ingress: KubernetesIngressArgs,
    addresses: dict[str, gcp.compute.GlobalAddress],
) -> None:
    """With `dns_zone`, each host's A record pointing at its address."""
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
                opts=pulumi.ResourceOptions(parent=owner),
            )


def by_host(
    addresses: dict[str, gcp.compute.GlobalAddress],
    attribute: Callable[[gcp.compute.GlobalAddress], pulumi.Output[str]],
) -> pulumi.Output[dict[str, str]]:
    """One attribute of each host's address (its name, its IP), by host."""
    hosts = list(addresses)
    return pulumi.Output.all(*[attribute(a) for a in addresses.values()]).apply(
        lambda values: dict(zip(hosts, values, strict=True))
    )
