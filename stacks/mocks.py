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
        self.vpc_cidrs: dict[str, str] = {}
        """The CIDR block of every mocked VPC by id, so `getVpc` answers with it."""

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
                self.vpc_cidrs[resource_id] = state.get("cidrBlock") or "10.0.0.0/16"
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
        if typ == "aws:sns/topic:Topic":
            arn = f"arn:aws:sns:{region}:{account}:{state['name']}"
            state["arn"] = arn
            return arn, state
        if typ == "aws:cloudwatch/logGroup:LogGroup":
            state["arn"] = f"arn:aws:logs:{region}:{account}:log-group:{state['name']}"
            return state["name"], state
        if typ == "aws:ecs/cluster:Cluster":
            arn = f"arn:aws:ecs:{region}:{account}:cluster/{state['name']}"
            state["arn"] = arn
            return arn, state
        if typ == "aws:eks/cluster:Cluster":
            return _aws_eks_cluster(state, name, region, account, urn), state
        if typ == "aws:kms/key:Key":
            key_id = _uuid(urn)
            state["arn"] = f"arn:aws:kms:{region}:{account}:key/{key_id}"
            state["keyId"] = key_id
            return key_id, state
        if typ == "aws:ecr/repository:Repository":
            state["arn"] = f"arn:aws:ecr:{region}:{account}:repository/{state['name']}"
            state["registryId"] = account
            state["repositoryUrl"] = f"{account}.dkr.ecr.{region}.amazonaws.com/{state['name']}"
            return state["name"], state
        if typ == "aws:lb/targetGroup:TargetGroup":
            suffix = f"targetgroup/{state['name']}/{_digest(urn, 16)}"
            state["arn"] = f"arn:aws:elasticloadbalancing:{region}:{account}:{suffix}"
            state["arnSuffix"] = suffix
            return state["arn"], state
        if typ == "aws:ecs/taskDefinition:TaskDefinition":
            family = state["family"]
            state["arnWithoutRevision"] = f"arn:aws:ecs:{region}:{account}:task-definition/{family}"
            state["arn"] = f"{state['arnWithoutRevision']}:1"
            state["revision"] = 1
            return family, state
        if typ == "aws:lb/loadBalancer:LoadBalancer":
            kind = "net" if state.get("loadBalancerType") == "network" else "app"
            suffix = f"{kind}/{state['name']}/{_digest(urn, 16)}"
            state["arn"] = f"arn:aws:elasticloadbalancing:{region}:{account}:loadbalancer/{suffix}"
            state["arnSuffix"] = suffix
            number = int(_digest(urn, 8), 16) % 10**10
            state["dnsName"] = f"{state['name']}-{number}.{region}.elb.amazonaws.com"
            state["zoneId"] = _ALB_ZONE_IDS.get(region, f"Z{_digest(region, 13).upper()}")
            return state["arn"], state
        if typ == "aws:lb/listener:Listener":
            balancer = str(state.get("loadBalancerArn") or "").split(":loadbalancer/", 1)[-1]
            listener = f"listener/{balancer}/{_digest(urn, 16)}"
            state["arn"] = f"arn:aws:elasticloadbalancing:{region}:{account}:{listener}"
            return state["arn"], state
        if typ == "aws:acm/certificate:Certificate":
            state["arn"] = f"arn:aws:acm:{region}:{account}:certificate/{_uuid(urn)}"
            state["status"] = "ISSUED"
            names = [state.get("domainName"), *(state.get("subjectAlternativeNames") or [])]
            state["domainValidationOptions"] = [
                {
                    "domainName": domain,
                    "resourceRecordName": f"_{_digest(account + domain, 32)}.{domain}.",
                    "resourceRecordType": "CNAME",
                    "resourceRecordValue": f"_{_digest(domain + 'acm', 32)}.acm-validations.aws.",
                }
                for domain in dict.fromkeys(n for n in names if n)
            ]
            return state["arn"], state
        if typ == "aws:route53/record:Record":
            state["fqdn"] = str(state.get("name") or name).rstrip(".")
            return f"{state.get('zoneId')}_{state['fqdn']}_{state.get('type')}", state
        if typ == "aws:cloudfront/distribution:Distribution":
            distribution_id = f"E{_digest(urn, 13).upper()}"
            state["arn"] = f"arn:aws:cloudfront::{account}:distribution/{distribution_id}"
            state["domainName"] = f"{distribution_id.lower()}.cloudfront.net"
            state["hostedZoneId"] = "Z2FDTNDATAQYW2"  # every CloudFront distribution's alias target zone
            state["status"] = "Deployed"
            return distribution_id, state
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
        enrich = _GCP_OUTPUTS.get(typ)
        if enrich is not None:
            resource_id = enrich(state, project, urn, self.gcp_region) or resource_id
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
            "aws:elb/getServiceAccount:getServiceAccount": lambda a: {
                "arn": "arn:aws:iam::127311923021:root",
                "id": "127311923021",
                "region": a.get("region") or region,
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
            "aws:ec2/getVpc:getVpc": lambda a: {
                "id": a.get("id"),
                "arn": f"arn:aws:ec2:{region}:{MOCK_ACCOUNT_ID}:vpc/{a.get('id')}",
                "cidrBlock": self.vpc_cidrs.get(a.get("id") or "", "10.0.0.0/16"),
                "ownerId": MOCK_ACCOUNT_ID,
            },
            "aws:route53/getZone:getZone": lambda a: _hosted_zone(a.get("name"), a.get("zoneId")),
            # A secret's value, read at deploy time by the Kubernetes runtime; a placeholder of the JSON shape
            # RDS and RedisCache store (the plan masks it as a secret).
            "aws:secretsmanager/getSecretVersion:getSecretVersion": lambda a: {
                "arn": a.get("secretId"),
                "id": a.get("secretId"),
                "secretId": a.get("secretId"),
                "versionId": "mock-version",
                "secretString": '{"username": "mock", "password": "mock-password"}',
            },
            "aws:cloudfront/getCachePolicy:getCachePolicy": lambda a: _managed_policy(
                _MANAGED_CACHE_POLICIES, a
            ),
            "aws:cloudfront/getOriginRequestPolicy:getOriginRequestPolicy": lambda a: _managed_policy(
                _MANAGED_ORIGIN_REQUEST_POLICIES, a
            ),
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
            "gcp:secretmanager/getSecretVersion:getSecretVersion": lambda a: {
                "secret": a.get("secret"),
                "version": "1",
                "name": f"{a.get('secret')}/versions/1",
                "id": f"{a.get('secret')}/versions/1",
                "secretData": "mock-secret-data",
            },
            "gcp:compute/getZones:getZones": lambda a: {
                "names": [f"{a.get('region') or self.gcp_region}-{z}" for z in "abcf"],
                "project": a.get("project") or self.gcp_project,
                "region": a.get("region") or self.gcp_region,
                "id": f"projects/{self.gcp_project}/regions/{a.get('region') or self.gcp_region}",
            },
        }


