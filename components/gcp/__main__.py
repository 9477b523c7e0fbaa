"""The `stackyard-gcp` component provider: `pulumi package add` runs this to serve the GCP components to
TypeScript, Go, C#, Java and YAML programs (see PulumiPlugin.yaml)."""

import sys
from pathlib import Path

# Pulumi runs this file from its folder: make the repository's `components` package importable.
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from components.provider_host import serve

if __name__ == "__main__":
    serve("gcp")
