"""components.aws.ContainerService: private Fargate tasks, a closed security group, least-privilege roles,
secrets by reference, the image repository, load balancer routing, autoscaling, deployment strategies,
scheduled jobs, `allow_from`, name limits and argument checks."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence
from typing import Any

import pulumi
import pytest

from components.aws.container_service import (
    ContainerService,
    ContainerServiceArgs,
    _aws_cron,
    _execution_policy,
)
from components.limits import FARGATE_MEMORY_GB
from stacks.mocks import SECRET_MASK, RecordingMonitor, Registration
from tests.conftest import of_type
from tests.docexamples import run_docstring_example

COMPONENT = "stackyard-aws:index:ContainerService"
SERVICE = "aws:ecs/service:Service"
TASK_DEFINITION = "aws:ecs/taskDefinition:TaskDefinition"
REPOSITORY = "aws:ecr/repository:Repository"
LIFECYCLE = "aws:ecr/lifecyclePolicy:LifecyclePolicy"
LOG_GROUP = "aws:cloudwatch/logGroup:LogGroup"
ROLE = "aws:iam/role:Role"
ROLE_POLICY = "aws:iam/rolePolicy:RolePolicy"
ATTACHMENT = "aws:iam/rolePolicyAttachment:RolePolicyAttachment"
SG = "aws:ec2/securityGroup:SecurityGroup"
INGRESS = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule"
EGRESS = "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule"
TARGET_GROUP = "aws:lb/targetGroup:TargetGroup"
RULE = "aws:lb/listenerRule:ListenerRule"
SCALING_TARGET = "aws:appautoscaling/target:Target"
SCALING_POLICY = "aws:appautoscaling/policy:Policy"
SCHEDULE = "aws:scheduler/schedule:Schedule"
KEY = "aws:kms/key:Key"
ALIAS = "aws:kms/alias:Alias"
UNTAGGABLE = (LIFECYCLE, ROLE_POLICY, ATTACHMENT, SCALING_POLICY, SCHEDULE, ALIAS)

SUBNETS = ["subnet-0aaaaaaaaaaaaaaa1", "subnet-0bbbbbbbbbbbbbbb2"]
CLUSTER_ARN = "arn:aws:ecs:us-east-1:123456789012:cluster/shop"
BASE: dict[str, Any] = {
    "cluster_arn": CLUSTER_ARN,
    "cluster_name": "shop",
    "vpc_id": "vpc-0123456789abcdef0",
    "subnet_ids": SUBNETS,
    "vpc_cidr": "10.0.0.0/16",
}
LB_SG = "sg-0lb00000000000000"
LISTENER = (
    "arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/shop/50dc6c495c0c9188/f2f7dc8efc522ab2"
)
LB: dict[str, Any] = {
    "listener_arn": LISTENER,
    "security_group_id": LB_SG,
    "priority": 10,
    "hosts": ["api.shop.example.com"],
    "arn_suffix": "app/shop/50dc6c495c0c9188",
}
WEB: dict[str, Any] = {"port": 8000, "load_balancer": LB}
SECRET_ARN = "arn:aws:secretsmanager:us-east-1:123456789012:secret:shop/db-AbCdEf"
PARAMETER_ARN = "arn:aws:ssm:us-east-1:123456789012:parameter/shop/api-key"
NAME_40 = "payments-ledger-reconciliation-api-prod1"
PUSHED = "3f9c2e1"  # a tag CI pushed; the default "bootstrap" means nothing is pushed yet (no task starts)
OUTPUTS = (
    "service_name",
    "security_group_id",
    "task_role_arn",
    "execution_role_arn",
    "task_definition_arn",
    "repository_url",
    "log_group_name",
    "target_group_arn",
    "target_group_arn_suffix",
)


def build(
    monitor: RecordingMonitor,
    args: dict[str, Any] | None = None,
    name: str = "api",
    allow: Sequence[tuple[str, str]] = (),
    before: Callable[[], dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """Create a ContainerService (BASE plus `args`, plus what `before` returns, created first in the same
    program) under mocks, call `allow_from` for each pair; return its resolved outputs."""
    resolved: dict[str, Any] = {}

    @pulumi.runtime.test
    def program() -> pulumi.Output:
        extra = before() if before else {}
        full: ContainerServiceArgs = {**BASE, **(args or {}), **extra}  # type: ignore[typeddict-item]
        service = ContainerService(name, full)
        for source, group_id in allow:
            service.allow_from(source, group_id)
        return pulumi.Output.all(**{key: getattr(service, key) for key in OUTPUTS}).apply(resolved.update)

    program()
    assert resolved, "the ContainerService's outputs never resolved"
    return resolved


def one(monitor: RecordingMonitor, type_: str, name: str | None = None) -> Registration:
    (found,) = [r for r in of_type(monitor, type_) if name is None or r.name == name]
    return found


def container(monitor: RecordingMonitor) -> dict[str, Any]:
    definitions = one(monitor, TASK_DEFINITION).inputs["containerDefinitions"]
    assert definitions != SECRET_MASK  # ARNs are not secret: the definition stays readable in the plan
    (found,) = json.loads(definitions)
    return found


def policy(monitor: RecordingMonitor, name: str) -> dict[str, Any]:
    return json.loads(one(monitor, ROLE_POLICY, name).inputs["policy"])


def statements(monitor: RecordingMonitor, name: str) -> dict[str, dict[str, Any]]:
    return {s["Sid"]: s for s in policy(monitor, name)["Statement"]}


def everything(monitor: RecordingMonitor) -> str:
    return json.dumps([r.inputs for r in monitor.registrations.values()])


# -- outputs and the task ------------------------------------------------------------------------------------


def test_outputs_resolve_to_the_resources(monitor: RecordingMonitor) -> None:
    out = build(monitor, WEB)
    service, task = one(monitor, SERVICE), one(monitor, TASK_DEFINITION)
    assert out["service_name"] == service.inputs["name"] == "api"
    assert out["security_group_id"] == one(monitor, SG).id
    assert out["task_role_arn"] == one(monitor, ROLE, "api-task").state["arn"]
    assert out["execution_role_arn"] == one(monitor, ROLE, "api-execution").state["arn"]
    assert out["task_definition_arn"] == task.state["arn"] == service.inputs["taskDefinition"]
    assert out["repository_url"] == one(monitor, REPOSITORY).state["repositoryUrl"]
    assert out["repository_url"] == "123456789012.dkr.ecr.us-east-1.amazonaws.com/api"
    assert out["log_group_name"] == one(monitor, LOG_GROUP).state["name"]
    target_group = one(monitor, TARGET_GROUP, "api-tg")
    assert out["target_group_arn"] == target_group.state["arn"]
    assert out["target_group_arn_suffix"] == target_group.state["arnSuffix"]
    assert out["target_group_arn_suffix"].startswith("targetgroup/")


def test_tasks_run_privately_with_a_circuit_breaker_that_rolls_back(monitor: RecordingMonitor) -> None:
    out = build(monitor, {**WEB, "image_tag": PUSHED})
    inputs = one(monitor, SERVICE).inputs
    assert inputs["networkConfiguration"] == {
        "subnets": SUBNETS,
        "securityGroups": [out["security_group_id"]],
        "assignPublicIp": False,
    }
    assert inputs["deploymentCircuitBreaker"] == {"enable": True, "rollback": True}
    assert inputs["deploymentMinimumHealthyPercent"] == 100 and inputs["deploymentMaximumPercent"] == 200
    assert inputs["deploymentConfiguration"] == {"strategy": "ROLLING"}
    assert inputs["cluster"] == CLUSTER_ARN and inputs["platformVersion"] == "LATEST"
    assert inputs["capacityProviderStrategies"] == [{"capacityProvider": "FARGATE", "weight": 1}]
    assert "launchType" not in inputs
    assert inputs["enableExecuteCommand"] is False
    assert inputs["propagateTags"] == "SERVICE" and inputs["enableEcsManagedTags"] is True
    assert inputs["waitForSteadyState"] is False
    assert inputs["desiredCount"] == 1
    assert inputs["healthCheckGracePeriodSeconds"] == 60


def test_fargate_task_definition_with_separate_roles(monitor: RecordingMonitor) -> None:
    out = build(monitor)
    inputs = one(monitor, TASK_DEFINITION).inputs
    assert inputs["family"] == "api"
    assert inputs["requiresCompatibilities"] == ["FARGATE"] and inputs["networkMode"] == "awsvpc"
    assert inputs["cpu"] == "512" and inputs["memory"] == "1024"
    assert inputs["runtimePlatform"] == {"operatingSystemFamily": "LINUX", "cpuArchitecture": "X86_64"}
    assert inputs["executionRoleArn"] == out["execution_role_arn"]
    assert inputs["taskRoleArn"] == out["task_role_arn"]
    assert out["execution_role_arn"] != out["task_role_arn"]
    for role in (one(monitor, ROLE, "api-execution"), one(monitor, ROLE, "api-task")):
        trust = json.loads(role.inputs["assumeRolePolicy"])
        assert trust["Statement"] == [
            {
                "Effect": "Allow",
                "Principal": {"Service": "ecs-tasks.amazonaws.com"},
                "Action": "sts:AssumeRole",
            }
        ]


def test_container_defaults_are_hardened(monitor: RecordingMonitor) -> None:
    out = build(monitor)
    found = container(monitor)
    assert found["name"] == "app" and found["essential"] is True
    assert found["image"] == f"{out['repository_url']}:bootstrap"
    assert found["readonlyRootFilesystem"] is True
    assert found["mountPoints"] == [{"sourceVolume": "tmp", "containerPath": "/tmp", "readOnly": False}]
    assert one(monitor, TASK_DEFINITION).inputs["volumes"] == [{"name": "tmp"}]
    assert found["linuxParameters"] == {"initProcessEnabled": True}
    assert found["logConfiguration"] == {
        "logDriver": "awslogs",
        "options": {
            "awslogs-group": out["log_group_name"],
            "awslogs-region": "us-east-1",
            "awslogs-stream-prefix": "ecs",
        },
    }
    assert found["environment"] == [] and found["secrets"] == []
    assert not any(key in found for key in ("command", "entryPoint", "user", "privileged"))


def test_read_only_root_filesystem_can_be_turned_off(monitor: RecordingMonitor) -> None:
    build(monitor, {"read_only_root_filesystem": False})
    found = container(monitor)
    assert found["readonlyRootFilesystem"] is False and found["mountPoints"] == []
    assert not one(monitor, TASK_DEFINITION).inputs.get("volumes")


def test_command_entrypoint_user_and_environment(monitor: RecordingMonitor) -> None:
    build(
        monitor,
        {
            "command": ["celery", "worker"],
            "entrypoint": ["/bin/tini", "--"],
            "user": "1000:1000",
            "environment": {"LOG_LEVEL": "info", "APP_ENV": "prod"},
        },
    )
    found = container(monitor)
    assert found["command"] == ["celery", "worker"]
    assert found["entryPoint"] == ["/bin/tini", "--"]
    assert found["user"] == "1000:1000"
    assert found["environment"] == [
        {"name": "APP_ENV", "value": "prod"},
        {"name": "LOG_LEVEL", "value": "info"},
    ]


@pytest.mark.parametrize(
    ("cpu", "memory_gb", "units", "mib"),
    [
        (0.25, 0.5, "256", "512"),
        (1, 2, "1024", "2048"),
        (4, 30, "4096", "30720"),
        (16, 120, "16384", "122880"),
    ],
)
def test_fargate_sizes(monitor: RecordingMonitor, cpu: float, memory_gb: float, units: str, mib: str) -> None:
    build(monitor, {"cpu": cpu, "memory_gb": memory_gb, "architecture": "ARM64"})
    inputs = one(monitor, TASK_DEFINITION).inputs
    assert inputs["cpu"] == units and inputs["memory"] == mib
    assert inputs["runtimePlatform"]["cpuArchitecture"] == "ARM64"


def test_every_size_of_the_fargate_table_is_accepted(monitor: RecordingMonitor) -> None:
    from components.aws.container_service import _check_args

    for cpu, memories in FARGATE_MEMORY_GB.items():
        for memory_gb in memories:
            settings = _check_args({**BASE, "cpu": cpu, "memory_gb": memory_gb})  # type: ignore[typeddict-item]
            assert settings.cpu_units == cpu * 1024 and settings.memory_mib == memory_gb * 1024
    assert FARGATE_MEMORY_GB[8][:3] == (16, 20, 24) and FARGATE_MEMORY_GB[16][-1] == 120


# -- secrets and IAM -----------------------------------------------------------------------------------------


def test_secrets_appear_only_as_arns(monitor: RecordingMonitor) -> None:
    build(
        monitor,
        {
            "secrets": {"DATABASE_PASSWORD": f"{SECRET_ARN}:password::", "API_KEY": PARAMETER_ARN},
            "environment": {"LOG_LEVEL": "info"},
        },
    )
    found = container(monitor)
    assert found["secrets"] == [
        {"name": "API_KEY", "valueFrom": PARAMETER_ARN},
        {"name": "DATABASE_PASSWORD", "valueFrom": f"{SECRET_ARN}:password::"},
    ]
    assert found["environment"] == [{"name": "LOG_LEVEL", "value": "info"}]
    env_names = {e["name"] for e in found["environment"]}
    assert not env_names & {"API_KEY", "DATABASE_PASSWORD"}
    granted = statements(monitor, "api-execution")
    assert granted["Secrets"]["Action"] == "secretsmanager:GetSecretValue"
    assert granted["Secrets"]["Resource"] == [SECRET_ARN]  # the secret itself, without the JSON key
    assert granted["Parameters"] == {
        "Sid": "Parameters",
        "Effect": "Allow",
        "Action": "ssm:GetParameters",
        "Resource": [PARAMETER_ARN],
    }


def test_secrets_given_as_outputs_are_granted_and_referenced(monitor: RecordingMonitor) -> None:
    def before() -> dict[str, Any]:
        import pulumi_aws as aws

        secret = aws.secretsmanager.Secret("shop-db")
        return {"secrets": {"DATABASE_URL": secret.arn}}

    build(monitor, before=before)
    arn = one(monitor, "aws:secretsmanager/secret:Secret").state["arn"]
    assert container(monitor)["secrets"] == [{"name": "DATABASE_URL", "valueFrom": arn}]
    assert statements(monitor, "api-execution")["Secrets"]["Resource"] == [arn]


def test_a_secret_value_in_an_output_fails_the_policy_not_the_plan_text() -> None:
    with pytest.raises(ValueError, match="not the ARN of a Secrets Manager secret or an SSM parameter"):
        _execution_policy("", "arn:aws:logs:us-east-1:123456789012:log-group:x", ["hunter2"], [])


def test_execution_role_is_scoped_exactly(monitor: RecordingMonitor) -> None:
    build(monitor, {"secrets": {"DATABASE_URL": SECRET_ARN}})
    repository, log_group = one(monitor, REPOSITORY), one(monitor, LOG_GROUP)
    assert policy(monitor, "api-execution")["Statement"] == [
        {"Sid": "EcrLogin", "Effect": "Allow", "Action": "ecr:GetAuthorizationToken", "Resource": "*"},
        {
            "Sid": "EcrPull",
            "Effect": "Allow",
            "Action": ["ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"],
            "Resource": repository.state["arn"],
        },
        {
            "Sid": "Logs",
            "Effect": "Allow",
            "Action": ["logs:CreateLogStream", "logs:PutLogEvents"],
            "Resource": f"{log_group.state['arn']}:*",
        },
        {
            "Sid": "Secrets",
            "Effect": "Allow",
            "Action": "secretsmanager:GetSecretValue",
            "Resource": [SECRET_ARN],
        },
    ]
    assert one(monitor, ROLE_POLICY, "api-execution").inputs["role"] == one(monitor, ROLE, "api-execution").id


def test_no_role_allows_anything_on_star_but_ecr_login(monitor: RecordingMonitor) -> None:
    build(monitor, {**WEB, "deployment": "blue_green", "secrets": {"A": SECRET_ARN}})
    for registration in of_type(monitor, ROLE_POLICY):
        for statement in json.loads(registration.inputs["policy"])["Statement"]:
            resources = (
                statement["Resource"] if isinstance(statement["Resource"], list) else [statement["Resource"]]
            )
            if "*" in resources:
                assert statement["Action"] == "ecr:GetAuthorizationToken", registration.name


def test_secret_keys_get_decrypt(monitor: RecordingMonitor) -> None:
    key = "arn:aws:kms:us-east-1:123456789012:key/11111111-2222-3333-4444-555555555555"
    build(monitor, {"secrets": {"A": SECRET_ARN}, "secret_kms_key_arns": [key]})
    assert statements(monitor, "api-execution")["SecretKeys"] == {
        "Sid": "SecretKeys",
        "Effect": "Allow",
        "Action": "kms:Decrypt",
        "Resource": [key],
    }


def test_task_role_has_no_policy_by_default(monitor: RecordingMonitor) -> None:
    build(monitor)
    assert [r.name for r in of_type(monitor, ROLE_POLICY)] == ["api-execution"]


def test_task_role_statements_and_policies(monitor: RecordingMonitor) -> None:
    queue = {"Effect": "Allow", "Action": ["sqs:ReceiveMessage"], "Resource": "arn:aws:sqs:us-east-1:1:q"}
    document = json.dumps(
        {
            "Version": "2012-10-17",
            "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "x"}],
        }
    )

    def before() -> dict[str, Any]:
        output_statement = pulumi.Output.from_input("arn:aws:sns:us-east-1:1:t").apply(
            lambda arn: {"Effect": "Allow", "Action": "sns:Publish", "Resource": arn}
        )
        return {"task_role_statements": [queue, output_statement], "task_role_policies": {"photos": document}}

    out = build(monitor, before=before)
    task_role = one(monitor, ROLE, "api-task")
    assert policy(monitor, "api-task")["Statement"] == [
        queue,
        {"Effect": "Allow", "Action": "sns:Publish", "Resource": "arn:aws:sns:us-east-1:1:t"},
    ]
    photos = one(monitor, ROLE_POLICY, "api-task-photos")
    assert photos.inputs["policy"] == document and photos.inputs["name"] == "photos"
    assert photos.inputs["role"] == task_role.id
    assert out["task_role_arn"] == task_role.state["arn"]


def test_enable_exec_adds_only_the_session_channels(monitor: RecordingMonitor) -> None:
    build(monitor, {"enable_exec": True})
    assert one(monitor, SERVICE).inputs["enableExecuteCommand"] is True
    assert policy(monitor, "api-task")["Statement"] == [
        {
            "Sid": "EcsExec",
            "Effect": "Allow",
            "Action": [
                "ssmmessages:CreateControlChannel",
                "ssmmessages:CreateDataChannel",
                "ssmmessages:OpenControlChannel",
                "ssmmessages:OpenDataChannel",
            ],
            "Resource": "*",
        }
    ]


def test_enable_exec_may_write_the_clusters_exec_log_group(monitor: RecordingMonitor) -> None:
    group = "arn:aws:logs:us-east-1:123456789012:log-group:shop-exec"
    build(monitor, {"enable_exec": True, "exec_log_group_arn": group})
    granted = statements(monitor, "api-task")
    assert granted["EcsExecLogs"]["Resource"] == f"{group}:*"
    assert granted["EcsExecLogs"]["Action"] == [
        "logs:CreateLogStream",
        "logs:PutLogEvents",
        "logs:DescribeLogStreams",
    ]
    assert granted["EcsExecLogGroups"] == {
        "Sid": "EcsExecLogGroups",
        "Effect": "Allow",
        "Action": "logs:DescribeLogGroups",
        "Resource": "*",
    }


@pytest.mark.parametrize("group", ["", "arn:aws:logs:us-east-1:123456789012:log-group:shop-exec"])
def test_exec_log_group_without_exec_grants_nothing(monitor: RecordingMonitor, group: str) -> None:
    build(monitor, {"exec_log_group_arn": group, "enable_exec": group == ""})
    granted = statements(monitor, "api-task") if group == "" else {}
    assert "EcsExecLogs" not in granted
    if group:
        assert [r.name for r in of_type(monitor, ROLE_POLICY)] == ["api-execution"]


# -- image ---------------------------------------------------------------------------------------------------


def test_repository_is_scanned_immutable_encrypted_and_pruned(monitor: RecordingMonitor) -> None:
    build(monitor)
    repository = one(monitor, REPOSITORY)
    assert repository.inputs["name"] == "api"
    assert repository.inputs["imageScanningConfiguration"] == {"scanOnPush": True}
    assert repository.inputs["imageTagMutability"] == "IMMUTABLE"
    assert repository.inputs["encryptionConfigurations"] == [{"encryptionType": "KMS"}]
    assert repository.inputs["forceDelete"] is False
    lifecycle = one(monitor, LIFECYCLE)
    assert lifecycle.inputs["repository"] == repository.state["name"]
    rules = json.loads(lifecycle.inputs["policy"])["rules"]
    assert [r["selection"] for r in rules] == [
        {"tagStatus": "untagged", "countType": "sinceImagePushed", "countUnit": "days", "countNumber": 7},
        {"tagStatus": "any", "countType": "imageCountMoreThan", "countNumber": 30},
    ]
    assert all(r["action"] == {"type": "expire"} for r in rules)


def test_image_tag_selects_the_pushed_build(monitor: RecordingMonitor) -> None:
    out = build(monitor, {"image_tag": "3f9c2e1"})
    assert container(monitor)["image"] == f"{out['repository_url']}:3f9c2e1"


def test_an_external_image_needs_no_repository_and_no_ecr_permission(monitor: RecordingMonitor) -> None:
    out = build(monitor, {"image": "ghcr.io/shop/api:1.4.2"})
    assert of_type(monitor, REPOSITORY) == [] and of_type(monitor, LIFECYCLE) == []
    assert out["repository_url"] == ""
    assert container(monitor)["image"] == "ghcr.io/shop/api:1.4.2"
    assert set(statements(monitor, "api-execution")) == {"Logs"}


def test_an_ecr_image_gets_pull_on_that_repository_only(monitor: RecordingMonitor) -> None:
    image = "123456789012.dkr.ecr.us-west-2.amazonaws.com/team/api:1.4.2"
    build(monitor, {"image": image})
    granted = statements(monitor, "api-execution")
    assert granted["EcrPull"]["Resource"] == "arn:aws:ecr:us-west-2:123456789012:repository/team/api"
    assert granted["EcrLogin"]["Resource"] == "*"


# -- logs ----------------------------------------------------------------------------------------------------


def test_log_group_has_a_retention(monitor: RecordingMonitor) -> None:
    build(monitor)
    log_group = one(monitor, LOG_GROUP)
    assert log_group.inputs["retentionInDays"] == 30
    assert log_group.inputs["namePrefix"] == "/ecs/api-"
    assert log_group.inputs["kmsKeyId"] == one(monitor, KEY).state["arn"]  # encrypt_logs: its own key


def test_log_retention_and_key(monitor: RecordingMonitor) -> None:
    key = "arn:aws:kms:us-east-1:123456789012:key/logs"
    build(monitor, {"log_retention_days": 365, "log_kms_key_arn": key})
    inputs = one(monitor, LOG_GROUP).inputs
    assert inputs["retentionInDays"] == 365 and inputs["kmsKeyId"] == key


# -- network -------------------------------------------------------------------------------------------------


def test_security_group_has_no_ingress_and_narrow_egress(monitor: RecordingMonitor) -> None:
    out = build(monitor, {"port": 8000})
    sg = one(monitor, SG)
    assert sg.inputs["vpcId"] == BASE["vpc_id"] and sg.inputs["description"]
    assert not sg.inputs.get("ingress") and not sg.inputs.get("egress")
    assert of_type(monitor, INGRESS) == []
    egress = sorted(of_type(monitor, EGRESS), key=lambda r: r.name)
    assert [(r.inputs["cidrIpv4"], r.inputs["fromPort"], r.inputs["toPort"]) for r in egress] == [
        ("0.0.0.0/0", 443, 443),
        ("10.0.0.0/16", 0, 65535),
    ]
    assert all(r.inputs["ipProtocol"] == "tcp" and r.inputs["description"] for r in egress)
    assert all(r.inputs["securityGroupId"] == out["security_group_id"] for r in egress)
    assert "::/0" not in everything(monitor)


def test_vpc_cidr_is_looked_up_when_not_given(monitor: RecordingMonitor) -> None:
    def before() -> dict[str, Any]:
        from components.aws import Vpc

        net = Vpc("shop", {"cidr_block": "10.20.0.0/16", "nat": "none"})
        return {"vpc_id": net.vpc_id}

    build(monitor, {"vpc_cidr": None}, before=before)
    (to_vpc,) = [r for r in of_type(monitor, EGRESS) if r.name == "api-to-vpc"]
    assert to_vpc.inputs["cidrIpv4"] == "10.20.0.0/16"
    assert one(monitor, SG).inputs["vpcId"] == one(monitor, "aws:ec2/vpc:Vpc").id


def test_only_the_load_balancer_reaches_the_tasks_on_the_port(monitor: RecordingMonitor) -> None:
    out = build(monitor, WEB)
    (rule,) = of_type(monitor, INGRESS)
    assert rule.inputs["securityGroupId"] == out["security_group_id"]
    assert rule.inputs["referencedSecurityGroupId"] == LB_SG
    assert rule.inputs["ipProtocol"] == "tcp"
    assert rule.inputs["fromPort"] == 8000 and rule.inputs["toPort"] == 8000
    assert rule.inputs["description"]
    assert not any(k in rule.inputs for k in ("cidrIpv4", "cidrIpv6", "prefixListId"))


def test_allow_from_adds_a_rule_on_the_port(monitor: RecordingMonitor) -> None:
    build(monitor, {"port": 9000}, allow=[("web", "sg-0web00000000000000")])
    (rule,) = of_type(monitor, INGRESS)
    assert rule.name == "api-from-web" and rule.inputs["referencedSecurityGroupId"] == "sg-0web00000000000000"
    assert rule.inputs["fromPort"] == 9000 == rule.inputs["toPort"]
    assert "web" in rule.inputs["description"]


@pytest.mark.parametrize(
    ("args", "sources", "message"),
    [
        ({}, [("web", "sg-1")], "ContainerService allow_from is not allowed on api: it has no port"),
        ({"port": 80}, [("web", "sg-1"), ("web", "sg-2")], "allow_from name 'web' is already used"),
        ({"port": 80}, [("a b", "sg-1")], "ContainerService allow_from name 'a b' is not allowed"),
        (WEB, [("load-balancer", "sg-1")], "allow_from name 'load-balancer' is already used"),
    ],
)
def test_allow_from_rejects_bad_calls(
    monitor: RecordingMonitor, args: dict[str, Any], sources: list[tuple[str, str]], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        build(monitor, args, allow=sources)


# -- load balancer -------------------------------------------------------------------------------------------


def test_target_group_checks_the_services_own_health_path(monitor: RecordingMonitor) -> None:
    build(monitor, WEB)
    target_group = one(monitor, TARGET_GROUP)
    inputs = target_group.inputs
    assert inputs["targetType"] == "ip" and inputs["protocol"] == "HTTP" and inputs["port"] == 8000
    assert inputs["vpcId"] == BASE["vpc_id"] and inputs["deregistrationDelay"] == 30
    assert inputs["healthCheck"] == {
        "enabled": True,
        "path": "/health",
        "protocol": "HTTP",
        "port": "traffic-port",
        "matcher": "200-399",
        "healthyThreshold": 2,
        "unhealthyThreshold": 3,
        "interval": 15,
        "timeout": 5,
    }
    # Nothing is assumed about the image: no container health check unless one is given.
    assert "healthCheck" not in container(monitor)
    assert container(monitor)["portMappings"] == [
        {"name": "http", "containerPort": 8000, "protocol": "tcp", "appProtocol": "http"}
    ]
    assert one(monitor, SERVICE).inputs["loadBalancers"] == [
        {"targetGroupArn": target_group.state["arn"], "containerName": "app", "containerPort": 8000}
    ]


def test_health_path_and_the_container_health_check_command(monitor: RecordingMonitor) -> None:
    command = ["CMD", "wget", "-q", "--spider", "http://localhost:8000/healthz"]
    build(monitor, {**WEB, "health_path": "/healthz", "health_check_command": command})
    assert one(monitor, TARGET_GROUP).inputs["healthCheck"]["path"] == "/healthz"
    assert container(monitor)["healthCheck"] == {
        "command": command,
        "interval": 30,
        "timeout": 5,
        "retries": 3,
        "startPeriod": 60,
    }


def test_a_worker_may_have_a_health_check_command(monitor: RecordingMonitor) -> None:
    build(monitor, {"health_check_command": ["CMD-SHELL", "celery inspect ping || exit 1"]})
    assert container(monitor)["healthCheck"]["command"] == ["CMD-SHELL", "celery inspect ping || exit 1"]


def test_container_health_check_false_still_means_none(monitor: RecordingMonitor) -> None:
    build(monitor, {**WEB, "container_health_check": False})
    assert "healthCheck" not in container(monitor)


def test_listener_rule_routes_hosts_and_paths(monitor: RecordingMonitor) -> None:
    build(monitor, {**WEB, "load_balancer": {**LB, "paths": ["/api/*", "/admin/*"], "priority": 42}})
    rule = one(monitor, RULE)
    assert rule.inputs["listenerArn"] == LISTENER and rule.inputs["priority"] == 42
    assert rule.inputs["conditions"] == [
        {"hostHeader": {"values": ["api.shop.example.com"]}},
        {"pathPattern": {"values": ["/api/*", "/admin/*"]}},
    ]
    assert rule.inputs["actions"] == [{"type": "forward", "targetGroupArn": one(monitor, TARGET_GROUP).id}]


def test_listener_rule_without_hosts_matches_paths_only(monitor: RecordingMonitor) -> None:
    build(monitor, {**WEB, "load_balancer": {k: v for k, v in LB.items() if k != "hosts"}})
    assert one(monitor, RULE).inputs["conditions"] == [{"pathPattern": {"values": ["/*"]}}]


def test_an_output_host_reaches_the_listener_rule(monitor: RecordingMonitor) -> None:
    """A host known only at deployment (a CloudFront distribution's domain name, which an internal load
    balancer sees as the Host header) is routed as it resolves; it skips the plain host name checks."""
    host = "d111111abcdef8.cloudfront.net"
    build(
        monitor,
        {
            **WEB,
            "load_balancer": {
                **LB,
                "hosts": [pulumi.Output.from_input(host)],
                "paths": ["/a", "/b", "/c", "/d"],
            },
        },
    )
    assert one(monitor, RULE).inputs["conditions"] == [
        {"hostHeader": {"values": [host]}},
        {"pathPattern": {"values": ["/a", "/b", "/c", "/d"]}},
    ]


def test_an_output_host_counts_towards_the_rule_values(monitor: RecordingMonitor) -> None:
    hosts = [pulumi.Output.from_input("d111111abcdef8.cloudfront.net"), "api.shop.example.com"]
    args: Any = {**BASE, **WEB, "load_balancer": {**LB, "hosts": hosts, "paths": ["/a", "/b", "/c", "/d"]}}
    with pytest.raises(ValueError, match="hosts and paths have 6 values; an ALB rule allows 5"):
        ContainerService("bad", args)
    assert monitor.registrations == {}


def test_a_service_with_a_port_but_no_load_balancer_gets_no_route(monitor: RecordingMonitor) -> None:
    out = build(monitor, {"port": 8000})
    assert of_type(monitor, TARGET_GROUP) == [] and of_type(monitor, RULE) == []
    assert out["target_group_arn"] == "" and out["target_group_arn_suffix"] == ""
    inputs = one(monitor, SERVICE).inputs
    assert not inputs.get("loadBalancers") and "healthCheckGracePeriodSeconds" not in inputs
    assert container(monitor)["portMappings"][0]["containerPort"] == 8000


def test_a_worker_has_no_port_no_route_and_no_health_check(monitor: RecordingMonitor) -> None:
    out = build(monitor, {"command": ["celery", "worker"]})
    assert of_type(monitor, TARGET_GROUP) == [] and of_type(monitor, RULE) == []
    assert of_type(monitor, INGRESS) == []
    found = container(monitor)
    assert "portMappings" not in found and "healthCheck" not in found
    assert out["service_name"] == "api" and out["target_group_arn"] == ""
    assert one(monitor, SERVICE).inputs["networkConfiguration"]["assignPublicIp"] is False


def capture_requests(monitor: RecordingMonitor) -> dict[str, Any]:
    """Record each RegisterResource request by resource name (ignoreChanges and dependencies are not part of
    a Registration)."""
    requests: dict[str, Any] = {}
    register = monitor.RegisterResource

    def recording(request: Any) -> Any:
        requests[request.name] = request
        return register(request)

    monitor.RegisterResource = recording  # type: ignore[method-assign]
    return requests


def test_autoscaling_owns_the_count_and_ecs_waits_for_the_route(monitor: RecordingMonitor) -> None:
    requests = capture_requests(monitor)
    build(monitor, WEB)
    service = requests["api-service"]
    assert list(service.ignoreChanges) == ["desiredCount"]
    assert one(monitor, RULE).urn in service.dependencies
    assert one(monitor, ROLE_POLICY, "api-execution").urn in requests["api-task"].dependencies
    assert list(requests["api-rule"].ignoreChanges) == []


def test_ecs_owns_the_rule_weights_during_blue_green(monitor: RecordingMonitor) -> None:
    requests = capture_requests(monitor)
    build(monitor, {**WEB, "deployment": "blue_green"})
    assert list(requests["api-rule"].ignoreChanges) == ["actions"]
    assert one(monitor, ATTACHMENT).urn in requests["api-service"].dependencies


# -- autoscaling ---------------------------------------------------------------------------------------------


def test_autoscaling_tracks_cpu_between_min_and_max(monitor: RecordingMonitor) -> None:
    build(monitor, {"image_tag": PUSHED})
    target = one(monitor, SCALING_TARGET)
    assert target.inputs["minCapacity"] == 1 and target.inputs["maxCapacity"] == 2
    assert target.inputs["resourceId"] == "service/shop/api"
    assert target.inputs["scalableDimension"] == "ecs:service:DesiredCount"
    assert target.inputs["serviceNamespace"] == "ecs"
    (cpu,) = of_type(monitor, SCALING_POLICY)
    assert cpu.inputs["policyType"] == "TargetTrackingScaling"
    assert cpu.inputs["resourceId"] == "service/shop/api"
    assert cpu.inputs["targetTrackingScalingPolicyConfiguration"] == {
        "targetValue": 70,
        "predefinedMetricSpecification": {"predefinedMetricType": "ECSServiceAverageCPUUtilization"},
        "scaleOutCooldown": 60,
        "scaleInCooldown": 300,
    }


def test_autoscaling_knobs_memory_and_requests(monitor: RecordingMonitor) -> None:
    build(
        monitor,
        {
            **WEB,
            "image_tag": PUSHED,
            "desired_count": 3,
            "min_count": 2,
            "max_count": 10,
            "cpu_target_percent": 60,
            "memory_target_percent": 80,
            "requests_per_target": 500,
        },
    )
    target = one(monitor, SCALING_TARGET)
    assert target.inputs["minCapacity"] == 2 and target.inputs["maxCapacity"] == 10
    assert one(monitor, SERVICE).inputs["desiredCount"] == 3
    configs = {
        p.name: p.inputs["targetTrackingScalingPolicyConfiguration"] for p in of_type(monitor, SCALING_POLICY)
    }
    assert configs["api-cpu"]["targetValue"] == 60
    assert configs["api-memory"]["targetValue"] == 80
    assert configs["api-memory"]["predefinedMetricSpecification"] == {
        "predefinedMetricType": "ECSServiceAverageMemoryUtilization"
    }
    suffix = one(monitor, TARGET_GROUP).state["arnSuffix"]
    assert configs["api-requests"]["targetValue"] == 500
    assert configs["api-requests"]["predefinedMetricSpecification"] == {
        "predefinedMetricType": "ALBRequestCountPerTarget",
        "resourceLabel": f"app/shop/50dc6c495c0c9188/{suffix}",
    }


@pytest.mark.parametrize(
    ("capacity", "strategies"),
    [
        ("FARGATE_SPOT", [{"capacityProvider": "FARGATE_SPOT", "weight": 1}]),
        (
            "mixed",
            [
                {"capacityProvider": "FARGATE", "base": 1, "weight": 1},
                {"capacityProvider": "FARGATE_SPOT", "weight": 3},
            ],
        ),
    ],
)
def test_capacity_spot_and_mixed(monitor: RecordingMonitor, capacity: str, strategies: list[Any]) -> None:
    build(monitor, {"capacity": capacity})
    assert one(monitor, SERVICE).inputs["capacityProviderStrategies"] == strategies


# -- service connect -----------------------------------------------------------------------------------------

NAMESPACE = "arn:aws:servicediscovery:us-east-1:123456789012:namespace/ns-0123456789abcdef"


def test_service_connect_publishes_a_service_with_a_port(monitor: RecordingMonitor) -> None:
    build(monitor, {"port": 8000, "service_connect": {"namespace_arn": NAMESPACE}})
    assert one(monitor, SERVICE).inputs["serviceConnectConfiguration"] == {
        "enabled": True,
        "namespace": NAMESPACE,
        "services": [
            {"portName": "http", "discoveryName": "api", "clientAlias": [{"port": 8000, "dnsName": "api"}]}
        ],
    }
    assert container(monitor)["portMappings"][0]["name"] == "http"


def test_service_connect_for_a_worker_is_client_only(monitor: RecordingMonitor) -> None:
    build(monitor, {"service_connect": {"namespace_arn": NAMESPACE}})
    assert one(monitor, SERVICE).inputs["serviceConnectConfiguration"] == {
        "enabled": True,
        "namespace": NAMESPACE,
    }


# -- deployments ---------------------------------------------------------------------------------------------


def test_blue_green_uses_an_alternate_target_group_and_an_ecs_role(monitor: RecordingMonitor) -> None:
    out = build(monitor, {**WEB, "deployment": "blue_green", "bake_minutes": 15})
    primary, alternate = one(monitor, TARGET_GROUP, "api-tg"), one(monitor, TARGET_GROUP, "api-tg-alt")
    assert alternate.inputs["healthCheck"] == primary.inputs["healthCheck"]
    assert out["target_group_arn"] == primary.id
    rule = one(monitor, RULE)
    assert rule.inputs["actions"] == [
        {
            "type": "forward",
            "forward": {
                "targetGroups": [{"arn": primary.id, "weight": 100}, {"arn": alternate.id, "weight": 0}]
            },
        }
    ]
    role = one(monitor, ROLE, "api-ecs-lb")
    trust = json.loads(role.inputs["assumeRolePolicy"])
    assert trust["Statement"][0]["Principal"] == {"Service": "ecs.amazonaws.com"}
    attachment = one(monitor, ATTACHMENT)
    assert attachment.inputs["role"] == role.state["name"]
    assert attachment.inputs["policyArn"] == (
        "arn:aws:iam::aws:policy/AmazonECSInfrastructureRolePolicyForLoadBalancers"
    )
    inputs = one(monitor, SERVICE).inputs
    assert inputs["deploymentConfiguration"] == {"strategy": "BLUE_GREEN", "bakeTimeInMinutes": "15"}
    assert inputs["loadBalancers"] == [
        {
            "targetGroupArn": primary.id,
            "containerName": "app",
            "containerPort": 8000,
            "advancedConfiguration": {
                "alternateTargetGroupArn": alternate.id,
                "productionListenerRule": rule.state["arn"],
                "roleArn": role.state["arn"],
            },
        }
    ]
    assert inputs["deploymentCircuitBreaker"] == {"enable": True, "rollback": True}


def test_canary_shifts_a_percentage_first(monitor: RecordingMonitor) -> None:
    build(monitor, {**WEB, "deployment": "canary"})
    assert len(of_type(monitor, TARGET_GROUP)) == 2
    assert one(monitor, SERVICE).inputs["deploymentConfiguration"] == {
        "strategy": "CANARY",
        "bakeTimeInMinutes": "10",
        "canaryConfiguration": {"canaryPercent": 10, "canaryBakeTimeInMinutes": "10"},
    }


def test_linear_shifts_in_steps(monitor: RecordingMonitor) -> None:
    build(monitor, {**WEB, "deployment": "linear", "canary_percent": 25, "bake_minutes": 5})
    assert len(of_type(monitor, TARGET_GROUP)) == 2
    assert one(monitor, SERVICE).inputs["deploymentConfiguration"] == {
        "strategy": "LINEAR",
        "bakeTimeInMinutes": "5",
        "linearConfiguration": {"stepPercent": 25, "stepBakeTimeInMinutes": "5"},
    }


def test_rolling_has_one_target_group_and_no_ecs_role(monitor: RecordingMonitor) -> None:
    build(monitor, WEB)
    assert [r.name for r in of_type(monitor, TARGET_GROUP)] == ["api-tg"]
    assert of_type(monitor, ATTACHMENT) == []
    assert sorted(r.name for r in of_type(monitor, ROLE)) == ["api-execution", "api-task"]


# -- scheduled jobs ------------------------------------------------------------------------------------------


def test_a_scheduled_job_runs_through_eventbridge_scheduler(monitor: RecordingMonitor) -> None:
    out = build(monitor, {"schedule": "30 2 * * 1-5", "command": ["python", "-m", "reports"]})
    assert of_type(monitor, SERVICE) == [] and of_type(monitor, SCALING_TARGET) == []
    assert of_type(monitor, SCALING_POLICY) == [] and of_type(monitor, TARGET_GROUP) == []
    assert out["service_name"] == ""
    schedule = one(monitor, SCHEDULE)
    assert schedule.inputs["scheduleExpression"] == "cron(30 2 ? * MON-FRI *)"
    assert schedule.inputs["scheduleExpressionTimezone"] == "UTC"
    assert schedule.inputs["flexibleTimeWindow"] == {"mode": "OFF"}
    role = one(monitor, ROLE, "api-scheduler")
    target = schedule.inputs["target"]
    assert target["arn"] == CLUSTER_ARN and target["roleArn"] == role.state["arn"]
    assert target["ecsParameters"] == {
        "taskDefinitionArn": out["task_definition_arn"],
        "taskCount": 1,
        "platformVersion": "LATEST",
        "capacityProviderStrategies": [{"capacityProvider": "FARGATE", "base": 0, "weight": 1}],
        "enableExecuteCommand": False,
        "networkConfiguration": {
            "subnets": SUBNETS,
            "securityGroups": [out["security_group_id"]],
            "assignPublicIp": False,
        },
    }
    trust = json.loads(role.inputs["assumeRolePolicy"])
    assert trust["Statement"][0]["Principal"] == {"Service": "scheduler.amazonaws.com"}
    family = one(monitor, TASK_DEFINITION).state["arnWithoutRevision"]
    key = one(monitor, KEY).state["arn"]
    assert policy(monitor, "api-scheduler")["Statement"] == [
        {
            "Sid": "RunTask",
            "Effect": "Allow",
            "Action": "ecs:RunTask",
            "Resource": f"{family}:*",
            "Condition": {"ArnEquals": {"ecs:cluster": CLUSTER_ARN}},
        },
        {
            "Sid": "PassTaskRoles",
            "Effect": "Allow",
            "Action": "iam:PassRole",
            "Resource": [out["task_role_arn"], out["execution_role_arn"]],
            "Condition": {"StringEquals": {"iam:PassedToService": "ecs-tasks.amazonaws.com"}},
        },
        # the schedule is encrypted with the service's key, which the scheduler decrypts as this role
        {"Sid": "DecryptSchedule", "Effect": "Allow", "Action": "kms:Decrypt", "Resource": key},
    ]
    assert schedule.inputs["kmsKeyArn"] == key == one(monitor, LOG_GROUP).inputs["kmsKeyId"]
    assert "portMappings" not in container(monitor)


def test_without_encrypt_logs_the_schedule_keeps_aws_own_key(monitor: RecordingMonitor) -> None:
    build(monitor, {"schedule": "30 2 * * 1-5", "encrypt_logs": False})
    assert "kmsKeyArn" not in one(monitor, SCHEDULE).inputs
    assert [s["Sid"] for s in policy(monitor, "api-scheduler")["Statement"]] == ["RunTask", "PassTaskRoles"]


def test_a_scheduled_job_on_spot(monitor: RecordingMonitor) -> None:
    build(monitor, {"schedule": "0 3 * * *", "capacity": "FARGATE_SPOT", "enable_exec": True})
    parameters = one(monitor, SCHEDULE).inputs["target"]["ecsParameters"]
    assert parameters["capacityProviderStrategies"] == [
        {"capacityProvider": "FARGATE_SPOT", "base": 0, "weight": 1}
    ]
    assert parameters["enableExecuteCommand"] is True
    assert one(monitor, SCHEDULE).inputs["scheduleExpression"] == "cron(0 3 * * ? *)"


@pytest.mark.parametrize(
    ("cron", "aws"),
    [
        ("0 3 * * *", "cron(0 3 * * ? *)"),
        ("*/15 * * * *", "cron(*/15 * * * ? *)"),
        ("0 0 1 * *", "cron(0 0 1 * ? *)"),
        ("0 0 1,15 */2 *", "cron(0 0 1,15 */2 ? *)"),
        ("30 2 * * 1-5", "cron(30 2 ? * MON-FRI *)"),
        ("0 9 * * 0", "cron(0 9 ? * SUN *)"),
        ("0 9 * * 7", "cron(0 9 ? * SUN *)"),
        ("0 9 * * 5-7", "cron(0 9 ? * FRI-SAT,SUN *)"),
        ("0 9 * * 0-6", "cron(0 9 ? * SUN-SAT *)"),
        ("0 9 * * sat,sun", "cron(0 9 ? * SAT,SUN *)"),
        ("0 6 * jan-mar mon", "cron(0 6 ? JAN-MAR MON *)"),
    ],
)
def test_cron_becomes_an_eventbridge_expression(cron: str, aws: str) -> None:
    assert _aws_cron(cron) == aws


# -- tree, tags and names ------------------------------------------------------------------------------------


def test_every_child_is_parented_to_the_component(monitor: RecordingMonitor) -> None:
    build(monitor, {**WEB, "deployment": "canary", "enable_exec": True}, allow=[("web", "sg-0web0")])
    component = one(monitor, COMPONENT)
    assert component.urn == "urn:pulumi:test::stackyard::stackyard-aws:index:ContainerService::api"
    children = [r for r in monitor.registrations.values() if r.custom]
    assert {r.type for r in children} == {
        REPOSITORY,
        LIFECYCLE,
        LOG_GROUP,
        KEY,
        ALIAS,
        ROLE,
        ROLE_POLICY,
        ATTACHMENT,
        SG,
        INGRESS,
        EGRESS,
        TASK_DEFINITION,
        TARGET_GROUP,
        RULE,
        SERVICE,
        SCALING_TARGET,
        SCALING_POLICY,
    }
    assert all(r.parent == component.urn for r in children)


def test_tags_reach_every_taggable_resource(monitor: RecordingMonitor) -> None:
    build(monitor, {**WEB, "deployment": "blue_green", "tags": {"team": "web"}})
    tagged = [r for r in monitor.registrations.values() if r.custom and r.type not in UNTAGGABLE]
    assert {r.type for r in tagged} >= {
        REPOSITORY,
        LOG_GROUP,
        ROLE,
        SG,
        TASK_DEFINITION,
        TARGET_GROUP,
        SERVICE,
    }
    assert all(r.inputs["tags"]["team"] == "web" and r.inputs["tags"]["Name"] for r in tagged)


def test_names_fit_aws_limits_with_a_40_character_name(monitor: RecordingMonitor) -> None:
    assert len(NAME_40) == 40
    build(
        monitor,
        {**WEB, "deployment": "blue_green", "service_connect": {"namespace_arn": NAMESPACE}},
        name=NAME_40,
    )
    for target_group in of_type(monitor, TARGET_GROUP):
        assert len(target_group.inputs["namePrefix"]) <= 6
        assert len(target_group.state["name"]) <= 32
        assert re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9-]*[A-Za-z0-9]", target_group.state["name"])
    for role in of_type(monitor, ROLE):
        assert len(role.inputs["namePrefix"]) <= 38 and len(role.state["name"]) <= 64
    log_group = one(monitor, LOG_GROUP)
    assert len(log_group.state["name"]) <= 512 and log_group.state["name"].startswith(f"/ecs/{NAME_40}-")
    assert len(one(monitor, TASK_DEFINITION).inputs["family"]) <= 255
    assert len(one(monitor, SERVICE).inputs["name"]) <= 255
    assert re.fullmatch(r"[a-z0-9][a-z0-9._/-]*", one(monitor, REPOSITORY).inputs["name"])
    discovery = one(monitor, SERVICE).inputs["serviceConnectConfiguration"]["services"][0]["discoveryName"]
    assert len(discovery) <= 63
    assert all(len(p.inputs["name"]) <= 255 for p in of_type(monitor, SCALING_POLICY))


def test_schedule_and_role_names_fit_with_a_40_character_name(monitor: RecordingMonitor) -> None:
    build(monitor, {"schedule": "0 3 * * *"}, name=NAME_40)
    assert len(one(monitor, SCHEDULE).inputs["namePrefix"]) <= 38
    role = one(monitor, ROLE, f"{NAME_40}-scheduler")
    assert len(role.inputs["namePrefix"]) <= 38 and len(role.state["name"]) <= 64


def test_names_are_made_safe_and_stable(monitor: RecordingMonitor) -> None:
    out = build(monitor, {**WEB}, name="Shop_API")
    assert out["service_name"] == "shop-api" == one(monitor, TASK_DEFINITION).inputs["family"]
    assert one(monitor, REPOSITORY).inputs["name"] == "shop-api"
    assert one(monitor, TARGET_GROUP).inputs["namePrefix"] == "shop-"


# -- bad arguments -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ({"cluster_arn": None}, "ContainerService cluster_arn is required"),
        ({"cluster_name": None}, "ContainerService cluster_name is required"),
        ({"vpc_id": None}, "ContainerService vpc_id is required"),
        ({"subnet_ids": None}, "ContainerService subnet_ids is required"),
        ({"subnet_ids": []}, r"ContainerService subnet_ids \[\] is not allowed"),
        ({"image": ""}, "ContainerService image '' is not allowed"),
        ({"image": "nginx", "image_tag": "v1"}, "ContainerService image_tag is not allowed with image"),
        ({"image_tag": "latest tag"}, "ContainerService image_tag 'latest tag' is not allowed"),
        ({"port": 0}, "ContainerService port 0 is not allowed; use 1-65535"),
        ({"port": 70000}, "ContainerService port 70000 is not allowed"),
        ({"port": "80"}, "ContainerService port '80' is not allowed"),
        (
            {"health_path": "health"},
            "ContainerService health_path 'health' is not allowed; use a path starting",
        ),
        ({"container_health_check": "yes"}, "ContainerService container_health_check 'yes' is not allowed"),
        (
            {"container_health_check": True},
            "container_health_check True is not allowed: it was removed because its curl command fails",
        ),
        ({"health_check_command": ["wget", "-q"]}, r"health_check_command \['wget', '-q'\] is not allowed"),
        ({"health_check_command": ["CMD"]}, r"health_check_command \['CMD'\] is not allowed"),
        (
            {"health_check_command": ["CMD-SHELL", "curl -f x", "|| exit 1"]},
            r"health_check_command \['CMD-SHELL', 'curl -f x', '\|\| exit 1'\] is not allowed",
        ),
        ({"read_only_root_filesystem": 0}, "ContainerService read_only_root_filesystem 0 is not allowed"),
        ({"enable_exec": None}, "ContainerService enable_exec None is not allowed; use True or False"),
        ({"cpu": 3}, "ContainerService cpu 3 is not allowed; use one of 0.25, 0.5, 1, 2, 4, 8, 16"),
        ({"cpu": True}, "ContainerService cpu True is not allowed"),
        (
            {"cpu": 0.25, "memory_gb": 4},
            "ContainerService memory_gb 4 is not allowed with cpu 0.25 on Fargate; use 0.5, 1, 2",
        ),
        (
            {"cpu": 1, "memory_gb": 1},
            "memory_gb 1 is not allowed with cpu 1 on Fargate; use 2 to 8 in steps of 1",
        ),
        (
            {"cpu": 8, "memory_gb": 18},
            "memory_gb 18 is not allowed with cpu 8 on Fargate; use 16 to 60 in steps of 4",
        ),
        ({"cpu": 16, "memory_gb": 30}, "use 32 to 120 in steps of 8"),
        (
            {"architecture": "arm64"},
            "ContainerService architecture 'arm64' is not allowed; use one of X86_64, ARM64",
        ),
        ({"command": "celery worker"}, "ContainerService command 'celery worker' is not allowed; use a list"),
        ({"entrypoint": []}, r"ContainerService entrypoint \[\] is not allowed"),
        ({"user": "root"}, "ContainerService user 'root' is not allowed; use a non-root user"),
        ({"user": "0:0"}, "ContainerService user '0:0' is not allowed"),
        ({"environment": {"1X": "a"}}, "ContainerService environment name '1X' is not allowed"),
        (
            {"environment": {"PORT": 8000}},
            "ContainerService environment PORT is not allowed: its value is not a",
        ),
        ({"environment": ["A=1"]}, "ContainerService environment \\['A=1'\\] is not allowed"),
        (
            {"environment": {"DB": "x"}, "secrets": {"DB": SECRET_ARN}},
            "ContainerService environment DB is not allowed: also in secrets",
        ),
        (
            {"secrets": {"DB": "hunter2"}},
            "ContainerService secrets DB is not allowed: its value is not the ARN",
        ),
        ({"secrets": {"DB": "arn:aws:s3:::bucket/key"}}, "ContainerService secrets DB is not allowed"),
        ({"secrets": {"my-secret": SECRET_ARN}}, "ContainerService secrets name 'my-secret' is not allowed"),
        (
            {"task_role_statements": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]},
            "ContainerService task_role_statements with Action '\\*' on Resource '\\*' is not allowed",
        ),
        ({"task_role_statements": ["s3:*"]}, "ContainerService task_role_statements 's3:\\*' is not allowed"),
        (
            {"task_role_policies": {"a b": "{}"}},
            "ContainerService task_role_policies name 'a b' is not allowed",
        ),
        (
            {"log_retention_days": 10},
            "ContainerService log_retention_days 10 is not allowed; use one of 1, 3",
        ),
        ({"min_count": -1}, "ContainerService min_count -1 is not allowed; use 0 to 1000"),
        ({"max_count": 0}, "ContainerService max_count 0 is not allowed; use 1 to 1000"),
        ({"desired_count": 1.5}, "ContainerService desired_count 1.5 is not allowed"),
        (
            {"desired_count": 5},
            "ContainerService desired_count 5 is not allowed with min_count 1 and max_count 2",
        ),
        ({"min_count": 3}, "ContainerService desired_count 1 is not allowed with min_count 3"),
        ({"cpu_target_percent": 5}, "ContainerService cpu_target_percent 5 is not allowed; use 10 to 95"),
        ({"memory_target_percent": 100}, "ContainerService memory_target_percent 100 is not allowed"),
        (
            {"capacity": "spot"},
            "ContainerService capacity 'spot' is not allowed; use one of FARGATE, FARGATE_SPOT, mixed",
        ),
        ({"load_balancer": LB}, "ContainerService load_balancer is not allowed without port"),
        ({**WEB, "load_balancer": "alb"}, "ContainerService load_balancer 'alb' is not allowed"),
        (
            {**WEB, "load_balancer": {**LB, "priority": None}},
            "ContainerService load_balancer.priority None is not allowed; use 1 to 50000",
        ),
        (
            {**WEB, "load_balancer": {**LB, "priority": 0}},
            "ContainerService load_balancer.priority 0 is not allowed",
        ),
        ({**WEB, "load_balancer": {**LB, "paths": ["api/*"]}}, "ContainerService load_balancer paths"),
        ({**WEB, "load_balancer": {**LB, "hosts": "a.example.com"}}, "ContainerService load_balancer hosts"),
        (
            {**WEB, "load_balancer": {**LB, "paths": ["/a", "/b", "/c", "/d", "/e"]}},
            "ContainerService load_balancer hosts and paths have 6 values; an ALB rule allows 5",
        ),
        (
            {**WEB, "load_balancer": {**LB, "listener": "x"}},
            "`load_balancer.listener` is not an argument of ContainerService; did you mean "
            "`load_balancer.listener_arn`",
        ),
        ({"service_connect": {"namespace": "x"}}, "ContainerService service_connect .* is not allowed"),
        (
            {"deployment": "recreate"},
            "ContainerService deployment 'recreate' is not allowed; use one of rolling",
        ),
        (
            {"port": 80, "deployment": "blue_green"},
            "ContainerService deployment 'blue_green' is not allowed without load_balancer",
        ),
        (
            {**WEB, "deployment": "canary", "canary_percent": 0},
            "canary_percent 0 is not allowed .*; use 0.1 to 99.9",
        ),
        (
            {**WEB, "deployment": "linear", "canary_percent": 2},
            "canary_percent 2 is not allowed .*; use 3 to 99.9",
        ),
        ({**WEB, "canary_percent": 100}, "ContainerService canary_percent 100 is not allowed"),
        ({**WEB, "bake_minutes": 1441}, "ContainerService bake_minutes 1441 is not allowed; use 0 to 1440"),
        (
            {"requests_per_target": 100},
            "ContainerService requests_per_target is not allowed without load_balancer",
        ),
        (
            {
                **WEB,
                "load_balancer": {k: v for k, v in LB.items() if k != "arn_suffix"},
                "requests_per_target": 100,
            },
            "ContainerService requests_per_target is not allowed without load_balancer arn_suffix",
        ),
        (
            {**WEB, "deployment": "blue_green", "requests_per_target": 100},
            "ContainerService requests_per_target is not allowed with deployment 'blue_green'",
        ),
        ({**WEB, "requests_per_target": 0}, "ContainerService requests_per_target 0 is not allowed"),
        ({"schedule": "0 3 * *"}, "ContainerService schedule '0 3 \\* \\*' is not allowed; use 5 fields"),
        (
            {"schedule": "0 25 * * *"},
            "ContainerService schedule '0 25 \\* \\* \\*' is not allowed: '25' is not a valid hour",
        ),
        ({"schedule": "0 3 1 * 1"}, "restricts both day-of-month and day-of-week"),
        ({"schedule": "0 3 * * */2"}, "step '\\*/2' in the day of week field"),
        ({"schedule": "*/0 * * * *"}, "step '\\*/0' in the minute field"),
        ({"schedule": "0 3 * * 5-1"}, "'5-1' is not a valid day of week"),
        ({"schedule": "0 3 * foo *"}, "'foo' is not a valid month"),
        ({"schedule": "0 3 * * *", "port": 80}, "ContainerService port is not allowed with schedule"),
        ({"tags": ["a"]}, "ContainerService tags \\['a'\\] is not allowed"),
    ],
)
def test_bad_arguments_raise_clear_errors(
    monitor: RecordingMonitor, args: dict[str, Any], message: str
) -> None:
    full = {
        key: value for key, value in {**BASE, **args}.items() if value is not None or key == "enable_exec"
    }
    with pytest.raises(ValueError, match=message):
        ContainerService("bad", full)  # type: ignore[arg-type]
    assert monitor.registrations == {}  # checked before anything is registered, the component included


def test_docstring_example_runs(monitor: RecordingMonitor) -> None:
    run_docstring_example(ContainerService)
    api = one(monitor, SERVICE)
    assert api.inputs["name"] == "shop-api"
    private = {
        s.id
        for s in of_type(monitor, "aws:ec2/subnet:Subnet")
        if s.inputs["tags"]["stackyard:tier"] == "private"
    }
    assert set(api.inputs["networkConfiguration"]["subnets"]) == private
    task = one(monitor, TASK_DEFINITION, "shop-api-task")
    assert task.inputs["cpu"] == "1024" and task.inputs["memory"] == "2048"
    (found,) = json.loads(task.inputs["containerDefinitions"])
    assert found["secrets"][0]["name"] == "DATABASE_PASSWORD"
    assert one(monitor, SCHEDULE).inputs["scheduleExpression"] == "cron(30 2 ? * MON-FRI *)"
