"""Pulumi mocks for running the real program offline: `stackyard plan` and the tests use these.

`StackyardMocks` answers resource registrations with stable, unique, realistic ids (`vpc-0a1b…`,
`subnet-…`), AWS ARNs and GCP self links, and answers the provider functions the stacks call
(availability zones, caller identity, region, partition, GCP client config, zones, …). An unmocked
function fails loudly instead of returning empty data.

`RecordingMonitor` is Pulumi's `MockMonitor` plus what the plan needs and the stock monitor drops: each
registration's parent, `protect`, `retainOnDelete` and inputs (with every secret replaced by
"[secret]"), and URNs built the way the Pulumi engine builds them (the full parent type chain; none for
children of the root stack).
"""

from __future__ import annotations

import asyncio
import hashlib
import re
import threading
from dataclasses import dataclass, field
from typing import Any

import pulumi
from pulumi.runtime import mocks, rpc
from pulumi.runtime.proto import resource_pb2
from pulumi.runtime.sync_await import _sync_await

SECRET_MASK = "[secret]"
UNKNOWN_MASK = "[unknown]"

MOCK_ACCOUNT_ID = "123456789012"
MOCK_GCP_PROJECT = "stackyard-mock-project"
MOCK_GCP_PROJECT_NUMBER = "123456789012"


def _digest(text: str, length: int) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:length]


def _kebab(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "-", name).lower()


