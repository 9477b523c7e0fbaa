"""The "before your first `pulumi up`" notes (`stacks.first_up`): computed from the stack config, shown by
`stackyard plan` (text and JSON) and logged once by the program under `pulumi up`."""

from __future__ import annotations

import json
import logging
import runpy

import pulumi
import pytest

from stacks import first_up
from stacks.config import StackConfig, load_stack_config
from stacks.mocks import RecordingMonitor
from tests.conftest import MAIN, plan_of, run_cli, stack_source

STAGING = "Pulumi.staging.yaml"
PROD = "Pulumi.prod.yaml"
CHOWKAR_GCP = "blueprints/chowkar/Pulumi.gcp-prod.yaml"
KARIGAR_GCP = "blueprints/karigar/Pulumi.gcp-staging.yaml"
KARIGAR_EKS = "blueprints/karigar/Pulumi.k8s-prod.yaml"


def config_and_values(
    stack_file: str, sets: tuple[str, ...] = (), secrets: tuple[str, ...] = ()
) -> tuple[StackConfig, dict]:
    source = stack_source(stack_file, sets, secrets)
    return load_stack_config(source.values, source.secret_keys), source.values


def notes_of(stack_file: str, *sets: str, secrets: tuple[str, ...] = ()) -> dict[str, list[str]]:
    """Note texts by topic, computed from the stack file as the program does."""
    config, values = config_and_values(stack_file, sets, secrets)
    found: dict[str, list[str]] = {}
    for note in first_up.notes(config, values):
        found.setdefault(note.topic, []).append(note.text)
    return found


def test_the_staging_stack_needs_its_secret_dns_images_and_extensions() -> None:
    notes = notes_of(STAGING)
    assert set(notes) == {"secrets", "dns", "images", "database-extensions", "alarm-emails", "quotas"}
    assert "`pulumi config set --secret --path 'secrets.SECRET_KEY' <value>`" in notes["secrets"][0]
    assert "`pg_stat_statements`" in notes["database-extensions"][0]
    assert "`databaseExtensionStatements`" in notes["database-extensions"][0]
    (images,) = notes["images"]
    assert "`repositoryUrls`" in images and "no task until you push" in images and "503" in images
    assert "`pulumi config set --path 'app.services.<NAME>.image_tag' <tag>` for each" in images
    # The zone the load balancer and the site look up by name, the registrable domain.
    (dns,) = notes["dns"]
    assert "Route 53 zone `example.com` (load balancer, site)" in dns and "`app.hosted_zone_id`" in dns


def test_alarm_emails_are_to_confirm_only_where_alarms_are_on() -> None:
    # The staging profile turns alarms off; its file's alarms section turns them back on.
    assert "alarm-emails" not in notes_of(STAGING, "app.alarms.enabled=false")
    assert "`ops@shopfront.example.com`" in notes_of(STAGING)["alarm-emails"][0]
    (emails,) = notes_of(PROD)["alarm-emails"]
    assert "`ops@shopfront.example.com`" in emails and "AWS Notifications" in emails
    assert "alarm-emails" not in notes_of(PROD, "app.alarms.emails=[]")
    # Cloud Monitoring's email channels need no confirmation.
    assert "alarm-emails" not in notes_of(CHOWKAR_GCP)


def test_a_real_secret_value_needs_no_note() -> None:
    assert "secrets" not in notes_of(STAGING, secrets=("secrets.SECRET_KEY=s3cr3t",))
    several = notes_of("blueprints/nestjs-api/Pulumi.k8s-staging.yaml")["secrets"][0]
    assert "`JWT_SECRET` and `EMAIL_PASSWORD`" in several and "'secrets.<NAME>'" in several


def test_no_image_note_when_every_service_has_an_image() -> None:
    images = tuple(
        f"app.services.{name}.image=ghcr.io/shop/{name}:1.0.0" for name in ("api", "worker", "nightly-report")
    )
    assert "images" not in notes_of(STAGING, *images)
    (partly,) = notes_of(STAGING, *images[:2])["images"]
    assert "`nightly-report` runs no task until you push its first image" in partly and "`api`" not in partly
    assert "503" not in partly  # a scheduled job serves nothing
    assert "'app.services.nightly-report.image_tag'" in partly
    placeholder, tagged = notes_of(STAGING, "app.services.api.image_tag=v1.4.2")["images"]
    assert "`worker` and `nightly-report` run no task until you push" in placeholder
    assert "`api` runs tag `v1.4.2`" in tagged and "tasks cannot start until the tag is there" in tagged


