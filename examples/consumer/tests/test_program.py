"""The project's program under stackyard's mocks (stackyard.testing): offline, no cloud, no Pulumi CLI."""

from pathlib import Path

import pytest
from components.tags import team_tags
from stackyard.testing import Recording, mocks

PROGRAM = Path(__file__).resolve().parent.parent / "__main__.py"


def test_the_database_is_private_and_encrypted(stackyard_mocks: Recording) -> None:
    stackyard_mocks.run_program(PROGRAM)
    database = stackyard_mocks.get("aws:rds/instance:Instance")
    assert database.inputs["publiclyAccessible"] is False
    assert database.inputs["storageEncrypted"] is True


def test_every_tagged_resource_carries_the_team_tags(stackyard_mocks: Recording) -> None:
    stackyard_mocks.run_program(PROGRAM)
    network = stackyard_mocks.get("aws:ec2/vpc:Vpc")
    assert network.inputs["tags"].items() >= team_tags("orders", "cc-1234").items()


def test_the_api_reads_the_database_password_by_reference(stackyard_mocks: Recording) -> None:
    stackyard_mocks.run_program(PROGRAM)
    task = stackyard_mocks.get("aws:ecs/taskDefinition:TaskDefinition")
    assert "DATABASE_PASSWORD" in task.inputs["containerDefinitions"]


def test_the_database_admits_the_api_and_only_on_its_port(stackyard_mocks: Recording) -> None:
    stackyard_mocks.run_program(PROGRAM)
    service = stackyard_mocks.get("stackyard-aws:index:ContainerService")
    (group,) = [
        r for r in stackyard_mocks.resources("aws:ec2/securityGroup:SecurityGroup") if r.parent == service.urn
    ]
    rules = stackyard_mocks.resources("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule")
    (rule,) = [r for r in rules if r.inputs.get("referencedSecurityGroupId") == group.id]
    assert rule.inputs["fromPort"] == rule.inputs["toPort"] == 5432


def test_the_program_follows_the_stack_region() -> None:
    with mocks(aws_region="eu-central-1", config={"aws:region": "eu-central-1"}) as recording:
        recording.run_program(PROGRAM)
    subnets = recording.resources("aws:ec2/subnet:Subnet")
    assert subnets
    assert {s.inputs["availabilityZone"][:-1] for s in subnets} == {"eu-central-1"}


def test_own_components_package_refuses_an_empty_team() -> None:
    with pytest.raises(ValueError, match="team"):
        team_tags("", "cc-1234")
