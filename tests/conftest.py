"""Keep data-migration rows (groups, topics) for every test, whatever ran before it.

A transactional test (``live_server``, ``transaction=True``) ends with a flush. With
``serialized_rollback=True`` Django restores the rows created by data migrations only when the
*next* serialized test starts, so an ordinary test scheduled after it in the same process (as
pytest-xdist may do) would find no groups or topics. Restoring right after such a test leaves
the database as every test expects it.

Playwright's sync API also marks an event loop as running in the test thread; Django then keeps
its connection objects per context instead of per thread, and the new ones lack the serialized
data Django saved on the first one. That data is kept here and handed to whichever connection
object is current, so the flush and the restore behave the same in browser tests.
"""

import pytest
from pytest_django.plugin import blocking_manager_key

SERIALIZED_CONTENTS = {}


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup):
    from django.db import connections

    for alias in connections:
        contents = getattr(connections[alias], "_test_serialized_contents", None)
        if contents:
            SERIALIZED_CONTENTS[alias] = contents


def _share_serialized_contents():
    from django.db import connections

    for alias, contents in SERIALIZED_CONTENTS.items():
        connection = connections[alias]
        if not hasattr(connection, "_test_serialized_contents"):
            connection._test_serialized_contents = contents


def _has_serialized_rollback(item):
    marker = item.get_closest_marker("django_db")
    if marker is not None and marker.kwargs.get("serialized_rollback"):
        return True
    return "django_db_serialized_rollback" in getattr(item, "fixturenames", ())


@pytest.hookimpl(wrapper=True)
def pytest_runtest_setup(item):
    _share_serialized_contents()
    return (yield)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    _share_serialized_contents()
    result = yield
    # After the last test the test databases are already gone: nothing to restore.
    if nextitem is not None and _has_serialized_rollback(item):
        from django.db import connections

        with item.config.stash[blocking_manager_key].unblock():
            for alias, contents in SERIALIZED_CONTENTS.items():
                connections[alias].creation.deserialize_db_from_string(contents)
    return result
