"""A staging stack without `app.domain`: public web services are served over HTTPS at names their cloud
gives them (aws: a CloudFront distribution per service in front of an internal load balancer reached by a
VPC origin; gcp: the service's own run.app URL); what cannot work without a domain is refused with the key
path (`stacks/domain_rules.py`)."""

from __future__ import annotations

import pytest

from stacks import first_up
from tests.conftest import plan_of, run_cli, stack_source

SHOPFRONT = "Pulumi.staging.yaml"  # the api service and a static site
NESTJS = "blueprints/nestjs-api/Pulumi.staging.yaml"  # one api with a host of its own
CHOWKAR_GCP = "blueprints/chowkar/Pulumi.gcp-staging.yaml"
KARIGAR_GCP = "blueprints/karigar/Pulumi.gcp-staging.yaml"
NO_DOMAIN = ("app.domain=null",)
NESTJS_NO_DOMAIN = (*NO_DOMAIN, "app.services.api.host=null")
CHOWKAR_NO_DOMAIN = (*NO_DOMAIN, "app.site=null")  # a Cloud CDN site needs its domain
ALB = "aws:lb/loadBalancer:LoadBalancer"
LISTENER = "aws:lb/listener:Listener"
RULE = "aws:lb/listenerRule:ListenerRule"
DISTRIBUTION = "aws:cloudfront/distribution:Distribution"
VPC_ORIGIN = "aws:cloudfront/vpcOrigin:VpcOrigin"
CERTIFICATE = "aws:acm/certificate:Certificate"
RECORD = "aws:route53/record:Record"
RUN_SERVICE = "gcp:cloudrunv2/service:Service"


def test_aws_the_load_balancer_is_internal_and_each_public_service_has_its_own_distribution() -> None:
    plan = plan_of(NESTJS, NESTJS_NO_DOMAIN)
    (balancer,) = plan.of_type(ALB)
    assert balancer.inputs["internal"] is True
    (service,) = plan.of_type("aws:ecs/service:Service")
    assert balancer.inputs["subnets"] == service.inputs["networkConfiguration"]["subnets"]  # the private tier
    assert plan.of_type(CERTIFICATE) == [] and plan.of_type(RECORD) == []
    (origin,) = plan.of_type(VPC_ORIGIN)
    assert origin.inputs["vpcOriginEndpointConfig"]["arn"] == balancer.state["arn"]
    (distribution,) = plan.of_type(DISTRIBUTION)
    (entry,) = distribution.inputs["origins"]
    assert entry["vpcOriginConfig"]["vpcOriginId"] == origin.id
    assert entry["domainName"] == balancer.state["dnsName"]
    assert distribution.inputs["viewerCertificate"]["cloudfrontDefaultCertificate"] is True
    # The service's rule routes the distribution's own name (CloudFront forwards the viewer's Host).
    (rule,) = plan.of_type(RULE)
    hosts = [c["hostHeader"]["values"] for c in rule.inputs["conditions"] if "hostHeader" in c]
    assert hosts == [[distribution.state["domainName"]]]
    (listener,) = plan.of_type(LISTENER)
    assert listener.inputs["protocol"] == "HTTP" and rule.inputs["listenerArn"] == listener.state["arn"]
    assert plan.outputs["serviceUrls"] == {"api": f"https://{distribution.state['domainName']}"}


def test_aws_the_default_stack_without_a_domain_serves_its_site_and_api_at_cloudfront_names() -> None:
    plan = plan_of(SHOPFRONT, NO_DOMAIN)
    distributions = plan.of_type(DISTRIBUTION)
    assert len(distributions) == 2  # the site's and the api's
    assert all(d.inputs["viewerCertificate"].get("cloudfrontDefaultCertificate") for d in distributions)
    assert plan.of_type(CERTIFICATE) == []


def test_gcp_a_public_service_is_served_at_its_run_app_url_with_no_load_balancer() -> None:
    plan = plan_of(CHOWKAR_GCP, CHOWKAR_NO_DOMAIN)
    (service,) = [s for s in plan.of_type(RUN_SERVICE) if s.inputs.get("ingress") == "INGRESS_TRAFFIC_ALL"]
    assert plan.of_type("gcp:compute/globalForwardingRule:GlobalForwardingRule") == []
    assert plan.of_type("gcp:compute/regionNetworkEndpointGroup:RegionNetworkEndpointGroup") == []
    assert plan.of_type("gcp:compute/securityPolicy:SecurityPolicy") == []
    assert plan.outputs["serviceUrls"] == {"api": service.state["uri"]}
    members = [r.inputs["member"] for r in plan.of_type("gcp:cloudrunv2/serviceIamMember:ServiceIamMember")]
    assert "allUsers" in members


KARIGAR_NO_DOMAIN = (*NO_DOMAIN, "app.services.frontend.host=null", "app.site=null")