# The canonical hosted zone of Application Load Balancers per region (for Route 53 alias records).
_ALB_ZONE_IDS = {
    "us-east-1": "Z35SXDOTRQ7X7K",
    "us-east-2": "Z3AADJGX6KTTL2",
    "us-west-2": "Z1H1FL5HABSF5",
    "eu-west-1": "Z32O12XQLNTSW2",
    "eu-central-1": "Z215JYRZR1TBD5",
}


def _hosted_zone(name: str | None, zone_id: str | None) -> dict[str, Any]:
    """A public Route 53 hosted zone, looked up by name or id: a stable id like "Z0123456789ABCDEFGHIJ"."""
    zone_name = str(name or "example.com").rstrip(".")
    found = zone_id or f"Z0{_digest(zone_name, 19).upper()}"
    return {
        "id": found,
        "zoneId": found,
        "name": zone_name,
        "arn": f"arn:aws:route53:::hostedzone/{found}",
        "privateZone": False,
        "nameServers": [f"ns-{n}.awsdns-{n:02d}.com" for n in (1, 2)],
        "resourceRecordSetCount": 2,
    }


# AWS managed CloudFront policies by name, with their real ids (the same in every account).
_MANAGED_CACHE_POLICIES = {
    "Managed-CachingOptimized": "658327ea-f89d-4fab-a63d-7e88639e58f6",
    "Managed-CachingDisabled": "4135ea2d-6df8-44a3-9df3-4b5a84be39ad",
    "Managed-CachingOptimizedForUncompressedObjects": "b2884449-e4de-46a7-ac36-70bc7f1ddd6d",
}
_MANAGED_ORIGIN_REQUEST_POLICIES = {
    "Managed-AllViewer": "216adef6-5c7f-47e4-b989-5492eafa07d3",
    "Managed-AllViewerExceptHostHeader": "b689b0a8-53d0-40ab-baf2-68738e2966ac",
    "Managed-CORS-S3Origin": "88a5eaf4-2fd4-4709-b370-b4c650ea3fcf",
}


