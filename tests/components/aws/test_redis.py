"""components.aws.RedisCache: encryption, AUTH token in Secrets Manager, failover, parameter group, snapshots,
slow log, a closed security group, `allow_from`, protect, name limits and argument checks."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from typing import Any

import pulumi
import pytest

from components.aws.naming import physical_name
from components.aws.redis import RedisCache, RedisCacheArgs
from stacks.mocks import SECRET_MASK, RecordingMonitor, Registration
from tests.conftest import of_type
from tests.docexamples import run_docstring_example

COMPONENT = "stackyard-aws:index:RedisCache"
GROUP = "aws:elasticache/replicationGroup:ReplicationGroup"
PARAMS = "aws:elasticache/parameterGroup:ParameterGroup"
SUBNET_GROUP = "aws:elasticache/subnetGroup:SubnetGroup"
SG = "aws:ec2/securityGroup:SecurityGroup"
INGRESS = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule"
KEY = "aws:kms/key:Key"
ALIAS = "aws:kms/alias:Alias"
SECRET = "aws:secretsmanager/secret:Secret"
VERSION = "aws:secretsmanager/secretVersion:SecretVersion"
LOG_GROUP = "aws:cloudwatch/logGroup:LogGroup"
PASSWORD = "random:index/randomPassword:RandomPassword"
UNTAGGABLE = (ALIAS, VERSION, PASSWORD)

SUBNETS = ["subnet-0aaaaaaaaaaaaaaa1", "subnet-0bbbbbbbbbbbbbbb2"]
BASE: dict[str, Any] = {"vpc_id": "vpc-0123456789abcdef0", "subnet_ids": SUBNETS}
NAME_40 = "payments-ledger-session-cache-production"
ELASTICACHE_NAME = re.compile(r"^[a-z](?!.*--)[a-z0-9-]*[a-z0-9]$")


def build(
    monitor: RecordingMonitor,
    args: dict[str, Any] | None = None,
    name: str = "cache",
    allow: Sequence[tuple[str, str]] = (),
) -> dict[str, Any]:
    """Create a RedisCache (BASE plus `args`) under mocks, call `allow_from` for each pair; return its
    resolved outputs."""
    resolved: dict[str, Any] = {}
    full: RedisCacheArgs = {**BASE, **(args or {})}  # type: ignore[typeddict-item]

    @pulumi.runtime.test
    def program() -> pulumi.Output:
        cache = RedisCache(name, full)
        for source, group_id in allow:
            cache.allow_from(source, group_id)
        outputs = {
            "primary_endpoint": cache.primary_endpoint,
            "reader_endpoint": cache.reader_endpoint,
            "port": cache.port,
            "auth_secret_arn": cache.auth_secret_arn,
            "security_group_id": cache.security_group_id,
            "kms_key_arn": cache.kms_key_arn,
            "replication_group_id": cache.replication_group_id,
            "auth_secret_version_id": cache.auth_secret_version_id,
            "password": cache.password,
            "url": cache.url,
            "url_reference": cache.secret_reference("url"),
        }
        return pulumi.Output.all(**outputs).apply(resolved.update)

    program()
    assert resolved, "the RedisCache's outputs never resolved"
    return resolved


def mine(monitor: RecordingMonitor, type_: str) -> list[Registration]:
    """The registrations of `type_`, leaving out the key (and alias) of the log groups (`encrypt_logs`,
    tests/components/aws/test_log_encryption.py): the data key is what these tests see."""
    return [r for r in of_type(monitor, type_) if "-logs-key" not in r.name]


def one(monitor: RecordingMonitor, type_: str) -> Registration:
    (found,) = mine(monitor, type_)
    return found


def test_outputs_resolve_to_the_replication_group(monitor: RecordingMonitor) -> None:
    out = build(monitor)
    group = one(monitor, GROUP)
    assert out["replication_group_id"] == group.id == "cache-redis"
    assert out["primary_endpoint"] == group.state["primaryEndpointAddress"]
    assert out["primary_endpoint"].startswith("master.cache-redis.")
    assert out["reader_endpoint"].startswith("replica.cache-redis.")
    assert out["port"] == 6379 and group.inputs["port"] == 6379
    assert out["security_group_id"] == one(monitor, SG).id
    assert out["auth_secret_arn"] == one(monitor, SECRET).state["arn"]
    assert out["kms_key_arn"] == one(monitor, KEY).state["arn"]


def test_encrypted_at_rest_with_the_components_key_and_tls_required(monitor: RecordingMonitor) -> None:
    build(monitor)
    group, key = one(monitor, GROUP), one(monitor, KEY)
    assert group.inputs["atRestEncryptionEnabled"] is True
    assert group.inputs["kmsKeyId"] == key.state["arn"]
    assert group.inputs["transitEncryptionEnabled"] is True
    assert group.inputs["transitEncryptionMode"] == "required"
    assert key.inputs["enableKeyRotation"] is True
    assert one(monitor, ALIAS).inputs["name"] == "alias/cache-redis"


def test_a_given_kms_key_is_used_and_no_key_is_created(monitor: RecordingMonitor) -> None:
    arn = "arn:aws:kms:us-east-1:123456789012:key/11111111-2222-3333-4444-555555555555"
    out = build(monitor, {"kms_key_arn": arn})
    assert mine(monitor, KEY) == [] and mine(monitor, ALIAS) == []
    assert one(monitor, GROUP).inputs["kmsKeyId"] == arn
    assert one(monitor, SECRET).inputs["kmsKeyId"] == arn
    assert out["kms_key_arn"] == arn


def test_failover_multi_az_and_one_replica_by_default(monitor: RecordingMonitor) -> None:
    build(monitor)
    inputs = one(monitor, GROUP).inputs
    assert inputs["automaticFailoverEnabled"] is True and inputs["multiAzEnabled"] is True
    assert inputs["numCacheClusters"] == 2
    assert inputs["engine"] == "redis" and inputs["engineVersion"] == "7.1"
    assert inputs["nodeType"] == "cache.t4g.small"
    assert inputs["autoMinorVersionUpgrade"] is True and inputs["applyImmediately"] is False
    assert "clusterMode" not in inputs and "numNodeGroups" not in inputs  # cluster mode disabled


def test_replicas_and_failover_knobs(monitor: RecordingMonitor) -> None:
    build(
        monitor,
        {
            "replicas": 0,
            "automatic_failover": False,
            "node_type": "cache.r7g.xlarge",
            "apply_immediately": True,
        },
    )
    inputs = one(monitor, GROUP).inputs
    assert inputs["numCacheClusters"] == 1
    assert inputs["automaticFailoverEnabled"] is False and inputs["multiAzEnabled"] is False
    assert inputs["nodeType"] == "cache.r7g.xlarge" and inputs["applyImmediately"] is True


def test_three_replicas_mean_four_nodes(monitor: RecordingMonitor) -> None:
    build(monitor, {"replicas": 3})
    assert one(monitor, GROUP).inputs["numCacheClusters"] == 4


def test_auth_token_is_secret_and_kept_in_secrets_manager(monitor: RecordingMonitor) -> None:
    out = build(monitor)
    group, password, key = one(monitor, GROUP), one(monitor, PASSWORD), one(monitor, KEY)
    assert group.inputs["authToken"] == SECRET_MASK
    assert group.inputs["authTokenUpdateStrategy"] == "ROTATE"
    assert password.inputs["length"] == 64 and password.inputs["special"] is False
    token = password.state["result"]
    assert re.fullmatch(r"[A-Za-z0-9]{64}", token)
    assert group.state["authToken"] == token  # the password itself, unwrapped by the mock provider

    secret, version = one(monitor, SECRET), one(monitor, VERSION)
    assert secret.inputs["kmsKeyId"] == key.state["arn"]
    assert secret.inputs["recoveryWindowInDays"] == 7
    assert version.inputs["secretId"] == secret.id
    assert version.inputs["secretString"] == SECRET_MASK
    assert json.loads(version.state["secretString"]) == {
        "host": out["primary_endpoint"],
        "port": 6379,
        "password": token,
        "url": f"rediss://:{token}@{out['primary_endpoint']}:6379",
    }
    assert out["password"] == token and out["url"] == f"rediss://:{token}@{out['primary_endpoint']}:6379"
    assert out["auth_secret_version_id"] == version.state["versionId"] != ""
    assert out["url_reference"] == f"{out['auth_secret_arn']}:url::{out['auth_secret_version_id']}"
    assert "keepers" not in password.inputs  # version 1: the token of an existing cache is kept
    assert out["auth_secret_arn"] == secret.state["arn"]
    assert out["auth_secret_arn"].startswith("arn:aws:secretsmanager:us-east-1:123456789012:secret:cache/")
    assert token not in json.dumps([r.inputs for r in monitor.registrations.values()])


def test_parameter_group_sets_volatile_lru_by_default(monitor: RecordingMonitor) -> None:
    build(monitor)
    params, group = one(monitor, PARAMS), one(monitor, GROUP)
    assert params.inputs["family"] == "redis7"
    assert params.inputs["parameters"] == [{"name": "maxmemory-policy", "value": "volatile-lru"}]
    assert group.inputs["parameterGroupName"] == params.inputs["name"] == params.id


def test_allkeys_lru_and_extra_parameters(monitor: RecordingMonitor) -> None:
    build(
        monitor,
        {"maxmemory_policy": "allkeys-lru", "parameters": {"timeout": "300", "notify-keyspace-events": "Ex"}},
    )
    parameters = {p["name"]: p["value"] for p in one(monitor, PARAMS).inputs["parameters"]}
    assert parameters == {"maxmemory-policy": "allkeys-lru", "timeout": "300", "notify-keyspace-events": "Ex"}


@pytest.mark.parametrize(
    ("engine", "version", "family"),
    [
        ("redis", "6.2", "redis6.x"),
        ("redis", "7.0", "redis7"),
        ("redis", "7.1", "redis7"),
        ("valkey", "7.2", "valkey7"),
        ("valkey", "8.0", "valkey8"),
        ("valkey", "8.1", "valkey8"),
    ],
)
def test_engine_versions_and_parameter_group_families(
    monitor: RecordingMonitor, engine: str, version: str, family: str
) -> None:
    build(monitor, {"engine": engine, "engine_version": version})
    group, params = one(monitor, GROUP), one(monitor, PARAMS)
    assert group.inputs["engine"] == engine and group.inputs["engineVersion"] == version
    assert params.inputs["family"] == family
    assert ELASTICACHE_NAME.match(params.inputs["name"]) and family.replace(".", "-") in params.inputs["name"]
    assert group.inputs["transitEncryptionEnabled"] is True
    if version == "6.2":  # AWS rejects a transit encryption mode before 7.0.5; TLS-only anyway
        assert "transitEncryptionMode" not in group.inputs
    else:
        assert group.inputs["transitEncryptionMode"] == "required"


def test_valkey_defaults_to_8_0(monitor: RecordingMonitor) -> None:
    build(monitor, {"engine": "valkey"})
    assert one(monitor, GROUP).inputs["engineVersion"] == "8.0"
    assert one(monitor, PARAMS).inputs["family"] == "valkey8"


def test_snapshots_are_kept_with_windows_and_a_final_snapshot(monitor: RecordingMonitor) -> None:
    build(monitor)
    inputs = one(monitor, GROUP).inputs
    assert inputs["snapshotRetentionLimit"] == 7
    assert inputs["snapshotWindow"] == "03:00-05:00"
    assert inputs["maintenanceWindow"] == "sun:05:00-sun:06:00"
    assert inputs["finalSnapshotIdentifier"] == "cache-redis-final"


def test_snapshot_knobs(monitor: RecordingMonitor) -> None:
    build(
        monitor,
        {
            "snapshot_retention_days": 35,
            "snapshot_window": "23:30-00:30",
            "maintenance_window": "sat:22:00-sat:23:00",
            "final_snapshot": False,
        },
    )
    inputs = one(monitor, GROUP).inputs
    assert inputs["snapshotRetentionLimit"] == 35
    assert inputs["snapshotWindow"] == "23:30-00:30"
    assert inputs["maintenanceWindow"] == "sat:22:00-sat:23:00"
    assert inputs.get("finalSnapshotIdentifier") is None


def test_slow_log_goes_to_a_log_group_with_retention(monitor: RecordingMonitor) -> None:
    build(monitor)
    log_group = one(monitor, LOG_GROUP)
    assert log_group.inputs["retentionInDays"] == 30
    assert log_group.inputs["name"] == "/aws/elasticache/cache-redis/slow-log"
    (log_key,) = [k for k in of_type(monitor, KEY) if k.name == "cache-redis-logs-key"]
    assert log_group.inputs["kmsKeyId"] == log_key.state["arn"]  # encrypt_logs: a key of its own
    assert one(monitor, GROUP).inputs["logDeliveryConfigurations"] == [
        {
            "destination": log_group.inputs["name"],
            "destinationType": "cloudwatch-logs",
            "logFormat": "json",
            "logType": "slow-log",
        }
    ]


def test_log_retention_and_log_key(monitor: RecordingMonitor) -> None:
    arn = "arn:aws:kms:us-east-1:123456789012:key/logs"
    build(monitor, {"log_retention_days": 365, "log_kms_key_arn": arn})
    log_group = one(monitor, LOG_GROUP)
    assert log_group.inputs["retentionInDays"] == 365 and log_group.inputs["kmsKeyId"] == arn


def test_subnet_group_on_the_given_subnets(monitor: RecordingMonitor) -> None:
    build(monitor)
    subnet_group = one(monitor, SUBNET_GROUP)
    assert subnet_group.inputs["subnetIds"] == SUBNETS
    assert one(monitor, GROUP).inputs["subnetGroupName"] == subnet_group.inputs["name"] == subnet_group.id


def test_security_group_is_closed_and_nothing_is_open_to_the_world(monitor: RecordingMonitor) -> None:
    out = build(monitor)
    sg = one(monitor, SG)
    assert sg.inputs["vpcId"] == BASE["vpc_id"] and sg.inputs["description"]
    assert not sg.inputs.get("ingress") and not sg.inputs.get("egress")
    assert of_type(monitor, INGRESS) == []
    assert one(monitor, GROUP).inputs["securityGroupIds"] == [sg.id] == [out["security_group_id"]]
    everything = json.dumps([r.inputs for r in monitor.registrations.values()])
    assert "0.0.0.0/0" not in everything and "::/0" not in everything


def test_allow_from_adds_exactly_one_security_group_rule_on_6379(monitor: RecordingMonitor) -> None:
    out = build(monitor, allow=[("api", "sg-0api000000000000")])
    (rule,) = of_type(monitor, INGRESS)
    assert rule.inputs["securityGroupId"] == out["security_group_id"]
    assert rule.inputs["referencedSecurityGroupId"] == "sg-0api000000000000"
    assert rule.inputs["ipProtocol"] == "tcp"
    assert rule.inputs["fromPort"] == 6379 and rule.inputs["toPort"] == 6379
    assert rule.inputs["description"] and "api" in rule.inputs["description"]
    assert not any(k in rule.inputs for k in ("cidrIpv4", "cidrIpv6", "prefixListId"))
    assert rule.parent == one(monitor, COMPONENT).urn
    everything = json.dumps([r.inputs for r in monitor.registrations.values()])
    assert "0.0.0.0/0" not in everything and "::/0" not in everything


def test_allow_from_twice_adds_two_rules(monitor: RecordingMonitor) -> None:
    build(monitor, allow=[("api", "sg-0api000000000000"), ("worker", "sg-0worker0000000000")])
    rules = of_type(monitor, INGRESS)
    assert sorted(r.inputs["referencedSecurityGroupId"] for r in rules) == [
        "sg-0api000000000000",
        "sg-0worker0000000000",
    ]


@pytest.mark.parametrize(
    ("sources", "message"),
    [
        ([("api", "sg-1"), ("api", "sg-2")], "RedisCache allow_from name 'api' is already used"),
        ([("", "sg-1")], "RedisCache allow_from name '' is not allowed"),
        ([("api gateway", "sg-1")], "RedisCache allow_from name 'api gateway' is not allowed"),
    ],
)
def test_allow_from_rejects_bad_names(
    monitor: RecordingMonitor, sources: list[tuple[str, str]], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        build(monitor, allow=sources)


def test_protect_is_on_the_replication_group_and_key_only(monitor: RecordingMonitor) -> None:
    build(monitor)
    protected = sorted(r.type for r in monitor.registrations.values() if r.protect)
    assert protected == sorted([GROUP, KEY])


def test_protect_can_be_turned_off(monitor: RecordingMonitor) -> None:
    build(monitor, {"protect": False})
    assert not any(r.protect for r in monitor.registrations.values())


def test_every_child_is_parented_to_the_component(monitor: RecordingMonitor) -> None:
    build(monitor, allow=[("api", "sg-0api000000000000")])
    component = one(monitor, COMPONENT)
    assert component.urn == "urn:pulumi:test::stackyard::stackyard-aws:index:RedisCache::cache"
    children = [r for r in monitor.registrations.values() if r.custom]
    assert sorted(r.type for r in children) == sorted(
        [
            KEY,
            ALIAS,
            KEY,
            ALIAS,
            SUBNET_GROUP,
            PARAMS,
            SG,
            LOG_GROUP,
            PASSWORD,
            GROUP,
            SECRET,
            VERSION,
            INGRESS,
        ]
    )
    assert all(r.parent == component.urn for r in children)


def test_tags_reach_every_taggable_resource(monitor: RecordingMonitor) -> None:
    build(monitor, {"tags": {"team": "web"}}, allow=[("api", "sg-0api000000000000")])
    tagged = [r for r in monitor.registrations.values() if r.custom and r.type not in UNTAGGABLE]
    assert {r.type for r in tagged} == {GROUP, PARAMS, SUBNET_GROUP, SG, INGRESS, KEY, SECRET, LOG_GROUP}
    assert all(r.inputs["tags"]["team"] == "web" and r.inputs["tags"]["Name"] for r in tagged)


def test_names_fit_elasticache_limits_with_a_40_character_name(monitor: RecordingMonitor) -> None:
    assert len(NAME_40) == 40
    out = build(monitor, name=NAME_40)
    group_id = one(monitor, GROUP).inputs["replicationGroupId"]
    assert len(group_id) <= 40 and ELASTICACHE_NAME.match(group_id)
    assert group_id == physical_name(f"{NAME_40}-redis", 40) == out["replication_group_id"]
    assert one(monitor, GROUP).inputs["finalSnapshotIdentifier"] == f"{group_id}-final"
    for type_ in (SUBNET_GROUP, PARAMS):
        physical = one(monitor, type_).inputs["name"]
        assert len(physical) <= 255 and ELASTICACHE_NAME.match(physical)
    assert len(one(monitor, LOG_GROUP).inputs["name"]) <= 512


def test_names_are_lowercased_and_valid_for_any_component_name(monitor: RecordingMonitor) -> None:
    build(monitor, name="Shop_Cache--2")
    group_id = one(monitor, GROUP).inputs["replicationGroupId"]
    assert group_id == "shop-cache-2-redis" and ELASTICACHE_NAME.match(group_id)
    assert ELASTICACHE_NAME.match(one(monitor, SUBNET_GROUP).inputs["name"])
    assert ELASTICACHE_NAME.match(one(monitor, PARAMS).inputs["name"])


def test_names_are_stable_between_runs(monitor: RecordingMonitor) -> None:
    first = build(monitor, name=NAME_40)["replication_group_id"]
    assert first == physical_name(f"{NAME_40}-redis", 40)  # a pure function of the component name


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ({"vpc_id": None}, "RedisCache vpc_id is required"),
        ({"subnet_ids": None}, "RedisCache subnet_ids is required"),
        ({"subnet_ids": []}, r"RedisCache subnet_ids \[\] is not allowed"),
        ({"subnet_ids": ["subnet-1"]}, "RedisCache subnet_ids has 1 subnet; automatic_failover"),
        ({"engine": "memcached"}, "RedisCache engine 'memcached' is not allowed; use one of redis, valkey"),
        (
            {"engine_version": "7.2"},
            r"RedisCache engine_version '7.2' is not allowed for redis; use one of 6.2, 7.0, 7.1",
        ),
        (
            {"engine": "valkey", "engine_version": "7.1"},
            r"RedisCache engine_version '7.1' is not allowed for valkey; use one of 7.2, 8.0, 8.1",
        ),
        ({"engine_version": 7.1}, "RedisCache engine_version 7.1 is not allowed for redis"),
        ({"node_type": "cache.t2.micro"}, r"RedisCache node_type 'cache.t2.micro' is not allowed; use cache"),
        ({"node_type": "cache.m6g.medium"}, "RedisCache node_type 'cache.m6g.medium' is not allowed"),
        ({"node_type": "cache.r7g.24xlarge"}, "RedisCache node_type 'cache.r7g.24xlarge' is not allowed"),
        ({"replicas": 6}, "RedisCache replicas 6 is not allowed; use 0 to 5"),
        ({"replicas": -1}, "RedisCache replicas -1 is not allowed; use 0 to 5"),
        ({"replicas": "1"}, "RedisCache replicas '1' is not allowed; use 0 to 5"),
        (
            {"replicas": 0},
            "RedisCache automatic_failover True is not allowed with replicas 0; "
            "use replicas 1 to 5, or automatic_failover False",
        ),
        (
            {"automatic_failover": "yes"},
            "RedisCache automatic_failover 'yes' is not allowed; use True or False",
        ),
        ({"protect": 1}, "RedisCache protect 1 is not allowed; use True or False"),
        (
            {"maxmemory_policy": "lru"},
            "RedisCache maxmemory_policy 'lru' is not allowed; use one of volatile-lru",
        ),
        (
            {"parameters": {"maxmemory-policy": "allkeys-lru"}},
            "RedisCache parameters 'maxmemory-policy' is not allowed; use the maxmemory_policy argument",
        ),
        ({"parameters": {"timeout": 300}}, "RedisCache parameters 'timeout': 300 is not allowed"),
        (
            {"snapshot_retention_days": 36},
            r"RedisCache snapshot_retention_days 36 is not allowed; use 0 \(no snapshots\) to 35",
        ),
        ({"snapshot_retention_days": -1}, "RedisCache snapshot_retention_days -1 is not allowed"),
        ({"log_retention_days": 0}, "RedisCache log_retention_days 0 is not allowed; use one of 1, 3, 5"),
        ({"log_retention_days": 10}, "RedisCache log_retention_days 10 is not allowed"),
        (
            {"snapshot_window": "3:00-5:00"},
            "RedisCache snapshot_window '3:00-5:00' is not allowed; use hh:mm",
        ),
        ({"snapshot_window": "03:00-03:30"}, "RedisCache snapshot_window '03:00-03:30' is not allowed"),
        ({"snapshot_window": "24:00-02:00"}, "RedisCache snapshot_window '24:00-02:00' is not allowed"),
        (
            {"maintenance_window": "sunday:05:00-sunday:06:00"},
            "RedisCache maintenance_window 'sunday:05:00-sunday:06:00' is not allowed; use ddd:hh:mm",
        ),
        (
            {"maintenance_window": "sun:05:00-sun:05:30"},
            "RedisCache maintenance_window 'sun:05:00-sun:05:30'",
        ),
        (
            {"maintenance_window": "mon:04:00-mon:05:00"},
            "RedisCache maintenance_window 'mon:04:00-mon:05:00' is not allowed; it overlaps snapshot_window",
        ),
        (
            {"snapshot_window": "23:30-00:30", "maintenance_window": "sat:23:00-sun:00:00"},
            "it overlaps snapshot_window '23:30-00:30'",
        ),
    ],
)
def test_bad_arguments_raise_clear_errors(
    monitor: RecordingMonitor, args: dict[str, Any], message: str
) -> None:
    full = {key: value for key, value in {**BASE, **args}.items() if value is not None}
    with pytest.raises(ValueError, match=message):
        RedisCache("bad", full)  # type: ignore[arg-type]
    assert monitor.registrations == {}  # checked before anything is registered, the component included


def test_subnets_as_an_output_skip_the_count_check(monitor: RecordingMonitor) -> None:
    build(monitor, {"subnet_ids": pulumi.Output.from_input(["subnet-0only"])})
    assert one(monitor, SUBNET_GROUP).inputs["subnetIds"] == ["subnet-0only"]


def test_docstring_example_runs(monitor: RecordingMonitor) -> None:
    run_docstring_example(RedisCache)
    group = one(monitor, GROUP)
    assert group.inputs["replicationGroupId"] == "shop-redis"
    isolated = {  # placed with `**net.isolated`: the data tier, no route to the internet
        s.id
        for s in of_type(monitor, "aws:ec2/subnet:Subnet")
        if s.inputs["tags"]["stackyard:tier"] == "isolated"
    }
    assert set(one(monitor, SUBNET_GROUP).inputs["subnetIds"]) == isolated
    parameters = {p["name"]: p["value"] for p in one(monitor, PARAMS).inputs["parameters"]}
    assert parameters["maxmemory-policy"] == "allkeys-lru"
    (rule,) = of_type(monitor, INGRESS)
    api = [sg for sg in of_type(monitor, SG) if sg.name == "shop-api"]
    assert [rule.inputs["referencedSecurityGroupId"]] == [sg.id for sg in api]


def test_a_new_auth_token_version_generates_a_new_token(monitor: RecordingMonitor) -> None:
    build(monitor, {"auth_token_version": 3})
    assert one(monitor, PASSWORD).inputs["keepers"] == {"password_version": "3"}


def test_a_bad_auth_token_version_is_refused(monitor: RecordingMonitor) -> None:
    with pytest.raises(ValueError, match="RedisCache auth_token_version 0 is not allowed; use 1 or more"):
        RedisCache("cache", {**BASE, "auth_token_version": 0})  # type: ignore[typeddict-item]
    assert monitor.registrations == {}


# -- scheduled snapshots between the daily ones (snapshot_every_hours) ---------------------------------------

SCHEDULE = "aws:scheduler/schedule:Schedule"
FUNCTION = "aws:lambda/function:Function"
ROLE_POLICY = "aws:iam/rolePolicy:RolePolicy"


def test_no_scheduled_snapshots_by_default(monitor: RecordingMonitor) -> None:
    build(monitor)
    assert of_type(monitor, SCHEDULE) == [] and of_type(monitor, FUNCTION) == []


def test_snapshot_every_hours_schedules_a_function_between_the_daily_snapshots(
    monitor: RecordingMonitor,
) -> None:
    build(monitor, {"snapshot_every_hours": 6, "snapshot_retention_days": 7})
    schedule, function = one(monitor, SCHEDULE), one(monitor, FUNCTION)
    # 03:00 is the daily automatic snapshot's window (03:00-05:00): the others fill the day.
    assert schedule.inputs["scheduleExpression"] == "cron(0 9,15,21 * * ? *)"
    assert schedule.inputs["scheduleExpressionTimezone"] == "UTC"
    assert schedule.inputs["target"]["arn"] == function.state["arn"]
    # encrypted with the cache's key, which the scheduler decrypts as its invoker role
    data_key = one(monitor, KEY).state["arn"]
    assert schedule.inputs["kmsKeyArn"] == data_key
    (scheduler,) = [p for p in of_type(monitor, ROLE_POLICY) if p.name.endswith("-snapshots-scheduler")]
    invoker = json.loads(scheduler.inputs["policy"])
    assert {"Effect": "Allow", "Action": "kms:Decrypt", "Resource": data_key} in invoker["Statement"]
    variables = function.inputs["environment"]["variables"]
    assert variables["REPLICATION_GROUP_ID"] == one(monitor, GROUP).inputs["replicationGroupId"]
    assert variables["RETENTION_DAYS"] == "7"
    assert len(variables["SNAPSHOT_PREFIX"]) + len("-20260101-0900") <= 40  # an ElastiCache backup name
    code = function.inputs["code"]["archive"]["index.py"]["text"]
    assert "create_snapshot" in code and "delete_snapshot" in code


def test_the_snapshot_function_may_only_touch_its_own_snapshots(monitor: RecordingMonitor) -> None:
    build(monitor, {"snapshot_every_hours": 4})
    prefix = one(monitor, FUNCTION).inputs["environment"]["variables"]["SNAPSHOT_PREFIX"]
    policies = [json.loads(p.inputs["policy"]) for p in of_type(monitor, ROLE_POLICY)]
    statements = [s for policy in policies for s in policy["Statement"]]
    by_action = {str(s["Action"]): s for s in statements}
    assert by_action["elasticache:DeleteSnapshot"]["Resource"].endswith(f":snapshot:{prefix}-*")
    assert all(
        ":snapshot:" not in r or r.endswith(f"{prefix}-*")
        for r in by_action["elasticache:CreateSnapshot"]["Resource"]
    )
    assert by_action["lambda:InvokeFunction"]["Resource"] == one(monitor, FUNCTION).state["arn"]
    assert not any(s["Action"] == "*" or s["Action"] == ["*"] for s in statements)


def test_scheduled_hours_skip_the_daily_window() -> None:
    from components.aws.redis_snapshots import snapshot_hours

    assert snapshot_hours(6, "03:00-05:00") == [9, 15, 21]
    assert snapshot_hours(2, "03:00-05:00") == [1, 7, 9, 11, 13, 15, 17, 19, 21, 23]  # 10 + 1 daily < 20
    assert snapshot_hours(12, "23:30-00:30") == [11]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ({"snapshot_every_hours": 1}, "RedisCache snapshot_every_hours 1 is not allowed; use one of 2, 3, 4"),
        ({"snapshot_every_hours": 5}, "RedisCache snapshot_every_hours 5 is not allowed"),
        (
            {"snapshot_every_hours": 6, "snapshot_retention_days": 0},
            "RedisCache snapshot_every_hours 6 is not allowed with snapshot_retention_days 0",
        ),
    ],
)
def test_bad_snapshot_schedules_are_refused(
    monitor: RecordingMonitor, args: dict[str, Any], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        RedisCache("bad", {**BASE, **args})  # type: ignore[typeddict-item]
    assert monitor.registrations == {}


def test_data_memory_is_the_node_memory_less_reserved_memory() -> None:
    from components.aws.redis import NODE_MEMORY_GIB, NODE_TYPES, data_memory_mb

    assert set(NODE_MEMORY_GIB) == set(NODE_TYPES)
    assert data_memory_mb("cache.t4g.micro") == 384  # 0.5 GiB less 25 %
    assert data_memory_mb("cache.t4g.medium") == 2373
    assert data_memory_mb("cache.t4g.micro", {"reserved-memory-percent": "0"}) == 512
