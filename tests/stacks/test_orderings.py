"""Orderings the clouds need at `pulumi up`, which mocks never enforce: each test renders real stack files
through `stackyard plan`'s code path and asserts that a resource waits (directly or transitively) for what
the cloud requires to exist first.

`Plan.waits_for(urn)` follows what the SDK awaits before it registers a resource: its `dependencies`
(`depends_on` plus the resources its inputs come from, a component standing for its children), its parent
(a component registers only after its own `depends_on`) and its provider.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest

from stacks.mocks import Registration
from stacks.plan import Plan
from tests.conftest import plan_of

AWS_STACKS = (
    "Pulumi.prod.yaml",  # load balancer, CDN, replica, cache, a scheduled job, alarms
    "blueprints/charterflow/Pulumi.prod.yaml",  # bucket grants on task roles, cross-region replication
    "blueprints/propflow/Pulumi.staging.yaml",
)
GCP_STACKS = (
    "blueprints/chowkar/Pulumi.gcp-prod.yaml",
    "blueprints/karigar/Pulumi.gcp-staging.yaml",
)
KUBERNETES_STACKS = (
    "blueprints/karigar/Pulumi.k8s-prod.yaml",  # a created EKS cluster
    "blueprints/nestjs-api/Pulumi.k8s-staging.yaml",
    "gke",
)
# A GKE Autopilot cluster: the karigar GCP staging file on the kubernetes runtime.
GKE = (
    "blueprints/karigar/Pulumi.gcp-staging.yaml",
    (
        "app.runtime=kubernetes",
        "app.services.api.image=ghcr.io/karigar/api:1.0.0",
        "app.services.frontend.image=ghcr.io/karigar/frontend:1.0.0",
        'app.site={"spa": false}',
    ),
)


def kubernetes_plan(stack: str) -> Plan:
    return plan_of(*GKE) if stack == "gke" else plan_of(stack)


def waits(plan: Plan, resource: Registration, other: Registration) -> bool:
    """Whether `resource` is created only after `other` exists."""
    return plan.depends_on(resource, other)


def missing(plan: Plan, resource: Registration, others: list[Registration]) -> list[str]:
    """The URNs of `others` that `resource` does not wait for."""
    return [o.urn for o in others if not waits(plan, resource, o)]


def value(resource: Registration, key: str) -> Any:
    """An input as the provider got it (`state` holds it unmasked) or an output the mock computed."""
    return resource.state.get(key, resource.inputs.get(key))


def one(found: list[Registration], what: str) -> Registration:
    assert len(found) == 1, f"{len(found)} {what}"
    return found[0]


# ---------------------------------------------------------------------------------------------------------
# The helper itself


def test_waits_for_follows_dependencies_parents_and_providers() -> None:
    plan = plan_of("Pulumi.prod.yaml")
    service = plan.get("aws:ecs/service:Service::shopfront-api-service")
    task = plan.get("aws:ecs/taskDefinition:TaskDefinition::shopfront-api-task")
    role = plan.get("aws:iam/role:Role::shopfront-api-execution")
    assert task.urn in service.dependencies and role.urn not in service.dependencies
    assert waits(plan, service, role)  # through the task definition
    assert not waits(plan, role, service)
    assert not waits(plan, service, plan.get("stackyard-aws:index:Alarms::shopfront"))
    # A kubernetes object waits for its provider, which waits for the EKS cluster.
    eks = plan_of(KUBERNETES_STACKS[0])
    deployment = eks.of_type("kubernetes:apps/v1:Deployment")[0]
    assert deployment.provider
    assert waits(eks, deployment, one(eks.of_type("aws:eks/cluster:Cluster"), "EKS clusters"))


def test_dependencies_are_sorted_known_urns_and_stable_between_runs() -> None:
    document = plan_of("Pulumi.prod.yaml").document()
    urns = {r["urn"] for r in document["resources"]}
    for resource in document["resources"]:
        assert resource["dependencies"] == sorted(set(resource["dependencies"]))
        assert set(resource["dependencies"]) <= urns, resource["urn"]
        assert resource["urn"] not in resource["dependencies"]
    from stacks.plan import render
    from tests.conftest import MAIN, stack_source

    again = render(stack_source("Pulumi.prod.yaml"), MAIN).document()
    assert {r["urn"]: r["dependencies"] for r in again["resources"]} == {
        r["urn"]: r["dependencies"] for r in document["resources"]
    }


# ---------------------------------------------------------------------------------------------------------
# AWS


@pytest.mark.parametrize("stack_file", AWS_STACKS)
def test_ecs_services_wait_for_the_listener_rule_that_forwards_to_their_target_group(stack_file: str) -> None:
    """ECS refuses a service whose target group is not yet attached to a load balancer ("The target group
    … does not have an associated load balancer"); the listener rule attaches it."""
    plan = plan_of(stack_file)
    rules = plan.of_type("aws:lb/listenerRule:ListenerRule")
    checked = 0
    for service in plan.of_type("aws:ecs/service:Service"):
        for attachment in value(service, "loadBalancers") or []:
            target_group = attachment["targetGroupArn"]
            forwarding = [
                r for r in rules if any(a.get("targetGroupArn") == target_group for a in value(r, "actions"))
            ]
            assert forwarding, f"no listener rule forwards to the target group of {service.name}"
            assert not missing(plan, service, forwarding), service.name
            checked += 1
    assert checked


@pytest.mark.parametrize("stack_file", AWS_STACKS)
def test_rds_instances_wait_for_their_parameter_group_and_log_groups(stack_file: str) -> None:
    """A missing parameter group fails the create; log groups RDS creates itself on export get no retention
    or key, and the stack's own then fail with "already exists"."""
    plan = plan_of(stack_file)
    instances = plan.of_type("aws:rds/instance:Instance")
    assert instances
    for instance in instances:
        groups = [
            g
            for g in plan.of_type("aws:rds/parameterGroup:ParameterGroup")
            if value(g, "name") == value(instance, "parameterGroupName")
        ]
        identifier = value(instance, "identifier")
        logs = [
            g
            for g in plan.of_type("aws:cloudwatch/logGroup:LogGroup")
            if str(value(g, "name")).startswith(f"/aws/rds/instance/{identifier}/")
        ]
        assert len(groups) == 1 and len(logs) == len(value(instance, "enabledCloudwatchLogsExports"))
        assert not missing(plan, instance, groups + logs), instance.name


@pytest.mark.parametrize("stack_file", AWS_STACKS)
def test_elasticache_groups_wait_for_their_parameter_group_and_log_group(stack_file: str) -> None:
    plan = plan_of(stack_file)
    for group in plan.of_type("aws:elasticache/replicationGroup:ReplicationGroup"):
        parameters = [
            p
            for p in plan.of_type("aws:elasticache/parameterGroup:ParameterGroup")
            if value(p, "name") == value(group, "parameterGroupName")
        ]
        destinations = {c["destination"] for c in value(group, "logDeliveryConfigurations") or []}
        logs = [
            g for g in plan.of_type("aws:cloudwatch/logGroup:LogGroup") if value(g, "name") in destinations
        ]
        assert len(parameters) == 1 and len(logs) == len(destinations)
        assert not missing(plan, group, parameters + logs), group.name


def _role_policies(plan: Plan, role_arn: str) -> list[Registration]:
    role = one([r for r in plan.of_type("aws:iam/role:Role") if value(r, "arn") == role_arn], role_arn)
    name = value(role, "name")
    return [
        p
        for t in ("aws:iam/rolePolicy:RolePolicy", "aws:iam/rolePolicyAttachment:RolePolicyAttachment")
        for p in plan.of_type(t)
        if value(p, "role") == name
    ]


@pytest.mark.parametrize("stack_file", AWS_STACKS)
def test_ecs_tasks_start_only_after_their_roles_policies(stack_file: str) -> None:
    """The execution role's policy lets ECS pull the image and read the secrets, the task role's the
    application reach its buckets: a task started before them fails (or its app does)."""
    plan = plan_of(stack_file)
    task_definitions = {value(t, "arn"): t for t in plan.of_type("aws:ecs/taskDefinition:TaskDefinition")}
    starters: list[tuple[Registration, Registration]] = [
        (s, task_definitions[value(s, "taskDefinition")]) for s in plan.of_type("aws:ecs/service:Service")
    ]
    for schedule in plan.of_type("aws:scheduler/schedule:Schedule"):
        ecs = value(schedule, "target")["ecsParameters"]
        starters.append((schedule, task_definitions[ecs["taskDefinitionArn"]]))
        # The scheduler's own role must be allowed to run the task.
        assert not missing(plan, schedule, _role_policies(plan, value(schedule, "target")["roleArn"]))
    assert starters
    for starter, task in starters:
        policies = [
            p
            for key in ("executionRoleArn", "taskRoleArn")
            if value(task, key)
            for p in _role_policies(plan, value(task, key))
        ]
        assert policies
        assert not missing(plan, starter, policies), starter.name


@pytest.mark.parametrize("stack_file", AWS_STACKS)
def test_https_listeners_and_distributions_wait_for_certificate_validation(stack_file: str) -> None:
    """ELB and CloudFront refuse a certificate that is not yet issued."""
    plan = plan_of(stack_file)
    validations = plan.of_type("aws:acm/certificateValidation:CertificateValidation")
    users = [
        *(x for x in plan.of_type("aws:lb/listener:Listener") if value(x, "port") == 443),
        *(
            d
            for d in plan.of_type("aws:cloudfront/distribution:Distribution")
            if (value(d, "viewerCertificate") or {}).get("acmCertificateArn")
        ),
    ]
    assert users and validations
    for user in users:
        assert any(waits(plan, user, v) for v in validations), user.name


@pytest.mark.parametrize("stack_file", AWS_STACKS)
def test_vpc_flow_logs_wait_for_their_roles_policy(stack_file: str) -> None:
    """Delivery to CloudWatch Logs starts at once; before the role's policy exists it is an "Access error"."""
    plan = plan_of(stack_file)
    to_cloudwatch = [
        f
        for f in plan.of_type("aws:ec2/flowLog:FlowLog")
        if value(f, "logDestinationType") == "cloud-watch-logs"
    ]
    for flow_log in to_cloudwatch:
        policies = _role_policies(plan, value(flow_log, "iamRoleArn"))
        assert policies and not missing(plan, flow_log, policies), flow_log.name
    assert to_cloudwatch or stack_file != "Pulumi.prod.yaml"


def _ecs_secret_versions(plan: Plan) -> Iterator[tuple[Registration, list[Registration]]]:
    versions = plan.of_type("aws:secretsmanager/secretVersion:SecretVersion")
    task_definitions = {value(t, "arn"): t for t in plan.of_type("aws:ecs/taskDefinition:TaskDefinition")}
    for service in plan.of_type("aws:ecs/service:Service"):
        task = task_definitions[value(service, "taskDefinition")]
        read = [
            s["valueFrom"]
            for container in json.loads(value(task, "containerDefinitions"))
            for s in container.get("secrets") or []
        ]
        yield service, [v for v in versions if any(r.startswith(value(v, "secretId")) for r in read)]


@pytest.mark.parametrize("stack_file", AWS_STACKS)
def test_ecs_services_wait_for_the_database_and_cache_secret_versions(stack_file: str) -> None:
    """A task reads its secrets at start; without the version (AWSCURRENT) it fails to start."""
    plan = plan_of(stack_file)
    data_tier = {
        v.urn
        for v in plan.of_type("aws:secretsmanager/secretVersion:SecretVersion")
        if v.parent and ("ManagedPostgres" in v.parent or "RedisCache" in v.parent)
    }
    for service, versions in _ecs_secret_versions(plan):
        assert not missing(plan, service, [v for v in versions if v.urn in data_tier]), service.name


def test_ecs_services_wait_for_the_app_secret_versions() -> None:
    plan = plan_of("Pulumi.prod.yaml")
    problems = {s.name: missing(plan, s, versions) for s, versions in _ecs_secret_versions(plan)}
    assert not any(problems.values()), problems


# ---------------------------------------------------------------------------------------------------------
# GCP

# The API each provider module needs, as ProjectServices turns it on.
GCP_APIS = {
    "compute": "compute",
    "sql": "sqladmin",
    "redis": "redis",
    "secretmanager": "secretmanager",
    "cloudrunv2": "run",
    "artifactregistry": "artifactregistry",
    "cloudscheduler": "cloudscheduler",
    "monitoring": "monitoring",
    "servicenetworking": "servicenetworking",
    "container": "container",
    "dns": "dns",
    "serviceaccount": "iam",
}


def _connection(plan: Plan) -> Registration:
    return one(
        plan.of_type("gcp:servicenetworking/connection:Connection"), "Private Service Access connections"
    )


@pytest.mark.parametrize("stack_file", GCP_STACKS)
def test_cloud_sql_and_memorystore_wait_for_private_service_access(stack_file: str) -> None:
    """A private-IP Cloud SQL instance or PRIVATE_SERVICE_ACCESS Memorystore instance created before the
    servicenetworking connection fails: the network has no peering to Google's producer network yet."""
    plan = plan_of(stack_file)
    connection = _connection(plan)
    databases = plan.of_type("gcp:sql/databaseInstance:DatabaseInstance")
    caches = plan.of_type("gcp:redis/instance:Instance")
    assert databases and caches
    for instance in databases + caches:
        assert waits(plan, instance, connection), instance.name
    for cache in caches:
        assert value(cache, "connectMode") == "PRIVATE_SERVICE_ACCESS"


@pytest.mark.parametrize("stack_file", GCP_STACKS)
def test_every_gcp_resource_waits_for_its_api(stack_file: str) -> None:
    """Creating a resource of an API that is off fails with "SERVICE_DISABLED"; ProjectServices turns the
    APIs on, and everything that needs one waits for it (Cloud Run for run.googleapis.com …)."""
    plan = plan_of(stack_file)
    apis = {value(s, "service"): s for s in plan.of_type("gcp:projects/service:Service")}
    problems: list[str] = []
    checked = 0
    for resource in plan.resources:
        if not resource.custom or not resource.type.startswith("gcp:"):
            continue
        api = GCP_APIS.get(resource.type.split(":")[1].split("/")[0])
        if api is None:
            continue
        service = apis.get(f"{api}.googleapis.com")
        if service is None:
            problems.append(f"{resource.type} {resource.name}: {api}.googleapis.com is never turned on")
        elif not waits(plan, resource, service):
            problems.append(f"{resource.type} {resource.name} does not wait for {api}.googleapis.com")
        checked += 1
    assert checked > 20 and not problems, problems
    assert plan.of_type("gcp:cloudrunv2/service:Service")


def _cloud_run_secrets(plan: Plan) -> Iterator[tuple[Registration, list[str]]]:
    for kind in ("service:Service", "job:Job", "workerPool:WorkerPool"):
        for workload in plan.of_type(f"gcp:cloudrunv2/{kind}"):
            template = value(workload, "template") or {}
            template = template.get("template", template)  # a job's containers are one level deeper
            secrets = [
                env["valueSource"]["secretKeyRef"]["secret"]
                for container in template.get("containers") or []
                for env in container.get("envs") or []
                if (env.get("valueSource") or {}).get("secretKeyRef")
            ]
            yield workload, secrets


@pytest.mark.parametrize("stack_file", GCP_STACKS)
def test_cloud_run_waits_for_access_to_each_secret_it_reads(stack_file: str) -> None:
    """Cloud Run checks at deploy time that the service account may access each secret ("Permission
    denied on secret … for Revision service account")."""
    plan = plan_of(stack_file)
    members = plan.of_type("gcp:secretmanager/secretIamMember:SecretIamMember")
    checked = 0
    for workload, secrets in _cloud_run_secrets(plan):
        account = value(workload, "template").get("serviceAccount") or value(workload, "template").get(
            "template", {}
        ).get("serviceAccount")
        for secret in secrets:
            grants = [
                m
                for m in members
                if value(m, "secretId") in (secret, secret.rsplit("/", 1)[-1])
                and value(m, "member") == f"serviceAccount:{account}"
            ]
            assert grants, f"{workload.name} reads {secret} without a grant"
            assert any(waits(plan, workload, g) for g in grants), f"{workload.name} / {secret}"
            checked += 1
    assert checked


def _secret_versions_read(plan: Plan) -> Iterator[tuple[Registration, list[Registration], list[str]]]:
    versions = plan.of_type("gcp:secretmanager/secretVersion:SecretVersion")
    for workload, secrets in _cloud_run_secrets(plan):
        read = [v for v in versions if value(v, "secret") in secrets]
        yield workload, read, secrets


@pytest.mark.parametrize("stack_file", GCP_STACKS)
def test_cloud_run_waits_for_the_database_and_cache_secret_versions(stack_file: str) -> None:
    """A revision whose secret has no version fails to deploy ("secret … versions/1 was not found")."""
    plan = plan_of(stack_file)
    for workload, versions, _ in _secret_versions_read(plan):
        data_tier = [
            v for v in versions if v.parent and ("ManagedPostgres" in v.parent or "RedisCache" in v.parent)
        ]
        assert not missing(plan, workload, data_tier), workload.name


def test_cloud_run_waits_for_the_app_secret_versions() -> None:
    plan = plan_of("blueprints/chowkar/Pulumi.gcp-prod.yaml")
    problems: dict[str, list[str]] = {}
    for workload, versions, secrets in _secret_versions_read(plan):
        assert len(versions) >= len(set(secrets)) > 0
        problems[workload.name] = missing(plan, workload, versions)
    assert not any(problems.values()), problems


@pytest.mark.parametrize("stack_file", GCP_STACKS)
def test_https_proxies_wait_for_their_certificates(stack_file: str) -> None:
    plan = plan_of(stack_file)
    certificates = plan.of_type("gcp:compute/managedSslCertificate:ManagedSslCertificate")
    proxies = plan.of_type("gcp:compute/targetHttpsProxy:TargetHttpsProxy")
    assert proxies
    for proxy in proxies:
        assert any(waits(plan, proxy, c) for c in certificates), proxy.name


# ---------------------------------------------------------------------------------------------------------
# Kubernetes


@pytest.mark.parametrize("stack_file", KUBERNETES_STACKS)
def test_kubernetes_objects_wait_for_the_cluster_and_their_namespace(stack_file: str) -> None:
    plan = kubernetes_plan(stack_file)
    clusters = plan.of_type("aws:eks/cluster:Cluster") + plan.of_type("gcp:container/cluster:Cluster")
    assert len(clusters) == 1
    namespace = one(plan.of_type("kubernetes:core/v1:Namespace"), "namespaces")
    objects = [r for r in plan.resources if r.custom and r.type.startswith("kubernetes:")]
    assert objects
    name = value(namespace, "metadata")["name"]
    in_namespace = [r for r in objects if (value(r, "metadata") or {}).get("namespace") == name]
    assert in_namespace
    for resource in objects:
        assert all(waits(plan, resource, c) for c in clusters), resource.name
    for resource in in_namespace:
        assert waits(plan, resource, namespace), resource.name


@pytest.mark.parametrize("stack_file", KUBERNETES_STACKS)
def test_deployments_wait_for_the_secrets_and_config_maps_they_mount(stack_file: str) -> None:
    """A pod whose Secret or ConfigMap is missing stays in CreateContainerConfigError, and the provider's
    rollout wait then times out."""
    plan = kubernetes_plan(stack_file)
    kinds = ("kubernetes:core/v1:Secret", "kubernetes:core/v1:ConfigMap")
    by_name = {(r.type, value(r, "metadata")["name"]): r for kind in kinds for r in plan.of_type(kind)}
    checked = 0
    for workload in plan.of_type("kubernetes:apps/v1:Deployment"):
        pod = value(workload, "spec")["template"]["spec"]
        names = {
            ("kubernetes:core/v1:Secret", source["secretRef"]["name"])
            for container in pod["containers"]
            for source in container.get("envFrom") or []
            if "secretRef" in source
        } | {
            ("kubernetes:core/v1:ConfigMap", source["configMapRef"]["name"])
            for container in pod["containers"]
            for source in container.get("envFrom") or []
            if "configMapRef" in source
        }
        for container in pod["containers"]:
            for env in container.get("env") or []:
                ref = (env.get("valueFrom") or {}).get("secretKeyRef")
                if ref:
                    names.add(("kubernetes:core/v1:Secret", ref["name"]))
        needed = [by_name[n] for n in names if n in by_name]
        assert len(needed) == len(names), (workload.name, names)
        assert not missing(plan, workload, needed), workload.name
        checked += len(needed)
    assert checked
