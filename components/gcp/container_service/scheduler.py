"""The schedule: a Cloud Scheduler job that POSTs to the Cloud Run Admin API's `jobs/<job>:run` in UTC, with
an OAuth token of its own service account, which may run this job and nothing else."""

import pulumi
import pulumi_gcp as gcp

from ...naming import physical_name
from .names import RESOURCE_NAME_LIMIT, account_id
from .settings import INVOKER_ROLE, ContainerSettings

CLOUD_PLATFORM_SCOPE = "https://www.googleapis.com/auth/cloud-platform"


def job_schedule(
    owner: pulumi.Resource,
    name: str,
    base: str,
    settings: ContainerSettings,
    region: pulumi.Input[str],
    job: gcp.cloudrunv2.Job,
) -> None:
    """The scheduler's service account, its invoker grant on the job, and the Cloud Scheduler job."""
    child = pulumi.ResourceOptions(parent=owner)
    scheduler = gcp.serviceaccount.Account(
        f"{name}-scheduler",
        account_id=account_id(f"{base}-scheduler"),
        display_name=f"{name} scheduler",
        description=f"Cloud Scheduler runs the job {name} as this account, managed by stackyard",
        opts=child,
    )
    invoker = gcp.cloudrunv2.JobIamMember(
        f"{name}-scheduler",
        project=job.project,
        location=job.location,
        name=job.name,
        role=INVOKER_ROLE,  # includes run.jobs.run, on this job only
        member=scheduler.member,
        opts=child,
    )
    gcp.cloudscheduler.Job(
        f"{name}-schedule",
        name=physical_name(f"{base}-schedule", RESOURCE_NAME_LIMIT),
        description=f"Runs the Cloud Run job {name}, managed by stackyard",
        region=region,
        schedule=settings.schedule,
        time_zone="Etc/UTC",
        http_target={
            "uri": pulumi.Output.concat(
                "https://run.googleapis.com/v2/projects/",
                job.project,
                "/locations/",
                job.location,
                "/jobs/",
                job.name,
                ":run",
            ),
            "http_method": "POST",
            "oauth_token": {"service_account_email": scheduler.email, "scope": CLOUD_PLATFORM_SCOPE},
        },
        # The first run must find the permission in place.
        opts=pulumi.ResourceOptions(parent=owner, depends_on=[invoker]),
    )
