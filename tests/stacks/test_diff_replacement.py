"""The replacement table of `stackyard diff` (stacks/replacement.py): it covers every stateful type that a
stack plan holds, names inputs the provider SDKs really have, and its conditions act as the providers'.

The types of every stack plan are read from the plan inventories (tests/inventory/*.yaml), which
tests/stacks/test_inventory.py holds to the plans, so no stack is rendered here.
"""

from __future__ import annotations

import importlib
import inspect
import re
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import yaml

from stacks.replacement import REPLACEMENT, STATEFUL_KINDS, forced_replacements, rule_for

INVENTORY = Path(__file__).resolve().parent.parent / "inventory"

# Resource types that hold state: replacing or deleting one loses data, or something that cannot be
# recreated as it was. Declared here, independently of the table.
STATEFUL = {
    "aws:rds/instance:Instance",
    "aws:rds/clusterInstance:ClusterInstance",
    "aws:elasticache/replicationGroup:ReplicationGroup",
    "aws:s3/bucket:Bucket",
    "aws:s3/bucketV2:BucketV2",
    "aws:ebs/volume:Volume",
    "aws:ecr/repository:Repository",
    "aws:kms/key:Key",
    "aws:secretsmanager/secret:Secret",
    "aws:ec2/vpc:Vpc",
    "aws:ec2/subnet:Subnet",
    "aws:eks/cluster:Cluster",
    "gcp:sql/databaseInstance:DatabaseInstance",
    "gcp:sql/database:Database",
    "gcp:redis/instance:Instance",
    "gcp:storage/bucket:Bucket",
    "gcp:compute/disk:Disk",
    "gcp:artifactregistry/repository:Repository",
    "gcp:kms/keyRing:KeyRing",
    "gcp:kms/cryptoKey:CryptoKey",
    "gcp:secretmanager/secret:Secret",
    "gcp:compute/network:Network",
    "gcp:compute/subnetwork:Subnetwork",
    "gcp:container/cluster:Cluster",
    "kubernetes:core/v1:PersistentVolumeClaim",
    "kubernetes:core/v1:PersistentVolume",
    "kubernetes:apps/v1:StatefulSet",
}

# Types whose names look stateful but whose loss the program recreates as it was.
STATELESS = {
    "aws:ec2/instance:Instance": "the staging NAT instance: forwards packets, keeps no data",
    "aws:ec2/routeTable:RouteTable": "routes, from the program",
    "aws:ec2/routeTableAssociation:RouteTableAssociation": "an association",
    "aws:ec2/vpcEndpoint:VpcEndpoint": "an endpoint, from the program",
    "aws:ecs/cluster:Cluster": "a name for services; ECS keeps no data in it",
    "aws:ecs/clusterCapacityProviders:ClusterCapacityProviders": "a setting of the cluster",
    "aws:elasticache/subnetGroup:SubnetGroup": "a list of subnets",
    "aws:rds/subnetGroup:SubnetGroup": "a list of subnets",
    "aws:rds/instanceAutomatedBackupsReplication:InstanceAutomatedBackupsReplication": "a setting",
    "aws:secretsmanager/secretVersion:SecretVersion": "a value from the program; the secret holds it",
    "aws:s3/bucketLogging:BucketLogging": "a setting of the bucket (where its access logs go)",
    "gcp:secretmanager/secretVersion:SecretVersion": "a value from the program; the secret holds it",
    "kubernetes:core/v1:Secret": "data from the program",
    "gcp:compute/backendBucket:BackendBucket": "a load balancer's pointer to a bucket",
    "gcp:compute/regionNetworkEndpointGroup:RegionNetworkEndpointGroup": "a pointer to a service",
}
LOOKS_STATEFUL = re.compile(
    r"(?i)(instance|database|bucket|volume|disk|secret|key|repository|cluster|cache|replicationgroup|table|"
    r"filesystem|vpc|subnet|network|store)"
)
# Dependent settings of a stateful resource (bucket policies, IAM members, network policies ...).
SUB_RESOURCE = re.compile(r"(?i)(Configuration|Config|Controls|Policy|Block|Versioning|IamMember|IAMMember)$")

