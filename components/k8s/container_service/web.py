"""A web service's ClusterIP Service and, when `public`, its Ingress for `host`, served by
`ingress_controller`: your own (TLS from cert-manager), EKS Auto Mode's ALB (`_alb_annotations`) or GKE's
load balancer (with the objects of `gke`)."""

import json
from dataclasses import dataclass

import pulumi
import pulumi_kubernetes as k8s

from .gke import gke_objects
from .settings import PORT_NAME, SERVICE_PORT, ContainerSettings, MetadataFor
from .traffic import EKS_AUTO_MODE, GKE, OWN, WAF_ANNOTATION
from .workload import _awaited


@dataclass(frozen=True)
class WebEndpoint:
    """Where the web service answers."""

    service_name: pulumi.Output[str]
    service_host: pulumi.Output[str]
    url: pulumi.Output[str]
    """"https://<host>" when public; "" otherwise."""


def web_service(
    owner: pulumi.Resource, name: str, s: ContainerSettings, metadata: MetadataFor, selector: dict[str, str]
) -> WebEndpoint:
    """The Service and, when `public`, the Ingress (and GKE's companions, which it waits for)."""
    child = pulumi.ResourceOptions(parent=owner)
    service_metadata = metadata(s.name)
    gke = s.public and s.ingress_controller == GKE
    if gke:
        # Container-native load balancing (the load balancer sends to the pods' NEG endpoints, which is
        # why the NetworkPolicy admits Google's ranges) and the BackendConfig with the health check.
        service_metadata["annotations"] = {
            "cloud.google.com/neg": json.dumps({"ingress": True}),
            "cloud.google.com/backend-config": json.dumps({"default": s.name}),
        }
    service = k8s.core.v1.Service(
        f"{name}-service",
        metadata=_awaited(s, service_metadata),
        spec={
            "type": "ClusterIP",
            "selector": selector,
            "ports": [{"name": PORT_NAME, "port": SERVICE_PORT, "target_port": PORT_NAME, "protocol": "TCP"}],
        },
        opts=child,
    )
    service_name = service.metadata.name
    service_host = pulumi.Output.concat(
        service.metadata.name, ".", service.metadata.namespace, ".svc.", s.cluster_domain
    )
    if not s.public:
        return WebEndpoint(service_name, service_host, pulumi.Output.from_input(""))
    assert s.host is not None
    ingress_metadata = metadata(s.name)
    spec: k8s.networking.v1.IngressSpecArgsDict = {"ingress_class_name": s.ingress_class}
    companions: list[pulumi.Resource] = []
    if s.ingress_controller == OWN:
        spec["tls"] = [{"hosts": [s.host], "secret_name": f"{s.name}-tls"}]
        if s.cert_issuer is not None:
            ingress_metadata["annotations"] = {"cert-manager.io/cluster-issuer": s.cert_issuer}
    elif s.ingress_controller == EKS_AUTO_MODE:
        ingress_metadata["annotations"] = _alb_annotations(s)
    else:
        ingress_metadata["annotations"], companions = gke_objects(owner, name, s, metadata)
    ingress = k8s.networking.v1.Ingress(
        f"{name}-ingress",
        metadata=ingress_metadata,
        spec={
            **spec,
            "rules": [
                {
                    "host": s.host,
                    "http": {
                        "paths": [
                            {
                                "path": path,
                                "path_type": "Prefix",
                                "backend": {
                                    "service": {
                                        "name": service.metadata.name,
                                        "port": {"number": SERVICE_PORT},
                                    }
                                },
                            }
                            for path in s.paths
                        ]
                    },
                }
            ],
        },
        opts=pulumi.ResourceOptions(parent=owner, depends_on=companions),
    )
    host = s.host
    url = ingress.metadata.name.apply(lambda _: f"https://{host}")
    return WebEndpoint(service_name, service_host, url)


def _alb_annotations(s: ContainerSettings) -> dict[str, pulumi.Input[str]]:
    """The per-Ingress settings of an EKS Auto Mode ALB (the AWS Load Balancer Controller's annotations that
    Auto Mode honours; group, certificate and TLS policy live in the IngressClassParams, and Auto Mode refuses
    the group.name annotation): pods as targets, the health check on the service's health path, listeners on
    80 and 443 and every HTTP request redirected to HTTPS; with `web_acl_arn`, the WAF web ACL Auto Mode
    associates with the ALB."""
    annotations: dict[str, pulumi.Input[str]] = {
        "alb.ingress.kubernetes.io/target-type": "ip",
        "alb.ingress.kubernetes.io/healthcheck-path": s.health_path,
        "alb.ingress.kubernetes.io/success-codes": "200-399",
        "alb.ingress.kubernetes.io/listen-ports": json.dumps([{"HTTP": 80}, {"HTTPS": 443}]),
        "alb.ingress.kubernetes.io/ssl-redirect": "443",
    }
    if s.web_acl_arn is not None:
        annotations[WAF_ANNOTATION] = s.web_acl_arn
    return annotations
