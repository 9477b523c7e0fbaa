"""Provider limits that both the components and the stack config check."""

from __future__ import annotations

# CloudWatch Logs retention: the only values the service accepts.
RETENTION_DAYS = (
    1,
    3,
    5,
    7,
    14,
    30,
    60,
    90,
    120,
    150,
    180,
    365,
    400,
    545,
    731,
    1096,
    1827,
    2192,
    2557,
    2922,
    3288,
    3653,
)


def check_retention(component: str, argument: str, days: int) -> None:
    """Raise a ValueError naming `component` and `argument` unless `days` is a valid retention."""
    if days not in RETENTION_DAYS:
        allowed = ", ".join(str(d) for d in RETENTION_DAYS)
        raise ValueError(f"{component} {argument} {days} is not allowed; use one of {allowed}")


# PostgreSQL major versions the managed services offer.
POSTGRES_MAJOR_VERSIONS = ("13", "14", "15", "16", "17")

# Redis / Valkey `maxmemory-policy` values.
MAXMEMORY_POLICIES = (
    "volatile-lru",
    "allkeys-lru",
    "volatile-lfu",
    "allkeys-lfu",
    "volatile-random",
    "allkeys-random",
    "volatile-ttl",
    "noeviction",
)

# Fargate task sizes: vCPU -> allowed memory in GB.
FARGATE_MEMORY_GB: dict[float, tuple[float, ...]] = {
    0.25: (0.5, 1, 2),
    0.5: tuple(float(gb) for gb in range(1, 5)),
    1: tuple(float(gb) for gb in range(2, 9)),
    2: tuple(float(gb) for gb in range(4, 17)),
    4: tuple(float(gb) for gb in range(8, 31)),
    8: tuple(float(gb) for gb in range(16, 61, 4)),
    16: tuple(float(gb) for gb in range(32, 121, 8)),
}
