from tests.central.conftest import central_url, pg_password, pg_url  # noqa: F401
