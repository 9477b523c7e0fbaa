"""Who reaches the pods and what they reach: the checks of a web service's probes, `host` and `paths`, the
`ingress_controller` and what each controller needs, and the `egress` rules; part of `ContainerSettings`."""

from __future__ import annotations

import ipaddress
import math
import re
from collections.abc import Mapping
from typing import Any

import pulumi

from ...checks import not_allowed
from .names import COMPONENT, DNS_LABEL, DNS_SUBDOMAIN
from .sizing import _is_int

STARTUP_PERIOD_SECONDS = 5
PROTOCOLS = ("TCP", "UDP", "SCTP")

# A host an Ingress serves and cert-manager can issue for: a lowercase DNS name with at least two labels.
HOST = re.compile(r"^(?=.{1,253}$)([a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?\.)+[a-z]([-a-z0-9]{0,61}[a-z0-9])?$")
PATH = re.compile(r"^/[A-Za-z0-9._~!$&'()*+,;=:@%/-]*$")


# Who serves a public service's Ingress (`ingress_controller`):
# - "own": an ingress controller you run in the cluster (Traefik, HAProxy, ...); the Ingress names its class,
#   cert-manager issues the TLS Secret, and the NetworkPolicy admits the controller's namespace.
# - "eks-auto-mode": EKS Auto Mode's built-in load balancing, an ALB per IngressClass group (controller
#   eks.amazonaws.com/alb); the IngressClassParams carry the certificate and the TLS policy, the Ingress the
#   per-service settings. EKS User Guide, "Create an IngressClass to configure an Application Load Balancer"
#   (IngressClassParams reference and Considerations) and the AWS Load Balancer Controller's annotations.
# - "gke": GKE's built-in Ingress controller (classic external Application Load Balancer, container-native
#   NEGs). GKE docs, "GKE Ingress for Application Load Balancers" (controller behavior: GKE processes an
#   Ingress whose kubernetes.io/ingress.class annotation is gce, whatever its ingressClassName) and "Ingress
#   configuration on Google Cloud" (FrontendConfig, BackendConfig, Google-managed certificates, static IPs).
OWN, EKS_AUTO_MODE, GKE = "own", "eks-auto-mode", "gke"
INGRESS_CONTROLLERS = (OWN, EKS_AUTO_MODE, GKE)
CONTROLLER_ONLY = {
    "cert_issuer": (OWN,),
    "ingress_namespace": (OWN,),
    "ingress_sources": (EKS_AUTO_MODE, GKE),
    "static_ip_name": (GKE,),
    "ssl_policy": (GKE,),
    "web_acl_arn": (EKS_AUTO_MODE,),
}
ALB_CLASS = "alb"  # the IngressClass name EKS's own examples use
GCE_CLASS = "gce"
# The Ingress annotation that puts an EKS Auto Mode ALB behind a WAF v2 web ACL (EKS User Guide, "Create an
# IngressClass to configure an Application Load Balancer": waf-acl-id and web-acl-id are not supported, WAF
# v2 is; merge behaviour Exclusive), and the ARN of a regional web ACL
# (arn:aws:wafv2:<region>:<account>:regional/webacl/<name>/<id>; AWS WAF API Reference, "WebACL").
WAF_ANNOTATION = "alb.ingress.kubernetes.io/wafv2-acl-arn"
WEB_ACL_ARN = re.compile(
    r"^arn:aws(-[a-z]+)*:wafv2:[a-z0-9-]+:\d{12}:regional/webacl/[A-Za-z0-9_-]{1,128}/[a-f0-9-]+$"
)
# Where Google's front ends and health checkers connect from: the proxies of the external Application Load
# Balancer and its health checks reach NEG backends (the pods) from these ranges (Cloud Load Balancing docs,
# "Health checks overview", firewall rules: 35.191.0.0/16 and 130.211.0.0/22).
GOOGLE_FRONT_ENDS = ("130.211.0.0/22", "35.191.0.0/16")
# A Compute Engine resource name (global address, SSL policy): RFC 1035, 1-63 characters.
GCE_NAME = re.compile(r"^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$")
EGRESS_KEYS = ("cidr", "ports", "protocol")


