"""The scheduled job's Cloud Run job: one task, `max_retries`, `timeout_seconds`."""

import pulumi
import pulumi_gcp as gcp

from ...naming import physical_name
from .container import _job_envs, _set_command, _vpc_access
from .names import JOB_NAME_LIMIT
from .settings import CONTAINER, ContainerSettings


def run_job(
    owner: pulumi.Resource,
    name: str,
    base: str,
    settings: ContainerSettings,
    region: pulumi.Input[str],
    labels: dict[str, str],
    account: gcp.serviceaccount.Account,
    image: pulumi.Input[str],
    opts: pulumi.ResourceOptions,
) -> gcp.cloudrunv2.Job:
    """The Cloud Run job of a scheduled job (with `schedule`)."""
    assert settings.schedule is not None
    job_container: gcp.cloudrunv2.JobTemplateTemplateContainerArgsDict = {
        "name": CONTAINER,
        "image": image,
        "envs": _job_envs(settings),
        "resources": {"limits": {"cpu": settings.cpu, "memory": settings.memory}},
    }
    _set_command(settings, job_container)
    task: gcp.cloudrunv2.JobTemplateTemplateArgsDict = {
        "service_account": account.email,
        "containers": [job_container],
        "max_retries": settings.max_retries,
        "timeout": f"{settings.timeout_seconds}s",
        "execution_environment": settings.execution_environment,
    }
    if settings.network is not None:
        task["vpc_access"] = _vpc_access(settings)
    job = gcp.cloudrunv2.Job(
        name,
        name=physical_name(base, JOB_NAME_LIMIT),
        location=region,
        deletion_protection=False,  # stateless; the provider's default (True) would block destroy
        labels=labels,
        template={"task_count": 1, "parallelism": 1, "template": task},
        opts=opts,
    )
    return job