def test_a_service_reading_a_public_url_gets_the_name_its_cloud_serves_it_at() -> None:
    # karigar's frontend reads services.api.url/api/v1.
    gcp = plan_of(KARIGAR_GCP, KARIGAR_NO_DOMAIN)
    services = {r.name: r for r in gcp.of_type(RUN_SERVICE)}
    api = next(r for n, r in services.items() if n.endswith("-api"))
    frontend = next(r for n, r in services.items() if n.endswith("-frontend"))
    (envs,) = [c["envs"] for c in frontend.inputs["template"]["containers"]]
    assert {"name": "NEXT_PUBLIC_API_URL", "value": f"{api.state['uri']}/api/v1"} in envs
    aws = plan_of("blueprints/karigar/Pulumi.staging.yaml", KARIGAR_NO_DOMAIN)
    urls = aws.outputs["serviceUrls"]
    (task,) = [r for r in aws.of_type("aws:ecs/taskDefinition:TaskDefinition") if "frontend" in r.name]
    assert f"{urls['api']}/api/v1" in task.inputs["containerDefinitions"]


def test_gcp_services_cannot_read_each_others_run_app_url_in_a_circle() -> None:
    sets = (*CHOWKAR_NO_DOMAIN, 'app.services.api.variables={"SELF_URL": "services.api.url"}')
    result = run_cli("plan", "--config-file", CHOWKAR_GCP, *(f"--set={s}" for s in sets))
    assert result.returncode == 2 and "reads its own URL" in result.stderr, result.stderr


@pytest.mark.parametrize(
    ("stack_file", "sets", "expected"),
    [
        (
            "Pulumi.prod.yaml",
            NO_DOMAIN,
            "stackyard:app.services.api.public: a prod service is served with a certificate for app.domain",
        ),
        (
            "blueprints/chowkar/Pulumi.gcp-prod.yaml",
            CHOWKAR_NO_DOMAIN,
            "stackyard:app.services.api.public: a prod service is served through the load balancer",
        ),
        (
            "blueprints/nestjs-api/Pulumi.k8s-staging.yaml",
            (*NO_DOMAIN, "app.services.api.host=null"),
            "stackyard:app.services.api.public: with runtime kubernetes",
        ),
        (
            NESTJS,
            NO_DOMAIN,
            "stackyard:app.services.api.host: a host of stackyard:app.domain, which is not set",
        ),
        (
            NESTJS,
            (*NESTJS_NO_DOMAIN, "app.hosted_zone_id=Z0123456789ABCDEFGHIJ"),
            "stackyard:app.hosted_zone_id: the zone of stackyard:app.domain's records, which is not set",
        ),
        (KARIGAR_GCP, (*NO_DOMAIN, "app.services.frontend.host=null"), "stackyard:app.site.service: the CDN"),
        (
            "Pulumi.prod.yaml",
            (*NO_DOMAIN, "app.services.api.public=false"),
            "stackyard:app.site: a prod site",
        ),
    ],
)
def test_what_needs_a_domain_is_refused_with_the_key_path(
    stack_file: str, sets: tuple[str, ...], expected: str
) -> None:
    result = run_cli("plan", "--config-file", stack_file, *(f"--set={s}" for s in sets))
    assert result.returncode == 2, result.stdout + result.stderr
    assert expected in result.stderr, result.stderr


def _notes(stack_file: str, *sets: str) -> list[str]:
    from stacks.config import load_stack_config

    source = stack_source(stack_file, sets)
    config = load_stack_config(source.values, source.secret_keys)
    return [note.text for note in first_up.notes(config, source.values) if note.topic == "dns"]


def test_the_plan_says_where_the_services_are_served_and_why_prod_needs_a_domain() -> None:
    (aws,) = _notes(NESTJS, *NESTJS_NO_DOMAIN)
    assert aws.startswith("No custom domain: `api` is served at its own CloudFront name") and "prod" in aws
    (gcp,) = _notes(CHOWKAR_GCP, *CHOWKAR_NO_DOMAIN)
    assert gcp.startswith("No custom domain: `api` is served at its own run.app URL") and "Cloud Armor" in gcp
    # With a domain, no such note.
    assert not any(text.startswith("No custom domain") for text in _notes(NESTJS))


@pytest.mark.parametrize(
    ("stack_file", "sets", "advisory"),
    [
        (NESTJS, NESTJS_NO_DOMAIN, "aws-cloudfront-default-certificate"),
        (CHOWKAR_GCP, CHOWKAR_NO_DOMAIN, "gcp-cloudrun-direct-ingress"),
    ],
)
def test_the_policy_pack_lets_a_staging_stack_without_a_domain_up_and_names_what_it_gives_up(
    stack_file: str, sets: tuple[str, ...], advisory: str
) -> None:
    result = run_cli("check", "--config-file", stack_file, *(f"--set={s}" for s in sets))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 mandatory" in result.stdout and f"ADVISORY   {advisory}" in result.stdout, result.stdout


def test_the_uptime_checks_watch_the_names_the_services_are_served_at() -> None:
    sets = (*NESTJS_NO_DOMAIN, "app.alarms.uptime=true", 'app.alarms.emails=["ops@example.com"]')
    plan = plan_of(NESTJS, sets)
    (distribution,) = plan.of_type(DISTRIBUTION)
    (check,) = plan.of_type("aws:route53/healthCheck:HealthCheck")
    assert check.inputs["fqdn"] == distribution.state["domainName"]
    gcp = plan_of(CHOWKAR_GCP, (*CHOWKAR_NO_DOMAIN, *sets[-2:]))
    (service,) = gcp.of_type(RUN_SERVICE)
    (uptime,) = gcp.of_type("gcp:monitoring/uptimeCheckConfig:UptimeCheckConfig")
    assert f"https://{uptime.inputs['monitoredResource']['labels']['host']}" == service.state["uri"]
