"""`services.<name>.variables`: the names each application reads, and what each holds.

- the config check: every source of the catalogue accepted where the app has it, and one clear problem with
  the full key path (and the closest match) for everything else;
- every runtime (ECS, Cloud Run, Kubernetes on EKS and GKE): a service with `variables` gets exactly those
  names plus its `environment` and `secrets`, credentials only by reference (never a plain value, nothing in
  the plan's text), plain settings as values; the reader URL on both clouds;
- every blueprint: each service gets the names its guide's application reads (the table below is the
  acceptance contract, written from the guides, not from the code).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

from stacks.config import load_stack_config
from stacks.errors import ConfigError
from stacks.manifests import kubernetes_objects
from stacks.plan import Plan
from stacks.stackfile import read_stack_file
from stacks.variable_catalogue import SOURCES, catalogue_table
from stacks.variables import default_variables
from tests.conftest import ROOT, plan_of, plan_of_config

SECRET_VALUE = "jwt-do-not-print-7f3a"
README = (ROOT / "README.md").read_text()
TASK_DEFINITION = "aws:ecs/taskDefinition:TaskDefinition"
CLOUD_RUN = (
    "gcp:cloudrunv2/service:Service",
    "gcp:cloudrunv2/workerPool:WorkerPool",
    "gcp:cloudrunv2/job:Job",
)


def values(cloud: str = "aws", runtime: str = "managed", **app: Any) -> dict[str, Any]:
    """A stack with a database (one read replica), a cache, a bucket, a secret and four services."""
    provider = (
        {"aws:region": "us-east-1"}
        if cloud == "aws"
        else {"gcp:project": "shop-project", "gcp:region": "europe-west1"}
    )
    image = {"image": "ghcr.io/shop/app:1.0.0"} if runtime == "kubernetes" else {}
    services = {
        "api": {"port": 8000, "public": True, **image},
        "search": {"port": 9000, **image},
        "worker": {**image, **({"cpu": 1} if cloud == "gcp" else {})},
        "nightly": {"schedule": "0 3 * * *", **image},
    }
    return {
        "stackyard:cloud": cloud,
        "stackyard:environment": "staging",
        **provider,
        "stackyard:app": {
            "name": "shop",
            "domain": "shop.example.com",
            "runtime": runtime,
            "database": {"read_replicas": 1},
            "cache": {"version": "7.2"} if cloud == "gcp" else {},
            "buckets": {"uploads": {}},
            "secrets": ["JWT_SECRET"],
            "services": services,
            **app,
        },
        "stackyard:secrets": {"JWT_SECRET": SECRET_VALUE},
    }


def with_variables(
    stack: dict[str, Any], service: str, variables: dict[str, str], **keys: Any
) -> dict[str, Any]:
    stack["stackyard:app"]["services"][service].update(variables=variables, **keys)
    return stack


def problems(stack: dict[str, Any]) -> list[str]:
    with pytest.raises(ConfigError) as caught:
        load_stack_config(stack, {"stackyard:secrets"})
    return caught.value.problems


# -- the config check ----------------------------------------------------------------------------------------

EVERY_SOURCE = {
    "DB_URL": "database.url",
    "DB_PASSWORD": "database.password",
    "DB_HOST": "database.host",
    "DB_PORT": "database.port",
    "DB_NAME": "database.name",
    "DB_USER": "database.user",
    "DB_SSLMODE": "database.sslmode",
    "DB_READ_URL": "database.reader_url",
    "DB_READ_HOST": "database.reader_host",
    "REDIS_URL": "cache.url",
    "REDIS_PASSWORD": "cache.password",
    "REDIS_HOST": "cache.host",
    "REDIS_PORT": "cache.port",
    "REDIS_TLS": "cache.tls",
    "REDIS_READ_HOST": "cache.reader_host",
    "S3_BUCKET": "buckets.uploads.name",
    "TOKEN": "secrets.JWT_SECRET",
    "API_URL": "services.api.url/api/v1",
    "SEARCH_URL": "services.search.url",
}


@pytest.mark.parametrize(
    ("cloud", "extra"),
    [("aws", {"S3_ARN": "buckets.uploads.arn"}), ("gcp", {"REDIS_CA": "cache.ca_cert"})],
)
def test_every_source_of_the_catalogue_is_accepted(cloud: str, extra: dict[str, str]) -> None:
    variables = {**EVERY_SOURCE, **extra}
    config = load_stack_config(with_variables(values(cloud), "worker", variables), {"stackyard:secrets"})
    assert config.app.services["worker"].variables == variables
    assert config.app.services["api"].variables is None  # no key: the defaults


API = "stackyard:app.services.api"


@pytest.mark.parametrize(
    ("cloud", "variables", "change", "expected"),
    [
        (
            "aws",
            {"X": "database.urll"},
            {},
            f"{API}.variables.X: 'database.urll' is not a source; did you mean 'database.url'? (all are "
            "listed under app.services.NAME.variables in the config reference)",
        ),
        (
            "aws",
            {"X": "vault.token"},
            {},
            f"{API}.variables.X: 'vault.token' is not a source; use database.<part>, cache.<part>, "
            "buckets.<name>.name, secrets.<NAME> or services.<name>.url (all are listed under "
            "app.services.NAME.variables in the config reference)",
        ),
        (
            "aws",
            {"X": "database.host"},
            {"database": None},
            f"{API}.variables.X: database.host needs stackyard:app.database, which this app does not have",
        ),
        (
            "gcp",
            {"X": "cache.url"},
            {"cache": None},
            f"{API}.variables.X: cache.url needs stackyard:app.cache, which this app does not have",
        ),
        (
            "aws",
            {"X": "database.reader_url"},
            {"database": {}},
            f"{API}.variables.X: database.reader_url needs a read replica; set stackyard:app.database."
            "read_replicas to at least 1 (it is 0), or read database.url",
        ),
        (
            "gcp",
            {"X": "database.reader_host"},
            {"database": {"read_replicas": 0}},
            f"{API}.variables.X: database.reader_host needs a read replica; set stackyard:app.database."
            "read_replicas to at least 1 (it is 0), or read database.url",
        ),
        (
            "aws",
            {"X": "buckets.upload.name"},
            {},
            f"{API}.variables.X: buckets.upload.name: 'upload' is not a bucket of stackyard:app.buckets; did "
            "you mean 'uploads'?",
        ),
        (
            "aws",
            {"X": "secrets.JWT_SECRT"},
            {},
            f"{API}.variables.X: secrets.JWT_SECRT: JWT_SECRT is not declared in stackyard:app.secrets; did "
            "you mean 'JWT_SECRET'?",
        ),
        (
            "aws",
            {"X": "services.serch.url"},
            {},
            f"{API}.variables.X: services.serch.url: 'serch' is not a service of stackyard:app.services; did "
            "you mean 'search'?",
        ),
        (
            "gcp",
            {"X": "services.worker.url"},
            {},
            f"{API}.variables.X: services.worker.url: worker is a worker, which has no URL; only a web "
            "service (with a port) has one",
        ),
        (
            "aws",
            {"X": "cache.ca_cert"},
            {},
            f"{API}.variables.X: cache.ca_cert is gcp only: ElastiCache's certificate is signed by a public "
            "Amazon CA that clients trust already",
        ),
        (
            "gcp",
            {"X": "buckets.uploads.arn"},
            {},
            f"{API}.variables.X: buckets.uploads.arn is aws only: a Cloud Storage bucket is named by "
            "buckets.NAME.name alone",
        ),
        (
            "aws",
            {"X": "database.url"},
            {"database": {"rds_managed_password": True}},
            f"{API}.variables.X: database.url: there is no URL with stackyard:app.database."
            "rds_managed_password (RDS's secret holds only username and password); use database.host, "
            "database.user and database.password",
        ),
        (
            "aws",
            {"1X": "cache.host"},
            {},
            f"{API}.variables.1X: environment variable names are letters, digits and _",
        ),
        (
            "gcp",
            {"PORT": "database.port"},
            {},
            f"{API}.variables.PORT: Cloud Run sets PORT itself (reserved: PORT, K_SERVICE, K_REVISION, "
            "K_CONFIGURATION, the CLOUD_RUN_ names of jobs and worker pools, X_GOOGLE_*); rename it",
        ),
        (
            "aws",
            {"ECS_CONTAINER_METADATA_URI_V4": "cache.host"},
            {},
            f"{API}.variables.ECS_CONTAINER_METADATA_URI_V4: ECS sets ECS_CONTAINER_METADATA_URI_V4 in every "
            "container (the task role's credentials and the task metadata endpoint); use another name",
        ),
    ],
)
def test_a_bad_source_or_name_is_one_clear_problem(
    cloud: str, variables: dict[str, str], change: dict[str, Any], expected: str
) -> None:
    stack = with_variables(values(cloud), "api", variables)
    for key, value in change.items():
        if value is None:
            stack["stackyard:app"].pop(key)
        else:
            stack["stackyard:app"][key] = value
    assert expected in problems(stack)


def test_a_name_given_twice_is_refused() -> None:
    stack = with_variables(
        values(),
        "api",
        {"MODE": "cache.host", "JWT_SECRET": "secrets.JWT_SECRET"},
        environment={"MODE": "live"},
        secrets=["JWT_SECRET"],
    )
    found = problems(stack)
    assert f"{API}.variables.MODE: also set in environment; keep one of the two" in found
    assert (
        f"{API}.variables.JWT_SECRET: also in secrets, which gives JWT_SECRET under its own name; keep one "
        "of the two"
    ) in found


def test_a_name_cloud_run_sets_is_refused_in_environment_too() -> None:
    stack = values("gcp")
    stack["stackyard:app"]["services"]["api"]["environment"] = {"K_SERVICE": "api"}
    assert any(
        p.startswith(f"{API}.environment.K_SERVICE: Cloud Run sets K_SERVICE itself") for p in problems(stack)
    )


def test_internal_urls_that_cannot_resolve_are_refused() -> None:
    # Cloud Run: a service's URL exists only once it does, so no circle of internal URLs.
    circle = with_variables(values("gcp"), "search", {"SELF": "services.search.url"})
    assert (
        "stackyard:app.services.search.variables: reads its own URL, directly or through other services; "
        "Cloud Run knows an internal service's URL (and without app.domain a public one's) only once it "
        "exists, so break the circle (make one public with app.domain, or drop one reference)"
    ) in problems(circle)
    # ECS: a scheduled task is not in Service Connect.
    job = with_variables(values("aws"), "nightly", {"SEARCH": "services.search.url"})
    assert (
        "stackyard:app.services.nightly.variables.SEARCH: services.search.url: nightly is a scheduled job, "
        "which ECS does not put in Service Connect, so search's internal name does not resolve in it; make "
        "search public"
    ) in problems(job)
    # Kubernetes: the NetworkPolicies open no pod-to-pod connections.
    pods = with_variables(values("gcp", runtime="kubernetes"), "api", {"SEARCH": "services.search.url"})
    assert any(
        p.startswith(
            f"{API}.variables.SEARCH: services.search.url: search is internal (public: false), and on "
            "runtime kubernetes"
        )
        for p in problems(pods)
    )


def test_the_defaults_are_the_names_of_before() -> None:
    config = load_stack_config(values("gcp"), {"stackyard:secrets"})
    assert default_variables(config.app, "gcp") == {
        "DATABASE_HOST": "database.host",
        "DATABASE_PORT": "database.port",
        "DATABASE_NAME": "database.name",
        "DATABASE_USER": "database.user",
        "DATABASE_SSLMODE": "database.sslmode",
        "DATABASE_PASSWORD": "database.password",
        "DATABASE_URL": "database.url",
        "REDIS_HOST": "cache.host",
        "REDIS_PORT": "cache.port",
        "REDIS_TLS": "cache.tls",
        "REDIS_PASSWORD": "cache.password",
        "REDIS_URL": "cache.url",
        "REDIS_CA_CERT": "cache.ca_cert",
        "BUCKET_UPLOADS": "buckets.uploads.name",
    }


def test_the_docs_list_every_source() -> None:
    assert catalogue_table() in README, "README is stale; run: uv run python -m stacks.reference --write"
    for source in SOURCES:
        assert source.key in catalogue_table()


def test_the_readme_example_is_accepted() -> None:
    (example,) = [b for b in README.split("```yaml\n")[1:] if "NEXT_PUBLIC_API_URL: services.api.url" in b]
    services = yaml.safe_load(example.split("```")[0])["services"]
    stack = values()
    stack["stackyard:app"]["secrets"] = ["JWT_SECRET", "SENTRY_DSN"]
    stack["stackyard:secrets"]["SENTRY_DSN"] = "https://dsn.example"
    stack["stackyard:app"]["services"].update(
        {"api": {"port": 8000, "public": True, **services["api"]}, "web": {"port": 3000, **services["web"]}}
    )
    config = load_stack_config(stack, {"stackyard:secrets"})
    assert config.app.services["web"].variables == {"NEXT_PUBLIC_API_URL": "services.api.url/api/v1"}


# -- what each runtime hands the containers ------------------------------------------------------------------

API_VARIABLES = {
    "DB_URL": "database.url",
    "DB_READ_URL": "database.reader_url",
    "DB_HOST": "database.host",
    "DB_PORT": "database.port",
    "DB_READ_HOST": "database.reader_host",
    "REDIS_URL": "cache.url",
    "S3_BUCKET": "buckets.uploads.name",
    "TOKEN": "secrets.JWT_SECRET",
    "SEARCH_URL": "services.search.url/v1",
}


def runtime_plan(cloud: str, runtime: str = "managed") -> Plan:
    stack = values(cloud, runtime)
    variables = dict(API_VARIABLES)
    if runtime == "kubernetes":  # no internal URLs there
        variables.pop("SEARCH_URL")
        with_variables(stack, "search", {"API_URL": "services.api.url/v1"}, public=True)
    else:
        with_variables(stack, "search", {})
    with_variables(stack, "api", variables, environment={"MODE": "live"})
    stack["stackyard:app"]["services"].pop("nightly")
    return plan_of_config(stack, secret_keys=("stackyard:secrets",))


@pytest.fixture(scope="module")
def ecs() -> Plan:
    return runtime_plan("aws")


@pytest.fixture(scope="module")
def cloud_run() -> Plan:
    return runtime_plan("gcp")


@pytest.fixture(scope="module")
def gke() -> Plan:
    return runtime_plan("gcp", "kubernetes")


def ecs_container(plan: Plan, service: str, app: str = "shop") -> tuple[dict[str, Any], dict[str, Any]]:
    """(plain environment, secret references) of a service's container on ECS."""
    (task,) = [t for t in plan.of_type(TASK_DEFINITION) if t.name == f"{app}-{service}-task"]
    (container,) = json.loads(task.inputs["containerDefinitions"])
    return (
        {e["name"]: e["value"] for e in container["environment"]},
        {s["name"]: s["valueFrom"] for s in container["secrets"]},
    )


