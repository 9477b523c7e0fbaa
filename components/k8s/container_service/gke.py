"""GKE's Ingress companions: a ManagedCertificate for `host`, a FrontendConfig (HTTP redirected to HTTPS,
`ssl_policy`) and a BackendConfig (the health check), and the Ingress annotations that name them."""

import pulumi
import pulumi_kubernetes as k8s

from .settings import ContainerSettings, MetadataFor
from .traffic import GCE_CLASS


def gke_objects(
    owner: pulumi.Resource, name: str, s: ContainerSettings, metadata: MetadataFor
) -> tuple[dict[str, pulumi.Input[str]], list[pulumi.Resource]]:
    """GKE's Ingress companions, named like the service: a Google-managed certificate for the host, the
    FrontendConfig (HTTP -> HTTPS redirect, SSL policy) and the BackendConfig (health check); returns the
    Ingress's annotations (GKE docs, "Ingress configuration on Google Cloud", "Using Google-managed SSL
    certificates", "Configuring Ingress features through FrontendConfig / BackendConfig parameters") and
    the objects, which the Ingress waits for."""
    assert s.host is not None and s.port is not None
    child = pulumi.ResourceOptions(parent=owner)
    certificate = k8s.apiextensions.CustomResource(
        f"{name}-certificate",
        api_version="networking.gke.io/v1",
        kind="ManagedCertificate",
        metadata=metadata(s.name),
        spec={"domains": [s.host]},
        opts=child,
    )
    frontend_spec: dict[str, object] = {
        # A 301 to the same URL over HTTPS; the HTTP forwarding rule serves only that redirect.
        "redirectToHttps": {"enabled": True, "responseCodeName": "MOVED_PERMANENTLY_DEFAULT"},
    }
    if s.ssl_policy is not None:
        frontend_spec["sslPolicy"] = s.ssl_policy
    frontend = k8s.apiextensions.CustomResource(
        f"{name}-frontend",
        api_version="networking.gke.io/v1beta1",
        kind="FrontendConfig",
        metadata=metadata(s.name),
        spec=frontend_spec,
        opts=child,
    )
    backend = k8s.apiextensions.CustomResource(
        f"{name}-backend",
        api_version="cloud.google.com/v1",
        kind="BackendConfig",
        metadata=metadata(s.name),
        spec={
            # With NEGs the health check goes to the pods themselves: the container port, not the
            # Service's.
            "healthCheck": {
                "type": "HTTP",
                "requestPath": s.health_path,
                "port": s.port,
                "checkIntervalSec": 10,
                "timeoutSec": 5,
                "healthyThreshold": 1,
                "unhealthyThreshold": 3,
            }
        },
        opts=child,
    )
    annotations: dict[str, pulumi.Input[str]] = {
        # GKE's controller acts on the annotation and ignores ingressClassName (which says gce too).
        "kubernetes.io/ingress.class": GCE_CLASS,
        "networking.gke.io/managed-certificates": s.name,
        "networking.gke.io/v1beta1.FrontendConfig": s.name,
    }
    if s.static_ip_name is not None:
        annotations["kubernetes.io/ingress.global-static-ip-name"] = s.static_ip_name
    return annotations, [certificate, frontend, backend]