class MockArgs(mocks.MockResourceArgs):
    """`MockResourceArgs` plus the URN, so ids can be unique per resource, not per name."""

    def __init__(self, urn: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.urn = urn


# EC2-style ids: resource type -> (id prefix, ARN resource type).
_EC2_IDS = {
    "aws:ec2/vpc:Vpc": ("vpc", "vpc"),
    "aws:ec2/subnet:Subnet": ("subnet", "subnet"),
    "aws:ec2/internetGateway:InternetGateway": ("igw", "internet-gateway"),
    "aws:ec2/natGateway:NatGateway": ("nat", "natgateway"),
    "aws:ec2/eip:Eip": ("eipalloc", "elastic-ip"),
    "aws:ec2/routeTable:RouteTable": ("rtb", "route-table"),
    "aws:ec2/routeTableAssociation:RouteTableAssociation": ("rtbassoc", "route-table-association"),
    "aws:ec2/route:Route": ("r-rtb", "route"),
    "aws:ec2/securityGroup:SecurityGroup": ("sg", "security-group"),
    "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup": ("sg", "security-group"),
    "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule": ("sgr", "security-group-rule"),
    "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule": ("sgr", "security-group-rule"),
    "aws:ec2/flowLog:FlowLog": ("fl", "vpc-flow-log"),
    "aws:ec2/vpcEndpoint:VpcEndpoint": ("vpce", "vpc-endpoint"),
    "aws:ec2/instance:Instance": ("i", "instance"),
    "aws:ec2/networkInterface:NetworkInterface": ("eni", "network-interface"),
    "aws:ec2/launchTemplate:LaunchTemplate": ("lt", "launch-template"),
}

# Resources whose physical name the provider generates from the logical name (Pulumi auto-naming):
# type -> the property that carries it.
_AWS_AUTONAMED = {
    "aws:s3/bucket:Bucket": "bucket",
    "aws:s3/bucketV2:BucketV2": "bucket",
    "aws:secretsmanager/secret:Secret": "name",
    "aws:iam/role:Role": "name",
    "aws:iam/policy:Policy": "name",
    "aws:cloudwatch/logGroup:LogGroup": "name",
    "aws:sns/topic:Topic": "name",
    "aws:ecs/cluster:Cluster": "name",
    "aws:ecr/repository:Repository": "name",
    "aws:lb/loadBalancer:LoadBalancer": "name",
    "aws:lb/targetGroup:TargetGroup": "name",
    "aws:rds/instance:Instance": "identifier",
    "aws:rds/subnetGroup:SubnetGroup": "name",
    "aws:rds/parameterGroup:ParameterGroup": "name",
    "aws:elasticache/replicationGroup:ReplicationGroup": "replicationGroupId",
    "aws:elasticache/subnetGroup:SubnetGroup": "name",
    "aws:elasticache/parameterGroup:ParameterGroup": "name",
    "aws:ec2/securityGroup:SecurityGroup": "name",
}


class StackyardMocks(pulumi.runtime.Mocks):
    """Deterministic answers for every resource and function the stackyard stacks use."""

    def __init__(
        self,
        aws_region: str = "us-east-1",
        gcp_project: str = MOCK_GCP_PROJECT,
        gcp_region: str = "us-central1",
    ) -> None:
        self.aws_region = aws_region
        self.gcp_project = gcp_project
        self.gcp_region = gcp_region
        self.calls: list[tuple[str, dict[str, Any]]] = []
        """Every function call (token, arguments), for tests that check how a lookup was made."""

    # -- resources ----------------------------------------------------------------------------------------

    def new_resource(self, args: mocks.MockResourceArgs) -> tuple[str | None, dict[str, Any]]:
        urn = getattr(args, "urn", f"{args.typ}::{args.name}")
        state = dict(args.inputs)
        if not args.custom:
            return None, state
        package = args.typ.split(":", 1)[0]
        if package == "aws":
            return self._aws_resource(args.typ, args.name, urn, state)
        if package == "gcp":
            return self._gcp_resource(args.typ, args.name, urn, state)
        if package == "random":
            return self._random_resource(args.typ, urn, state)
        if args.typ.startswith("pulumi:providers:"):
            return f"{_digest(urn, 8)}-{_digest(urn + 'p', 4)}-provider", state
        return f"{args.name}-{_digest(urn, 8)}", state

    def _aws_resource(
        self, typ: str, name: str, urn: str, state: dict[str, Any]
    ) -> tuple[str, dict[str, Any]]:
        region, account = self.aws_region, MOCK_ACCOUNT_ID
        module, _, class_name = typ.split(":", 1)[1].partition(":")
        service = module.split("/", 1)[0]
        autoname = _AWS_AUTONAMED.get(typ)
        if autoname and not state.get(autoname):
            prefix = state.get(f"{autoname}Prefix")
            state[autoname] = f"{prefix}{_digest(urn, 26)}" if prefix else f"{name}-{_digest(urn, 7)}"
        if typ in _EC2_IDS:
            prefix, arn_type = _EC2_IDS[typ]
            resource_id = f"{prefix}-0{_digest(urn, 16)}"
            state["arn"] = f"arn:aws:ec2:{region}:{account}:{arn_type}/{resource_id}"
            if typ == "aws:ec2/eip:Eip":
                state["publicIp"] = f"203.0.113.{int(_digest(urn, 2), 16) % 254 + 1}"
                state["allocationId"] = resource_id
            if typ == "aws:ec2/instance:Instance":
                state["primaryNetworkInterfaceId"] = f"eni-0{_digest(urn + 'eni', 16)}"
                state["privateIp"] = (
                    f"10.0.{int(_digest(urn, 2), 16) % 250}.{int(_digest(urn + 'ip', 2), 16) % 250 + 4}"
                )
            if typ == "aws:ec2/vpc:Vpc":
                state["defaultSecurityGroupId"] = f"sg-0{_digest(urn + 'sg', 16)}"
                state["mainRouteTableId"] = f"rtb-0{_digest(urn + 'rtb', 16)}"
                state["defaultNetworkAclId"] = f"acl-0{_digest(urn + 'acl', 16)}"
            return resource_id, state
        if typ == "aws:secretsmanager/secret:Secret":
            arn = f"arn:aws:secretsmanager:{region}:{account}:secret:{state['name']}-{_digest(urn, 6)}"
            state["arn"] = arn
            return arn, state
        if typ == "aws:secretsmanager/secretVersion:SecretVersion":
            version = _uuid(urn)
            state["versionId"] = version
            state["arn"] = state.get("secretId")
            return f"{state.get('secretId')}|{version}", state
        if typ == "aws:rds/instance:Instance":
            identifier = state["identifier"]
            host = f"{identifier}.c{_digest('rds' + region, 11)}.{region}.rds.amazonaws.com"
            port = int(state.get("port") or 5432)
            state.update(
                address=host,
                endpoint=f"{host}:{port}",
                port=port,
                arn=f"arn:aws:rds:{region}:{account}:db:{identifier}",
                resourceId=f"db-{_digest(urn, 26).upper()}",
            )
            if state.get("manageMasterUserPassword"):
                secret = f"rds!db-{_uuid(urn)}-{_digest(urn, 6)}"
                state["masterUserSecrets"] = [
                    {
                        "secretArn": f"arn:aws:secretsmanager:{region}:{account}:secret:{secret}",
                        "secretStatus": "active",
                        "kmsKeyId": state.get("masterUserSecretKmsKeyId") or "alias/aws/secretsmanager",
                    }
                ]
            return identifier, state
        if typ == "aws:elasticache/replicationGroup:ReplicationGroup":
            group = state["replicationGroupId"]
            suffix = f"{_digest('ec' + region, 6)}.{_region_code(region)}.cache.amazonaws.com"
            state.update(
                primaryEndpointAddress=f"master.{group}.{suffix}",
                readerEndpointAddress=f"replica.{group}.{suffix}",
                port=int(state.get("port") or 6379),
                arn=f"arn:aws:elasticache:{region}:{account}:replicationgroup:{group}",
                clusterEnabled=False,
            )
            return group, state
        if typ == "aws:kms/key:Key":
            key_id = _uuid(urn)
            state["arn"] = f"arn:aws:kms:{region}:{account}:key/{key_id}"
            state["keyId"] = key_id
            return key_id, state
        if service == "iam":
            physical = state.get("name") or f"{name}-{_digest(urn, 7)}"
            state["arn"] = f"arn:aws:iam::{account}:{_kebab(class_name).split('-')[-1]}/{physical}"
            return physical, state
        if service == "s3" and autoname:
            bucket = state["bucket"]
            state["arn"] = f"arn:aws:s3:::{bucket}"
            state["bucketRegionalDomainName"] = f"{bucket}.s3.{region}.amazonaws.com"
            return bucket, state
        physical = state.get(autoname) if autoname else None
        resource_id = physical or f"{name}-{_digest(urn, 8)}"
        state.setdefault("arn", f"arn:aws:{service}:{region}:{account}:{_kebab(class_name)}/{resource_id}")
        return resource_id, state

    def _gcp_resource(
        self, typ: str, name: str, urn: str, state: dict[str, Any]
    ) -> tuple[str, dict[str, Any]]:
        project = state.get("project") or self.gcp_project
        state.setdefault("project", project)
        module, _, class_name = typ.split(":", 1)[1].partition(":")
        service = module.split("/", 1)[0]
        if "name" not in state:
            state["name"] = f"{name}-{_digest(urn, 7)}"
        collection = _plural(class_name[0].lower() + class_name[1:])
        if state.get("zone"):
            scope = f"zones/{state['zone']}"
        elif state.get("region"):
            scope = f"regions/{state['region']}"
        elif state.get("location"):
            scope = f"locations/{state['location']}"
        else:
            scope = "global"
        resource_id = f"projects/{project}/{scope}/{collection}/{state['name']}"
        if service == "compute":
            state["selfLink"] = f"https://www.googleapis.com/compute/v1/{resource_id}"
        return resource_id, state

    def _random_resource(self, typ: str, urn: str, state: dict[str, Any]) -> tuple[str, dict[str, Any]]:
        """pulumi-random: a deterministic `result` per URN that honours `length` and the character classes
        (`upper`, `lower`, `numeric`, `special`, `overrideSpecial`), and a unique id (the provider's is
        "none" for every password; plan ids must be unique)."""
        if typ in ("random:index/randomPassword:RandomPassword", "random:index/randomString:RandomString"):
            alphabet = (
                "".join(
                    chars
                    for flag, chars in (
                        ("upper", "ABCDEFGHIJKLMNOPQRSTUVWXYZ"),
                        ("lower", "abcdefghijklmnopqrstuvwxyz"),
                        ("numeric", "0123456789"),
                        ("special", state.get("overrideSpecial") or "!@#$%&*()-_=+[]{}<>:?"),
                    )
                    if state.get(flag, True) is not False
                )
                or "abcdefghijklmnopqrstuvwxyz"
            )
            length = int(state.get("length") or 16)
            stream = b"".join(hashlib.sha256(f"{urn}#{n}".encode()).digest() for n in range(length // 32 + 1))
            state["result"] = "".join(alphabet[b % len(alphabet)] for b in stream[:length])
            if typ == "random:index/randomPassword:RandomPassword":
                state["bcryptHash"] = f"$2a$10${_digest(urn + 'bcrypt', 53)}"
        return _digest(urn, 16), state

    # -- functions ------------------------------------------------------------------------------------------

    def call(self, args: mocks.MockCallArgs) -> Any:
        self.calls.append((args.token, dict(args.args)))
        handler = self._functions().get(args.token)
        if handler is None:
            return {}, [
                ("token", f"stackyard's mocks have no answer for {args.token}; add one in stacks/mocks.py")
            ]
        return handler(args.args)

    def _functions(self) -> dict[str, Any]:
        region = self.aws_region
        return {
            "aws:index/getAvailabilityZones:getAvailabilityZones": lambda a: {
                "names": [f"{region}{letter}" for letter in "abcdef"],
                "zoneIds": [f"{_region_code(region)}-az{n}" for n in range(1, 7)],
                "groupNames": [region] * 6,
                "id": region,
                "state": a.get("state"),
            },
            "aws:index/getCallerIdentity:getCallerIdentity": lambda a: {
                "accountId": MOCK_ACCOUNT_ID,
                "arn": f"arn:aws:iam::{MOCK_ACCOUNT_ID}:user/stackyard-plan",
                "userId": "AIDASTACKYARDPLAN",
                "id": MOCK_ACCOUNT_ID,
            },
            "aws:index/getRegion:getRegion": lambda a: {
                "region": a.get("region") or region,
                "name": a.get("region") or region,
                "id": a.get("region") or region,
                "endpoint": f"ec2.{region}.amazonaws.com",
                "description": region,
            },
            "aws:index/getPartition:getPartition": lambda a: {
                "partition": "aws",
                "dnsSuffix": "amazonaws.com",
                "reverseDnsPrefix": "com.amazonaws",
                "id": "aws",
            },
            "aws:ec2/getAmi:getAmi": lambda a: {
                "id": f"ami-0{_digest(str(sorted(a.items())), 16)}",
                "imageId": f"ami-0{_digest(str(sorted(a.items())), 16)}",
                "architecture": "arm64",
                "name": "mock-ami",
                "owners": a.get("owners", []),
            },
            "gcp:organizations/getClientConfig:getClientConfig": lambda a: {
                "project": self.gcp_project,
                "region": self.gcp_region,
                "zone": f"{self.gcp_region}-a",
                "id": self.gcp_project,
                "accessToken": "mock-token",
            },
            "gcp:organizations/getProject:getProject": lambda a: {
                "projectId": a.get("projectId") or self.gcp_project,
                "number": MOCK_GCP_PROJECT_NUMBER,
                "name": a.get("projectId") or self.gcp_project,
                "id": f"projects/{a.get('projectId') or self.gcp_project}",
            },
            "gcp:compute/getZones:getZones": lambda a: {
                "names": [f"{a.get('region') or self.gcp_region}-{z}" for z in "abcf"],
                "project": a.get("project") or self.gcp_project,
                "region": a.get("region") or self.gcp_region,
                "id": f"projects/{self.gcp_project}/regions/{a.get('region') or self.gcp_region}",
            },
        }


def _uuid(seed: str) -> str:
    h = _digest(seed, 32)
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


def _region_code(region: str) -> str:
    parts = region.split("-")
    return f"{parts[0]}{''.join(p[0] for p in parts[1:-1])}{parts[-1]}" if len(parts) >= 3 else region


def _plural(word: str) -> str:
    if word.endswith("ss") or word.endswith("sh"):
        return word + "es"
    if word.endswith("y"):
        return word[:-1] + "ies"
    return word if word.endswith("s") else word + "s"


@dataclass
class Registration:
    """One resource as the plan reports it."""

    urn: str
    type: str
    name: str
    parent: str | None
    custom: bool
    id: str | None
    protect: bool
    retain_on_delete: bool
    inputs: dict[str, Any]
    state: dict[str, Any] = field(default_factory=dict, repr=False)


class RecordingMonitor(mocks.MockMonitor):
    """A `MockMonitor` that records every registration the way the plan reports it."""

    def __init__(self, mocks_: StackyardMocks) -> None:
        super().__init__(mocks_)
        self.registrations: dict[str, Registration] = {}
        self._lock = threading.Lock()
        self._local = threading.local()
        self._thread_loops: list[asyncio.AbstractEventLoop] = []

    def _use_thread_loop(self) -> None:
        """The SDK calls the monitor from executor threads and leaves an event loop open in each; give each
        thread a loop this monitor owns, so `close()` can close them all."""
        if threading.current_thread() is threading.main_thread() or getattr(self._local, "loop", None):
            return
        loop = asyncio.new_event_loop()
        asyncio.set_event_loop(loop)
        self._local.loop = loop
        with self._lock:
            self._thread_loops.append(loop)

    def close(self) -> None:
        """Close the event loops of the threads that called this monitor."""
        with self._lock:
            loops, self._thread_loops = self._thread_loops, []
        for loop in loops:
            loop.close()

    def Invoke(self, request: Any) -> Any:
        self._use_thread_loop()
        return super().Invoke(request)

    def ReadResource(self, request: Any) -> Any:
        self._use_thread_loop()
        return super().ReadResource(request)

    def make_urn(self, parent: str, type_: str, name: str) -> str:
        qualified = type_
        if parent:
            parent_type = parent.split("::")[2]
            if parent_type != "pulumi:pulumi:Stack":
                qualified = f"{parent_type}${type_}"
        stack, project = pulumi.get_stack(), pulumi.get_project()
        return f"urn:pulumi:{stack}::{project}::{qualified}::{name}"

    def RegisterResource(self, request: Any) -> Any:
        self._use_thread_loop()
        urn = self.make_urn(request.parent, request.type, request.name)
        raw_inputs = rpc.deserialize_properties(request.object, keep_unknowns=True)
        if request.type == "pulumi:pulumi:Stack":
            resource_id, state = None, {}
        else:
            args = MockArgs(
                urn=urn,
                typ=request.type,
                name=request.name,
                inputs=_unwrap_secrets(raw_inputs),
                provider=request.provider,
                resource_id=request.importId,
                custom=request.custom or False,
            )
            resource_id, state = self.mocks.new_resource(args)
        registration = Registration(
            urn=urn,
            type=request.type,
            name=request.name,
            parent=request.parent or None,
            custom=bool(request.custom),
            id=resource_id if request.custom else None,
            protect=bool(request.protect),
            retain_on_delete=bool(request.retainOnDelete),
            inputs=mask_secrets(raw_inputs),
            state=state,
        )
        with self._lock:
            if urn in self.registrations:
                raise ValueError(f"duplicate resource URN {urn}")
            self.registrations[urn] = registration
            self.resources[urn] = mocks.MockMonitor.ResourceRegistration(urn, resource_id or "", state)
        props = _sync_await(rpc.serialize_properties(state, {}))
        return resource_pb2.RegisterResourceResponse(urn=urn, id=resource_id or "", object=props)


def _unwrap_secrets(value: Any) -> Any:
    if rpc.is_rpc_secret(value):
        return _unwrap_secrets(rpc.unwrap_rpc_secret(value))
    if isinstance(value, dict):
        return {k: _unwrap_secrets(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_unwrap_secrets(v) for v in value]
    return value


def mask_secrets(value: Any) -> Any:
    """`value` with every secret replaced by "[secret]" and every unknown by "[unknown]"."""
    if rpc.is_rpc_secret(value):
        return SECRET_MASK
    if value == rpc.UNKNOWN:
        return UNKNOWN_MASK
    if isinstance(value, dict):
        return {k: mask_secrets(v) for k, v in value.items()}
    if isinstance(value, list):
        return [mask_secrets(v) for v in value]
    if isinstance(value, float) and value.is_integer():
        return int(value)  # protobuf carries every number as a double; 7.0 was given as 7
    return value