def cloud_run_container(plan: Plan, service: str, app: str = "shop") -> tuple[dict[str, Any], dict[str, Any]]:
    """(plain environment, secret version references) of a service's container on Cloud Run."""
    (resource,) = [r for r in plan.resources if r.type in CLOUD_RUN and r.name == f"{app}-{service}"]
    template = resource.inputs["template"]
    (container,) = template.get("containers") or template["template"]["containers"]
    envs = container.get("envs") or []
    return (
        {e["name"]: e["value"] for e in envs if "value" in e},
        {e["name"]: e["valueSource"]["secretKeyRef"] for e in envs if "valueSource" in e},
    )


def pod_container(plan: Plan, service: str, app: str = "shop") -> tuple[dict[str, Any], dict[str, Any]]:
    """(ConfigMap settings and plain env, secretKeyRefs) of a service's container on Kubernetes."""
    objects = kubernetes_objects(plan)
    (workload,) = [
        o
        for o in objects
        if o["kind"] in ("Deployment", "CronJob") and o["metadata"]["name"] == f"{app}-{service}"
    ]
    spec = (
        workload["spec"]["template"]["spec"]
        if workload["kind"] == "Deployment"
        else workload["spec"]["jobTemplate"]["spec"]["template"]["spec"]
    )
    (container,) = spec["containers"]
    maps = {o["metadata"]["name"]: o for o in objects if o["kind"] == "ConfigMap"}
    plain: dict[str, Any] = {}
    for source in container.get("envFrom") or []:
        plain.update(maps[source["configMapRef"]["name"]]["data"])
    env = container.get("env") or []
    plain.update({e["name"]: e["value"] for e in env if "value" in e})
    return plain, {e["name"]: e["valueFrom"]["secretKeyRef"] for e in env if "valueFrom" in e}


