"""Config rules of the runtime: `app.runtime: kubernetes` puts the services on a cluster instead of ECS
Fargate or Cloud Run. Keys that only one runtime uses are refused on the other, with the full key path."""

from __future__ import annotations

import re
from typing import Any

APP = "stackyard:app"
KUBERNETES_ONLY_SERVICE_KEYS = ("readiness_path", "cpu_request", "memory_request_gb")
# A pinned image: a tag other than latest, or a digest.
PINNED_IMAGE = re.compile(r"^[^\s:@]+(:[^\s:@/]+|@sha256:[0-9a-f]{64})$")


def runtime_problems(cloud: Any, app: dict[str, Any], services: dict[str, Any]) -> list[str]:
    """Problems of `app.runtime`, `app.kubernetes` and the services' runtime-specific keys. `services` are
    the validated service models by name (those that validated)."""
    kubernetes = app.get("runtime") == "kubernetes"
    if not kubernetes:
        problems = []
        if app.get("kubernetes") is not None:
            problems.append(
                f"{APP}.kubernetes: only used with runtime kubernetes; set {APP}.runtime: kubernetes or "
                "remove it"
            )
        for name, service in services.items():
            for key in KUBERNETES_ONLY_SERVICE_KEYS:
                if getattr(service, key, None) is not None:
                    problems.append(
                        f"{APP}.services.{name}.{key}: only used with runtime kubernetes; remove it"
                    )
        return problems
    return _kubernetes_problems(cloud, app, services)


def _kubernetes_problems(cloud: Any, app: dict[str, Any], services: dict[str, Any]) -> list[str]:
    problems = []
    database = app.get("database")
    if isinstance(database, dict) and database.get("rds_managed_password") is True:
        problems.append(
            f"{APP}.database.rds_managed_password: not with runtime kubernetes: the password is copied into "
            "the app's Kubernetes Secret at pulumi up, and RDS rotates it every 7 days, after which the pods "
            "cannot connect; leave it false (the stack generates the password and rotates it only when "
            "database.password_version changes)"
        )
    # pulumi_kubernetes: imported for this runtime only
    from components.k8s.container_service.traffic import PATH as PROBE_PATH

    for name, service in services.items():
        path = f"{APP}.services.{name}"
        if service.health_check is not None:
            problems.append(
                f"{path}.health_check: an ECS container health check; on kubernetes the probes are HTTP "
                "requests to health_path and readiness_path, remove it"
            )
        for key in ("health_path", "readiness_path"):
            probe = getattr(service, key, None)
            if isinstance(probe, str) and not PROBE_PATH.match(probe):
                problems.append(
                    f"{path}.{key}: {probe!r} is not a path a Kubernetes probe takes: /, then letters, "
                    "digits and -._~!$&'()*+,;=:@%/ only (no query string); percent-encode the rest"
                )
        for index, pattern in enumerate(
            getattr(service, "paths", []) if getattr(service, "public", False) else []
        ):
            if not PROBE_PATH.match(pattern):
                problems.append(
                    f"{path}.paths[{index}]: {pattern!r} is not an Ingress path: /, then letters, digits and "
                    "-._~!$&'()*+,;=:@%/ only"
                )
        scale = getattr(service, "scale", None)
        if scale is not None and scale.min < 1 and scale.max > scale.min:  # autoscaled: an HPA
            problems.append(
                f"{path}.scale.min: 0 with scale.max {scale.max}: a HorizontalPodAutoscaler keeps at least "
                "one pod; use scale.min 1 or more"
            )
        # Without image the service waits for its first one: it runs no pod (components.k8s.ContainerService).
        if "image_tag" in service.model_fields_set:
            problems.append(
                f"{path}.image_tag: tags a registry repository the stack creates, which runtime kubernetes "
                "does not; push to your registry and set image to the pinned reference, e.g. "
                "ghcr.io/shop/api:1.4.2"
            )
        if service.image and (not PINNED_IMAGE.match(service.image) or service.image.endswith(":latest")):
            problems.append(
                f"{path}.image: {service.image!r} is not pinned; use a version tag (not latest) or a digest"
            )
        if service.buckets:
            problems.append(
                f"{path}.buckets: bucket grants need a cloud identity for the pods (EKS Pod Identity, GKE "
                "Workload Identity), which the kubernetes runtime does not set up yet; remove them or use "
                "runtime managed"
            )
        deployment = getattr(service, "deployment", "rolling")
        if deployment != "rolling":
            problems.append(
                f"{path}.deployment: {deployment} is not offered on kubernetes; use rolling (a Deployment's "
                "rolling update, no pod down until its successor is ready)"
            )
        if getattr(service, "stable_revision", None) is not None:
            problems.append(f"{path}.stable_revision: a Cloud Run revision; on kubernetes remove it")
        if service.cpu_request is not None and service.cpu_request > service.cpu:
            problems.append(
                f"{path}.cpu_request: {service.cpu_request:g} is above cpu ({service.cpu:g}), the limit"
            )
        if service.memory_request_gb is not None and service.memory_request_gb > service.memory_gb:
            problems.append(
                f"{path}.memory_request_gb: {service.memory_request_gb:g} is above memory_gb "
                f"({service.memory_gb:g}), the limit"
            )
    site = app.get("site")
    if isinstance(site, dict) and site.get("api_service"):
        problems.append(
            f"{APP}.site.api_service: the site's API route goes to the cloud's load balancer, which serves "
            "managed services only; with runtime kubernetes the API has its own Ingress host"
        )
    settings = app.get("kubernetes")
    settings = settings if isinstance(settings, dict) else {}
    creates = settings.get("cluster", "create") == "create"
    if settings.get("security_group_id") and (cloud != "aws" or creates):
        problems.append(
            f"{APP}.kubernetes.security_group_id: only for an existing cluster on aws (a created one's "
            "security group is admitted automatically)"
        )
    if settings.get("admins") and (cloud != "aws" or not creates):
        problems.append(
            f"{APP}.kubernetes.admins: only for a cluster the stack creates on aws (on gcp grant "
            "roles/container.admin in IAM)"
        )
    for key in ("api_access_cidrs", "version"):
        if settings.get(key) and not creates:
            problems.append(f"{APP}.kubernetes.{key}: only for a cluster the stack creates; remove it")
    if creates:
        problems.extend(_cluster_problems(cloud, settings))
    public = [name for name, service in services.items() if getattr(service, "public", False)]
    problems.extend(_ingress_problems(cloud, settings, creates, public))
    if cloud == "gcp" and creates and settings.get("ingress_class") is None:
        problems.extend(_shared_gke_hosts(app, services, public))
    return problems


