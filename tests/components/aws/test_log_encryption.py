"""Every AWS component's CloudWatch Logs log groups are encrypted with a customer-managed key by default
(`encrypt_logs`, issue #18): a key of the component's own, rotating, whose key policy lets the account
administer it and CloudWatch Logs in the log groups' region use it for exactly those log groups (the
`kms:EncryptionContext:aws:logs:arn` condition), plus the log delivery service for vended logs; without
`encrypt_logs` the groups keep CloudWatch Logs' own encryption and no key is made."""

from __future__ import annotations

import fnmatch
import json
from typing import Any

import pulumi
import pytest

import components.aws as aws_components
from components.aws.kms import logs_key_policy
from stacks.mocks import MOCK_ACCOUNT_ID, RecordingMonitor, Registration
from tests.conftest import of_type

LOG_GROUP = "aws:cloudwatch/logGroup:LogGroup"
KEY = "aws:kms/key:Key"
ALIAS = "aws:kms/alias:Alias"
SUBNETS = ["subnet-0a1b2c3d4e5f60718", "subnet-0f1e2d3c4b5a69788"]
NETWORK = {"vpc_id": "vpc-0a1b2c3d4e5f60718", "subnet_ids": SUBNETS}
SERVICE = {
    **NETWORK,
    "cluster_arn": "arn:aws:ecs:us-east-1:123456789012:cluster/shop",
    "cluster_name": "shop",
}

# (component, arguments with every log group it can make, the number of log groups, the keys' regions)
CASES: list[tuple[type, dict[str, Any], int, list[str]]] = [
    (aws_components.Vpc, {}, 1, ["us-east-1"]),
    (aws_components.ContainerService, SERVICE, 1, ["us-east-1"]),
    (aws_components.RedisCache, {**NETWORK, "snapshot_every_hours": 6}, 2, ["us-east-1"]),
    (
        aws_components.ManagedPostgres,
        {
            **NETWORK,
            "read_replicas": 1,
            "cross_region_replica": "us-west-2",
            "cross_region_subnet_group_name": "shop-west",
            "cross_region_security_group_ids": ["sg-0a1b2c3d4e5f60718"],
        },
        6,
        ["us-east-1", "us-west-2"],
    ),
    (aws_components.KubernetesCluster, {**NETWORK, "container_logs": True}, 5, ["us-east-1"]),
    (aws_components.CdnSite, {"web_acl": True}, 2, ["us-east-1"]),
    (aws_components.LoadBalancer, {**NETWORK, "domain": "shop.example.com"}, 1, ["us-east-1"]),
]


def case_id(case: tuple[type, dict[str, Any], int, list[str]]) -> str:
    return case[0].__name__


def build(monitor: RecordingMonitor, component: type, args: dict[str, Any]) -> None:
    @pulumi.runtime.test
    def program() -> None:
        component("shop", args)

    program()


def group_name(group: Registration) -> str:
    return group.inputs.get("name") or group.inputs["namePrefix"] + "0" * 26


