"""components/migrate.sh, run for real as pulumi-command runs it (`/bin/sh -c <the script's text>`, the
Command's environment), with stub `aws` and `gcloud` executables on PATH that emulate a migration task or
Cloud Run job execution ending with exit code 0 or 1: the script exits 0 or non-zero accordingly, prints
where the logs are, waits past `aws ecs wait`'s 10-minute limit, and stops a task that overruns."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from components.migration import INTERPRETER, SCRIPT, script

TASK = "arn:aws:ecs:us-east-1:123456789012:task/shop-cluster/0a1b2c3d4e5f"
TASK_DEFINITION = "arn:aws:ecs:us-east-1:123456789012:task-definition/shop-api-migrate:7"
CLUSTER = "arn:aws:ecs:us-east-1:123456789012:cluster/shop"
ECS: dict[str, str] = {
    "MIGRATE_RUNTIME": "ecs",
    "MIGRATE_SERVICE": "shop-api",
    "MIGRATE_TIMEOUT_SECONDS": "1800",
    "ECS_REGION": "us-east-1",
    "ECS_CLUSTER": CLUSTER,
    "ECS_TASK_DEFINITION": TASK_DEFINITION,
    "ECS_SUBNETS": "subnet-0a,subnet-0b",
    "ECS_SECURITY_GROUPS": "sg-0123",
    "ECS_CAPACITY_PROVIDER_STRATEGY": (
        "capacityProvider=FARGATE,base=1,weight=1 capacityProvider=FARGATE_SPOT,weight=3"
    ),
    "ECS_CONTAINER": "app",
    "ECS_LOG_GROUP": "/ecs/shop-api-abc",
    "ECS_LOG_STREAM_PREFIX": "migrate",
}
CLOUD_RUN: dict[str, str] = {
    "MIGRATE_RUNTIME": "cloud-run",
    "MIGRATE_SERVICE": "shop-api",
    "RUN_JOB": "shop-prod-api-migrate",
    "RUN_REGION": "europe-west1",
    "RUN_PROJECT": "shop-prod",
}

# A stand-in for the AWS CLI v2: records each call, answers run-task with a task, fails `wait
# tasks-stopped` (as the real waiter does after 10 minutes) STUB_WAIT_FAILURES times while the task is
# RUNNING, then reports it STOPPED with the container's exit code STUB_EXIT_CODE.
AWS_STUB = """
import json, os, sys
args = sys.argv[1:]
state = os.environ["STUB_STATE"]
calls = json.load(open(state)) if os.path.exists(state) else []
calls.append(args)
json.dump(calls, open(state, "w"))
def arg(flag):
    return args[args.index(flag) + 1]
waits = sum(1 for c in calls if c[:2] == ["ecs", "wait"])
failures = int(os.environ.get("STUB_WAIT_FAILURES", "0"))
running = waits <= failures
if args[:2] == ["ecs", "run-task"]:
    print(os.environ.get("STUB_RUN_TASK", os.environ["STUB_TASK"]))
elif args[:2] == ["ecs", "wait"]:
    if running:
        print("Waiter TasksStopped failed: Max attempts exceeded", file=sys.stderr)
        sys.exit(255)
elif args[:2] == ["ecs", "describe-tasks"]:
    query = arg("--query")
    if "lastStatus" in query:
        print("RUNNING" if running else "STOPPED")
    elif "exitCode" in query:
        print(os.environ["STUB_EXIT_CODE"])
    elif "stoppedReason" in query:
        print(os.environ.get("STUB_REASON", "Essential container in task exited"))
elif args[:2] == ["ecs", "stop-task"]:
    print("{}")
else:
    sys.exit("unexpected aws call: %r" % args)
"""

# A stand-in for gcloud: `run jobs execute --wait` ends as the execution does.
GCLOUD_STUB = """
import json, os, sys
args = sys.argv[1:]
state = os.environ["STUB_STATE"]
calls = json.load(open(state)) if os.path.exists(state) else []
calls.append(args)
json.dump(calls, open(state, "w"))
if args[:3] != ["run", "jobs", "execute"]:
    sys.exit("unexpected gcloud call: %r" % args)
if os.environ["STUB_EXIT_CODE"] != "0":
    print("X  Running execution... 0 / 1 complete", file=sys.stderr)
    print("ERROR: (gcloud.run.jobs.execute) The execution failed.", file=sys.stderr)
    sys.exit(1)