class _Traffic:
    """`ContainerSettings`' web service, Ingress and egress arguments."""

    # -- web service ---------------------------------------------------------------------------------------

    def _web(self, args: Mapping[str, Any]) -> None:
        self.public: bool = args.get("public", False)
        for key in ("health_path", "readiness_path"):
            value = args.get(key)
            if value is not None and not (isinstance(value, str) and PATH.match(value)):
                raise not_allowed(COMPONENT, key, value, "use a URL path starting with /, e.g. /health")
        self.health_path: str = args.get("health_path") or "/health"
        self.readiness_path: str = args.get("readiness_path") or self.health_path
        startup: int = args.get("startup_timeout_seconds", 300)
        # The startup probe checks every 5 s; the container may take `startup_timeout_seconds` to pass it.
        self.startup_failure_threshold = math.ceil(startup / STARTUP_PERIOD_SECONDS)
        self.liveness_initial_delay_seconds: int = args.get("liveness_initial_delay_seconds", 0)

        host = args.get("host")
        if self.public and host is None:
            raise ValueError(
                f"{COMPONENT} host is required with public: the Ingress and its certificate serve one host; "
                "give host, e.g. api.shop.example.com"
            )
        if host is not None and not (isinstance(host, str) and HOST.match(host)):
            raise not_allowed(
                COMPONENT, "host", host, "use a lowercase DNS name such as api.shop.example.com (no wildcard)"
            )
        self.host: str | None = host
        paths = args.get("paths", ["/"])
        if not (isinstance(paths, list) and paths) or not all(
            isinstance(p, str) and PATH.match(p) for p in paths
        ):
            raise not_allowed(
                COMPONENT, "paths", paths, 'use a non-empty list of paths starting with /, e.g. ["/"]'
            )
        self.paths: list[str] = list(dict.fromkeys(paths))

        self._ingress(args)

    def _ingress(self, args: Mapping[str, Any]) -> None:
        """Who serves the Ingress, and what that controller needs: see `INGRESS_CONTROLLERS`."""
        controller: str = args.get("ingress_controller", OWN)
        self.ingress_controller: str = controller
        for key, controllers in CONTROLLER_ONLY.items():
            if key in args and controller not in controllers:
                raise ValueError(
                    f"{COMPONENT} {key} is not allowed with ingress_controller {controller}: it is for "
                    f"ingress_controller {' or '.join(controllers)}; leave {key} out"
                )
        self.ingress_class: pulumi.Input[str] = ""
        self.cert_issuer: str | None = None
        self.ingress_namespace: str = ""
        self.ingress_sources: pulumi.Input[list[str]] = []
        self.static_ip_name: pulumi.Input[str] | None = args.get("static_ip_name")
        self.ssl_policy: pulumi.Input[str] | None = args.get("ssl_policy")
        self.web_acl_arn: pulumi.Input[str] | None = args.get("web_acl_arn")
        if not self.public:
            return
        if controller == OWN:
            self._own_controller(args)
        elif controller == EKS_AUTO_MODE:
            self.ingress_class = self._class_name(args.get("ingress_class", ALB_CLASS), "alb")
            sources = args.get("ingress_sources")
            if sources is None:
                raise ValueError(
                    f"{COMPONENT} ingress_sources is required with ingress_controller {EKS_AUTO_MODE}: the "
                    "CIDRs the ALB connects to the pods from (target type ip), e.g. the public subnets' "
                    "CIDRs or the VPC's"
                )
            self.ingress_sources = _cidrs("ingress_sources", sources)
            arn = self.web_acl_arn
            if (
                arn is not None
                and not isinstance(arn, pulumi.Output)
                and not (isinstance(arn, str) and WEB_ACL_ARN.match(arn))
            ):
                raise not_allowed(
                    COMPONENT,
                    "web_acl_arn",
                    arn,
                    "use the ARN of a regional WAF v2 web ACL "
                    "(arn:aws:wafv2:<region>:<account>:regional/webacl/<name>/<id>), or None",
                )
        else:
            ingress_class = args.get("ingress_class", GCE_CLASS)
            if ingress_class != GCE_CLASS:
                raise not_allowed(
                    COMPONENT,
                    "ingress_class",
                    ingress_class,
                    f"use {GCE_CLASS}: GKE's built-in controller serves it (gce-internal would make an "
                    "internal load balancer the internet cannot reach)",
                )
            self.ingress_class = GCE_CLASS
            self.ingress_sources = _cidrs(
                "ingress_sources", args.get("ingress_sources", list(GOOGLE_FRONT_ENDS))
            )
            for key in ("static_ip_name", "ssl_policy"):
                value = args.get(key)
                if (
                    value is not None
                    and not isinstance(value, pulumi.Output)
                    and not (isinstance(value, str) and GCE_NAME.match(value))
                ):
                    raise not_allowed(
                        COMPONENT,
                        key,
                        value,
                        "use a Compute Engine resource name (RFC 1035, up to 63), or None",
                    )

    def _own_controller(self, args: Mapping[str, Any]) -> None:
        """Your own controller in the cluster: its class, its namespace (admitted by the NetworkPolicy) and
        cert-manager for the TLS Secret."""
        for key, example in (("ingress_class", "traefik"), ("ingress_namespace", "traefik")):
            if args.get(key) is None:
                raise ValueError(
                    f"{COMPONENT} {key} is required with public and ingress_controller {OWN}: "
                    + (
                        f"name the IngressClass your controller serves, e.g. {example}"
                        if key == "ingress_class"
                        else f"name the namespace of your ingress controller's pods, e.g. {example}"
                    )
                    + f" (or use ingress_controller {EKS_AUTO_MODE} or {GKE})"
                )
        self.ingress_class = self._class_name(args["ingress_class"], "traefik")
        cert_issuer = args.get("cert_issuer", "letsencrypt")
        if cert_issuer is not None and not (
            isinstance(cert_issuer, str) and DNS_SUBDOMAIN.match(cert_issuer)
        ):
            raise not_allowed(
                COMPONENT, "cert_issuer", cert_issuer, "use a cert-manager ClusterIssuer name, or None"
            )
        self.cert_issuer = cert_issuer
        ingress_namespace = args["ingress_namespace"]
        if not (isinstance(ingress_namespace, str) and DNS_LABEL.match(ingress_namespace)):
            raise not_allowed(
                COMPONENT,
                "ingress_namespace",
                ingress_namespace,
                "use the namespace of the ingress controller, e.g. traefik",
            )
        self.ingress_namespace = ingress_namespace

    @staticmethod
    def _class_name(value: object, example: str) -> pulumi.Input[str]:
        if isinstance(value, pulumi.Output):
            return value
        if not (isinstance(value, str) and DNS_SUBDOMAIN.match(value)):
            raise not_allowed(COMPONENT, "ingress_class", value, f"use an IngressClass name, e.g. {example}")
        return value

    # -- network policy ------------------------------------------------------------------------------------

    def _network(self, args: Mapping[str, Any]) -> None:
        rules = args.get("egress") or []
        if not isinstance(rules, list):
            raise not_allowed(COMPONENT, "egress", rules, 'use a list of {"cidr": ..., "ports": [...]}')
        self.egress: list[tuple[pulumi.Input[str], list[int], str]] = []
        for rule in rules:
            if not isinstance(rule, Mapping) or set(rule) - set(EGRESS_KEYS) or "cidr" not in rule:
                raise not_allowed(
                    COMPONENT,
                    "egress",
                    rule,
                    'use {"cidr": "10.20.0.0/24", "ports": [5432], "protocol": "TCP"} (protocol optional)',
                )
            cidr = rule["cidr"]
            if not isinstance(cidr, pulumi.Output):
                try:
                    network = ipaddress.ip_network(cidr, strict=True) if isinstance(cidr, str) else None
                except ValueError:
                    network = None
                if network is None or network.prefixlen == 0:
                    raise not_allowed(
                        COMPONENT,
                        "egress cidr",
                        cidr,
                        "use a network such as 10.20.0.0/24 or 10.20.0.3/32 (host bits zero; for the "
                        "internet use internet_egress)",
                    )
            ports = rule.get("ports")
            if not (isinstance(ports, list) and ports) or not all(
                _is_int(p) and 1 <= p <= 65535 for p in ports
            ):
                raise not_allowed(COMPONENT, "egress ports", ports, "use a non-empty list of ports 1-65535")
            protocol: str = rule.get("protocol", "TCP")
            self.egress.append((cidr, list(dict.fromkeys(ports)), protocol))
        self.internet_egress: bool = args.get("internet_egress", False)
        cluster_domain = args.get("cluster_domain", "cluster.local")
        if not (isinstance(cluster_domain, str) and DNS_SUBDOMAIN.match(cluster_domain)):
            raise not_allowed(
                COMPONENT, "cluster_domain", cluster_domain, "use a DNS domain, e.g. cluster.local"
            )
        self.cluster_domain: str = cluster_domain


def _cidrs(key: str, value: object) -> pulumi.Input[list[str]]:
    """A list of IPv4/IPv6 networks (host bits zero, never /0), or an Output of one taken as it comes."""
    if isinstance(value, pulumi.Output):
        return value
    if isinstance(value, list) and value:
        for cidr in value:
            if isinstance(cidr, pulumi.Output):
                continue
            try:
                network = ipaddress.ip_network(cidr, strict=True) if isinstance(cidr, str) else None
            except ValueError:
                network = None
            if network is None or network.prefixlen == 0:
                break
        else:
            return list(value)
    raise not_allowed(
        COMPONENT,
        key,
        value,
        'use a non-empty list of the networks the load balancer connects from, e.g. ["10.0.0.0/24"] '
        "(host bits zero, not /0)",
    )