def test_ecs_gives_exactly_the_names_credentials_by_reference_to_their_version(ecs: Plan) -> None:
    plain, secrets = ecs_container(ecs, "api")
    assert set(plain) == {"DB_HOST", "DB_PORT", "DB_READ_HOST", "S3_BUCKET", "SEARCH_URL", "MODE"}
    assert set(secrets) == {"DB_URL", "DB_READ_URL", "REDIS_URL", "TOKEN"}
    versions = {
        v.name: v.state["versionId"] for v in ecs.of_type("aws:secretsmanager/secretVersion:SecretVersion")
    }
    db_secret, cache_secret = ecs.outputs["databaseSecretArn"], ecs.outputs["cacheAuthSecretArn"]
    assert secrets["DB_URL"] == f"{db_secret}:url::{versions['shop-credentials']}"
    assert secrets["DB_READ_URL"] == f"{db_secret}:reader_url::{versions['shop-credentials']}"
    assert secrets["REDIS_URL"] == f"{cache_secret}:url::{versions['shop-auth']}"
    assert secrets["TOKEN"] == f"{ecs.outputs['secretArns']['JWT_SECRET']}:::{versions['shop-jwt-secret']}"
    assert plain["DB_HOST"] == ecs.outputs["databaseEndpoint"] and plain["DB_PORT"] == "5432"
    assert plain["DB_READ_HOST"] == ecs.outputs["databaseReaderEndpoints"][0]
    assert plain["S3_BUCKET"] == ecs.outputs["bucketNames"]["uploads"]
    assert (
        plain["SEARCH_URL"] == "http://shop-search:9000/v1"
    )  # Service Connect's name and port, and the path
    assert SECRET_VALUE not in json.dumps(ecs.document())


