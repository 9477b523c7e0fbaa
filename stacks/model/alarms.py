"""`stackyard:app.alarms` (`Alarms`): alerting to email, with the `CustomAlarm`s on your own metrics."""

from __future__ import annotations

import re
from typing import Literal

from pydantic import Field, field_validator

from .common import NAME_PATTERN, Model


class CustomAlarm(Model):
    """An alarm on any CloudWatch metric, e.g. a queue backlog."""

    name: str = Field(pattern=NAME_PATTERN, max_length=40, description="Alarm name (lowercase, hyphens).")
    namespace: str | None = Field(
        default=None,
        description="CloudWatch namespace, e.g. PropFlow/Queues (aws: required; gcp: leave out).",
    )
    metric: str = Field(
        description="Metric name, e.g. PendingReviews (aws), or the metric type, e.g. "
        "custom.googleapis.com/queue/pending (gcp)."
    )
    dimensions: dict[str, str] = Field(default={}, description="Metric dimensions.")
    statistic: str = Field(
        default="Average",
        pattern=r"^(Average|Sum|Minimum|Maximum|SampleCount|p\d{1,2}(\.\d+)?)$",
        description="Average, Sum, Minimum, Maximum, SampleCount or a percentile (p95). Default Average.",
    )
    comparison: Literal[">", ">=", "<", "<="] = Field(default=">", description="How the metric is compared.")
    threshold: float = Field(description="Value that alarms.")
    period_seconds: Literal[10, 30, 60, 300, 900, 3600] = Field(default=60, description="Metric period.")
    minutes: int = Field(default=5, ge=1, le=1440, description="How long the condition must hold. Default 5.")


class Alarms(Model):
    """`stackyard:app.alarms`: alerting to email. Profile: off in staging (unless the section sets anything
    but `enabled`), on in prod."""

    DISTINCT = ("emails",)

    enabled: bool = Field(
        default=False,
        description="Create the alarms. Profile: off / on; in staging an alarms section that sets anything "
        "else (emails, thresholds …) turns them on, unless it says enabled: false.",
    )
    emails: list[str] = Field(default=[], description="Addresses notified when an alarm fires.")
    error_rate_percent: float = Field(
        default=5, gt=0, le=100, description="5xx share that alarms. Default 5."
    )
    p95_latency_ms: int = Field(default=1000, ge=1, description="p95 latency that alarms. Default 1000.")
    cpu_percent: int = Field(default=80, ge=1, le=100, description="Service and database CPU that alarms.")
    memory_percent: int = Field(default=80, ge=1, le=100, description="Service and cache memory that alarms.")
    db_connections_percent: int = Field(
        default=80, ge=1, le=100, description="Database connections, in percent of the maximum, that alarm."
    )
    db_free_storage_percent: int = Field(
        default=15, ge=1, le=99, description="Free database storage below which it alarms (disk > 85 % used)."
    )
    slow_queries_per_5min: int | None = Field(
        default=10,
        ge=0,
        description="Statements slower than the database's log_min_duration_statement (1 s unless its "
        "parameters change it) in 5 minutes above which it alarms, counted from the PostgreSQL log; 0 "
        "alarms on any, null turns the alarm off. Default 10.",
    )
    uptime: bool = Field(
        default=False,
        description="HTTPS uptime checks from outside, of each public service's health_path on its host and "
        "of the site's / (aws: Route 53 health checks, alarmed in us-east-1; gcp: Cloud Monitoring uptime "
        "checks). Profile: off / on.",
    )
    uptime_period_seconds: int | None = Field(
        default=None,
        description="How often each checker requests an endpoint: aws 30 or 10 (Route 53's standard or "
        "fast interval), gcp 60, 300, 600 or 900. Default: 30 on aws, 60 on gcp.",
    )
    custom: list[CustomAlarm] = Field(default=[], description="Alarms on your own metrics.")

    @field_validator("emails")
    @classmethod
    def _emails(cls, value: list[str]) -> list[str]:
        bad = [email for email in value if not re.match(r"^[^@\s]+@[^@\s]+\.[^@\s]+$", email)]
        if bad:
            raise ValueError(f"{', '.join(bad)}: not an email address")
        return value
