from tests.announcements.conftest import announced  # noqa: F401 - the fixture, for these tests too
