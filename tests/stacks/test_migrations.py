"""`services.<name>.migrate` through the stacks: the config rules, the four blueprints whose guides migrate,
and the orderings `pulumi up` follows on each runtime: the migration runs with the new image (after the
task definition / job / pod template that carries it) and the service, and the app's other services, roll
only after it."""

from __future__ import annotations

import json
from typing import Any

import pytest

from stacks.config import load_stack_config
from stacks.errors import ConfigError
from stacks.mocks import Registration
from stacks.plan import Plan
from stacks.stackfile import read_stack_file
from tests.conftest import ROOT, plan_of
from tests.helpers.released import released

COMMAND = "command:local:Command"
ECS_SERVICE = "aws:ecs/service:Service"
TASK_DEFINITION = "aws:ecs/taskDefinition:TaskDefinition"
RUN_SERVICE = "gcp:cloudrunv2/service:Service"
RUN_JOB = "gcp:cloudrunv2/job:Job"
DEPLOYMENT = "kubernetes:apps/v1:Deployment"
K8S_JOB = "kubernetes:batch/v1:Job"

# The guides that migrate, and the command each blueprint runs (CHOWKAR 000, Karigar 001, NestJS 002,
# PropFlow 004).
MIGRATIONS = {
    "chowkar": ["npx", "prisma", "migrate", "deploy"],
    "karigar": ["server", "migrate"],
    "nestjs-api": ["npx", "prisma", "migrate", "deploy"],
    "propflow": ["alembic", "upgrade", "head"],
}
ECS_STACKS = ("blueprints/propflow/Pulumi.staging.yaml", "blueprints/chowkar/Pulumi.prod.yaml")
# ECS migrates once a real image is pushed (never while `image_tag` is "bootstrap").
PUSHED = ("app.services.api.image_tag=v1",)
# Cloud Run migrates once a real image runs (never Google's placeholder).
GCP_STACKS = (
    ("blueprints/chowkar/Pulumi.gcp-prod.yaml", ("app.services.api.image_tag=v1",)),
    (
        "blueprints/karigar/Pulumi.gcp-staging.yaml",
        ("app.services.api.image_tag=v1", "app.services.frontend.image_tag=v1"),
    ),
)
K8S_STACKS = ("blueprints/nestjs-api/Pulumi.k8s-staging.yaml", "blueprints/karigar/Pulumi.k8s-prod.yaml")


def value(resource: Registration, key: str) -> Any:
    return resource.state.get(key, resource.inputs.get(key))


def one(found: list[Registration], what: str) -> Registration:
    assert len(found) == 1, f"{len(found)} {what}"
    return found[0]


def named(plan: Plan, type_: str, suffix: str) -> Registration:
    return one([r for r in plan.of_type(type_) if r.name.endswith(suffix)], f"{type_} *{suffix}")


# ---------------------------------------------------------------------------------------------------------
# Blueprints


@pytest.mark.parametrize("system", sorted(MIGRATIONS))
def test_every_stack_file_of_the_guides_that_migrate_runs_the_migration(system: str) -> None:
    files = sorted((ROOT / "blueprints" / system).glob("Pulumi.*.yaml"))
    assert files
    for path in files:
        source = read_stack_file(path, project_root=ROOT)
        config = load_stack_config(source.values, source.secret_keys)
        declared = {n: s.migrate for n, s in config.app.services.items() if s.migrate is not None}
        assert declared == {"api": MIGRATIONS[system]}, path.name


# ---------------------------------------------------------------------------------------------------------
# ECS


def _containers(task: Registration) -> dict[str, Any]:
    (container,) = json.loads(value(task, "containerDefinitions"))
    return container


@pytest.mark.parametrize("stack_file", ECS_STACKS)
def test_ecs_the_service_rolls_after_the_migration_which_runs_its_new_task(stack_file: str) -> None:
    plan = plan_of(stack_file, PUSHED)
    command = one(plan.of_type(COMMAND), "migration commands")
    service = named(plan, ECS_SERVICE, "-api-service")
    migration = named(plan, TASK_DEFINITION, "-api-migrate-task")
    served = named(plan, TASK_DEFINITION, "-api-task")
    assert plan.depends_on(service, command)
    assert plan.depends_on(command, migration)
    assert not plan.depends_on(command, service) and not plan.depends_on(served, command)
    # The Command runs exactly that task definition (its ARN in the environment and the triggers).
    arn = value(migration, "arn")
    assert value(command, "environment")["ECS_TASK_DEFINITION"] == arn and value(command, "triggers") == [arn]
    # The same image, environment and secrets as the service, with the migration as the command.
    mine, theirs = _containers(migration), _containers(served)
    assert mine["image"] == theirs["image"]
    assert mine["environment"] == theirs["environment"] and mine["secrets"] == theirs["secrets"]
    assert mine["command"] in MIGRATIONS.values()


