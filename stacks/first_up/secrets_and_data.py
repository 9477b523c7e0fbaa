"""Notes on the app's secrets and its database: secrets still holding the stack file's placeholder, the
database extensions the first migration must create, and (AWS) a PostgreSQL version past standard support.
Each rule returns None when its note does not apply.
"""

from __future__ import annotations

from ..profiles import hardening
from .rules import Facts, _listing, _one


def _secrets(f: Facts) -> str | None:
    names = [n for n in f.app.secrets if n in f.placeholder_secrets]
    if not names:
        return None
    path = names[0] if len(names) == 1 else "<NAME>"
    holds = _one(names, "a placeholder", "placeholders")
    each = _one(names, "", " for each")
    return (
        f"Set the real value of {_listing(names)} (the stack file holds {holds}): "
        f"`pulumi config set --secret --path 'secrets.{path}' <value>`{each}."
    )


def _extensions(f: Facts) -> str | None:
    database = f.app.database
    if database is None:
        return None
    names: list[str] = list(database.extensions)
    # pgAudit logs nothing until its extension exists (gcp prod: ManagedPostgres audit_logging).
    if f.config.cloud == "gcp" and hardening(f.config.environment).database_audit_logging:
        names.append("pgaudit")
    if not names:
        return None
    engine = "RDS" if f.config.cloud == "aws" else "Cloud SQL"
    return (
        f"Create the {_one(names, 'extension', 'extensions')} {_listing(names)} "
        f"from your app's first migration: {engine} "
        "does not run `CREATE EXTENSION` for you; the stack output `databaseExtensionStatements` lists the "
        "statements."
    )


def _aws_database_support(f: Facts) -> str | None:
    """RDS for PostgreSQL 13 left standard support on 2026-02-28 (Amazon RDS for PostgreSQL release
    calendar); RDS Extended Support then runs it at an extra hourly charge."""
    database = f.app.database
    if database is None or database.version != "13":
        return None
    return (
        "PostgreSQL 13 is past RDS standard support (2026-02-28): RDS runs it under Extended Support, billed "
        "per vCPU-hour on top of the instance. Plan a major upgrade (`database.version`)."
    )
