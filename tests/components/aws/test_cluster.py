"""components.aws.Cluster: Container Insights, Fargate and Fargate Spot, a Service Connect namespace, and
optional ECS Exec logging to a KMS-encrypted log group with a retention."""

from __future__ import annotations

import json
from typing import Any

import pulumi
import pytest

from components.aws.cluster import Cluster, ClusterArgs
from stacks.mocks import MOCK_ACCOUNT_ID, RecordingMonitor, Registration
from tests.conftest import of_type
from tests.docexamples import run_docstring_example

COMPONENT = "stackyard-aws:index:Cluster"
CLUSTER = "aws:ecs/cluster:Cluster"
CAPACITY = "aws:ecs/clusterCapacityProviders:ClusterCapacityProviders"
NAMESPACE = "aws:servicediscovery/privateDnsNamespace:PrivateDnsNamespace"
LOG_GROUP = "aws:cloudwatch/logGroup:LogGroup"
KEY = "aws:kms/key:Key"
ALIAS = "aws:kms/alias:Alias"
VPC_ID = "vpc-0123456789abcdef0"
NAME_40 = "propflow-marketplace-container-platforms"
OUTPUTS = (
    "arn",
    "name",
    "namespace_arn",
    "namespace_id",
    "namespace_name",
    "exec_log_group_name",
    "exec_log_group_arn",
)


def build(
    monitor: RecordingMonitor, args: dict[str, Any] | None = None, name: str = "shop"
) -> dict[str, Any]:
    """Create a Cluster (vpc_id plus `args`) under mocks; return its resolved outputs."""
    resolved: dict[str, Any] = {}
    full: ClusterArgs = {"vpc_id": VPC_ID, **(args or {})}  # type: ignore[typeddict-item]

    @pulumi.runtime.test
    def program() -> pulumi.Output:
        cluster = Cluster(name, full)
        return pulumi.Output.all(**{key: getattr(cluster, key) for key in OUTPUTS}).apply(resolved.update)

    program()
    assert resolved, "the Cluster's outputs never resolved"
    return resolved


def one(monitor: RecordingMonitor, type_: str) -> Registration:
    (found,) = of_type(monitor, type_)
    return found


def test_defaults_insights_fargate_and_a_service_connect_namespace(monitor: RecordingMonitor) -> None:
    out = build(monitor)
    cluster, namespace = one(monitor, CLUSTER), one(monitor, NAMESPACE)
    assert cluster.inputs["settings"] == [{"name": "containerInsights", "value": "enhanced"}]
    assert cluster.inputs["serviceConnectDefaults"] == {"namespace": namespace.state["arn"]}
    assert "configuration" not in cluster.inputs  # ECS Exec uses the tasks' own logging
    assert namespace.inputs["name"] == "shop.internal" and namespace.inputs["vpc"] == VPC_ID
    capacity = one(monitor, CAPACITY)
    assert capacity.inputs["clusterName"] == cluster.state["name"]
    assert capacity.inputs["capacityProviders"] == ["FARGATE", "FARGATE_SPOT"]
    assert capacity.inputs["defaultCapacityProviderStrategies"] == [
        {"capacityProvider": "FARGATE", "weight": 1, "base": 0}
    ]
    assert of_type(monitor, LOG_GROUP) == [] and of_type(monitor, KEY) == []
    assert out == {
        "arn": cluster.state["arn"],
        "name": cluster.state["name"],
        "namespace_arn": namespace.state["arn"],
        "namespace_id": namespace.id,
        "namespace_name": "shop.internal",
        "exec_log_group_name": "",
        "exec_log_group_arn": "",
    }
    assert out["name"].startswith("shop-")


@pytest.mark.parametrize("insights", ["enabled", "disabled"])
def test_container_insights_knob(monitor: RecordingMonitor, insights: str) -> None:
    build(monitor, {"container_insights": insights})
    assert one(monitor, CLUSTER).inputs["settings"] == [{"name": "containerInsights", "value": insights}]


def test_namespace_knob(monitor: RecordingMonitor) -> None:
    out = build(monitor, {"namespace": "svc.shop.local"})
    assert one(monitor, NAMESPACE).inputs["name"] == "svc.shop.local" == out["namespace_name"]


