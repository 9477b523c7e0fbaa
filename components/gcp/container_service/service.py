"""The web service: a Cloud Run service with internal (or internal plus load balancer, or with
`direct_ingress` all) ingress, HTTP startup and liveness probes on `health_path`, instance scaling and the
canary's traffic split."""

import pulumi_gcp as gcp

from ...naming import physical_name
from .container import _envs, _set_command, _vpc_access
from .names import SERVICE_NAME_LIMIT
from .settings import CONTAINER
from .workload import Workload

INGRESS_PUBLIC = "INGRESS_TRAFFIC_INTERNAL_LOAD_BALANCER"  # the project's VPC and Google Cloud load balancers
INGRESS_PRIVATE = "INGRESS_TRAFFIC_INTERNAL_ONLY"  # the project's VPC (and internal load balancers) only
INGRESS_DIRECT = "INGRESS_TRAFFIC_ALL"  # everything, the internet included, at the run.app URL


def cloud_run_service(w: Workload) -> gcp.cloudrunv2.Service:
    """The Cloud Run service of a web service (with `port`)."""
    assert w.settings.port is not None
    web_container: gcp.cloudrunv2.ServiceTemplateContainerArgsDict = {
        "name": CONTAINER,
        "image": w.image,
        "envs": _envs(w.settings),
        "ports": {"container_port": w.settings.port},
        "resources": {
            "limits": {"cpu": w.settings.cpu, "memory": w.settings.memory},
            "cpu_idle": not w.settings.cpu_always_allocated,
            "startup_cpu_boost": True,
        },
        # Up to 4 minutes to start (24 x 10 s); restarted after 3 failed checks in a row.
        "startup_probe": {
            "http_get": {"path": w.settings.health_path, "port": w.settings.port},
            "period_seconds": 10,
            "timeout_seconds": 5,
            "failure_threshold": 24,
        },
        "liveness_probe": {
            "http_get": {"path": w.settings.health_path, "port": w.settings.port},
            "period_seconds": 30,
            "timeout_seconds": 5,
            "failure_threshold": 3,
        },
    }
    _set_command(w.settings, web_container)
    template: gcp.cloudrunv2.ServiceTemplateArgsDict = {
        "service_account": w.account.email,
        "containers": [web_container],
        "scaling": {"min_instance_count": w.settings.min_count, "max_instance_count": w.settings.max_count},
        "max_instance_request_concurrency": w.settings.concurrency,
        "execution_environment": w.settings.execution_environment,
    }
    if w.settings.network is not None:
        template["vpc_access"] = _vpc_access(w.settings)
    traffics: list[gcp.cloudrunv2.ServiceTrafficArgsDict] = [
        {"type": "TRAFFIC_TARGET_ALLOCATION_TYPE_LATEST", "percent": 100}
    ]
    if w.settings.stable_revision is not None and w.settings.canary_percent is not None:
        traffics = [
            {
                "type": "TRAFFIC_TARGET_ALLOCATION_TYPE_REVISION",
                "revision": w.settings.stable_revision,
                "percent": 100 - w.settings.canary_percent,
            },
            {"type": "TRAFFIC_TARGET_ALLOCATION_TYPE_LATEST", "percent": w.settings.canary_percent},
        ]
    service = gcp.cloudrunv2.Service(
        w.name,
        name=physical_name(w.base, SERVICE_NAME_LIMIT),
        location=w.region,
        description=f"{w.name}, managed by stackyard",
        ingress=_ingress(w),
        deletion_protection=False,  # stateless; the provider's default (True) would block destroy
        labels=w.labels,
        template=template,
        traffics=traffics,
        opts=w.opts,
    )
    return service


def _ingress(w: Workload) -> str:
    if w.settings.direct_ingress:
        return INGRESS_DIRECT
    return INGRESS_PUBLIC if w.settings.public else INGRESS_PRIVATE