def test_ecs_without_variables_keeps_the_defaults_and_an_empty_mapping_gives_nothing(ecs: Plan) -> None:
    plain, secrets = ecs_container(ecs, "worker")
    assert set(plain) == {
        "DATABASE_HOST",
        "DATABASE_PORT",
        "DATABASE_NAME",
        "DATABASE_USER",
        "DATABASE_SSLMODE",
        "REDIS_HOST",
        "REDIS_PORT",
        "REDIS_TLS",
        "BUCKET_UPLOADS",
    }
    assert set(secrets) == {"DATABASE_URL", "DATABASE_PASSWORD", "REDIS_URL", "REDIS_PASSWORD"}
    assert ecs_container(ecs, "search") == ({}, {})


def test_on_ecs_reach_follows_the_names(ecs: Plan) -> None:
    groups = {g.id: g.name for g in ecs.of_type("aws:ec2/securityGroup:SecurityGroup")}
    rules = ecs.of_type("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule")

    def admitted_by(group_id: str) -> set[str]:
        return {
            groups[r.inputs["referencedSecurityGroupId"]]
            for r in rules
            if r.inputs["securityGroupId"] == group_id and "referencedSecurityGroupId" in r.inputs
        }

    # search reads nothing of the data tier: neither the database nor the cache admits it
    assert admitted_by(ecs.outputs["databaseSecurityGroupId"]) == {"shop-api-sg", "shop-worker-sg"}
    assert admitted_by(ecs.outputs["cacheSecurityGroupId"]) == {"shop-api-sg", "shop-worker-sg"}
    # api reads search's URL: search admits api
    search_group = next(str(i) for i, n in groups.items() if n == "shop-search-sg")
    assert "shop-api-sg" in admitted_by(search_group)
    # only the tasks that read a secret may decrypt it
    policies = {p.name: json.dumps(p.inputs["policy"]) for p in ecs.of_type("aws:iam/rolePolicy:RolePolicy")}
    key = ecs.outputs["databaseKmsKeyArn"]
    assert key in policies["shop-api-execution"] and key not in policies["shop-search-execution"]


