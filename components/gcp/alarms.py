"""`Alarms`: Cloud Monitoring alert policies for a stack's Cloud Run services, Cloud SQL database (with its
slow queries), Memorystore cache, public endpoints (uptime checks) and own metrics, e-mail notification
channels, and a dashboard."""

from typing import Any

import pulumi
import pulumi_gcp as gcp

from ..checks import refuse_unknown_keys
from ..naming import physical_base, physical_name
from . import alarm_presets as presets
from .alarm_args import (
    AlarmsArgs,
    AlarmsCache,
    AlarmsCustom,
    AlarmsDatabase,
    AlarmsService,
    AlarmsUptimeCheck,
)

AUTO_CLOSE = "1800s"  # an incident whose condition stops reporting data closes after 30 minutes
# Missing data (no requests, a metric that stops reporting) does not breach and lets an open incident close.
MISSING_DATA = "EVALUATION_MISSING_DATA_INACTIVE"
Threshold = gcp.monitoring.AlertPolicyConditionConditionThresholdArgsDict


class Alarms(pulumi.ComponentResource):
    """Cloud Monitoring alert policies with presets for the stack's tiers, notifying e-mail channels.

    Every policy notifies every channel, opens an incident when its condition has held for the preset's
    `evaluation_minutes` (default 5) on one-minute data, closes it by itself 30 minutes after the metric stops
    reporting, says in its documentation what to check, and carries a severity (ERROR for user-facing errors,
    a filling disk and running out of connections; WARNING otherwise). Missing data never breaches: no traffic
    is not an error. Presets: `services` (Cloud Run 5xx ratio, request_count 5xx / all, p95 latency of
    request_latencies across revisions, and container CPU and memory utilization: the 99th percentile of the
    instances, the worst revision), `database` (Cloud SQL CPU, disk, connections, and slow queries counted
    from its PostgreSQL log by a log-based metric), `cache` (Memorystore memory), `uptime` (an HTTPS uptime
    check per public endpoint and a CRITICAL policy when more than one checker region fails it, Google's
    recipe: ALIGN_NEXT_OLDER, REDUCE_COUNT_FALSE). A dashboard named `<physical_name>` charts what the
    presets watch.

    The slow-query metric counts every PostgreSQL instance of the project and the policy picks this one, so
    the metric needs nothing from the instance and is created early: Cloud Monitoring refuses a policy on a
    log-based metric younger than a few minutes ("Cannot find metric(s)"; rerun `pulumi up` if it happens
    when the database already exists and the alarm is new).

    Policies are named by Cloud Monitoring (their `display_name` is "<physical_name> <what>"), so two
    `Alarms` with the same `physical_name` (default: the component name) in one project duplicate display
    names without failing; give each stack its own `physical_name`.

    Example:

        alarms = Alarms(
            "shop",
            {
                "emails": ["ops@example.com"],
                "services": [{"name": "shop-api", "label": "api", "cpu_percent": 70}],
                "database": {"instance_name": "shop-db", "max_connections": 100, "slow_queries_per_5min": 10},
                "cache": {"instance_id": "shop-redis"},
                "uptime": [{"name": "api", "host": "api.shop.example.com", "path": "/health"}],
                "custom": [
                    {
                        "name": "review-backlog",
                        "metric_type": "custom.googleapis.com/queue/pending",
                        "resource_type": "global",
                        "aligner": "ALIGN_MAX",
                        "threshold": 50,
                        "minutes": 30,
                    }
                ],
            },
        )
        pulumi.export("alertPolicies", alarms.alert_policy_names)
        pulumi.export("alarmDashboard", alarms.dashboard_id)
    """

    channel_ids: pulumi.Output[list[str]]
    """Ids of the e-mail notification channels, "projects/<project>/notificationChannels/<id>", in the order
    of `emails`."""
    alert_policy_names: pulumi.Output[list[str]]
    """Names of the alert policies, "projects/<project>/alertPolicies/<id>"."""
    dashboard_id: pulumi.Output[str]
    """Id of the dashboard, "projects/<project number>/dashboards/<id>"; "" when no preset is on."""

    def __init__(self, name: str, args: AlarmsArgs, opts: pulumi.ResourceOptions | None = None) -> None:
        refuse_unknown_keys(Alarms, AlarmsArgs, name, args, opts)
        presets.check(args)
        base = physical_base("Alarms", name, args.get("physical_name"))
        super().__init__("stackyard-gcp:index:Alarms", name, None, opts)
        self._name = name
        self._base = base
        self._project = args.get("project")
        self._labels = {**(args.get("labels") or {}), "managed-by": "stackyard"}
        self._config: pulumi.Output[gcp.organizations.GetClientConfigResult] | None = None
        child = pulumi.ResourceOptions(parent=self)

        channels = [
            gcp.monitoring.NotificationChannel(
                f"{name}-email-{email.lower()}",
                type="email",
                display_name=f"{base} alarms: {email}",
                labels={"email_address": email},
                user_labels=self._labels,
                enabled=True,
                project=self._project,
                opts=child,
            )
            for email in args["emails"]
        ]
        self._channels: list[pulumi.Input[str]] = [channel.id for channel in channels]

        policies: list[gcp.monitoring.AlertPolicy] = []
        widgets: list[dict[str, Any]] = []
        services = list(args.get("services") or [])
        if services:
            for index, service in enumerate(services, start=1):
                policies += self._service(index, service)
            widgets += presets.service_widgets(services)
        database = args.get("database")
        if database is not None:
            policies += self._database(database)
            slow_metric = None
            if database.get("slow_queries_per_5min") is not None:
                slow_policy, slow_metric = self._slow_queries(database)
                policies.append(slow_policy)
            widgets += presets.database_widgets(database, self._database_id(database), slow_metric)
        cache = args.get("cache")
        if cache is not None:
            instance = self._redis_instance(cache)
            policies.append(self._cache(cache, instance))
            widgets.append(presets.cache_widget(cache, instance))
        uptime = list(args.get("uptime") or [])
        if uptime:
            checks = [self._uptime(check) for check in uptime]
            policies += [policy for policy, _ in checks]
            widgets.append(presets.uptime_widget(uptime, [check_id for _, check_id in checks]))
        custom = list(args.get("custom") or [])
        if custom:
            policies += [self._custom(alarm) for alarm in custom]
            widgets.append(presets.custom_widget(custom))

        dashboard_id: pulumi.Output[str] = pulumi.Output.from_input("")
        if widgets:
            dashboard = gcp.monitoring.Dashboard(
                f"{name}-dashboard",
                dashboard_json=pulumi.Output.json_dumps(presets.mosaic(base, widgets, self._labels)),
                project=self._project,
                opts=child,
            )
            dashboard_id = dashboard.id

        self.channel_ids = pulumi.Output.all(*self._channels)
        self.alert_policy_names = pulumi.Output.all(*[policy.name for policy in policies])
        self.dashboard_id = dashboard_id
        self.register_outputs(
            {
                "channel_ids": self.channel_ids,
                "alert_policy_names": self.alert_policy_names,
                "dashboard_id": self.dashboard_id,
            }
        )

    # -- where the metrics live -----------------------------------------------------------------------------

    def _provider_setting(self, field: str) -> pulumi.Output[str]:
        """The provider's project or region, looked up once and only when a preset needs it. The lookup's
        result also holds the provider's access token, a secret that would make every filter built from it
        secret (masked in previews); the project and region are not, so they are unwrapped."""
        if self._config is None:
            self._config = gcp.organizations.get_client_config_output(
                opts=pulumi.InvokeOutputOptions(parent=self)
            )
        return pulumi.Output.unsecret(self._config.apply(lambda config: str(getattr(config, field))))

    def _project_id(self) -> pulumi.Input[str]:
        return self._project if self._project is not None else self._provider_setting("project")

    def _database_id(self, database: AlarmsDatabase) -> pulumi.Output[str]:
        return presets.database_id(self._project_id(), database["instance_name"])

    def _redis_instance(self, cache: AlarmsCache) -> pulumi.Output[str]:
        given = cache["instance_id"]
        if isinstance(given, str) and given.startswith("projects/"):
            return pulumi.Output.from_input(given)
        region = cache.get("region")
        return presets.redis_instance_name(
            given, self._project_id(), region if region is not None else self._provider_setting("region")
        )

    # -- policies -------------------------------------------------------------------------------------------

    def _policy(
        self,
        key: str,
        what: pulumi.Input[str],
        condition: Threshold,
        documentation: pulumi.Input[str],
        severity: str,
    ) -> gcp.monitoring.AlertPolicy:
        """One policy `<name>-<key>` (displayed as "<physical_name> <what>") with one threshold condition,
        notifying every channel."""
        return gcp.monitoring.AlertPolicy(
            f"{self._name}-{key}",
            display_name=pulumi.Output.concat(self._base, " ", what),
            combiner="OR",
            conditions=[{"display_name": what, "condition_threshold": condition}],
            notification_channels=self._channels,
            alert_strategy={"auto_close": AUTO_CLOSE},
            documentation={"content": documentation, "mime_type": "text/markdown"},
            severity=severity,
            enabled=True,
            user_labels=self._labels,
            project=self._project,
            opts=pulumi.ResourceOptions(parent=self),
        )

    def _service(self, index: int, service: AlarmsService) -> list[gcp.monitoring.AlertPolicy]:
        run = service["name"]
        label = presets.service_label(index, service)
        minutes = service.get("evaluation_minutes", 5)
        rate = service.get("error_rate_percent", 5)
        p95 = service.get("p95_latency_ms", 1000)
        cpu = service.get("cpu_percent", 80)
        memory = service.get("memory_percent", 80)
        total = presets.aggregation("ALIGN_RATE", "REDUCE_SUM", presets.BY_SERVICE)
        # request_latencies is a distribution: ALIGN_DELTA keeps each period's distribution per series and
        # REDUCE_PERCENTILE_95 takes the 95th percentile of all of them together (the service's true p95, not
        # an average of per-revision percentiles).
        latency = presets.aggregation("ALIGN_DELTA", "REDUCE_PERCENTILE_95", presets.BY_SERVICE)
        return [
            self._policy(
                f"service-{label}-5xx-rate",
                pulumi.Output.concat(run, " 5xx rate"),
                {
                    "filter": presets.errors_filter(run),
                    "denominator_filter": presets.run_filter(run, presets.REQUEST_COUNT),
                    "aggregations": [total],
                    "denominator_aggregations": [total],
                    "comparison": presets.COMPARISONS[">"],
                    "threshold_value": rate / 100,
                    "duration": presets.duration(minutes),
                    "evaluation_missing_data": MISSING_DATA,
                },
                pulumi.Output.concat(
                    f"More than {rate:g}% of the requests to Cloud Run service **",
                    run,
                    f"** were answered with a 5xx for {presets.minutes_text(minutes)}.\n\n"
                    "Check the service's logs and Error Reporting, and the latest revision (roll back by "
                    "sending traffic to the previous one if the errors started with it), then the database "
                    "and cache alarms.",
                ),
                "ERROR",
            ),
            self._policy(
                f"service-{label}-p95-latency",
                pulumi.Output.concat(run, " p95 latency"),
                {
                    "filter": presets.run_filter(run, presets.REQUEST_LATENCIES),
                    "aggregations": [latency],
                    "comparison": presets.COMPARISONS[">"],
                    "threshold_value": p95,
                    "duration": presets.duration(minutes),
                    "evaluation_missing_data": MISSING_DATA,
                },
                pulumi.Output.concat(
                    "The 95th percentile latency of Cloud Run service **",
                    run,
                    f"** stayed above {p95} ms for {presets.minutes_text(minutes)}.\n\n"
                    "Check the instance count (max instances reached?), CPU and memory utilization, cold "
                    "starts, slow database queries (Query Insights) and slow downstream calls.",
                ),
                "WARNING",
            ),
            self._policy(
                f"service-{label}-cpu",
                pulumi.Output.concat(run, " CPU"),
                self._utilization(run, presets.RUN_CPU, cpu, minutes),
                pulumi.Output.concat(
                    "The busiest instances of Cloud Run service **",
                    run,
                    f"** (the 99th percentile) used more than {cpu:g}% of their CPU for "
                    f"{presets.minutes_text(minutes)}.\n\n"
                    "Check whether the service reached its maximum instances, the traffic and the latest "
                    "revision; give it more CPU or lower its concurrency if it is undersized.",
                ),
                "WARNING",
            ),
            self._policy(
                f"service-{label}-memory",
                pulumi.Output.concat(run, " memory"),
                self._utilization(run, presets.RUN_MEMORY, memory, minutes),
                pulumi.Output.concat(
                    "The fullest instances of Cloud Run service **",
                    run,
                    f"** (the 99th percentile) used more than {memory:g}% of their memory for "
                    f"{presets.minutes_text(minutes)}; an instance that runs out is killed and its requests "
                    "fail.\n\nCheck for a leak (memory rising after each revision), the concurrency, or give "
                    "the service more memory.",
                ),
                "WARNING",
            ),
        ]

    @staticmethod
    def _utilization(run: pulumi.Input[str], metric: str, percent: float, minutes: int) -> Threshold:
        return {
            "filter": presets.run_filter(run, metric),
            "aggregations": [presets.utilization_aggregation()],
            "comparison": presets.COMPARISONS[">"],
            "threshold_value": percent / 100,
            "duration": presets.duration(minutes),
            "evaluation_missing_data": MISSING_DATA,
        }

    def _database(self, database: AlarmsDatabase) -> list[gcp.monitoring.AlertPolicy]:
        instance = database["instance_name"]
        database_id = self._database_id(database)
        minutes = database.get("evaluation_minutes", 5)
        cpu = database.get("cpu_percent", 80)
        disk = database.get("disk_percent", 85)
        share = database.get("connections_percent", 80)
        max_connections = database.get("max_connections")
        over = f"for {presets.minutes_text(minutes)}"

        def condition(metric: str, threshold: float, step: presets.Aggregation) -> Threshold:
            return {
                "filter": presets.sql_filter(database_id, metric),
                "aggregations": [step],
                "comparison": presets.COMPARISONS[">"],
                "threshold_value": threshold,
                "duration": presets.duration(minutes),
                "evaluation_missing_data": MISSING_DATA,
            }

        def docs(text: str) -> pulumi.Output[str]:
            return pulumi.Output.concat("Cloud SQL instance **", instance, f"** {text}")

        mean = presets.aggregation("ALIGN_MEAN")
        policies = [
            self._policy(
                "db-cpu",
                "database CPU",
                condition(presets.SQL_CPU, cpu / 100, mean),
                docs(
                    f"used more than {cpu:g}% CPU {over}.\n\nCheck Query Insights for the top queries and "
                    "missing indexes, then the machine type."
                ),
                "WARNING",
            ),
            self._policy(
                "db-disk",
                "database disk",
                condition(presets.SQL_DISK, disk / 100, mean),
                docs(
                    f"has used more than {disk:g}% of its disk {over}.\n\nCheck automatic storage "
                    "increase (and its limit), large tables and indexes, and replication slots holding WAL; "
                    "add storage before it fills up."
                ),
                "ERROR",
            ),
        ]
        if max_connections is None:
            return policies
        policies.append(
            self._policy(
                "db-connections",
                "database connections",
                # num_backends has one series per database: their sum is the instance's connections.
                condition(
                    presets.SQL_BACKENDS,
                    max_connections * share / 100,
                    presets.aggregation("ALIGN_MEAN", "REDUCE_SUM", presets.BY_DATABASE),
                ),
                docs(
                    f"had more than {share:g}% of its {max_connections} connections open {over}.\n\n"
                    "Check pool sizes times instance counts (Cloud Run max instances), leaked connections, "
                    "and whether a pooler is needed."
                ),
                "ERROR",
            )
        )
        return policies

    def _slow_queries(
        self, database: AlarmsDatabase
    ) -> tuple[gcp.monitoring.AlertPolicy, pulumi.Output[str]]:
        """The project's log-based counter of slow statements (see the class docstring for why it is not
        limited to this instance), and the policy on this instance's series."""
        threshold = database.get("slow_queries_per_5min") or 0
        metric = gcp.logging.Metric(
            f"{self._name}-db-slow-queries",
            name=physical_name(f"{self._base}-db-slow-queries", presets.LOG_METRIC_NAME_LIMIT),
            description="Statements slower than log_min_duration_statement in the Cloud SQL PostgreSQL "
            "logs, managed by stackyard",
            filter=presets.slow_query_log_filter(self._project_id()),
            metric_descriptor={
                "metric_kind": "DELTA",
                "value_type": "INT64",
                "unit": "1",
                "display_name": f"{self._base} slow queries",
            },
            project=self._project,
            opts=pulumi.ResourceOptions(parent=self),
        )
        policy = self._policy(
            "db-slow-queries",
            "database slow queries",
            {
                "filter": presets.slow_query_filter(metric.name, self._database_id(database)),
                "aggregations": [presets.slow_query_aggregation()],
                "comparison": presets.COMPARISONS[">"],
                "threshold_value": threshold,
                "duration": "0s",  # the 5-minute window is the aggregation's
                "evaluation_missing_data": MISSING_DATA,
            },
            pulumi.Output.concat(
                "Cloud SQL instance **",
                database["instance_name"],
                f"** logged more than {threshold} statement{'s' if threshold != 1 else ''} slower than "
                "log_min_duration_statement (1 s unless the flags change it) in 5 minutes.\n\n"
                'Find them in its postgres.log ("duration:" lines) and in Query Insights\' top queries; '
                "check missing indexes, locks and the instance's CPU and disk.",
            ),
            "WARNING",
        )
        return policy, metric.name

    def _uptime(self, check: AlarmsUptimeCheck) -> tuple[gcp.monitoring.AlertPolicy, pulumi.Output[str]]:
        """An HTTPS uptime check of one public endpoint and its policy."""
        label, host, path = check["name"], check["host"], check.get("path", "/")
        minutes = check.get("evaluation_minutes", 2)
        uptime = gcp.monitoring.UptimeCheckConfig(
            f"{self._name}-uptime-{label}",
            display_name=f"{self._base} uptime {label}",
            period=f"{check.get('period_seconds', 60)}s",
            timeout=f"{check.get('timeout_seconds', 10)}s",
            http_check={
                "path": path,
                "port": 443,
                "use_ssl": True,
                "validate_ssl": True,
                "request_method": "GET",
                # As Route 53 on AWS: a redirect is an answer (a site's / may redirect to a locale).
                "accepted_response_status_codes": [
                    {"status_class": "STATUS_CLASS_2XX"},
                    {"status_class": "STATUS_CLASS_3XX"},
                ],
            },
            monitored_resource={
                "type": "uptime_url",
                "labels": {"host": host, "project_id": self._project_id()},
            },
            log_check_failures=True,
            user_labels=self._labels,
            project=self._project,
            opts=pulumi.ResourceOptions(parent=self),
        )
        policy = self._policy(
            f"uptime-{label}",
            f"uptime {label}",
            {
                "filter": presets.uptime_filter(uptime.uptime_check_id),
                "aggregations": [presets.uptime_aggregation()],
                "comparison": presets.COMPARISONS[">"],
                "threshold_value": presets.UPTIME_FAILING_REGIONS,
                "duration": presets.duration(minutes),
                "evaluation_missing_data": MISSING_DATA,
            },
            pulumi.Output.concat(
                "https://",
                host,
                f"{path} has failed its uptime check from more than one checker region for "
                f"{presets.minutes_text(minutes)}: users likely cannot reach it either.\n\n"
                "Check the uptime check's failure logs, the DNS record and the certificate, the load "
                "balancer's backend health and the service's latest revision.",
            ),
            "CRITICAL",
        )
        return policy, uptime.uptime_check_id

    def _cache(self, cache: AlarmsCache, instance: pulumi.Output[str]) -> gcp.monitoring.AlertPolicy:
        memory = cache.get("memory_percent", 80)
        minutes = cache.get("evaluation_minutes", 5)
        return self._policy(
            "cache-memory",
            "cache memory",
            {
                "filter": presets.redis_filter(instance),
                # usage_ratio has one series per node: the fullest one alarms.
                "aggregations": [presets.aggregation("ALIGN_MEAN", "REDUCE_MAX", presets.BY_REDIS)],
                "comparison": presets.COMPARISONS[">"],
                "threshold_value": memory / 100,
                "duration": presets.duration(minutes),
                "evaluation_missing_data": MISSING_DATA,
            },
            pulumi.Output.concat(
                "Memorystore instance **",
                instance,
                f"** used more than {memory:g}% of its memory for {presets.minutes_text(minutes)}.\n\n"
                "Check key TTLs, the eviction policy (`maxmemory-policy`) and evicted keys, then the memory "
                "size.",
            ),
            "WARNING",
        )

    def _custom(self, alarm: AlarmsCustom) -> gcp.monitoring.AlertPolicy:
        comparison = alarm.get("comparison", ">")
        aligner = alarm.get("aligner", "ALIGN_MEAN")
        period = alarm.get("period_seconds", 60)
        minutes = alarm.get("minutes", 5)
        threshold = alarm["threshold"]
        description = alarm.get("description") or (
            f"`{alarm['metric_type']}` ({aligner} over {period} s) was {comparison} {threshold:g} for "
            f"{presets.minutes_text(minutes)}.\n\nCheck what produces this metric."
        )
        return self._policy(
            f"custom-{alarm['name']}",
            alarm["name"],
            {
                "filter": presets.custom_alarm_filter(alarm),
                "aggregations": [presets.aggregation(aligner, period=f"{period}s")],
                "comparison": presets.COMPARISONS[comparison],
                "threshold_value": threshold,
                "duration": presets.duration(minutes),
                "evaluation_missing_data": MISSING_DATA,
            },
            description,
            alarm.get("severity", "WARNING"),
        )