def test_a_given_hosted_zone_is_the_one_to_delegate() -> None:
    (dns,) = notes_of(STAGING, "app.hosted_zone_id=Z0123456789ABCDEFGHIJ")["dns"]
    assert "`Z0123456789ABCDEFGHIJ`" in dns and "delegated" in dns and "example.com`" not in dns
    assert "dns" not in notes_of(STAGING, "app.domain=null", "app.site=null", "app.services.api.public=false")


def test_no_extension_note_without_extensions() -> None:
    assert "database-extensions" not in notes_of(STAGING, "app.database.extensions=[]")
    assert "database-extensions" not in notes_of(STAGING, "app.database=null")


def test_gcp_notes_project_dns_and_placeholder_images() -> None:
    notes = notes_of(CHOWKAR_GCP)
    assert {"gcp-project", "dns", "images", "secrets", "database-extensions"} <= set(notes)
    assert "--project chowkar-prod" in notes["gcp-project"][0] and "billing" in notes["gcp-project"][0]
    (dns,) = notes["dns"]
    assert "`chowkar.example.com` to the output `siteIpAddress`" in dns
    assert "`api.chowkar.example.com` to the output `loadBalancerIp`" in dns
    (images,) = notes["images"]
    assert "placeholder image" in images and "asia-south1-docker.pkg.dev" in images
    assert "'app.services.api.image_tag'" in images
    # A tag other than bootstrap means a pushed image: Cloud Run cannot deploy a missing one.
    tagged = notes_of(KARIGAR_GCP, "app.services.api.image_tag=v2")["images"]
    assert len(tagged) == 2 and "`api` runs tag `v2`" in tagged[1] and "placeholder" in tagged[0]
    assert "Cloud DNS zone `shop-zone`" in notes_of(CHOWKAR_GCP, "app.hosted_zone_id=shop-zone")["dns"][0]


def test_kubernetes_notes_name_the_cluster_access_and_ingress_prerequisites() -> None:
    eks = notes_of(KARIGAR_EKS)
    # No registry on this runtime, and the file names no image yet: nothing starts, nothing is awaited.
    (waiting,) = eks["images"]
    assert waiting.startswith(
        "`frontend` and `api` have no `image` yet, so the first `pulumi up` starts no pod"
    )
    assert "`pulumi config set --path 'app.services.<NAME>.image' <registry>/<repository>:<tag>`" in waiting
    # An image the file names must be there before the first `up`: pulumi-kubernetes waits for its pods.
    named, waiting = notes_of(KARIGAR_EKS, "app.services.api.image=ghcr.io/karigar/backend:1.0.0")["images"]
    assert "`ghcr.io/karigar/backend:1.0.0` (api)" in named and "before the first `pulumi up`" in named
    assert waiting.startswith("`frontend` has no `image` yet") and "503" in waiting
    assert "`203.0.113.0/24`" in eks["kubernetes-cluster"][0]
    (platform,) = eks["ingress"]  # the cluster's own load balancer serves the Ingresses
    assert "`api.karigar.example.com`" in platform and "`kubectl get ingress -n karigar-prod`" in platform
    assert "zone `example.com` (Kubernetes ingress)" in eks["dns"][0]  # its ACM certificate's validation
    private = notes_of(KARIGAR_EKS, "app.kubernetes.api_access_cidrs=[]")["kubernetes-cluster"][0]
    assert "private" in private and "inside the stack's network" in private
    own = ("app.kubernetes.ingress_class=traefik", "app.kubernetes.ingress_namespace=traefik")
    (controller,) = notes_of(KARIGAR_EKS, *own)["ingress"]
    assert "IngressClass `traefik` (namespace `traefik`)" in controller and "`letsencrypt`" in controller
    existing = notes_of(
        KARIGAR_EKS, "app.kubernetes.cluster=existing", "app.kubernetes.api_access_cidrs=[]", *own
    )["kubernetes-cluster"][0]
    assert "kubernetes:kubeconfig" in existing
    assert "dns" not in notes_of(KARIGAR_EKS, *own)  # cert-manager, not ACM, then issues the certificates
    gke = notes_of(
        KARIGAR_GCP,
        "app.runtime=kubernetes",
        "app.services.api.image=ghcr.io/karigar/api:1.0.0",
        "app.services.frontend.image=ghcr.io/karigar/frontend:1.0.0",
        'app.site={"spa": true}',
    )
    assert "output `ingressAddresses`" in gke["ingress"][0]
    assert "`ghcr.io/karigar/api:1.0.0` (api)" in gke["images"][0] and "placeholder" not in gke["images"][0]
    assert "kubernetes-cluster" not in notes_of(STAGING) and "ingress" not in notes_of(STAGING)


