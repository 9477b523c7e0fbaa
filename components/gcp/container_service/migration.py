"""`migrate`: a Cloud Run job `<physical_name>-migrate` with the service's template (the migration as its
args, one task, no retries) and the pulumi-command `local.Command` that executes it once per rollout and
waits (`components/migrate.sh`, runtime "cloud-run"), before the service or worker pool changes."""

import pulumi
import pulumi_gcp as gcp

from ...migration import migration_command
from ...naming import physical_name
from .container import _job_envs, _vpc_access
from .names import JOB_NAME_LIMIT
from .settings import CONTAINER
from .workload import Workload


def migration(w: Workload) -> pulumi.Resource:
    """The Cloud Run job that runs `migrate` with the service's template, and the Command that executes
    it and waits (`components/migrate.sh`, runtime "cloud-run")."""
    assert w.settings.migrate is not None
    container: gcp.cloudrunv2.JobTemplateTemplateContainerArgsDict = {
        "name": CONTAINER,
        "image": w.image,
        "envs": _job_envs(w.settings),
        "resources": {"limits": {"cpu": w.settings.cpu, "memory": w.settings.memory}},
        "args": list(w.settings.migrate),
    }
    if w.settings.entrypoint is not None:
        container["commands"] = w.settings.entrypoint
    task: gcp.cloudrunv2.JobTemplateTemplateArgsDict = {
        "service_account": w.account.email,
        "containers": [container],
        "max_retries": 0,  # once per rollout: a failed migration is fixed and deployed again
        "timeout": f"{w.settings.migrate_timeout_seconds}s",
        "execution_environment": w.settings.execution_environment,
    }
    if w.settings.network is not None:
        task["vpc_access"] = _vpc_access(w.settings)
    job = gcp.cloudrunv2.Job(
        f"{w.name}-migrate",
        name=physical_name(f"{w.base}-migrate", JOB_NAME_LIMIT),
        location=w.region,
        deletion_protection=False,  # stateless; the provider's default (True) would block destroy
        labels=w.labels,
        template={"task_count": 1, "parallelism": 1, "template": task},
        opts=w.opts,
    )
    environment: dict[str, pulumi.Input[str]] = {
        "MIGRATE_RUNTIME": "cloud-run",
        "MIGRATE_SERVICE": w.name,
        "MIGRATE_TIMEOUT_SECONDS": str(w.settings.migrate_timeout_seconds),
        "RUN_JOB": job.name,
        "RUN_REGION": job.location,
        "RUN_PROJECT": job.project,
    }
    # `generation` grows with every change of the job: a new image, command, environment or secret.
    return migration_command(
        w.name, environment, [job.generation], pulumi.ResourceOptions(parent=w.owner, depends_on=[job])
    )