def test_cloud_run_gives_exactly_the_names_credentials_by_version_reference(cloud_run: Plan) -> None:
    plain, secrets = cloud_run_container(cloud_run, "api")
    assert set(plain) == {"DB_HOST", "DB_PORT", "DB_READ_HOST", "S3_BUCKET", "SEARCH_URL", "MODE"}
    assert set(secrets) == {"DB_URL", "DB_READ_URL", "REDIS_URL", "TOKEN"}
    numbers = {
        v.inputs["secret"]: v.state["version"]
        for v in cloud_run.of_type("gcp:secretmanager/secretVersion:SecretVersion")
    }
    secret_ids = {
        "DB_URL": "shop-test-db-url",
        "DB_READ_URL": "shop-test-db-reader-url",  # the reader URL's own secret, named with the base
        "REDIS_URL": "shop-test-cache-url",
        "TOKEN": "shop-test-jwt-secret",
    }
    for variable, secret_id in secret_ids.items():
        secret = f"projects/shop-project/secrets/{secret_id}"
        assert secrets[variable] == {"secret": secret, "version": numbers[secret]}, variable
    (search,) = [r for r in cloud_run.of_type("gcp:cloudrunv2/service:Service") if r.name == "shop-search"]
    assert plain["SEARCH_URL"] == search.state["uri"] + "/v1"  # the internal service's run.app URL
    (api,) = [r for r in cloud_run.of_type("gcp:cloudrunv2/service:Service") if r.name == "shop-api"]
    assert cloud_run.depends_on(api, search)  # created after the service whose URL it reads
    assert cloud_run_container(cloud_run, "search") == ({}, {})
    assert SECRET_VALUE not in json.dumps(cloud_run.document())