def test_a_note_is_one_rule_added_to_a_list(monkeypatch: pytest.MonkeyPatch) -> None:
    config, values = config_and_values(STAGING)
    monkeypatch.setattr(
        first_up, "AWS", [*first_up.AWS, first_up.Rule("quota", lambda f: f"Raise {f.app.name}'s quota.")]
    )
    monkeypatch.setitem(first_up.BY_CLOUD, "aws", first_up.AWS)
    assert first_up.notes(config, values)[-1] == first_up.Note("quota", "Raise shopfront's quota.")
    # Or next to the limitation it comes from, in stacks/<cloud>_limitations.py.
    import stacks.aws_limitations

    rule = first_up.Rule("limit", lambda f: None if f.app.cache is None else "Mind the cache limit.")
    monkeypatch.setattr(stacks.aws_limitations, "NOTES", [rule], raising=False)
    assert first_up.notes(config, values)[-1].text == "Mind the cache limit."
    assert "limit" not in {n.topic for n in first_up.notes(*config_and_values(STAGING, ("app.cache=null",)))}


# ---------------------------------------------------------------------------------------------------------
# Where the notes are shown


def test_the_plan_document_carries_the_notes_as_a_list() -> None:
    document = plan_of(STAGING).document()
    topics = [n["topic"] for n in document["notes"]]
    assert topics == ["secrets", "database-extensions", "dns", "images", "alarm-emails", "quotas"]
    assert all(set(n) == {"topic", "text"} and n["text"] for n in document["notes"])
    json.dumps(document)
    assert plan_of(STAGING).notes == first_up.notes(*config_and_values(STAGING))


def test_text_mode_shows_the_notes_after_the_outputs_and_before_the_summary() -> None:
    result = run_cli("plan", "prod")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    heading = lines.index("Before your first `pulumi up`:")
    assert lines.index("Outputs:") < heading < len(lines) - 1
    section = lines[heading + 1 : len(lines) - 2]
    assert lines[-2] == "" and lines[-1].endswith("outputs")
    assert sum(line.startswith("  - ") for line in section) == len(plan_of(PROD).notes)
    assert all(len(line) <= 110 or "`" in line for line in section)
    assert "  - Confirm the alarm subscription of `ops@shopfront.example.com`" in result.stdout
    # A command is never split across lines.
    assert "`pulumi config set --secret --path 'secrets.SECRET_KEY' <value>`" in result.stdout
    assert "Before your first" not in result.stderr


def test_the_plan_collects_the_notes_instead_of_logging_them(caplog: pytest.LogCaptureFixture) -> None:
    from stacks.plan import render

    with caplog.at_level(logging.INFO):
        plan = render(stack_source(STAGING), MAIN)
    assert plan.notes
    assert not [r for r in caplog.records if first_up.HEADING in r.getMessage()]


def test_under_pulumi_up_the_program_logs_the_notes_once(
    monitor: RecordingMonitor, caplog: pytest.LogCaptureFixture
) -> None:
    """Outside `stackyard plan` the program prints the notes with `pulumi.log.info` (the mocks' engine
    hands them to Python logging)."""
    source = stack_source(STAGING)
    pulumi.runtime.set_all_config(source.as_pulumi_config(), sorted(source.secret_keys))
    program = pulumi.runtime.test(lambda: runpy.run_path(str(MAIN), run_name="__main__"))
    with caplog.at_level(logging.INFO):
        program()
    logged = [r.getMessage() for r in caplog.records if first_up.HEADING in r.getMessage()]
    assert len(logged) == 1
    expected = first_up.log_message(first_up.notes(*config_and_values(STAGING)))
    assert logged[0] == expected and expected.startswith("Before your first `pulumi up` of this stack:\n- ")


def test_quota_notes_count_what_the_stack_takes() -> None:
    (elastic_ips, fargate) = notes_of(PROD)["quotas"]  # nat per-zone over 3 zones in the prod profile
    assert "takes 3 Elastic IP addresses" in elastic_ips and "L-0263D0A3" in elastic_ips
    # api 1 vCPU x 10, worker 0.5 x 4, nightly-report 0.5 once
    assert "need 12.5 Fargate vCPUs" in fargate
    (staging_fargate,) = notes_of(STAGING)["quotas"]  # one NAT gateway: no Elastic IP note
    assert "Fargate vCPUs" in staging_fargate
    (cloud_run,) = notes_of(CHOWKAR_GCP)["quotas"]
    assert "Cloud Run vCPUs in" in cloud_run
    assert "quotas" not in notes_of(KARIGAR_EKS, "app.network.nat=single")  # pods: the cluster's nodes


def test_postgres_13_is_noted_for_extended_support() -> None:
    assert "database-support" not in notes_of(STAGING)
    (support,) = notes_of(STAGING, "app.database.version=13")["database-support"]
    assert "Extended Support" in support