# The types issue #17 names, whether or not a component creates them today.
NAMED = {
    "aws:rds/instance:Instance",
    "aws:rds/clusterInstance:ClusterInstance",
    "aws:rds/subnetGroup:SubnetGroup",
    "aws:rds/parameterGroup:ParameterGroup",
    "aws:elasticache/replicationGroup:ReplicationGroup",
    "aws:s3/bucketV2:BucketV2",
    "aws:s3/bucket:Bucket",
    "aws:kms/key:Key",
    "aws:secretsmanager/secret:Secret",
    "aws:ec2/subnet:Subnet",
    "aws:ec2/vpc:Vpc",
    "aws:ebs/volume:Volume",
    "gcp:sql/databaseInstance:DatabaseInstance",
    "gcp:redis/instance:Instance",
    "gcp:storage/bucket:Bucket",
    "gcp:kms/cryptoKey:CryptoKey",
    "gcp:kms/keyRing:KeyRing",
    "gcp:secretmanager/secret:Secret",
    "gcp:compute/network:Network",
    "gcp:compute/subnetwork:Subnetwork",
    "kubernetes:core/v1:PersistentVolumeClaim",
    "kubernetes:apps/v1:StatefulSet",
}


def plan_types() -> set[str]:
    found: set[str] = set()
    for path in INVENTORY.glob("*.yaml"):
        found |= set(yaml.safe_load(path.read_text())["counts"])
    return found


def test_every_stateful_type_in_a_stack_plan_is_declared_stateful() -> None:
    types = plan_types()
    assert len(types) > 50, "no plan inventories found"
    present = types & STATEFUL
    assert {"aws:rds/instance:Instance", "gcp:sql/databaseInstance:DatabaseInstance"} <= present
    for type_ in sorted(present):
        assert type_ in REPLACEMENT, (
            f"{type_} is stateful and in a plan: declare it in stacks/replacement_rules_<cloud>.py"
        )
        rule = REPLACEMENT[type_]
        assert rule.stateful and rule.forces, type_


def test_every_type_that_looks_stateful_is_classified() -> None:
    """A new resource type in a plan that looks stateful must be added to STATEFUL (and the table) or to
    STATELESS with the reason."""
    unknown = [
        t
        for t in sorted(plan_types())
        if not t.startswith("stackyard-")
        and LOOKS_STATEFUL.search(t.rsplit(":", 1)[-1])
        and not SUB_RESOURCE.search(t.rsplit(":", 1)[-1])
        and t not in STATEFUL
        and t not in STATELESS
    ]
    assert not unknown, f"classify these as stateful (stacks/replacement.py) or stateless (here): {unknown}"
    for type_ in STATELESS:
        assert not rule_for(type_).stateful, type_


def test_the_types_the_issue_names_are_declared() -> None:
    assert set(REPLACEMENT) >= NAMED, sorted(NAMED - set(REPLACEMENT))
    assert {t for t in STATEFUL if t in REPLACEMENT} == STATEFUL, sorted(STATEFUL - set(REPLACEMENT))
    for type_ in STATEFUL:
        assert REPLACEMENT[type_].stateful, type_


def test_every_entry_has_a_kind_and_a_source() -> None:
    for type_, rule in REPLACEMENT.items():
        assert rule.kind is None or rule.kind in STATEFUL_KINDS, type_
        assert re.search(r"\w+/[\w-]+ \S+", rule.source), f"{type_}: cite the repository and file"
        assert rule.forces, type_
        assert len({f.path for f in rule.forces}) == len(rule.forces), f"{type_}: a path twice"


# -- the inputs exist ----------------------------------------------------------------------------------------


def _snake(name: str) -> str:
    return re.sub(r"(?<=[a-z0-9])([A-Z])", r"_\1", name).lower()


def _resource_class(token: str) -> tuple[ModuleType, Any]:
    provider, module, name = token.split(":")
    package = {"aws": "pulumi_aws", "gcp": "pulumi_gcp", "kubernetes": "pulumi_kubernetes"}.get(
        provider, f"pulumi_{provider}"
    )
    first = module.split("/")[0]
    if provider == "kubernetes":
        version = module.split("/")[1]
        found = importlib.import_module(f"{package}.{first.split('.')[0]}.{version}")
    elif first == "index":
        found = importlib.import_module(package)
    else:
        found = importlib.import_module(f"{package}.{'lambda_' if first == 'lambda' else first}")
    return found, getattr(found, name)