def region_of(registration: Registration) -> str:
    return registration.inputs.get("region") or "us-east-1"


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_every_log_group_has_a_key_only_cloudwatch_logs_may_use_for_it(
    monitor: RecordingMonitor, case: tuple[type, dict[str, Any], int, list[str]]
) -> None:
    component, args, count, regions = case
    build(monitor, component, args)
    groups = of_type(monitor, LOG_GROUP)
    keys = {k.state["arn"]: k for k in of_type(monitor, KEY)}
    assert len(groups) == count
    used = set()
    for group in groups:
        key = keys[group.inputs["kmsKeyId"]]  # a key of the component's own
        used.add(key.state["arn"])
        assert key.inputs["enableKeyRotation"] is True
        assert region_of(key) == region_of(group)
        policy = json.loads(key.inputs["policy"])
        admin, logs, *delivery = policy["Statement"]
        assert admin["Principal"] == {"AWS": f"arn:aws:iam::{MOCK_ACCOUNT_ID}:root"}
        assert logs["Principal"] == {"Service": f"logs.{region_of(group)}.amazonaws.com"}
        assert "kms:*" not in logs["Action"] and "kms:Decrypt" in logs["Action"]
        arns = logs["Condition"]["ArnLike"]["kms:EncryptionContext:aws:logs:arn"]
        prefix = f"arn:aws:logs:{region_of(group)}:{MOCK_ACCOUNT_ID}:log-group:"
        assert all(arn.startswith(prefix) for arn in arns)
        assert any(fnmatch.fnmatchcase(prefix + group_name(group), arn) for arn in arns), group.urn
        for statement in delivery:  # vended logs: the log delivery service, for this account only
            assert statement["Principal"] == {"Service": "delivery.logs.amazonaws.com"}
            assert statement["Condition"]["StringEquals"] == {"aws:SourceAccount": MOCK_ACCOUNT_ID}
    assert sorted(region_of(keys[arn]) for arn in used) == regions  # one key per region
    assert len(of_type(monitor, ALIAS)) == len(of_type(monitor, KEY))


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_without_encrypt_logs_no_key_is_made_for_the_logs(
    monitor: RecordingMonitor, case: tuple[type, dict[str, Any], int, list[str]]
) -> None:
    component, args, count, _ = case
    build(monitor, component, {**args, "encrypt_logs": False})
    groups = of_type(monitor, LOG_GROUP)
    assert len(groups) == count and all("kmsKeyId" not in g.inputs for g in groups)
    log_keys = [k for k in of_type(monitor, KEY) if "logs." in k.inputs.get("policy", "")]
    assert log_keys == []


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_encrypt_logs_must_be_a_bool(
    monitor: RecordingMonitor, case: tuple[type, dict[str, Any], int, list[str]]
) -> None:
    component, args, _, _ = case
    with pytest.raises(ValueError, match=f"{component.__name__}.*encrypt_logs 'yes' is not allowed"):
        component("bad", {**args, "encrypt_logs": "yes"})
    assert monitor.registrations == {}


def test_vended_log_groups_let_the_log_delivery_service_encrypt(monitor: RecordingMonitor) -> None:
    build(monitor, aws_components.CdnSite, {"web_acl": True})
    (key,) = of_type(monitor, KEY)
    statements = json.loads(key.inputs["policy"])["Statement"]
    assert [s["Sid"] for s in statements] == [
        "AccountAdministersTheKey",
        "CloudWatchLogsUsesTheKeyForTheseLogGroups",
        "LogDeliveryUsesTheKeyForThisAccount",
    ]
    assert statements[2]["Condition"]["ArnLike"] == {
        "aws:SourceArn": f"arn:aws:logs:us-east-1:{MOCK_ACCOUNT_ID}:*"
    }


@pytest.mark.parametrize(
    ("component", "args"),
    [
        (aws_components.ContainerService, SERVICE),
        (aws_components.RedisCache, NETWORK),
    ],
)
def test_a_given_log_key_is_used_instead_of_a_new_one(
    monitor: RecordingMonitor, component: type, args: dict[str, Any]
) -> None:
    given = "arn:aws:kms:us-east-1:123456789012:key/11111111-2222-3333-4444-555555555555"
    build(monitor, component, {**args, "log_kms_key_arn": given})
    assert {g.inputs["kmsKeyId"] for g in of_type(monitor, LOG_GROUP)} == {given}
    assert not [k for k in of_type(monitor, KEY) if "logs." in k.inputs.get("policy", "")]
    with pytest.raises(ValueError, match="log_kms_key_arn is not allowed with encrypt_logs False"):
        component("bad", {**args, "log_kms_key_arn": given, "encrypt_logs": False})


def test_the_log_key_policy_names_each_group_and_nothing_else() -> None:
    policy = json.loads(logs_key_policy("aws", "123456789012", "eu-west-1", ["/ecs/shop-api-*", "aws-waf-x"]))
    (admin, logs) = policy["Statement"]
    assert admin["Action"] == "kms:*" and admin["Principal"]["AWS"] == "arn:aws:iam::123456789012:root"
    assert logs["Principal"]["Service"] == "logs.eu-west-1.amazonaws.com"
    assert logs["Condition"] == {
        "ArnLike": {
            "kms:EncryptionContext:aws:logs:arn": [
                "arn:aws:logs:eu-west-1:123456789012:log-group:/ecs/shop-api-*",
                "arn:aws:logs:eu-west-1:123456789012:log-group:aws-waf-x",
            ]
        }
    }
