"""`app.hosted_zone`: an existing zone (the default: every plan as before), or `create`, a public zone of
`app.domain` that the stack makes (a Route 53 hosted zone, a Cloud DNS managed zone), writes the records to,
and whose name servers are an output to delegate; with the config rules that refuse what cannot work, and
the first-`up` notes that say what to do."""

from __future__ import annotations

import pytest

from stacks import first_up
from tests.conftest import plan_of, run_cli, stack_source

STAGING = "Pulumi.staging.yaml"
PROD = "Pulumi.prod.yaml"
CHOWKAR_GCP = "blueprints/chowkar/Pulumi.gcp-prod.yaml"
KARIGAR_EKS = "blueprints/karigar/Pulumi.k8s-prod.yaml"
CREATE = ("app.hosted_zone=create",)
ZONE = "aws:route53/zone:Zone"
RECORD = "aws:route53/record:Record"
MANAGED_ZONE = "gcp:dns/managedZone:ManagedZone"
RECORD_SET = "gcp:dns/recordSet:RecordSet"


@pytest.mark.parametrize("stack_file", [STAGING, PROD, CHOWKAR_GCP])
def test_by_default_no_zone_is_created(stack_file: str) -> None:
    plan = plan_of(stack_file)
    assert plan.of_type(ZONE) == [] and plan.of_type(MANAGED_ZONE) == []
    assert "nameServers" not in plan.outputs


@pytest.mark.parametrize("stack_file", [STAGING, PROD])
def test_aws_the_created_zone_holds_every_record_and_its_name_servers_are_an_output(stack_file: str) -> None:
    plan = plan_of(stack_file, CREATE)
    (zone,) = plan.of_type(ZONE)
    domain = stack_source(stack_file).values["stackyard:app"]["domain"]
    assert zone.inputs["name"] == domain and zone.inputs["forceDestroy"] is False
    assert zone.protect is stack_file.endswith("prod.yaml")  # new name servers would break the delegation
    records = plan.of_type(RECORD)
    assert records and {r.inputs["zoneId"] for r in records} == {zone.state["zoneId"]}
    assert plan.outputs["nameServers"] == zone.state["nameServers"]
    assert plan.outputs["hostedZoneId"] == zone.state["zoneId"]


def test_gcp_the_created_zone_holds_the_records_and_its_name_servers_are_an_output() -> None:
    plan = plan_of(CHOWKAR_GCP, CREATE)
    (zone,) = plan.of_type(MANAGED_ZONE)
    assert zone.inputs["dnsName"] == "chowkar.example.com." and zone.inputs["visibility"] == "public"
    assert zone.inputs["dnssecConfig"] == {"state": "on"} and zone.protect
    records = plan.of_type(RECORD_SET)
    assert records and {r.inputs["managedZone"] for r in records} == {zone.inputs["name"]}
    assert plan.outputs["nameServers"] == zone.state["nameServers"]
    services = [r for r in plan.resources if r.type == "gcp:projects/service:Service"]
    assert "dns.googleapis.com" in {r.inputs["service"] for r in services}


@pytest.mark.parametrize(
    ("stack_file", "sets", "expected"),
    [
        (STAGING, ("app.domain=null", "app.site=null", "app.services.api.public=false"), "set app.domain"),
        (STAGING, ("app.hosted_zone_id=Z0123456789ABCDEFGHIJ",), "give one of them"),
        (KARIGAR_EKS, (), "is for runtime managed"),
        (STAGING, ("app.services.api.host=api.other.example.org",), "is not in the zone"),
        (STAGING, ("app.hosted_zone=new",), "'existing', 'create'"),
    ],
)
def test_what_cannot_work_is_refused(stack_file: str, sets: tuple[str, ...], expected: str) -> None:
    given = CREATE + sets if "app.hosted_zone=new" not in sets else sets
    result = run_cli("plan", "--config-file", stack_file, *(f"--set={s}" for s in given))
    assert result.returncode == 2, result.stdout + result.stderr
    assert "stackyard:app" in result.stderr and expected in result.stderr, result.stderr


def _notes(stack_file: str, *sets: str) -> dict[str, list[str]]:
    from stacks.config import load_stack_config

    source = stack_source(stack_file, sets)
    config = load_stack_config(source.values, source.secret_keys)
    found: dict[str, list[str]] = {}
    for note in first_up.notes(config, source.values):
        found.setdefault(note.topic, []).append(note.text)
    return found


def test_the_notes_say_how_to_delegate_a_created_zone() -> None:
    (aws,) = _notes(STAGING, *CREATE)["dns"]
    assert "--target '**::shopfront-zone'" in aws and "`nameServers`" in aws
    (gcp,) = _notes(CHOWKAR_GCP, *CREATE)["dns"]
    assert "`nameServers`" in gcp and "unissued" in gcp
    # Without a created zone, the notes offer it.
    assert "`app.hosted_zone: create`" in _notes(STAGING)["dns"][0]
    assert "unissued" in _notes(CHOWKAR_GCP)["dns"][0]
