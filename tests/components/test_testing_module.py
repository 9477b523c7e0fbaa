"""`stackyard.testing` (components/testing.py) and the one clear error under mocks that cannot answer the
components (components/mock_check.py), #16.

The guide's mocks (https://www.pulumi.com/docs/iac/guides/testing/unit/) echo a resource's inputs and return
`{}` from `call`: the components read provider functions and computed outputs, and used to fail with a
`TypeError` deep inside (`len(None)` in Vpc's zones, `quote(None)` in the database URL)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterator
from typing import Any

import pulumi
import pytest
import stackyard.aws
import stackyard.gcp
from stackyard.testing import MocksError, Recording, StackyardMocks, mocks, stackyard_mocks  # noqa: F401

AWS_ANSWERS = {
    "region": "eu-west-1",
    "names": ["eu-west-1a", "eu-west-1b"],
    "accountId": "1",
    "partition": "aws",
}


class GuideMocks(pulumi.runtime.Mocks):
    """As Pulumi's testing guide writes them."""

    def new_resource(self, args: pulumi.runtime.MockResourceArgs) -> tuple[str, dict[str, Any]]:
        return args.name + "_id", args.inputs

    def call(self, args: pulumi.runtime.MockCallArgs) -> dict[str, Any]:
        return {}


class AnsweringCallsOnly(GuideMocks):
    """Functions answered, resources still echoed."""

    def call(self, args: pulumi.runtime.MockCallArgs) -> dict[str, Any]:
        return AWS_ANSWERS


@pytest.fixture
def under() -> Iterator[Callable[[pulumi.runtime.Mocks], None]]:
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)

    def use(mocks_: pulumi.runtime.Mocks) -> None:
        pulumi.runtime.reset_options()
        pulumi.runtime.set_mocks(mocks_, project="p", stack="s", preview=False)

    yield use
    asyncio.set_event_loop(None)
    loop.close()


COMPONENTS: dict[str, Callable[[], object]] = {
    "aws Vpc": lambda: stackyard.aws.Vpc("net", {"cidr_block": "10.0.0.0/16", "zone_count": 2}),
    "aws ManagedPostgres": lambda: stackyard.aws.ManagedPostgres(
        "db", {"vpc_id": "vpc-1", "subnet_ids": ["a", "b"], "instance_class": "db.t4g.small"}
    ),
    "aws ContainerService": lambda: stackyard.aws.ContainerService(
        "api",
        {
            "cluster_arn": "arn:aws:ecs:eu-west-1:1:cluster/c",
            "cluster_name": "c",
            "vpc_id": "vpc-1",
            "vpc_cidr": "10.0.0.0/16",
            "subnet_ids": ["subnet-1"],
            "image": "nginx:1.27",
            "port": 8080,
        },
    ),
    "gcp Vpc": lambda: stackyard.gcp.Vpc("net", {"cidr_block": "10.0.0.0/16"}),
    "gcp RedisCache": lambda: stackyard.gcp.RedisCache(
        "cache", {"network_id": "projects/p/global/networks/n"}
    ),
}


@pytest.mark.parametrize("component", sorted(COMPONENTS))
def test_the_guides_mocks_get_one_clear_error(component: str, under: Callable[..., None]) -> None:
    under(GuideMocks())
    with pytest.raises(MocksError) as raised:
        pulumi.runtime.test(COMPONENTS[component])()
    message = str(raised.value)
    token = "aws:index/getRegion:getRegion" if component.startswith("aws") else "getClientConfig"
    assert token in message
    assert "random:index/randomPassword:RandomPassword (needs 'result'" in message
    assert "stackyard.testing.mocks()" in message


def test_kubernetes_components_read_no_function_and_run_under_the_guides_mocks(
    under: Callable[..., None],
) -> None:
    import stackyard.k8s

    under(GuideMocks())
    pulumi.runtime.test(lambda: stackyard.k8s.AppNamespace("shop", {"part_of": "shop"}))()


def test_mocks_that_answer_calls_but_echo_resources_are_told_what_is_missing(
    under: Callable[..., None],
) -> None:
    under(AnsweringCallsOnly())
    with pytest.raises(MocksError) as raised:
        pulumi.runtime.test(COMPONENTS["aws ManagedPostgres"])()
    assert "call() for" not in str(raised.value)
    assert "new_resource() for random:index/randomPassword:RandomPassword" in str(raised.value)


class Complete(AnsweringCallsOnly):
    """Answers what the check asks, and counts how often it is asked."""

    def __init__(self) -> None:
        self.probes = 0

    def new_resource(self, args: pulumi.runtime.MockResourceArgs) -> tuple[str, dict[str, Any]]:
        self.probes += args.name == "stackyard-mocks-probe"
        return args.name + "_id", {**args.inputs, "result": "generated"}


def test_mocks_that_answer_what_is_asked_are_asked_once(under: Callable[..., None]) -> None:
    answering = Complete()
    under(answering)
    pulumi.runtime.test(COMPONENTS["aws Vpc"])()
    pulumi.runtime.test(COMPONENTS["aws Vpc"])()
    assert answering.probes == 1


def test_stackyard_mocks_are_never_asked(under: Callable[..., None]) -> None:
    class Counting(StackyardMocks):
        probes = 0

        def new_resource(self, args: pulumi.runtime.MockResourceArgs) -> Any:
            self.probes += args.name == "stackyard-mocks-probe"
            return super().new_resource(args)

    answers = Counting(aws_region="eu-west-1")
    under(answers)
    pulumi.runtime.test(COMPONENTS["aws Vpc"])()
    assert answers.probes == 0


# -- stackyard.testing ------------------------------------------------------------------------------------


def test_mocks_record_the_resources_and_their_inputs() -> None:
    with mocks(aws_region="eu-west-1") as recording:
        recording.run(COMPONENTS["aws ManagedPostgres"])
    database = recording.get("aws:rds/instance:Instance")
    assert database.inputs["publiclyAccessible"] is False
    assert recording.get("stackyard-aws:index:ManagedPostgres", "db").urn.endswith("::db")
    assert database in recording.resources()
    assert recording.resources("aws:rds/instance:Instance") == [database]


def test_get_names_what_there_is_when_it_cannot_pick_one() -> None:
    with mocks() as recording:
        recording.run(COMPONENTS["aws Vpc"])
    with pytest.raises(LookupError, match=r"0 resources of aws:rds/instance:Instance; .*: none"):
        recording.get("aws:rds/instance:Instance")
    with pytest.raises(LookupError, match=r"\d+ resources of aws:ec2/subnet:Subnet; registered .*net-"):
        recording.get("aws:ec2/subnet:Subnet")


def test_the_region_reaches_the_zones() -> None:
    with mocks(aws_region="ap-south-1") as recording:
        recording.run(COMPONENTS["aws Vpc"])
    zones = {s.inputs["availabilityZone"] for s in recording.resources("aws:ec2/subnet:Subnet")}
    assert zones == {"ap-south-1a", "ap-south-1b"}


def test_the_fixture_gives_a_recording(stackyard_mocks: Recording) -> None:  # noqa: F811
    stackyard_mocks.run(COMPONENTS["gcp Vpc"])
    assert stackyard_mocks.get("stackyard-gcp:index:Vpc").name == "net"
