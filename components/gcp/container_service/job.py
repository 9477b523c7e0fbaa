"""The scheduled job's Cloud Run job: one task, `max_retries`, `timeout_seconds`."""

import pulumi_gcp as gcp

from ...naming import physical_name
from .container import _job_envs, _set_command, _vpc_access
from .names import JOB_NAME_LIMIT
from .settings import CONTAINER
from .workload import Workload


def run_job(w: Workload) -> gcp.cloudrunv2.Job:
    """The Cloud Run job of a scheduled job (with `schedule`)."""
    assert w.settings.schedule is not None
    job_container: gcp.cloudrunv2.JobTemplateTemplateContainerArgsDict = {
        "name": CONTAINER,
        "image": w.image,
        "envs": _job_envs(w.settings),
        "resources": {"limits": {"cpu": w.settings.cpu, "memory": w.settings.memory}},
    }
    _set_command(w.settings, job_container)
    task: gcp.cloudrunv2.JobTemplateTemplateArgsDict = {
        "service_account": w.account.email,
        "containers": [job_container],
        "max_retries": w.settings.max_retries,
        "timeout": f"{w.settings.timeout_seconds}s",
        "execution_environment": w.settings.execution_environment,
    }
    if w.settings.network is not None:
        task["vpc_access"] = _vpc_access(w.settings)
    job = gcp.cloudrunv2.Job(
        w.name,
        name=physical_name(w.base, JOB_NAME_LIMIT),
        location=w.region,
        deletion_protection=False,  # stateless; the provider's default (True) would block destroy
        labels=w.labels,
        template={"task_count": 1, "parallelism": 1, "template": task},
        opts=w.opts,
    )
    return job
