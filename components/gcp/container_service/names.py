"""The component's name and the name limits of the resources it creates: the Cloud Run service, worker pool
and job, the Artifact Registry repository, NEG, backend service and scheduler job, and the service account
ids (`account_id`)."""

from __future__ import annotations

from ...naming import physical_name

COMPONENT = "ContainerService"

# Name limits (cloud.google.com/run/docs/deploying, "service names ... less than 50 characters"; a worker
# pool's revisions are named like a service's, so it gets the same limit; job names up to 63; Artifact
# Registry repository ids up to 63; service account ids 6-30, the provider's `account_id` docs).
SERVICE_NAME_LIMIT = 49
JOB_NAME_LIMIT = 63
RESOURCE_NAME_LIMIT = 63  # Artifact Registry repositories, NEGs, backend services, scheduler jobs
ACCOUNT_ID_MIN, ACCOUNT_ID_MAX = 6, 30


def account_id(base: str) -> str:
    """A service account id for `base`: 6-30 characters, a letter first; short names are padded."""
    found = physical_name(base, ACCOUNT_ID_MAX)
    return found if len(found) >= ACCOUNT_ID_MIN else f"{found}-run-sa"
