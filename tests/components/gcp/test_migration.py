"""components.gcp.ContainerService `migrate`: a Cloud Run job with the service's template (image,
environment, secrets, service account, VPC egress) and the migration as its args, executed by a
pulumi-command `local.Command` that the service (or worker pool) waits for; nothing while the placeholder
image runs."""

from __future__ import annotations

from typing import Any, cast

import pulumi
import pytest

from components.gcp import ContainerService, ContainerServiceArgs
from components.migration import INTERPRETER, script
from stacks.mocks import RecordingMonitor, Registration
from tests.conftest import of_type

SERVICE = "gcp:cloudrunv2/service:Service"
WORKER_POOL = "gcp:cloudrunv2/workerPool:WorkerPool"
JOB = "gcp:cloudrunv2/job:Job"
COMMAND = "command:local:Command"
SECRET_GRANT = "gcp:secretmanager/secretIamMember:SecretIamMember"
MIGRATE = ["alembic", "upgrade", "head"]
SECRET = "projects/shop-prod/secrets/shop-db-url/versions/3"
BASE: dict[str, Any] = {
    "image": "europe-docker.pkg.dev/shop-prod/shop/api:1.4.2",
    "entrypoint": ["/app/entrypoint.sh"],
    "command": ["uvicorn", "app.main:app"],
    "environment": {"LOG_LEVEL": "info"},
    "secrets": {"DATABASE_URL": SECRET},
    "network": "projects/shop-prod/global/networks/shop",
    "subnetwork": "projects/shop-prod/regions/europe-west1/subnetworks/shop-serverless",
    "region": "europe-west1",
}
WEB: dict[str, Any] = {**BASE, "port": 8000}


def build(args: dict[str, Any]) -> None:
    @pulumi.runtime.test
    def program() -> pulumi.Output:
        service = ContainerService("shop-api", cast(ContainerServiceArgs, args))
        return service.service_account_email

    program()


def one(monitor: RecordingMonitor, type_: str) -> Registration:
    (found,) = of_type(monitor, type_)
    return found


@pytest.mark.parametrize(("kind", "workload_type"), [("web", SERVICE), ("worker", WORKER_POOL)])
def test_the_job_has_the_service_template_and_the_workload_waits(
    monitor: RecordingMonitor, kind: str, workload_type: str
) -> None:
    build({**(WEB if kind == "web" else BASE), "migrate": MIGRATE})
    job, command, workload = one(monitor, JOB), one(monitor, COMMAND), one(monitor, workload_type)
    task = job.inputs["template"]["template"]
    (migrate,) = task["containers"]
    (served,) = workload.inputs["template"]["containers"]
    assert migrate["args"] == MIGRATE and served["args"] == ["uvicorn", "app.main:app"]
    for key in ("image", "envs", "commands"):
        assert migrate[key] == served[key], key
    assert migrate["resources"]["limits"] == served["resources"]["limits"]
    template = workload.inputs["template"]
    assert task["serviceAccount"] == template["serviceAccount"] and task["vpcAccess"] == template["vpcAccess"]
    assert task["maxRetries"] == 0 and task["timeout"] == "1800s"
    assert job.inputs["name"] == "shop-api-migrate"
    # The job may read the secrets before it runs; the workload rolls only after the migration.
    grants = of_type(monitor, SECRET_GRANT)
    assert grants and all(g.urn in job.dependencies for g in grants)
    assert job.urn in command.dependencies and command.urn in workload.dependencies


def test_the_command_executes_the_job_and_waits(monitor: RecordingMonitor) -> None:
    build({**WEB, "migrate": MIGRATE, "migrate_timeout_seconds": 900})
    job, command = one(monitor, JOB), one(monitor, COMMAND)
    env = command.inputs["environment"]
    assert command.inputs["create"] == script() and command.inputs["interpreter"] == INTERPRETER
    assert env["MIGRATE_RUNTIME"] == "cloud-run" and env["RUN_JOB"] == "shop-api-migrate"
    assert env["RUN_REGION"] == "europe-west1" and env["RUN_PROJECT"] == job.state["project"]
    assert job.inputs["template"]["template"]["timeout"] == "900s"
    assert "triggers" in command.inputs  # the job's generation: every change of the job runs it again


def test_nothing_is_migrated_while_the_placeholder_runs(monitor: RecordingMonitor) -> None:
    args = {k: v for k, v in WEB.items() if k != "image"}
    build({**args, "migrate": MIGRATE})
    assert not of_type(monitor, JOB) and not of_type(monitor, COMMAND)


def test_without_migrate_nothing_runs(monitor: RecordingMonitor) -> None:
    build(WEB)
    assert not of_type(monitor, JOB) and not of_type(monitor, COMMAND)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ({**WEB, "migrate": "alembic upgrade head"}, "migrate"),
        ({**WEB, "migrate_timeout_seconds": 600}, "not allowed without migrate"),
        ({**BASE, "migrate": MIGRATE, "schedule": "0 3 * * *"}, "not allowed with schedule"),
    ],
)
def test_bad_migrate_arguments_are_refused(
    monitor: RecordingMonitor, args: dict[str, Any], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        build(args)
