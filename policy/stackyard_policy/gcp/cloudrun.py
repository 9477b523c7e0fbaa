"""Cloud Run services, jobs and worker pools: ingress, their own service account, no secrets in plain
text, who may invoke a service, and VPC egress."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from ..model import ADVISORY, MANDATORY, UNKNOWN, Resource, Rule, rule, stack_rule
from .helpers import UNDECIDED, _find, _input, _mappings, _public_grants

RULES: list[Rule] = []


RUN_SERVICE = "gcp:cloudrunv2/service:Service"
RUN_JOB = "gcp:cloudrunv2/job:Job"
RUN_WORKER_POOL = "gcp:cloudrunv2/workerPool:WorkerPool"
RUN_SERVICE_IAM = (
    "gcp:cloudrunv2/serviceIamMember:ServiceIamMember",
    "gcp:cloudrunv2/serviceIamBinding:ServiceIamBinding",
    "gcp:cloudrunv2/serviceIamPolicy:ServiceIamPolicy",
)
RUN_OTHER_IAM = (
    "gcp:cloudrunv2/jobIamMember:JobIamMember",
    "gcp:cloudrunv2/jobIamBinding:JobIamBinding",
    "gcp:cloudrunv2/jobIamPolicy:JobIamPolicy",
    "gcp:cloudrunv2/workerPoolIamMember:WorkerPoolIamMember",
    "gcp:cloudrunv2/workerPoolIamBinding:WorkerPoolIamBinding",
    "gcp:cloudrunv2/workerPoolIamPolicy:WorkerPoolIamPolicy",
)

# The serverless network endpoint group through which a load balancer reaches a Cloud Run service.
SERVERLESS_NEG = "gcp:compute/regionNetworkEndpointGroup:RegionNetworkEndpointGroup"

INVOKER_ROLE = "roles/run.invoker"
INGRESS_ALL = "INGRESS_TRAFFIC_ALL"
INGRESS_LOAD_BALANCER = "INGRESS_TRAFFIC_INTERNAL_LOAD_BALANCER"
# Google's default service accounts: the Compute Engine one (Cloud Run's default identity) and App
# Engine's; both are often granted roles/editor on the project.
DEFAULT_SERVICE_ACCOUNT = re.compile(r"(-compute@developer|@appspot)\.gserviceaccount\.com$")

# Environment variable names that hold a secret: the last word is one of these (API_KEY, JWT_SECRET,
# DATABASE_PASSWORD, GITHUB_TOKEN ...) or the name mentions a private key; a PUBLIC one (NEXT_PUBLIC_*,
# JWT_PUBLIC_KEY) is not.
SECRET_WORDS = {
    "PASSWORD",
    "PASSWD",
    "PWD",
    "PASS",
    "PASSPHRASE",
    "SECRET",
    "TOKEN",
    "KEY",
    "APIKEY",
    "CREDENTIAL",
    "CREDENTIALS",
}
# A URL with a password in it (postgres://app:hunter2@10.0.0.3/app).
URL_WITH_PASSWORD = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*://[^/\s:@]+:[^/\s@]+@")


def _run_template(resource: Resource) -> Any:
    """The revision (service, worker pool) or task (job) template holding containers and identity."""
    return _input(resource, "template.template" if resource.type == RUN_JOB else "template")


def _fronted(service: Resource, negs: Sequence[Resource]) -> bool:
    """Whether a load balancer may front a Cloud Run service: a serverless NEG of the stack names it in
    cloudRun.service, or names a service not known yet (or serves several through a URL mask)."""
    for neg in negs:
        cloud_run = _input(neg, "cloudRun")
        if cloud_run is UNDECIDED:
            return True
        if not isinstance(cloud_run, Mapping):
            continue
        reference = _input(cloud_run, "service")
        if reference is UNDECIDED or (reference is None and cloud_run.get("urlMask")):
            return True
        if isinstance(reference, str):
            found, decided = _find([service], reference)
            if found is not None or not decided:
                return True
    return False


def _direct(service: Resource, negs: Sequence[Resource]) -> bool:
    """Whether a Cloud Run service is a staging one served on its run.app URL on purpose (a stack without a
    domain): known not to be prod (it carries a stackyard environment other than prod) and fronted by no
    load balancer of the stack."""
    return service.environment is not None and not service.is_prod and not _fronted(service, negs)


@stack_rule(
    "gcp-cloudrun-ingress-not-all",
    MANDATORY,
    [RUN_SERVICE, SERVERLESS_NEG],
    "Cloud Run v2 has no checkov check (security-baseline.md): with INGRESS_TRAFFIC_ALL (the default) the "
    "internet reaches the run.app URL directly, around the load balancer's TLS policy and Cloud Armor; only "
    "a staging service no load balancer fronts (a stack without a domain) may keep it "
    "(gcp-cloudrun-direct-ingress advises against it).",
    "ContainerService sets INTERNAL_LOAD_BALANCER for public services and INTERNAL_ONLY otherwise; do not "
    "override ingress (e.g. through a transform).",
    into=RULES,
)
def _run_ingress(resources: Sequence[Resource]) -> Iterator[tuple[Resource, str]]:
    for service in _open_services(resources, direct=False):
        yield service, f"ingress is {INGRESS_ALL}: the run.app URL is open to the internet"


def _open_services(resources: Sequence[Resource], direct: bool) -> Iterator[Resource]:
    """The Cloud Run services with ingress INGRESS_TRAFFIC_ALL that are (`direct`) or are not staging ones
    served on their run.app URL on purpose (`_direct`)."""
    negs = [r for r in resources if r.type == SERVERLESS_NEG]
    for service in resources:
        if service.type != RUN_SERVICE or _direct(service, negs) != direct:
            continue
        if _input(service, "ingress", INGRESS_ALL) == INGRESS_ALL:
            yield service


@stack_rule(
    "gcp-cloudrun-direct-ingress",
    ADVISORY,
    [RUN_SERVICE, SERVERLESS_NEG],
    "Cloud Run v2 has no checkov check (security-baseline.md): a staging service without a domain is "
    "served on its run.app URL (ingress INGRESS_TRAFFIC_ALL, no load balancer): Google's TLS policy for "
    "run.app applies instead of the load balancer's TLS 1.2 policy, and no Cloud Armor policy filters "
    "requests; production needs a domain, and gcp-cloudrun-ingress-not-all refuses it there.",
    "give the stack app.domain, so the service sits behind the load balancer with ingress "
    "INTERNAL_LOAD_BALANCER",
    into=RULES,
)
def _run_direct_ingress(resources: Sequence[Resource]) -> Iterator[tuple[Resource, str]]:
    for service in _open_services(resources, direct=True):
        yield (
            service,
            f"ingress is {INGRESS_ALL} and no load balancer fronts it: the run.app URL is served without "
            "Cloud Armor and the load balancer's TLS policy",
        )


@rule(
    "gcp-cloudrun-dedicated-service-account",
    MANDATORY,
    [RUN_SERVICE, RUN_JOB, RUN_WORKER_POOL],
    "checkov CKV_GCP_30 (instances without the default service account): without its own service account a "
    "Cloud Run workload runs as the Compute Engine default one, often a project Editor, instead of with "
    "least privilege.",
    "ContainerService creates one service account per service; on a raw resource set "
    "template.service_account to a dedicated account.",
    into=RULES,
)
def _run_service_account(resource: Resource) -> str | None:
    template = _run_template(resource)
    if template is UNDECIDED:
        return None
    account = _input(template, "serviceAccount") if isinstance(template, Mapping) else None
    if account is UNDECIDED:
        return None
    if not account:
        return "no service account: it runs as the Compute Engine default service account"
    if DEFAULT_SERVICE_ACCOUNT.search(str(account)):
        return f"runs as the default service account {account}"
    return None


def _secret_like(name: str) -> bool:
    upper = name.upper()
    words = [w for w in re.split(r"[^A-Z0-9]+", upper) if w]
    if not words or "PUBLIC" in words:
        return False
    return words[-1] in SECRET_WORDS or "PRIVATE_KEY" in upper or "PRIVATEKEY" in upper


def _plaintext_secret(env: Mapping[str, Any]) -> str | None:
    name, value = env.get("name"), env.get("value")
    if not isinstance(name, str) or not isinstance(value, str) or not value or value == UNKNOWN:
        return None
    if value == "[secret]":
        return f"{name} holds a secret value in plain text"
    if URL_WITH_PASSWORD.match(value):
        return f"{name} holds a URL with a password in it"
    if _secret_like(name) and "/secrets/" not in value:
        return f"{name} looks like a secret and has a literal value"
    return None


@rule(
    "gcp-cloudrun-no-plaintext-secrets",
    MANDATORY,
    [RUN_SERVICE, RUN_JOB, RUN_WORKER_POOL],
    "cdk-nag ECS2 and checkov CKV_K8S_35 counterparts, DESIGN.md (secrets only by reference): a plain "
    "environment value is visible to anyone who can read the service, in its revisions and in the state.",
    "Pass it as a secret (app.services.<name>.secrets, stored in Secret Manager and read through "
    "value_source.secret_key_ref), never in environment.",
    into=RULES,
)
def _run_plaintext_secrets(resource: Resource) -> str | None:
    template = _run_template(resource)
    if not isinstance(template, Mapping):
        return None
    for container in _mappings(template.get("containers")):
        for env in _mappings(container.get("envs")):
            found = _plaintext_secret(env)
            if found:
                return f"container {container.get('name') or '(unnamed)'}: {found}"
    return None


@stack_rule(
    "gcp-cloudrun-public-invoker-behind-lb",
    MANDATORY,
    [RUN_SERVICE, *RUN_SERVICE_IAM, *RUN_OTHER_IAM, SERVERLESS_NEG],
    "checkov CKV_GCP_102 forbids allUsers on Cloud Run (v1 only; no v2 check): a load balancer carries no "
    "Google identity, so a public stackyard service lets allUsers invoke it, which is safe only when its "
    "ingress is INGRESS_TRAFFIC_INTERNAL_LOAD_BALANCER and the internet can come in only through the load "
    "balancer, or when it is a staging service no load balancer fronts (gcp-cloudrun-direct-ingress).",
    "Grant allUsers/allAuthenticatedUsers only roles/run.invoker and only on a service with ingress "
    "INTERNAL_LOAD_BALANCER (ContainerService does both for public: true); otherwise grant named members.",
    into=RULES,
)
def _run_public_invoker(resources: Sequence[Resource]) -> Iterator[tuple[Resource, str]]:
    services = [r for r in resources if r.type == RUN_SERVICE]
    negs = [r for r in resources if r.type == SERVERLESS_NEG]
    for resource in resources:
        if resource.type == SERVERLESS_NEG:
            continue
        if resource.type == RUN_SERVICE:
            if _input(resource, "invokerIamDisabled") is True:
                ingress = _input(resource, "ingress", INGRESS_ALL)
                if ingress not in (UNDECIDED, INGRESS_LOAD_BALANCER):
                    yield resource, f"invokerIamDisabled with ingress {ingress}: anyone may invoke it"
            continue
        grants = _public_grants(resource)
        if not grants:
            continue
        if resource.type in RUN_OTHER_IAM:
            yield resource, f"{grants[0][1]} is granted {grants[0][0]} on a Cloud Run job or worker pool"
            continue
        for role, member in grants:
            if role not in (UNDECIDED, INVOKER_ROLE):
                yield resource, f"{member} is granted {role} on a Cloud Run service"
        if not any(role == INVOKER_ROLE for role, _ in grants):
            continue
        member = grants[0][1]
        reference = _input(resource, "name")
        service, decided = _find(services, reference)
        if service is None:
            if decided:
                message = f"{member} may invoke Cloud Run service {reference!r}, which is not in this stack"
                yield resource, f"{message}: its ingress cannot be checked"
            continue
        ingress = _input(service, "ingress", INGRESS_ALL)
        if ingress == INGRESS_ALL and _direct(service, negs):
            continue
        if ingress not in (UNDECIDED, INGRESS_LOAD_BALANCER):
            yield resource, f"{member} may invoke Cloud Run service {reference!r} whose ingress is {ingress}"


@rule(
    "gcp-cloudrun-vpc-egress",
    ADVISORY,
    [RUN_SERVICE, RUN_JOB, RUN_WORKER_POOL],
    "Cloud Run v2 has no checkov check (security-baseline.md: VPC egress needs stackyard's own policy): "
    "without VPC access a workload cannot reach the private Cloud SQL and Memorystore, and its outbound "
    "traffic bypasses the VPC's firewall rules and Cloud NAT.",
    "ContainerService adds direct VPC egress when it gets a network (the stacks always pass one); on a raw "
    "resource set template.vpc_access.network_interfaces.",
    into=RULES,
)
def _run_vpc_egress(resource: Resource) -> str | None:
    template = _run_template(resource)
    if not isinstance(template, Mapping):
        return None
    access = _input(template, "vpcAccess")
    if access is UNDECIDED:
        return None
    if isinstance(access, Mapping) and (access.get("connector") or access.get("networkInterfaces")):
        return None
    return "no VPC access (template.vpcAccess): egress does not go through the VPC"
