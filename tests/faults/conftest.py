"""The fault tests that run on each backend use the store tests' fixtures (``tests/store``)."""

from tests.store.conftest import (  # noqa: F401 - fixtures, used by name
    _fresh_postgres_database,
    backend,
    store_url,
)
