"""`stackyard:app.kubernetes` (`Kubernetes`): the cluster the services run on with `runtime: kubernetes`."""

from __future__ import annotations

import ipaddress
from typing import Literal

from pydantic import Field, field_validator

from components.limits import system_namespace

from .common import INGRESS_CLASS_PATTERN, NAME_PATTERN, Model


class Kubernetes(Model):
    """`stackyard:app.kubernetes`: the cluster the services run on with `runtime: kubernetes`."""

    cluster: Literal["create", "existing"] = Field(
        default="create",
        description="create: a private EKS Auto Mode (aws) or GKE Autopilot (gcp) cluster in the stack's "
        "network, enforcing NetworkPolicies; existing: the cluster of the kubernetes provider's "
        "configuration (kubernetes:kubeconfig or KUBECONFIG), which must enforce them itself. Default "
        "create.",
    )
    version: str | None = Field(
        default=None,
        pattern=r"^1\.\d{2}$",
        description="Kubernetes minor version of a created cluster, e.g. 1.34. Default: the component's.",
    )
    api_access_cidrs: list[str] = Field(
        default=[],
        description="Networks that may reach a created cluster's API endpoint (your CI runners, office). "
        "Default none: the endpoint is private, so run pulumi from inside the network.",
    )
    admins: list[str] = Field(
        default=[],
        description="aws: IAM principal ARNs given cluster-admin access to a created cluster. Default none.",
    )
    security_group_id: str | None = Field(
        default=None,
        description="aws, existing cluster: the security group of its nodes, which the database and cache "
        "then admit. Default none.",
    )
    namespace: str | None = Field(
        default=None,
        pattern=NAME_PATTERN,
        max_length=63,
        description="Namespace of the app's objects, never default or kube-*. Default: "
        "<app.name>-<environment>.",
    )

    @field_validator("namespace")
    @classmethod
    def _not_a_system_namespace(cls, value: str | None) -> str | None:
        if value is not None and system_namespace(value):
            raise ValueError(
                f"{value} is the default or a system namespace; use the app's own, e.g. shop-prod"
            )
        return value

    ingress_class: str | None = Field(
        default=None,
        max_length=253,
        pattern=INGRESS_CLASS_PATTERN,
        description="Your own ingress controller (Traefik, HAProxy, ...): the IngressClass public services' "
        "Ingresses name; they then get TLS from cert-manager (cert_issuer) and admit its namespace "
        "(ingress_namespace, required). Required for public services on an existing cluster. Default: the "
        "platform's own load balancer on a created cluster: EKS Auto Mode's ALB (an IngressClass alb the "
        "stack creates, with an ACM certificate and a TLS 1.3 policy) or GKE's gce (a Google-managed "
        "certificate, a static IP and a TLS 1.2+ SSL policy per service).",
    )
    ingress_namespace: str | None = Field(
        default=None,
        pattern=NAME_PATTERN,
        max_length=63,
        description="With ingress_class: the namespace of your ingress controller's pods, the only pods "
        "public services admit. Required with ingress_class.",
    )
    cert_issuer: str = Field(
        default="letsencrypt",
        max_length=253,
        pattern=INGRESS_CLASS_PATTERN,
        description="With ingress_class: the cert-manager ClusterIssuer of the Ingresses' TLS certificates. "
        "Default letsencrypt.",
    )
    internet_egress: bool = Field(
        default=False,
        description="Let the pods open HTTPS connections to the internet (beyond DNS, the database and "
        "the cache). Default false.",
    )

    @field_validator("api_access_cidrs")
    @classmethod
    def _cidrs(cls, value: list[str]) -> list[str]:
        networks: list[ipaddress.IPv4Network] = []
        for cidr in value:
            try:
                network = ipaddress.IPv4Network(cidr)
            except ValueError:
                raise ValueError(f"{cidr!r} is not an IPv4 CIDR block such as 203.0.113.0/24") from None
            if network.prefixlen == 0:
                raise ValueError(f"{cidr} opens the cluster's API to the internet; list your networks")
            for earlier in networks:
                if network == earlier:
                    raise ValueError(f"{cidr} is listed twice; list each network once")
                if network.overlaps(earlier):
                    wider, narrower = (
                        (earlier, network)
                        if earlier.prefixlen <= network.prefixlen
                        else (
                            network,
                            earlier,
                        )
                    )
                    raise ValueError(
                        f"{narrower} lies inside {wider}, also listed; list {wider} only (or only the "
                        "narrower network)"
                    )
            networks.append(network)
        return value
