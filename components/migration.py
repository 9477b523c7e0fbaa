"""A service's declared migration (`migrate`): the argument checks every runtime shares, and the
`local.Command` (pulumi-command) that runs `migrate.sh` for the runtimes that have no resource which runs a
task and waits for it (ECS, Cloud Run).

The migration runs once per rollout with the service's new image, network, environment and secrets, before
the new version takes traffic; when it fails, `pulumi up` fails before the service changes, so the old
version keeps serving. Per runtime:

- Kubernetes: a Job (the service's pod template, the migration as the container's args) that the
  Deployment depends on; pulumi-kubernetes waits for a Job to complete and fails the update when it fails.
- ECS: a task definition (the service's container with the migration as its command) and a `local.Command`
  that runs it with `aws ecs run-task` on the service's cluster, subnets, security group and capacity,
  waits for it to stop and fails unless the container exited 0; the ECS service depends on the Command.
- Cloud Run: a Cloud Run job (the service's template, the migration as its args) and a `local.Command`
  that runs `gcloud run jobs execute <job> --wait`; the Cloud Run service depends on the Command.

pulumi-command runs `create` when the Command is created and again when its inputs change (it has no
`update`), never in a preview: its provider returns before running anything when the step is a preview
(pulumi/pulumi-command, provider/pkg/provider/local/commandController.go, Create and Update: "If in
preview, don't run the command."). `triggers` on the migration's task definition ARN or job generation
make a new image, command, environment or secret reference run it again; a refresh reads the Command's
state and runs nothing.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pulumi

from .bounds import Between
from .checks import command_list

SCRIPT = Path(__file__).with_name("migrate.sh")
"""The shell script the Command runs (POSIX sh, shipped inside the package)."""
INTERPRETER = ["/bin/sh", "-c"]
DEFAULT_TIMEOUT_SECONDS = 1800
MIN_TIMEOUT_SECONDS, MAX_TIMEOUT_SECONDS = 60, 86400
# The bound of every ContainerService's `migrate_timeout_seconds` (`components.bounds`).
MIGRATE_TIMEOUT = Between(MIN_TIMEOUT_SECONDS, MAX_TIMEOUT_SECONDS)


def check_migrate(component: str, args: Mapping[str, Any], kind: str) -> tuple[list[str] | None, int]:
    """(`migrate`, `migrate_timeout_seconds`) of a component's arguments, checked: a non-empty list of
    strings or None; refused for a scheduled job (`kind` "job"), which has no rollout to hold back, and the
    timeout without a `migrate`. The timeout's bound, 60-86400 seconds (`MIGRATE_TIMEOUT`), is declared by
    each ContainerService and checked before this runs."""
    command = command_list(component, "migrate", args.get("migrate"))
    if command is not None and kind == "job":
        raise ValueError(
            f"{component} migrate is not allowed with schedule: a scheduled job has no rollout to hold "
            "back; put migrate on the web service or worker that owns the database schema"
        )
    if command is None and args.get("migrate_timeout_seconds") is not None:
        raise ValueError(
            f"{component} migrate_timeout_seconds is not allowed without migrate; give migrate, or leave "
            "migrate_timeout_seconds out"
        )
    return command, args.get("migrate_timeout_seconds", DEFAULT_TIMEOUT_SECONDS)


def script() -> str:
    """The text of `migrate.sh`: the Command's `create`. The text, not a path, so the Command's inputs are
    the same on every machine (a CI runner's checkout and a laptop's) and a new checkout does not run the
    migration again; only a new release of the script does, once."""
    return SCRIPT.read_text()


def migration_command(
    name: str,
    environment: Mapping[str, pulumi.Input[str]],
    triggers: list[pulumi.Input[Any]],
    opts: pulumi.ResourceOptions,
) -> pulumi.CustomResource:
    """The `local.Command` `<name>-migrate` that runs `migrate.sh` with `environment` when it is created
    and whenever `triggers` or its inputs change."""
    from pulumi_command import local  # only the runtimes that need it import it

    return local.Command(
        f"{name}-migrate",
        create=script(),
        interpreter=INTERPRETER,
        environment=dict(environment),
        triggers=triggers,
        # The previous run's output is not an input of the next one.
        add_previous_output_in_env=False,
        opts=opts,
    )
