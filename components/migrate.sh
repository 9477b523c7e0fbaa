#!/bin/sh
# stackyard: run a service's declared migration (`migrate`) once, with the service's new image, and wait
# for it. Pulumi runs this script through pulumi-command's `local.Command` during `pulumi up` (never in a
# preview) on the machine that runs `pulumi up`; the ECS service or Cloud Run service depends on that
# Command, so when this script exits non-zero the update stops before the service changes and the old
# version keeps serving.
#
# Inputs are environment variables (the Command's `environment`):
#   MIGRATE_RUNTIME           "ecs" or "cloud-run"
#   MIGRATE_SERVICE           the service's name, for messages
#   MIGRATE_TIMEOUT_SECONDS   ecs: stop the task and fail after this long (cloud-run: the job's own task
#                             timeout bounds the run)
#   ecs:       ECS_REGION ECS_CLUSTER ECS_TASK_DEFINITION ECS_SUBNETS (comma-separated)
#              ECS_SECURITY_GROUPS (comma-separated) ECS_CAPACITY_PROVIDER_STRATEGY (aws CLI shorthand
#              items separated by spaces) ECS_CONTAINER ECS_LOG_GROUP ECS_LOG_STREAM_PREFIX
#   cloud-run: RUN_JOB RUN_REGION RUN_PROJECT
#
# Needs the aws CLI (v2) or gcloud on PATH, signed in to the account / project being deployed.
# POSIX sh: no bash features, no jq.

set -eu

say() { echo "stackyard migrate ${MIGRATE_SERVICE:-}: $*"; }
fail() {
    echo "stackyard migrate ${MIGRATE_SERVICE:-}: $*" >&2
    echo "stackyard migrate ${MIGRATE_SERVICE:-}: the rollout stops here; the service keeps its current version." >&2
    exit 1
}
need() { command -v "$1" >/dev/null 2>&1 || fail "$1 is not on PATH: the machine that runs \`pulumi up\` needs it ($2)"; }

timeout_seconds=${MIGRATE_TIMEOUT_SECONDS:-1800}
deadline=$(($(date +%s) + timeout_seconds))

run_ecs() {
    need aws "the AWS CLI v2, signed in to the account being deployed"
    network="awsvpcConfiguration={subnets=[$ECS_SUBNETS],securityGroups=[$ECS_SECURITY_GROUPS],assignPublicIp=DISABLED}"
    # The task's ARN, or why ECS could not place it (run-task reports placement failures in `failures`).
    # shellcheck disable=SC2086  # the strategy is one shorthand item per word, on purpose
    started=$(aws ecs run-task --region "$ECS_REGION" --cluster "$ECS_CLUSTER" \
        --task-definition "$ECS_TASK_DEFINITION" --count 1 --platform-version LATEST \
        --capacity-provider-strategy $ECS_CAPACITY_PROVIDER_STRATEGY \
        --network-configuration "$network" --started-by stackyard-migrate \
        --query 'tasks[0].taskArn || failures[0].reason' --output text) ||
        fail "aws ecs run-task failed (see above): the deploy role needs ecs:RunTask on $ECS_TASK_DEFINITION and iam:PassRole on its roles"
    case "$started" in
        arn:*) task=$started ;;
        *) fail "ECS started no task: $started" ;;
    esac
    stream="$ECS_LOG_STREAM_PREFIX/$ECS_CONTAINER/${task##*/}"
    say "started task $task ($ECS_TASK_DEFINITION)"
    say "logs: CloudWatch Logs group $ECS_LOG_GROUP, stream $stream (aws logs tail $ECS_LOG_GROUP --log-stream-names $stream --region $ECS_REGION)"

    # `aws ecs wait tasks-stopped` gives up after 100 checks 6 s apart (10 minutes): wait again until the
    # task has stopped or the deadline has passed.
    while ! aws ecs wait tasks-stopped --region "$ECS_REGION" --cluster "$ECS_CLUSTER" --tasks "$task"; do
        status=$(aws ecs describe-tasks --region "$ECS_REGION" --cluster "$ECS_CLUSTER" --tasks "$task" \
            --query 'tasks[0].lastStatus' --output text) ||
            fail "cannot read task $task: the deploy role needs ecs:DescribeTasks"
        [ "$status" = STOPPED ] && break
        if [ "$(date +%s)" -ge "$deadline" ]; then
            aws ecs stop-task --region "$ECS_REGION" --cluster "$ECS_CLUSTER" --task "$task" \
                --reason "stackyard: migration timed out after ${timeout_seconds}s" >/dev/null || true
            fail "the migration ran longer than ${timeout_seconds}s: task $task stopped. Logs: $ECS_LOG_GROUP $stream"
        fi
        say "task $task is $status; still waiting"
    done

    code=$(aws ecs describe-tasks --region "$ECS_REGION" --cluster "$ECS_CLUSTER" --tasks "$task" \
        --query "tasks[0].containers[?name=='$ECS_CONTAINER'] | [0].exitCode" --output text) ||
        fail "cannot read task $task: the deploy role needs ecs:DescribeTasks"
    if [ "$code" = 0 ]; then
        say "migration succeeded (exit code 0)"
        return 0
    fi
    reason=$(aws ecs describe-tasks --region "$ECS_REGION" --cluster "$ECS_CLUSTER" --tasks "$task" \
        --query 'tasks[0].stoppedReason' --output text) || reason=unknown
    case "$code" in
        None | null | "") fail "the migration container did not run ($reason): is the image pushed, can the task reach the registry? Task $task" ;;
    esac
    fail "migration failed: container exit code $code ($reason). Logs: CloudWatch Logs group $ECS_LOG_GROUP, stream $stream"
}

run_cloud_run() {
    need gcloud "the Google Cloud CLI, signed in to the project being deployed"
    where="--region $RUN_REGION --project $RUN_PROJECT"
    logs="Cloud Logging, resource.type=\"cloud_run_job\" resource.labels.job_name=\"$RUN_JOB\" (gcloud logging read 'resource.type=\"cloud_run_job\" AND resource.labels.job_name=\"$RUN_JOB\"' --project $RUN_PROJECT --limit 100)"
    say "executing Cloud Run job $RUN_JOB ($where) and waiting for it"
    say "logs: $logs"
    # --wait: gcloud returns once the execution has finished, and fails ("The execution failed.") when its
    # task failed.
    # shellcheck disable=SC2086  # $where is two flags with their values
    if gcloud run jobs execute "$RUN_JOB" $where --wait --quiet; then
        say "migration succeeded"
        return 0
    fi
    fail "migration failed: the execution of Cloud Run job $RUN_JOB failed (see above). Logs: $logs"
}

case "${MIGRATE_RUNTIME:-}" in
    ecs) run_ecs ;;
    cloud-run) run_cloud_run ;;
    *) fail "MIGRATE_RUNTIME is '${MIGRATE_RUNTIME:-}'; use ecs or cloud-run" ;;
esac