def _cluster_problems(cloud: Any, settings: dict[str, Any]) -> list[str]:
    """The created cluster's version and (aws) admins, as the cloud's KubernetesCluster takes them."""
    problems = []
    version, admins = settings.get("version"), settings.get("admins")
    if cloud == "aws":
        from components.aws.kubernetes_cluster import KUBERNETES_VERSIONS, PRINCIPAL_ARN

        if isinstance(version, str) and version not in KUBERNETES_VERSIONS:
            problems.append(
                f"{APP}.kubernetes.version: {version} is not an EKS version KubernetesCluster offers; use "
                f"one of {', '.join(KUBERNETES_VERSIONS)}"
            )
        for index, arn in enumerate(admins if isinstance(admins, list) else []):
            if isinstance(arn, str) and not PRINCIPAL_ARN.match(arn):
                problems.append(
                    f"{APP}.kubernetes.admins[{index}]: {arn!r} is not an IAM role or user ARN such as "
                    "arn:aws:iam::123456789012:role/admins (a role's ARN, not an assumed-role session's)"
                )
    elif cloud == "gcp" and isinstance(version, str):
        from components.gcp.kubernetes_cluster import KUBERNETES_VERSION

        if not KUBERNETES_VERSION.match(version):
            problems.append(
                f"{APP}.kubernetes.version: {version} is not a GKE version; use a minor version such as 1.33"
            )
    return problems


def _shared_gke_hosts(app: dict[str, Any], services: dict[str, Any], public: list[str]) -> list[str]:
    """GKE's Ingress makes one load balancer, with its own static address and certificate, per Ingress:
    two public services cannot share a host there (EKS Auto Mode's IngressGroup merges them into one ALB)."""
    by_host: dict[str, list[str]] = {}
    for name in public:
        host = services[name].host or f"{name}.{app.get('domain')}"
        by_host.setdefault(host, []).append(name)
    return [
        f"{APP}.services.{names[1]}.host: {host} is also {names[0]}'s; on GKE each public service gets its "
        "own load balancer and address, so give each its own host (or serve them with your own ingress "
        "controller, kubernetes.ingress_class)"
        for host, names in by_host.items()
        if len(names) > 1
    ]


def _ingress_problems(cloud: Any, settings: dict[str, Any], creates: bool, public: list[str]) -> list[str]:
    """Every Ingress must name a class something serves. On a created cluster that is the platform's own
    load balancer (EKS Auto Mode's ALB through the IngressClass the stack creates, GKE's gce) unless
    `ingress_class` names your own controller; an existing cluster has no class the stack knows of, so public
    services need `ingress_class` (and the controller's namespace, which their NetworkPolicies admit)."""
    path = f"{APP}.kubernetes"
    own = settings.get("ingress_class")
    problems = []
    if own is None:
        if public and not creates:
            problems.append(
                f"{path}.ingress_class: required for public services ({', '.join(public)}) on an existing "
                "cluster: name the IngressClass of the ingress controller you run there (e.g. traefik) and "
                f"set {path}.ingress_namespace to its namespace"
            )
        for key in ("ingress_namespace", "cert_issuer"):
            if key in settings:
                problems.append(
                    f"{path}.{key}: only with {path}.ingress_class (your own ingress controller); "
                    + (
                        "on a created cluster the platform's load balancer serves the Ingresses; remove it"
                        if creates
                        else "set ingress_class too, or remove it"
                    )
                )
        return problems
    if settings.get("ingress_namespace") is None:
        problems.append(
            f"{path}.ingress_namespace: required with ingress_class: the namespace of your ingress "
            "controller's pods, the only pods public services admit"
        )
    if cloud == "gcp" and own in ("gce", "gce-internal"):
        problems.append(
            f"{path}.ingress_class: {own} is GKE's built-in controller, which the stack configures itself "
            "on a created cluster (certificate, static IP, redirect, health check); remove ingress_class "
            "there, or name a controller you run in the cluster"
        )
    return problems