def test_exec_logging_goes_to_an_encrypted_log_group_with_retention(monitor: RecordingMonitor) -> None:
    out = build(monitor, {"exec_logging": True})
    group, key = one(monitor, LOG_GROUP), one(monitor, KEY)
    assert group.inputs["name"] == "/ecs/shop/exec" == out["exec_log_group_name"]
    assert out["exec_log_group_arn"] == group.state["arn"]
    assert group.inputs["retentionInDays"] == 90
    assert group.inputs["kmsKeyId"] == key.state["arn"]
    assert key.inputs["enableKeyRotation"] is True and key.inputs["deletionWindowInDays"] == 30
    assert one(monitor, ALIAS).inputs["targetKeyId"] == key.state["keyId"]
    assert one(monitor, CLUSTER).inputs["configuration"] == {
        "executeCommandConfiguration": {
            "logging": "OVERRIDE",
            "logConfiguration": {
                "cloudWatchLogGroupName": "/ecs/shop/exec",
                "cloudWatchEncryptionEnabled": True,
            },
        }
    }


def test_the_exec_log_key_serves_cloudwatch_logs_for_that_group_only(monitor: RecordingMonitor) -> None:
    build(monitor, {"exec_logging": True})
    admin, logs = json.loads(one(monitor, KEY).inputs["policy"])["Statement"]
    assert admin["Principal"] == {"AWS": f"arn:aws:iam::{MOCK_ACCOUNT_ID}:root"}
    assert logs["Principal"] == {"Service": "logs.us-east-1.amazonaws.com"}
    assert "kms:*" not in logs["Action"] and "*" not in logs["Action"]
    assert logs["Condition"] == {
        "ArnEquals": {
            "kms:EncryptionContext:aws:logs:arn": (
                f"arn:aws:logs:us-east-1:{MOCK_ACCOUNT_ID}:log-group:/ecs/shop/exec"
            )
        }
    }
    assert all(s["Action"] != "*" for s in (admin, logs))


def test_exec_log_retention_knob(monitor: RecordingMonitor) -> None:
    build(monitor, {"exec_logging": True, "exec_log_retention_days": 365})
    assert one(monitor, LOG_GROUP).inputs["retentionInDays"] == 365


def test_names_fit_limits_with_a_40_character_name(monitor: RecordingMonitor) -> None:
    assert len(NAME_40) == 40
    out = build(monitor, {"exec_logging": True}, name=NAME_40)
    assert out["namespace_name"] == f"{NAME_40}.internal"
    assert len(out["name"]) <= 255 and len(out["exec_log_group_name"]) <= 512
    assert one(monitor, ALIAS).inputs["name"] == f"alias/{NAME_40}-exec-logs"


def test_a_component_name_is_made_dns_safe_for_the_default_namespace(monitor: RecordingMonitor) -> None:
    out = build(monitor, name="Shop_API")
    assert out["namespace_name"] == "shop-api.internal"


def test_every_child_is_parented_to_the_component_and_tagged(monitor: RecordingMonitor) -> None:
    build(monitor, {"exec_logging": True, "tags": {"team": "web"}})
    component = one(monitor, COMPONENT)
    assert component.urn == "urn:pulumi:test::stackyard::stackyard-aws:index:Cluster::shop"
    children = [r for r in monitor.registrations.values() if r.custom]
    assert len(children) == 6 and all(r.parent == component.urn for r in children)
    tagged = [r for r in children if r.type in (CLUSTER, NAMESPACE, LOG_GROUP, KEY)]
    assert len(tagged) == 4 and all(r.inputs["tags"]["team"] == "web" for r in tagged)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ({"vpc_id": None}, "Cluster vpc_id is required"),
        (
            {"namespace": "Shop.Internal"},
            "Cluster namespace 'Shop.Internal' is not allowed; use a lowercase DNS",
        ),
        ({"namespace": "shop..internal"}, "Cluster namespace 'shop..internal' is not allowed"),
        (
            {"container_insights": "on"},
            "Cluster container_insights 'on' is not allowed; use one of enhanced, enabled, disabled",
        ),
        ({"exec_logging": "yes"}, "Cluster exec_logging 'yes' is not allowed; use True or False"),
        (
            {"exec_log_retention_days": 10},
            "Cluster exec_log_retention_days 10 is not allowed; use one of 1, 3",
        ),
        (
            {"exec_log_retention_days": True},
            "Cluster exec_log_retention_days True is not allowed; use one of",
        ),
        ({"tags": "team=web"}, "Cluster tags 'team=web' is not allowed; use a dict"),
    ],
)
def test_bad_arguments_raise_clear_errors(
    monitor: RecordingMonitor, args: dict[str, Any], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        Cluster("bad", {"vpc_id": VPC_ID, **args})  # type: ignore[typeddict-item]
    assert monitor.registrations == {}


def test_docstring_example_runs(monitor: RecordingMonitor) -> None:
    run_docstring_example(Cluster)
    assert one(monitor, COMPONENT).name == "shop"
    assert one(monitor, LOG_GROUP).inputs["name"] == "/ecs/shop/exec"
