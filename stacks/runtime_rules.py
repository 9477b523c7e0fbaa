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
    for name, service in services.items():
        path = f"{APP}.services.{name}"
        if not service.image:
            problems.append(
                f"{path}.image: required with runtime kubernetes; push the image to your registry and give "
                "its pinned reference, e.g. ghcr.io/shop/api:1.4.2"
            )
        elif not PINNED_IMAGE.match(service.image) or service.image.endswith(":latest"):
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
    return problems
