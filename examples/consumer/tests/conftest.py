# The `stackyard_mocks` fixture: stackyard's Pulumi mocks, recording every resource the program registers.
pytest_plugins = ["stackyard.testing"]
