"""AWS: the id, ARN and computed attributes of each resource (EC2-style ids, auto-named physical names,
endpoints), and the answers to the AWS functions the stacks call (availability zones, caller identity,
region, partition, AMIs, VPCs, hosted zones, secret values, managed CloudFront policies)."""

from __future__ import annotations

import re
from typing import Any

from .common import _MOCK_CA_BASE64, _digest, _region_code, _uuid

MOCK_ACCOUNT_ID = "123456789012"

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


def aws_resource(
    typ: str, name: str, urn: str, state: dict[str, Any], region: str, vpc_cidrs: dict[str, str]
) -> tuple[str, dict[str, Any]]:
    """The id and state of an AWS resource in `region`; a VPC's CIDR block is recorded in `vpc_cidrs`."""
    account = MOCK_ACCOUNT_ID
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
            vpc_cidrs[resource_id] = state.get("cidrBlock") or "10.0.0.0/16"
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
    if typ == "aws:route53/zone:Zone":  # a created public zone (`hosted_zone: create`), as a looked-up one
        state.update(_hosted_zone(state.get("name"), f"Z0{_digest(urn, 19).upper()}"))
        return state["zoneId"], state
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


def _kebab(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "-", name).lower()


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


# The canonical hosted zone of Application Load Balancers per region (for Route 53 alias records).
_ALB_ZONE_IDS = {
    "us-east-1": "Z35SXDOTRQ7X7K",
    "us-east-2": "Z3AADJGX6KTTL2",
    "us-west-2": "Z1H1FL5HABSF5",
    "eu-west-1": "Z32O12XQLNTSW2",
    "eu-central-1": "Z215JYRZR1TBD5",
}


def aws_functions(region: str, vpc_cidrs: dict[str, str]) -> dict[str, Any]:
    """The AWS function answers by token, for the provider configured in `region`."""
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
            "cidrBlock": vpc_cidrs.get(a.get("id") or "", "10.0.0.0/16"),
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
        "aws:cloudfront/getCachePolicy:getCachePolicy": lambda a: _managed_policy(_MANAGED_CACHE_POLICIES, a),
        "aws:cloudfront/getOriginRequestPolicy:getOriginRequestPolicy": lambda a: _managed_policy(
            _MANAGED_ORIGIN_REQUEST_POLICIES, a
        ),
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