print("Execution [%s-abcde] has successfully completed." % args[3], file=sys.stderr)
"""

SHELLS = [INTERPRETER[0]] + (["bash"] if shutil.which("bash") else [])


def stub(directory: Path, name: str, body: str) -> None:
    path = directory / name
    path.write_text(f"#!{sys.executable}\n{body}")
    path.chmod(0o755)


def run(
    tmp_path: Path, env: dict[str, str], shell: str = INTERPRETER[0], **stub_env: str
) -> tuple[subprocess.CompletedProcess[str], list[list[str]]]:
    """Run the script as the Command does, with the stubs first on PATH; return the result and the calls
    the stubs recorded."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir(exist_ok=True)
    stub(bin_dir, "aws", AWS_STUB)
    stub(bin_dir, "gcloud", GCLOUD_STUB)
    state = tmp_path / "calls.json"
    environment = {
        "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}",
        "STUB_STATE": str(state),
        "STUB_TASK": TASK,
        **env,
        **stub_env,
    }
    result = subprocess.run(
        [shell, *INTERPRETER[1:], script()],
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    calls: list[list[str]] = json.loads(state.read_text()) if state.exists() else []
    return result, calls


def flags(call: list[str]) -> dict[str, Any]:
    return {call[i]: call[i + 1] for i in range(len(call) - 1) if call[i].startswith("--")}


def test_the_command_runs_the_shipped_script() -> None:
    assert SCRIPT.name == "migrate.sh" and SCRIPT.parent.name == "components"
    assert script() == SCRIPT.read_text() and INTERPRETER == ["/bin/sh", "-c"]


@pytest.mark.parametrize("shell", SHELLS)
def test_ecs_a_task_that_exits_0_passes(tmp_path: Path, shell: str) -> None:
    result, calls = run(tmp_path, ECS, shell, STUB_EXIT_CODE="0")
    assert result.returncode == 0, result.stderr
    run_task = next(c for c in calls if c[:2] == ["ecs", "run-task"])
    given = flags(run_task)
    assert given["--cluster"] == CLUSTER and given["--task-definition"] == TASK_DEFINITION
    assert given["--region"] == "us-east-1" and given["--count"] == "1"
    assert given["--network-configuration"] == (
        "awsvpcConfiguration={subnets=[subnet-0a,subnet-0b],securityGroups=[sg-0123],assignPublicIp=DISABLED}"
    )
    # The service's capacity provider strategy, one shorthand item per argument.
    strategy = run_task[run_task.index("--capacity-provider-strategy") + 1 :][:2]
    assert strategy == ["capacityProvider=FARGATE,base=1,weight=1", "capacityProvider=FARGATE_SPOT,weight=3"]
    # Where the logs are: the service's log group, the migration's stream of this task.
    assert "/ecs/shop-api-abc" in result.stdout and "migrate/app/0a1b2c3d4e5f" in result.stdout
    assert "succeeded" in result.stdout


@pytest.mark.parametrize("shell", SHELLS)
def test_ecs_a_task_that_exits_1_fails_the_rollout(tmp_path: Path, shell: str) -> None:
    result, _ = run(tmp_path, ECS, shell, STUB_EXIT_CODE="1")
    assert result.returncode != 0
    assert "exit code 1" in result.stderr and "migrate/app/0a1b2c3d4e5f" in result.stderr
    assert "keeps its current version" in result.stderr
    assert "/ecs/shop-api-abc" in result.stdout  # printed before waiting, too


def test_ecs_waits_past_the_waiters_ten_minutes(tmp_path: Path) -> None:
    result, calls = run(tmp_path, ECS, STUB_EXIT_CODE="0", STUB_WAIT_FAILURES="2")
    assert result.returncode == 0, result.stderr
    assert sum(c[:2] == ["ecs", "wait"] for c in calls) == 3
    assert not any(c[:2] == ["ecs", "stop-task"] for c in calls)


def test_ecs_a_task_past_the_timeout_is_stopped_and_fails(tmp_path: Path) -> None:
    env = {**ECS, "MIGRATE_TIMEOUT_SECONDS": "0"}
    result, calls = run(tmp_path, env, STUB_EXIT_CODE="0", STUB_WAIT_FAILURES="100")
    assert result.returncode != 0 and "ran longer than 0s" in result.stderr
    (stop,) = [c for c in calls if c[:2] == ["ecs", "stop-task"]]
    assert flags(stop)["--task"] == TASK and flags(stop)["--cluster"] == CLUSTER


def test_ecs_a_task_that_never_started_fails(tmp_path: Path) -> None:
    result, _ = run(
        tmp_path, ECS, STUB_EXIT_CODE="None", STUB_REASON="CannotPullContainerError: image not found"
    )
    assert result.returncode != 0
    assert "did not run" in result.stderr and "CannotPullContainerError" in result.stderr


def test_ecs_a_task_that_could_not_be_placed_fails(tmp_path: Path) -> None:
    result, calls = run(tmp_path, ECS, STUB_EXIT_CODE="0", STUB_RUN_TASK="RESOURCE:ENI")
    assert result.returncode != 0 and "ECS started no task: RESOURCE:ENI" in result.stderr
    assert not any(c[:2] == ["ecs", "wait"] for c in calls)


@pytest.mark.parametrize("shell", SHELLS)
@pytest.mark.parametrize("code", ["0", "1"])
def test_cloud_run_the_execution_decides(tmp_path: Path, shell: str, code: str) -> None:
    result, calls = run(tmp_path, CLOUD_RUN, shell, STUB_EXIT_CODE=code)
    assert (result.returncode == 0) == (code == "0"), result.stderr
    (execute,) = calls
    assert execute[:4] == ["run", "jobs", "execute", "shop-prod-api-migrate"]
    assert flags(execute)["--region"] == "europe-west1" and flags(execute)["--project"] == "shop-prod"
    assert "--wait" in execute
    assert 'resource.labels.job_name="shop-prod-api-migrate"' in result.stdout
    if code != "0":
        assert "The execution failed" in result.stderr and "keeps its current version" in result.stderr


def test_a_missing_cli_fails_with_what_is_needed(tmp_path: Path) -> None:
    if shutil.which("aws", path="/usr/bin:/bin"):
        pytest.skip("an aws CLI is installed in /usr/bin or /bin")
    result = subprocess.run(
        [*INTERPRETER, script()],
        env={"PATH": "/usr/bin:/bin", **ECS},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode != 0 and "aws is not on PATH" in result.stderr


def test_an_unknown_runtime_fails(tmp_path: Path) -> None:
    result, _ = run(tmp_path, {"MIGRATE_RUNTIME": "lambda"})
    assert result.returncode != 0 and "use ecs or cloud-run" in result.stderr
