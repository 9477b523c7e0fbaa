"""The e-mail notification channels every policy notifies, one per address of `emails` (e-mail channels
need no confirmation)."""

import pulumi
import pulumi_gcp as gcp

from .alarm import Scope


def email_channels(scope: Scope, emails: list[str]) -> list[pulumi.Input[str]]:
    """One e-mail channel per address, in the order of `emails`; their ids."""
    channels = [
        gcp.monitoring.NotificationChannel(
            f"{scope.name}-email-{email.lower()}",
            type="email",
            display_name=f"{scope.base} alarms: {email}",
            labels={"email_address": email},
            user_labels=scope.labels,
            enabled=True,
            project=scope.project,
            opts=pulumi.ResourceOptions(parent=scope.owner),
        )
        for email in emails
    ]
    return [channel.id for channel in channels]
