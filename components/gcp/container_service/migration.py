"""`migrate`: a Cloud Run job `<physical_name>-migrate` with the service's template (the migration as its
args, one task, no retries) and the pulumi-command `local.Command` that executes it once per rollout and
waits (`components/migrate.sh`, runtime "cloud-run"), before the service or worker pool changes."""

import pulumi
import pulumi_gcp as gcp

from ...migration import migration_command
from ...naming import physical_name
from .container import _job_envs, _vpc_access
from .names import JOB_NAME_LIMIT
from .settings import CONTAINER, ContainerSettings


def migration(
    owner: pulumi.Resource,
    name: str,
    base: str,
    settings: ContainerSettings,
    region: pulumi.Input[str],
    labels: dict[str, str],
    account: gcp.serviceaccount.Account,
    image: pulumi.Input[str],
    opts: pulumi.ResourceOptions,
) -> pulumi.Resource:
    """The Cloud Run job that runs `migrate` with the service's template, and the Command that executes
    it and waits (`components/migrate.sh`, runtime "cloud-run")."""
    assert settings.migrate is not None
    container: gcp.cloudrunv2.JobTemplateTemplateContainerArgsDict = {
        "name": CONTAINER,
        "image": image,
        "envs": _job_envs(settings),
        "resources": {"limits": {"cpu": settings.cpu, "memory": settings.memory}},
        "args": list(settings.migrate),
    }
    if settings.entrypoint is not None:
        container["commands"] = settings.entrypoint
    task: gcp.cloudrunv2.JobTemplateTemplateArgsDict = {
        "service_account": account.email,
        "containers": [container],
        "max_retries": 0,  # once per rollout: a failed migration is fixed and deployed again
        "timeout": f"{settings.migrate_timeout_seconds}s",
        "execution_environment": settings.execution_environment,
    }
    if settings.network is not None:
        task["vpc_access"] = _vpc_access(settings)
    job = gcp.cloudrunv2.Job(
        f"{name}-migrate",
        name=physical_name(f"{base}-migrate", JOB_NAME_LIMIT),
        location=region,
        deletion_protection=False,  # stateless; the provider's default (True) would block destroy
        labels=labels,
        template={"task_count": 1, "parallelism": 1, "template": task},
        opts=opts,
    )
    environment: dict[str, pulumi.Input[str]] = {
        "MIGRATE_RUNTIME": "cloud-run",
        "MIGRATE_SERVICE": name,
        "MIGRATE_TIMEOUT_SECONDS": str(settings.migrate_timeout_seconds),
        "RUN_JOB": job.name,
        "RUN_REGION": job.location,
        "RUN_PROJECT": job.project,
    }
    # `generation` grows with every change of the job: a new image, command, environment or secret.
    return migration_command(
        name, environment, [job.generation], pulumi.ResourceOptions(parent=owner, depends_on=[job])
    )
