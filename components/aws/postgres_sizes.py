"""What an RDS for PostgreSQL instance class means for the database: its memory, and the `max_connections`
PostgreSQL gets from it, so the connections alarm is drawn against the instance's own limit.

RDS sets `max_connections` to LEAST({DBInstanceClassMemory/9531392}, 5000) by default (RDS User Guide,
"Maximum number of database connections"); DBInstanceClassMemory is a little below the class's nominal
memory, so the figure here is an upper bound of a few percent. A `max_connections` parameter replaces it.
"""

from __future__ import annotations

from collections.abc import Mapping

# (family letter, size) -> memory in GiB, for the classes ManagedPostgres accepts (t: t3/t4g, m: m6g/m7g,
# r: r6g/r7g).
_BURSTABLE = {"micro": 1, "small": 2, "medium": 4, "large": 8, "xlarge": 16, "2xlarge": 32}
_GENERAL = {"large": 8, "xlarge": 16, "2xlarge": 32, "4xlarge": 64, "8xlarge": 128, "12xlarge": 192}
_MEMORY = {"large": 16, "xlarge": 32, "2xlarge": 64, "4xlarge": 128, "8xlarge": 256, "12xlarge": 384}
MEMORY_GIB: dict[tuple[str, str], int] = {
    **{("t", size): gib for size, gib in _BURSTABLE.items()},
    **{("m", size): gib for size, gib in {**_GENERAL, "16xlarge": 256}.items()},
    **{("r", size): gib for size, gib in {**_MEMORY, "16xlarge": 512}.items()},
}
MAX_CONNECTIONS_CAP = 5000
BYTES_PER_CONNECTION = 9531392


def memory_gib(instance_class: str) -> int | None:
    """The nominal memory of `instance_class` (e.g. "db.t4g.small": 2), or None for a class not listed."""
    family, _, size = instance_class.removeprefix("db.").partition(".")
    return MEMORY_GIB.get((family[0], size)) if family else None


def max_connections(instance_class: str, parameters: Mapping[str, str] | None = None) -> int | None:
    """The instance's `max_connections`: the `max_connections` parameter when it is a number, else RDS's
    default for the class's memory; None when neither is known (a formula in the parameter, a class not
    listed)."""
    given = (parameters or {}).get("max_connections")
    if given is not None:
        return int(given) if str(given).isdigit() else None
    gib = memory_gib(instance_class)
    return None if gib is None else min(gib * 1024**3 // BYTES_PER_CONNECTION, MAX_CONNECTIONS_CAP)