def _managed_policy(policies: dict[str, str], args: dict[str, Any]) -> Any:
    """A managed CloudFront policy looked up by name (or id); an unknown one fails like the real lookup."""
    name = args.get("name")
    found = policies.get(name or "") or (args.get("id") if args.get("id") in policies.values() else None)
    if found is None:
        return {}, [("name", f"no managed CloudFront policy named {name!r} in stackyard's mocks")]
    return {"id": found, "name": name or next(n for n, i in policies.items() if i == found)}


def _uuid(seed: str) -> str:
    h = _digest(seed, 32)
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


def _gcp_service_account(state: dict[str, Any], project: str, urn: str, default_region: str) -> str:
    email = f"{state.get('accountId') or state['name']}@{project}.iam.gserviceaccount.com"
    state.update(email=email, member=f"serviceAccount:{email}", uniqueId=str(int(_digest(urn, 12), 16)))
    state["name"] = f"projects/{project}/serviceAccounts/{email}"
    return state["name"]


def _gcp_sql_instance(state: dict[str, Any], project: str, urn: str, default_region: str) -> str:
    region = state.get("region") or default_region
    private_ip = f"10.{100 + int(_digest(urn, 2), 16) % 50}.0.{int(_digest(urn + 'ip', 2), 16) % 250 + 3}"
    state.update(
        connectionName=f"{project}:{region}:{state['name']}",
        privateIpAddress=private_ip,
        publicIpAddress="",
        ipAddresses=[{"ipAddress": private_ip, "type": "PRIVATE"}],
        selfLink=f"https://sqladmin.googleapis.com/sql/v1beta4/projects/{project}/instances/{state['name']}",
        serviceAccountEmailAddress=(
            f"p{MOCK_GCP_PROJECT_NUMBER}-{_digest(urn, 6)}@gcp-sa-cloud-sql.iam.gserviceaccount.com"
        ),
    )
    return state["name"]


def _gcp_redis_instance(state: dict[str, Any], project: str, urn: str, default_region: str) -> str:
    region = state.get("region") or default_region
    tls = state.get("transitEncryptionMode") == "SERVER_AUTHENTICATION"
    subnet = f"10.{150 + int(_digest(urn, 2), 16) % 50}.0"
    state.update(
        host=f"{subnet}.{int(_digest(urn + 'ip', 2), 16) % 250 + 3}",
        port=6378 if tls else 6379,
        readEndpoint=f"{subnet}.{int(_digest(urn + 'ro', 2), 16) % 250 + 3}",
        readEndpointPort=6378 if tls else 6379,
        currentLocationId=state.get("locationId") or f"{region}-a",
        serverCaCerts=[{"cert": "-----BEGIN CERTIFICATE-----\nMOCK\n-----END CERTIFICATE-----\n"}]
        if tls
        else [],
    )
    if state.get("authEnabled"):
        state["authString"] = _digest(urn + "auth", 32)
    return f"projects/{project}/locations/{region}/instances/{state['name']}"