def test_gke_gives_exactly_the_names_credentials_through_the_secret(gke: Plan) -> None:
    plain, secrets = pod_container(gke, "api")
    assert set(plain) == {"DB_HOST", "DB_PORT", "DB_READ_HOST", "S3_BUCKET", "MODE"}
    assert set(secrets) == {"DB_URL", "DB_READ_URL", "REDIS_URL", "TOKEN"}
    (secret,) = [
        o
        for o in kubernetes_objects(gke)
        if o["kind"] == "Secret" and o["metadata"]["name"] == "shop-api-secrets"
    ]
    assert set(secret["stringData"]) == set(secrets)  # keys only: the plan never shows the values
    assert {ref["name"] for ref in secrets.values()} == {"shop-api-secrets"}
    search_plain, search_secrets = pod_container(gke, "search")
    assert search_plain == {"API_URL": "https://api.shop.example.com/v1"} and search_secrets == {}
    assert SECRET_VALUE not in json.dumps(gke.document())


def test_on_kubernetes_reach_follows_the_names(gke: Plan) -> None:
    policies = {
        o["metadata"]["name"]: o["spec"] for o in kubernetes_objects(gke) if o["kind"] == "NetworkPolicy"
    }

    def ports(name: str) -> set[int]:
        return {
            p["port"]
            for rule in policies[name]["egress"]
            for p in rule.get("ports", [])
            if "ipBlock" in str(rule)
        }

    assert {5432, 6378} <= ports("shop-api")
    # search reads only api's public URL: HTTPS out, nothing of the data tier
    assert ports("shop-search") == {443}