@pytest.mark.parametrize("stack_file", ECS_STACKS)
def test_ecs_nothing_migrates_and_no_task_starts_before_the_first_push(stack_file: str) -> None:
    plan = plan_of(stack_file)  # every image_tag "bootstrap"
    assert plan.of_type(COMMAND) == []
    assert not [r for r in plan.of_type(TASK_DEFINITION) if r.name.endswith("-migrate-task")]
    assert {value(s, "desiredCount") for s in plan.of_type(ECS_SERVICE)} == {0}


@pytest.mark.parametrize("stack_file", ECS_STACKS)
def test_ecs_the_apps_other_services_roll_after_the_migration(stack_file: str) -> None:
    plan = plan_of(stack_file, PUSHED)
    command = one(plan.of_type(COMMAND), "migration commands")
    others = [s for s in plan.of_type(ECS_SERVICE) if not s.name.endswith("-api-service")]
    assert others or stack_file.endswith("chowkar/Pulumi.prod.yaml")
    for service in others:
        assert plan.depends_on(service, command), service.name


def test_ecs_the_migration_runs_on_the_service_network() -> None:
    plan = plan_of(ECS_STACKS[0], PUSHED)
    command = one(plan.of_type(COMMAND), "migration commands")
    service = named(plan, ECS_SERVICE, "-api-service")
    env = value(command, "environment")
    network = value(service, "networkConfiguration")
    assert env["ECS_SUBNETS"].split(",") == network["subnets"]
    assert env["ECS_SECURITY_GROUPS"] == network["securityGroups"][0]
    assert env["ECS_CLUSTER"] == value(service, "cluster")


# ---------------------------------------------------------------------------------------------------------
# Cloud Run


@pytest.mark.parametrize(("stack_file", "sets"), GCP_STACKS)
def test_cloud_run_the_service_rolls_after_the_migration_job(stack_file: str, sets: tuple[str, ...]) -> None:
    plan = plan_of(stack_file, sets)
    command = one(plan.of_type(COMMAND), "migration commands")
    job = named(plan, RUN_JOB, "-api-migrate")
    service = named(plan, RUN_SERVICE, "-api")
    assert plan.depends_on(service, command) and plan.depends_on(command, job)
    assert value(command, "environment")["RUN_JOB"] == value(job, "name")
    (mine,) = value(job, "template")["template"]["containers"]
    (theirs,) = value(service, "template")["containers"]
    assert mine["image"] == theirs["image"] and ":v1" in mine["image"]
    assert mine["envs"] == theirs["envs"]
    assert mine["args"] in MIGRATIONS.values()
    for other in plan.of_type(RUN_SERVICE):
        assert other is service or plan.depends_on(other, command), other.name


@pytest.mark.parametrize(("stack_file", "sets"), GCP_STACKS)
def test_cloud_run_nothing_migrates_while_the_placeholder_runs(
    stack_file: str, sets: tuple[str, ...]
) -> None:
    plan = plan_of(stack_file)
    assert not plan.of_type(COMMAND) and not [j for j in plan.of_type(RUN_JOB) if "migrate" in j.name]


# ---------------------------------------------------------------------------------------------------------
# Kubernetes


@pytest.mark.parametrize("stack_file", K8S_STACKS)
def test_kubernetes_the_deployments_wait_for_the_migration_job(stack_file: str) -> None:
    plan = plan_of(stack_file, released(stack_file))
    job = one(plan.of_type(K8S_JOB), "migration Jobs")
    api = one(
        [d for d in plan.of_type(DEPLOYMENT) if value(d, "metadata")["name"].endswith("api")],
        "api Deployments",
    )
    for deployment in plan.of_type(DEPLOYMENT):
        assert plan.depends_on(deployment, job), deployment.name
    assert not plan.depends_on(job, api)
    pod = value(job, "spec")["template"]["spec"]
    served = value(api, "spec")["template"]["spec"]
    (mine,), (theirs,) = pod["containers"], served["containers"]
    for key in ("image", "env", "envFrom", "securityContext"):
        assert mine.get(key) == theirs.get(key), key
    assert pod["serviceAccountName"] == served["serviceAccountName"]
    assert mine["args"] in MIGRATIONS.values()