def _gcp_secret(state: dict[str, Any], project: str, urn: str, default_region: str) -> str:
    secret_id = state.get("secretId") or state["name"]
    state["name"] = f"projects/{MOCK_GCP_PROJECT_NUMBER}/secrets/{secret_id}"
    return f"projects/{project}/secrets/{secret_id}"


def _gcp_secret_version(state: dict[str, Any], project: str, urn: str, default_region: str) -> str:
    secret = str(state.get("secret") or f"projects/{project}/secrets/unknown")
    state.update(name=f"{secret}/versions/1", version="1")
    return state["name"]


def _gcp_cloud_run(state: dict[str, Any], project: str, urn: str, default_region: str) -> str:
    location = state.get("location") or default_region
    state["uri"] = f"https://{state['name']}-{_digest(urn, 10)}-{_region_code(location)[:2]}.a.run.app"
    state["urls"] = [state["uri"]]
    return f"projects/{project}/locations/{location}/services/{state['name']}"


def _gcp_bucket(state: dict[str, Any], project: str, urn: str, default_region: str) -> str:
    state.update(
        url=f"gs://{state['name']}",
        selfLink=f"https://www.googleapis.com/storage/v1/b/{state['name']}",
    )
    return state["name"]


def _gcp_global_address(state: dict[str, Any], project: str, urn: str, default_region: str) -> None:
    if state.get("purpose") == "VPC_PEERING":
        state.setdefault("address", "10.200.0.0")
    else:
        state.setdefault(
            "address", f"34.{int(_digest(urn, 2), 16) % 200 + 10}.{int(_digest(urn, 4)[2:], 16) % 250}.10"
        )
    return None


def _gcp_repository(state: dict[str, Any], project: str, urn: str, default_region: str) -> str:
    location = state.get("location") or default_region
    repository = state.get("repositoryId") or state["name"]
    state["name"] = repository
    return f"projects/{project}/locations/{location}/repositories/{repository}"


def _gcp_notification_channel(state: dict[str, Any], project: str, urn: str, default_region: str) -> str:
    state["name"] = f"projects/{project}/notificationChannels/{int(_digest(urn, 12), 16)}"
    return state["name"]


def _gcp_alert_policy(state: dict[str, Any], project: str, urn: str, default_region: str) -> str:
    state["name"] = f"projects/{project}/alertPolicies/{int(_digest(urn, 12), 16)}"
    return state["name"]


def _gcp_uptime_check(state: dict[str, Any], project: str, urn: str, default_region: str) -> str:
    """Cloud Monitoring names an uptime check after its display name plus a random suffix: the id that its
    results carry as the `check_id` label."""
    display = re.sub(r"[^a-z0-9-]+", "-", str(state.get("displayName") or "uptime").lower()).strip("-")
    state["uptimeCheckId"] = f"{display[:50]}-{_digest(urn, 11)}"
    state["name"] = f"projects/{project}/uptimeCheckConfigs/{state['uptimeCheckId']}"
    return state["name"]


def _gcp_ssl_certificate(state: dict[str, Any], project: str, urn: str, default_region: str) -> None:
    state["certificateId"] = int(_digest(urn, 10), 16)
    return None


# A base64 PEM, as the clusters' CA certificate outputs are.
_MOCK_CA_BASE64 = "LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCk1PQ0sKLS0tLS1FTkQgQ0VSVElGSUNBVEUtLS0tLQo="


