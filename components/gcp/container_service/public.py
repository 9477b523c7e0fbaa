"""A public web service: `allUsers` may invoke it (its ingress admits only the load balancer), and a
serverless NEG and a global EXTERNAL_MANAGED backend service (request logging, the optional Cloud Armor
policy) put it behind the LoadBalancer or CdnSite. With `direct_ingress`, only the `allUsers` grant: the
service is reached at its run.app URL."""

import pulumi
import pulumi_gcp as gcp

from ...naming import physical_name
from .names import RESOURCE_NAME_LIMIT
from .settings import INVOKER_ROLE, ContainerSettings


def public_backend(
    owner: pulumi.Resource,
    name: str,
    base: str,
    settings: ContainerSettings,
    region: pulumi.Input[str],
    service: gcp.cloudrunv2.Service,
) -> gcp.compute.BackendService:
    """The public invoker grant, the serverless NEG and the backend service of a `public` web service."""
    child = pulumi.ResourceOptions(parent=owner)
    # Requests arriving through the load balancer carry no Google identity, so the invoker check must
    # let anyone through. This is safe because ingress INTERNAL_LOAD_BALANCER admits only the load
    # balancer (and the project's VPC), never the internet directly.
    public_invoker(owner, name, service)
    neg = gcp.compute.RegionNetworkEndpointGroup(
        f"{name}-neg",
        name=physical_name(f"{base}-neg", RESOURCE_NAME_LIMIT),
        region=region,
        network_endpoint_type="SERVERLESS",
        cloud_run={"service": service.name},
        description=f"Cloud Run service {name}, managed by stackyard",
        opts=child,
    )
    backend = gcp.compute.BackendService(
        f"{name}-backend",
        name=physical_name(f"{base}-backend", RESOURCE_NAME_LIMIT),
        description=f"Cloud Run service {name}, managed by stackyard",
        load_balancing_scheme="EXTERNAL_MANAGED",
        protocol="HTTPS",
        backends=[{"group": neg.id}],
        log_config={"enable": True, "sample_rate": 1.0},
        security_policy=settings.security_policy,
        opts=child,
    )
    return backend


def public_invoker(
    owner: pulumi.Resource, name: str, service: gcp.cloudrunv2.Service
) -> gcp.cloudrunv2.ServiceIamMember:
    """`allUsers` may invoke `service` (`<name>-public`): behind the load balancer for `public`, at the
    run.app URL for `direct_ingress` (the two are exclusive, so they share the logical name)."""
    return gcp.cloudrunv2.ServiceIamMember(
        f"{name}-public",
        project=service.project,
        location=service.location,
        name=service.name,
        role=INVOKER_ROLE,
        member="allUsers",
        opts=pulumi.ResourceOptions(parent=owner),
    )