def test_eks_gives_karigar_exactly_its_guides_names() -> None:
    plan = plan_of("blueprints/karigar/Pulumi.k8s-prod.yaml")
    plain, secrets = pod_container(plan, "api", "karigar")
    assert set(secrets) == {"DB_PASSWORD", "REDIS_PASSWORD", "JWT_SECRET"}
    assert {"DB_HOST", "DB_PORT", "DB_USER", "DB_NAME", "DB_SSLMODE", "REDIS_HOST", "REDIS_PORT"} <= set(
        plain
    )
    assert plain["DB_HOST"] == plan.outputs["databaseEndpoint"] and plain["DB_SSLMODE"] == "require"
    assert pod_container(plan, "frontend", "karigar") == (
        {"NEXT_PUBLIC_API_URL": "https://api.karigar.example.com/api/v1", "NODE_ENV": "production"},
        {},
    )


# -- every blueprint gives its app the names its guide lists -------------------------------------------------


@dataclass(frozen=True)
class Reads:
    """What a guide says its application reads, and what the stack does about each name."""

    guide: frozenset[str]
    """The names the guide lists for this application (its section is cited where the table is built)."""
    not_given: frozenset[str] = frozenset()
    """Guide names the stack deliberately does not give, each with its reason in the table."""
    extra: frozenset[str] = frozenset()
    """Names the stack file gives beyond the guide's list, each with its reason in the table."""

    @property
    def given(self) -> frozenset[str]:
        return (self.guide - self.not_given) | self.extra


def names(*text: str) -> frozenset[str]:
    return frozenset(" ".join(text).split())


# CHOWKAR, guide 000, "1.2 Environment Variables (.env.production)".
CHOWKAR_API = Reads(
    guide=names("DATABASE_URL REDIS_URL API_KEY JWT_SECRET FIREBASE_ADMIN_CONFIG AWS_ACCESS_KEY"),
    not_given=names("AWS_ACCESS_KEY"),  # the task role / service account may only upload: no access key
    extra=names("NODE_ENV"),  # the stack file's NODE_ENV=production (npm run start:prod)
)
# Karigar, guide 001, "Environment Configuration": "Backend Environment Variables".
KARIGAR_API = Reads(
    guide=names(
        "SERVER_HOST SERVER_PORT SERVER_ENVIRONMENT",
        "DB_HOST DB_PORT DB_USER DB_PASSWORD DB_NAME DB_SSLMODE DB_DRIVER",
        "REDIS_HOST REDIS_PORT REDIS_PASSWORD REDIS_DB",
        "JWT_SECRET JWT_ACCESS_EXPIRY JWT_REFRESH_EXPIRY",
        "SUPABASE_URL SUPABASE_ANON_KEY SUPABASE_SERVICE_ROLE_KEY",
    ),
    not_given=names("SUPABASE_URL SUPABASE_ANON_KEY SUPABASE_SERVICE_ROLE_KEY"),  # "if using": not used
)
# Karigar, guide 001, "Frontend Environment Variables".
KARIGAR_FRONTEND = Reads(guide=names("NEXT_PUBLIC_API_URL NODE_ENV"))
# NestJS API template, guide 002, "Environment Variables" table; the read replica of "Deployment
# Architecture" (API -.-> Read Replica) has no name there: Prisma's read-replicas extension's documented one.
NESTJS_API = Reads(
    guide=names(
        "NODE_ENV PORT DATABASE_URL JWT_SECRET JWT_EXPIRATION REFRESH_TOKEN_EXPIRATION",
        "EMAIL_HOST EMAIL_PORT EMAIL_USER EMAIL_PASSWORD CORS_ORIGIN",
    ),
    extra=names("DATABASE_URL_REPLICA"),
)
# CharterFlow, guide 003, "1.2 Production", Backend; PORT from "1.1 Development" (the API listens on 3001).
CHARTERFLOW_BACKEND = names("DATABASE_URL JWT_SECRET UPLOAD_PATH REDIS_URL S3_BUCKET S3_REGION")
# "Read replica for queries" (3.3): the guide names no variable; DATABASE_URL_REPLICA, as for NestJS.
CHARTERFLOW_API = Reads(guide=CHARTERFLOW_BACKEND | names("PORT"), extra=names("DATABASE_URL_REPLICA"))
# The BullMQ workers run the backend's code.
CHARTERFLOW_WORKERS = Reads(guide=CHARTERFLOW_BACKEND, extra=names("DATABASE_URL_REPLICA"))
# CharterFlow, guide 003, "1.2 Production", Frontend: the Next.js server behind the CDN.
CHARTERFLOW_WEB = Reads(guide=names("NEXT_PUBLIC_API_URL NEXT_PUBLIC_APP_URL"))
# PropFlow, guide 004, "Environment Variables", "Production Checklist" (the backend: api, Celery worker and
# beat). AWS keys are not given: the task role's bucket grant replaces them.
PROPFLOW_BACKEND = Reads(
    guide=names(
        "SECRET_KEY DATABASE_URL REDIS_HOST S3_BUCKET AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY",
        "TWILIO_ACCOUNT_SID GOOGLE_VISION_API_KEY",
    ),
    not_given=names("AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY"),
)
# beat loads the backend's settings: the checklist's required (✓) rows.
PROPFLOW_BEAT = Reads(
    guide=names("SECRET_KEY DATABASE_URL REDIS_HOST S3_BUCKET AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY"),
    not_given=names("AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY"),
)
# The valuer dashboard: the guide lists no variable for it.
PROPFLOW_DASHBOARD = Reads(guide=frozenset())

