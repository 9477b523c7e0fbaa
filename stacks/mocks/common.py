"""What the providers' mock outputs share: the digest behind every id, UUIDs, region codes and a CA
certificate. Private to the package: `aws`, `gcp` and `random` import these; nothing outside does."""

from __future__ import annotations

import hashlib


def _digest(text: str, length: int) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:length]


def _uuid(seed: str) -> str:
    h = _digest(seed, 32)
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


def _region_code(region: str) -> str:
    parts = region.split("-")
    return f"{parts[0]}{''.join(p[0] for p in parts[1:-1])}{parts[-1]}" if len(parts) >= 3 else region


# A base64 PEM, as the clusters' CA certificate outputs are.
_MOCK_CA_BASE64 = "LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCk1PQ0sKLS0tLS1FTkQgQ0VSVElGSUNBVEUtLS0tLQo="
