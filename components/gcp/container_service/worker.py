"""The worker: a Cloud Run worker pool (no ingress, no URL) with `min_count` instances, scaled manually."""

import pulumi_gcp as gcp

from ...naming import physical_name
from .container import _envs, _set_command, _vpc_access
from .names import SERVICE_NAME_LIMIT
from .settings import CONTAINER
from .workload import Workload


def worker_pool(w: Workload) -> gcp.cloudrunv2.WorkerPool:
    """The Cloud Run worker pool of a worker (without `port` or `schedule`)."""
    worker_container: gcp.cloudrunv2.WorkerPoolTemplateContainerArgsDict = {
        "name": CONTAINER,
        "image": w.image,
        "envs": _envs(w.settings),
        "resources": {"limits": {"cpu": w.settings.cpu, "memory": w.settings.memory}},
    }
    _set_command(w.settings, worker_container)
    template: gcp.cloudrunv2.WorkerPoolTemplateArgsDict = {
        "service_account": w.account.email,
        "containers": [worker_container],
    }
    if w.settings.network is not None:
        template["vpc_access"] = _vpc_access(w.settings)
    pool = gcp.cloudrunv2.WorkerPool(
        w.name,
        name=physical_name(w.base, SERVICE_NAME_LIMIT),
        location=w.region,
        description=f"{w.name}, managed by stackyard",
        deletion_protection=False,  # stateless; the provider's default (True) would block destroy
        labels=w.labels,
        scaling={"scaling_mode": "MANUAL", "manual_instance_count": w.settings.min_count},
        template=template,
        opts=w.opts,
    )
    return pool