EXPECTED: dict[str, dict[str, Reads]] = {
    "chowkar": {"api": CHOWKAR_API},
    "karigar": {"api": KARIGAR_API, "frontend": KARIGAR_FRONTEND},
    "nestjs-api": {"api": NESTJS_API},
    "charterflow": {"api": CHARTERFLOW_API, "workers": CHARTERFLOW_WORKERS, "web": CHARTERFLOW_WEB},
    "propflow": {
        "api": PROPFLOW_BACKEND,
        "worker": PROPFLOW_BACKEND,
        "beat": PROPFLOW_BEAT,
        "dashboard": PROPFLOW_DASHBOARD,
    },
}
# The names that carry a credential, in any guide: they must arrive by reference only.
CREDENTIALS = names(
    "DATABASE_URL DATABASE_URL_REPLICA REDIS_URL DB_PASSWORD REDIS_PASSWORD JWT_SECRET API_KEY",
    "FIREBASE_ADMIN_CONFIG SECRET_KEY TWILIO_ACCOUNT_SID GOOGLE_VISION_API_KEY EMAIL_PASSWORD",
)
BLUEPRINTS = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "blueprints").glob("*/Pulumi.*.yaml"))


def containers(plan: Plan, stack_file: str) -> dict[str, tuple[dict[str, Any], dict[str, Any]]]:
    """Each service's (plain, by reference) names, from the runtime the stack file uses."""
    source = read_stack_file(ROOT / stack_file, project_root=ROOT)
    app = source.values["stackyard:app"]
    app = json.loads(app) if isinstance(app, str) else app
    read = (
        pod_container
        if app.get("runtime") == "kubernetes"
        else ecs_container
        if source.values["stackyard:cloud"] == "aws"
        else cloud_run_container
    )
    return {service: read(plan, service, app["name"]) for service in app["services"]}


@pytest.mark.parametrize("stack_file", BLUEPRINTS)
def test_each_service_gets_the_names_its_guide_lists(stack_file: str) -> None:
    system = Path(stack_file).parent.name
    plan = plan_of(stack_file)
    for service, (plain, by_reference) in containers(plan, stack_file).items():
        assert service in EXPECTED[system], f"{stack_file}: {service} has no entry in the guide's table here"
        expected = EXPECTED[system][service]
        assert set(plain) | set(by_reference) == expected.given, f"{stack_file}: {service}"
        assert not set(plain) & set(by_reference), f"{stack_file}: {service}"
        assert set(by_reference) == expected.given & CREDENTIALS, f"{stack_file}: {service} credentials"
