"""The mocks behind `stackyard plan`: provider functions answer like the clouds do, ids look real."""

from __future__ import annotations

import re

import pulumi
import pulumi_aws as aws
import pulumi_gcp as gcp
import pytest

from stacks.mocks import MOCK_ACCOUNT_ID, RecordingMonitor
from tests.conftest import of_type


def test_aws_functions(monitor: RecordingMonitor) -> None:
    identity = aws.get_caller_identity()
    assert identity.account_id == MOCK_ACCOUNT_ID and identity.arn.startswith("arn:aws:iam::123456789012:")
    assert aws.get_region().region == "us-east-1"
    partition = aws.get_partition()
    assert (partition.partition, partition.dns_suffix) == ("aws", "amazonaws.com")
    zones = aws.get_availability_zones(state="available")
    assert zones.names[:3] == ["us-east-1a", "us-east-1b", "us-east-1c"] and len(zones.names) == 6
    assert zones.zone_ids[0] == "use1-az1"
    ami = aws.ec2.get_ami(
        owners=["amazon"], most_recent=True, filters=[{"name": "name", "values": ["al2023-*"]}]
    )
    assert re.fullmatch(r"ami-0[0-9a-f]{16}", ami.id)


def test_gcp_functions(monitor: RecordingMonitor) -> None:
    client = gcp.organizations.get_client_config()
    assert client.project == "stackyard-mock-project" and client.region == "us-central1"
    zones = gcp.compute.get_zones(region="europe-west1")
    assert zones.names == ["europe-west1-a", "europe-west1-b", "europe-west1-c", "europe-west1-f"]
    assert gcp.organizations.get_project().number == "123456789012"


def test_gcp_resources_get_self_links(monitor: RecordingMonitor) -> None:
    @pulumi.runtime.test
    def program() -> None:
        network = gcp.compute.Network("net", auto_create_subnetworks=False)
        gcp.compute.Subnetwork("apps", network=network.id, ip_cidr_range="10.0.0.0/20", region="us-central1")

    program()
    (network,) = of_type(monitor, "gcp:compute/network:Network")
    (subnet,) = of_type(monitor, "gcp:compute/subnetwork:Subnetwork")
    assert re.fullmatch(r"projects/stackyard-mock-project/global/networks/net-[0-9a-f]{7}", network.id or "")
    assert network.state["selfLink"] == f"https://www.googleapis.com/compute/v1/{network.id}"
    assert subnet.inputs["network"] == network.id
    assert subnet.state["selfLink"].startswith(
        "https://www.googleapis.com/compute/v1/projects/stackyard-mock-project/regions/us-central1/subnetworks/apps-"
    )


def test_an_unmocked_function_fails_loudly(monitor: RecordingMonitor) -> None:
    with pytest.raises(Exception, match="stackyard's mocks have no answer for aws:iam/getUser:getUser"):
        aws.iam.get_user(user_name="nobody")
