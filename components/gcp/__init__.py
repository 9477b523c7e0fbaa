"""stackyard components for GCP (type tokens `stackyard-gcp:index:<Class>`). None are built yet."""
