"""The physical names of a plan: the inputs that name a resource in its cloud, per resource type.

DESIGN.md: "Physical names are distinct per stack (staging and prod can share an account), stable across
refactors, and pinnable for an existing stack." The stack tests (tests/stacks/test_physical_names.py) and
the component tests (tests/components/*/test_physical_name.py) read them from here, the one list.

A `name_prefix`/`bucket_prefix` counts: the provider appends random characters, so it never collides, but
it is what a person reads in the console and it forces a replacement when it changes, so it is pinned
like a name. Left out on purpose:
- a target group's `namePrefix`: ELB allows 6 characters, so it cannot carry the stack (the provider's 26
  random characters keep it unique);
- Kubernetes objects: named inside the stack's own namespace (`<app>-<environment>`) on the stack's
  cluster;
- inline IAM role policy names and ECS Service Connect discovery names: scoped to their role and to the
  stack's own Cloud Map namespace (the discovery name is what the other services call, `<app>-<service>`);
- names the cloud or Pulumi makes up (auto-names with a random suffix, GCP alert policies and channels).
"""

from __future__ import annotations

from collections.abc import Iterable

from stacks.mocks import Registration

PHYSICAL_NAMES: dict[str, tuple[str, ...]] = {
    # AWS
    "aws:rds/instance:Instance": ("identifier", "finalSnapshotIdentifier"),
    "aws:rds/parameterGroup:ParameterGroup": ("namePrefix",),
    "aws:rds/subnetGroup:SubnetGroup": ("namePrefix",),
    "aws:elasticache/replicationGroup:ReplicationGroup": ("replicationGroupId", "finalSnapshotIdentifier"),
    "aws:elasticache/subnetGroup:SubnetGroup": ("name",),
    "aws:elasticache/parameterGroup:ParameterGroup": ("name",),
    "aws:kms/alias:Alias": ("name",),
    "aws:s3/bucket:Bucket": ("bucketPrefix",),
    "aws:secretsmanager/secret:Secret": ("namePrefix",),
    "aws:lb/loadBalancer:LoadBalancer": ("name",),
    "aws:ecr/repository:Repository": ("name",),
    "aws:ecs/taskDefinition:TaskDefinition": ("family",),
    "aws:ecs/service:Service": ("name",),
    "aws:appautoscaling/policy:Policy": ("name",),
    "aws:servicediscovery/privateDnsNamespace:PrivateDnsNamespace": ("name",),
    "aws:scheduler/schedule:Schedule": ("namePrefix",),
    "aws:iam/role:Role": ("namePrefix",),
    "aws:cloudwatch/logGroup:LogGroup": ("name", "namePrefix"),
    "aws:cloudwatch/metricAlarm:MetricAlarm": ("name",),
    "aws:cloudwatch/dashboard:Dashboard": ("dashboardName",),
    "aws:cloudwatch/logDeliverySource:LogDeliverySource": ("name",),
    "aws:cloudwatch/logDeliveryDestination:LogDeliveryDestination": ("name",),
    "aws:sns/topic:Topic": ("namePrefix",),
    "aws:cloudfront/originAccessControl:OriginAccessControl": ("name",),
    "aws:cloudfront/responseHeadersPolicy:ResponseHeadersPolicy": ("name",),
    "aws:wafv2/webAcl:WebAcl": ("name",),
    "aws:eks/cluster:Cluster": ("name",),
    # Google Cloud
    "gcp:compute/network:Network": ("name",),
    "gcp:compute/subnetwork:Subnetwork": ("name",),
    "gcp:compute/firewall:Firewall": ("name",),
    "gcp:compute/globalAddress:GlobalAddress": ("name",),
    "gcp:compute/router:Router": ("name",),
    "gcp:compute/routerNat:RouterNat": ("name",),
    "gcp:sql/databaseInstance:DatabaseInstance": ("name",),
    "gcp:redis/instance:Instance": ("name",),
    "gcp:secretmanager/secret:Secret": ("secretId",),
    "gcp:storage/bucket:Bucket": ("name",),
    "gcp:serviceaccount/account:Account": ("accountId",),
    "gcp:artifactregistry/repository:Repository": ("repositoryId",),
    "gcp:cloudrunv2/service:Service": ("name",),
    "gcp:cloudrunv2/workerPool:WorkerPool": ("name",),
    "gcp:cloudrunv2/job:Job": ("name",),
    "gcp:cloudscheduler/job:Job": ("name",),
    "gcp:compute/regionNetworkEndpointGroup:RegionNetworkEndpointGroup": ("name",),
    "gcp:compute/backendService:BackendService": ("name",),
    "gcp:compute/backendBucket:BackendBucket": ("name",),
    "gcp:compute/uRLMap:URLMap": ("name",),
    "gcp:compute/targetHttpProxy:TargetHttpProxy": ("name",),
    "gcp:compute/targetHttpsProxy:TargetHttpsProxy": ("name",),
    "gcp:compute/globalForwardingRule:GlobalForwardingRule": ("name",),
    "gcp:compute/managedSslCertificate:ManagedSslCertificate": ("name",),
    "gcp:compute/sSLPolicy:SSLPolicy": ("name",),
    "gcp:compute/securityPolicy:SecurityPolicy": ("name",),
    "gcp:container/cluster:Cluster": ("name",),
}


def physical_names(resources: Iterable[Registration]) -> dict[str, dict[str, str | None]]:
    """URN -> {input key: physical name} for every resource of a type in PHYSICAL_NAMES; a key the
    resource leaves out (an auto-named GCS bucket, a replica without a final snapshot) maps to None."""
    found: dict[str, dict[str, str | None]] = {}
    for resource in resources:
        keys = PHYSICAL_NAMES.get(resource.type)
        if keys:
            found[resource.urn] = {key: resource.inputs.get(key) for key in keys}
    return found


def named(resources: Iterable[Registration]) -> set[tuple[str, str]]:
    """(resource type, physical name) of every name the resources give: two stacks collide on one."""
    return {
        (resource.type, value)
        for resource in resources
        for key in PHYSICAL_NAMES.get(resource.type, ())
        if isinstance(value := resource.inputs.get(key), str)
    }
