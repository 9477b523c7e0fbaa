"""The worker: a Cloud Run worker pool (no ingress, no URL) with `min_count` instances, scaled manually."""

import pulumi
import pulumi_gcp as gcp

from ...naming import physical_name
from .container import _envs, _set_command, _vpc_access
from .names import SERVICE_NAME_LIMIT
from .settings import CONTAINER, ContainerSettings


def worker_pool(
    owner: pulumi.Resource,
    name: str,
    base: str,
    settings: ContainerSettings,
    region: pulumi.Input[str],
    labels: dict[str, str],
    account: gcp.serviceaccount.Account,
    image: pulumi.Input[str],
    opts: pulumi.ResourceOptions,
) -> gcp.cloudrunv2.WorkerPool:
    """The Cloud Run worker pool of a worker (without `port` or `schedule`)."""
    worker_container: gcp.cloudrunv2.WorkerPoolTemplateContainerArgsDict = {
        "name": CONTAINER,
        "image": image,
        "envs": _envs(settings),
        "resources": {"limits": {"cpu": settings.cpu, "memory": settings.memory}},
    }
    _set_command(settings, worker_container)
    template: gcp.cloudrunv2.WorkerPoolTemplateArgsDict = {
        "service_account": account.email,
        "containers": [worker_container],
    }
    if settings.network is not None:
        template["vpc_access"] = _vpc_access(settings)
    pool = gcp.cloudrunv2.WorkerPool(
        name,
        name=physical_name(base, SERVICE_NAME_LIMIT),
        location=region,
        description=f"{name}, managed by stackyard",
        deletion_protection=False,  # stateless; the provider's default (True) would block destroy
        labels=labels,
        scaling={"scaling_mode": "MANUAL", "manual_instance_count": settings.min_count},
        template=template,
        opts=opts,
    )
    return pool