def _aws_eks_cluster(state: dict[str, Any], name: str, region: str, account: str, urn: str) -> str:
    """EKS: the API endpoint, CA, OIDC issuer and the cluster security group EKS creates; id: the name."""
    cluster = state.setdefault("name", f"{name}-{_digest(urn, 7)}")
    oidc_id = _digest(urn, 32).upper()
    state.update(
        arn=f"arn:aws:eks:{region}:{account}:cluster/{cluster}",
        endpoint=f"https://{oidc_id}.gr7.{region}.eks.amazonaws.com",
        certificateAuthority={"data": _MOCK_CA_BASE64},
        identities=[{"oidcs": [{"issuer": f"https://oidc.eks.{region}.amazonaws.com/id/{oidc_id}"}]}],
        vpcConfig={
            **(state.get("vpcConfig") or {}),
            "clusterSecurityGroupId": f"sg-0{_digest(urn + 'cluster-sg', 16)}",
        },
        status="ACTIVE",
    )
    return cluster


def _gcp_container_cluster(state: dict[str, Any], project: str, urn: str, default_region: str) -> str:
    """GKE: the control plane's endpoint (its private IP with `enable_private_endpoint`) and CA."""
    location = state.get("location") or default_region
    cluster_id = f"projects/{project}/locations/{location}/clusters/{state['name']}"
    private = dict(state.get("privateClusterConfig") or {})
    private_ip = f"10.{int(_digest(urn, 2), 16) % 250}.0.2"
    public_ip = f"34.{int(_digest(urn, 2), 16) % 200 + 10}.{int(_digest(urn, 4)[2:], 16) % 250}.20"
    private.update(
        privateEndpoint=private_ip, publicEndpoint="" if private.get("enablePrivateEndpoint") else public_ip
    )
    state.update(
        location=location,
        endpoint=private_ip if private.get("enablePrivateEndpoint") else public_ip,
        privateClusterConfig=private,
        masterAuth={
            "clusterCaCertificate": _MOCK_CA_BASE64,
            "clientCertificateConfig": {"issueClientCertificate": False},
        },
        selfLink=f"https://container.googleapis.com/v1/{cluster_id}",
    )
    return cluster_id


# Per-type output fields the GCP provider computes (and the components read), with the provider's id.
_GCP_OUTPUTS = {
    "gcp:serviceaccount/account:Account": _gcp_service_account,
    "gcp:sql/databaseInstance:DatabaseInstance": _gcp_sql_instance,
    "gcp:redis/instance:Instance": _gcp_redis_instance,
    "gcp:secretmanager/secret:Secret": _gcp_secret,
    "gcp:secretmanager/secretVersion:SecretVersion": _gcp_secret_version,
    "gcp:cloudrunv2/service:Service": _gcp_cloud_run,
    "gcp:storage/bucket:Bucket": _gcp_bucket,
    "gcp:compute/globalAddress:GlobalAddress": _gcp_global_address,
    "gcp:artifactregistry/repository:Repository": _gcp_repository,
    "gcp:monitoring/notificationChannel:NotificationChannel": _gcp_notification_channel,
    "gcp:monitoring/alertPolicy:AlertPolicy": _gcp_alert_policy,
    "gcp:monitoring/uptimeCheckConfig:UptimeCheckConfig": _gcp_uptime_check,
    "gcp:compute/managedSslCertificate:ManagedSslCertificate": _gcp_ssl_certificate,
    "gcp:container/cluster:Cluster": _gcp_container_cluster,
}


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
    dependencies: list[str] = field(default_factory=list, repr=False)
    """URNs this resource waits for (`depends_on` and the resources its inputs come from)."""
    provider: str = field(default="", repr=False)
    """The provider reference ("" for the default provider)."""


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
            dependencies=list(request.dependencies),
            provider=request.provider,
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
    if isinstance(value, pulumi.AssetArchive):  # e.g. a Lambda function's code: each file's text
        return {"archive": {name: mask_secrets(asset) for name, asset in value.assets.items()}}
    if isinstance(value, pulumi.StringAsset):
        return {"text": value.text}
    if isinstance(value, (pulumi.FileAsset, pulumi.FileArchive)):
        return {"path": value.path}
    return value