@pytest.mark.parametrize("stack_file", K8S_STACKS)
def test_kubernetes_nothing_migrates_and_no_pod_starts_before_the_first_image(stack_file: str) -> None:
    plan = plan_of(stack_file)  # the blueprints name no image yet
    assert plan.of_type(K8S_JOB) == []
    deployments = plan.of_type(DEPLOYMENT)
    assert deployments and {value(d, "spec")["replicas"] for d in deployments} == {0}
    for deployment in deployments:  # pulumi-kubernetes must not wait for pods that never come
        assert value(deployment, "metadata")["annotations"] == {"pulumi.com/skipAwait": "true"}


# ---------------------------------------------------------------------------------------------------------
# Config


def _problems(services: dict[str, Any], cloud: str = "aws") -> list[str]:
    values: dict[str, Any] = {
        "stackyard:cloud": cloud,
        "stackyard:environment": "staging",
        f"{cloud}:region": "us-east-1" if cloud == "aws" else "us-central1",
        "stackyard:app": json.dumps({"name": "shop", "services": services}),
    }
    if cloud == "gcp":
        values["gcp:project"] = "shop-staging"
    try:
        load_stack_config(values)
    except ConfigError as error:
        return error.problems
    return []


MIGRATE = ["npx", "prisma", "migrate", "deploy"]


def test_a_web_service_or_worker_may_migrate() -> None:
    assert not _problems({"api": {"port": 3000, "migrate": MIGRATE, "migrate_timeout_seconds": 600}})
    assert not _problems({"worker": {"migrate": MIGRATE}}, "gcp")


def test_a_scheduled_job_may_not_migrate() -> None:
    problems = _problems({"nightly": {"schedule": "0 3 * * *", "migrate": MIGRATE}})
    assert problems == [
        "stackyard:app.services.nightly.migrate: a scheduled job has no rollout to hold back; put migrate on "
        "the web service or worker that owns the database schema"
    ]


def test_one_service_per_app_migrates() -> None:
    problems = _problems({"api": {"port": 3000, "migrate": MIGRATE}, "worker": {"migrate": MIGRATE}})
    assert len(problems) == 1 and problems[0].startswith(
        "stackyard:app.services: migrate is declared by api, worker; declare it on one service only"
    )


@pytest.mark.parametrize(
    ("service", "expected"),
    [
        (
            {"port": 3000, "migrate_timeout_seconds": 600},
            "services.api.migrate_timeout_seconds: needs migrate",
        ),
        ({"port": 3000, "migrate": []}, "services.api.migrate"),
        ({"port": 3000, "migrate": [""]}, "services.api.migrate"),
        ({"port": 3000, "migrate": "alembic upgrade head"}, "services.api.migrate"),
        ({"port": 3000, "migrate": MIGRATE, "migrate_timeout_seconds": 30}, "migrate_timeout_seconds"),
        ({"port": 3000, "migrat": MIGRATE}, "did you mean"),
    ],
)
def test_bad_migrate_settings_are_refused(service: dict[str, Any], expected: str) -> None:
    problems = _problems({"api": service})
    assert any(expected in p for p in problems), problems


def test_the_plan_tells_what_the_migration_needs_before_the_first_up() -> None:
    notes = "\n".join(n.text for n in plan_of(ECS_STACKS[0], PUSHED).notes if n.topic == "migration")
    assert "ecs:RunTask" in notes and "AWS CLI" in notes and "push it, then run `pulumi up` again" in notes
    bootstrap = "\n".join(n.text for n in plan_of(ECS_STACKS[0]).notes if n.topic == "migration")
    assert "nothing is migrated" in bootstrap and "push it" not in bootstrap
    gcp = "\n".join(n.text for n in plan_of(*GCP_STACKS[0]).notes if n.topic == "migration")
    assert "run.jobs.run" in gcp and "gcloud" in gcp