def _args_class(annotation: Any, module: ModuleType) -> Any:
    """The `…Args` input type named in a parameter's annotation."""
    for qualifier, name in re.findall(r"([\w.]*?)(\w+Args)\b", str(annotation)):
        where = module
        if qualifier:
            where = importlib.import_module(f"{module.__name__.split('.')[0]}.{qualifier.strip('._')}")
        if hasattr(where, name):
            return getattr(where, name)
    return None


@pytest.mark.parametrize("type_", sorted(REPLACEMENT))
def test_each_path_is_an_input_of_the_provider_sdk(type_: str) -> None:
    """Every segment of every path is an argument of the resource or of its nested input types, in the
    installed provider SDK: a misspelt or renamed input fails here."""
    module, resource_class = _resource_class(type_)
    for forces in REPLACEMENT[type_].forces:
        parameters = inspect.signature(resource_class._internal_init).parameters
        annotation: Any = None
        for index, part in enumerate(forces.parts):
            if index:
                nested = _args_class(annotation, module)
                assert nested is not None, f"{type_} {forces.path}: no input type under {part}"
                parameters = inspect.signature(nested.__init__).parameters
            assert _snake(part) in parameters, f"{type_}: {forces.path} ({part}) is not an input"
            annotation = parameters[_snake(part)].annotation


# -- conditions ----------------------------------------------------------------------------------------------


def forced(type_: str, before: dict[str, Any], after: dict[str, Any]) -> list[str]:
    return [f.path for f in forced_replacements(type_, before, after)]


def test_conditions_mirror_the_providers() -> None:
    subnet = "gcp:compute/subnetwork:Subnetwork"
    assert forced(subnet, {"ipCidrRange": "10.0.0.0/20"}, {"ipCidrRange": "10.0.0.0/19"}) == []  # expanded
    assert forced(subnet, {"ipCidrRange": "10.0.0.0/20"}, {"ipCidrRange": "10.0.0.0/21"}) == ["ipCidrRange"]
    assert forced(subnet, {"ipCidrRange": "10.0.0.0/20"}, {"ipCidrRange": "10.9.0.0/20"}) == ["ipCidrRange"]
    cache = "aws:elasticache/replicationGroup:ReplicationGroup"
    assert forced(cache, {"engineVersion": "7.0"}, {"engineVersion": "7.1"}) == []
    assert forced(cache, {"engineVersion": "7.1"}, {"engineVersion": "6.2"}) == ["engineVersion"]
    assert forced(cache, {"engine": "redis"}, {"engine": "valkey"}) == []
    assert forced(cache, {"engine": "valkey"}, {"engine": "redis"}) == ["engine"]
    sql = "gcp:sql/databaseInstance:DatabaseInstance"
    assert forced(sql, {"settings": {"diskSize": 20}}, {"settings": {"diskSize": 50}}) == []
    assert forced(sql, {"settings": {"diskSize": 50}}, {"settings": {"diskSize": 20}}) == [
        "settings.diskSize"
    ]


def test_unconditional_inputs_and_the_provider_wide_ones() -> None:
    rds = "aws:rds/instance:Instance"
    assert forced(
        rds, {"identifier": "a", "instanceClass": "x"}, {"identifier": "b", "instanceClass": "y"}
    ) == ["identifier"]
    assert forced(rds, {"region": "us-east-1"}, {"region": "us-west-2"}) == ["region"]
    assert forced(rds, {"identifier": "a"}, {"identifier": "a", "tags": {"x": "y"}}) == []
    assert forced(rds, {"kmsKeyId": None}, {}) == []  # absent and empty alike
    assert forced("aws:sns/topic:Topic", {"region": "us-east-1"}, {"region": "eu-west-1"}) == ["region"]
    assert forced("gcp:pubsub/topic:Topic", {"project": "a"}, {"project": "b"}) == ["project"]
    deployment = "kubernetes:apps/v1:Deployment"
    assert forced(deployment, {"metadata": {"name": "a"}}, {"metadata": {"name": "b"}}) == ["metadata.name"]
    assert forced("kubernetes:core/v1:PersistentVolumeClaim", {"spec": {"a": 1}}, {"spec": {"a": 2}}) == [
        "spec"
    ]
    assert not rule_for("pulumi:providers:aws").forces
