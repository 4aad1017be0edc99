"""Slow work out of the request: renditions, e-mails and re-indexing run in task workers.

The test settings run tasks at once (immediate backend); these tests choose the database
backend, as a deployment without Redis does, and run django-tasks-db's worker by hand.
"""

import io
from datetime import timedelta
from unittest import mock

import pytest
from django.core import mail
from django.core.cache import cache
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.template import Context, Template
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from django_tasks import task
from django_tasks_db.management.commands import db_worker
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from icc.demo import images as image_data
from icc.models import Image, SearchEntry
from icc.renditions import rendition_name
from icc.tasks.queue import retry_on_failure
from news.models import NewsItem
from practices import services
from tests.factories import ImageFactory, NewsItemFactory, PracticeFactory, png_upload
from tests.icc.test_load_demo import tiny_demo  # noqa: F401 - a fixture

pytestmark = pytest.mark.django_db

DATABASE_TASKS = override_settings(
    TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}},
    TASKS_RETRY_DELAYS=(60, 600),
)


def run_worker():
    """Run every task that is due, as ``manage.py db_worker --batch`` does.

    The worker closes stale connections between tasks; inside the test's transaction that
    would drop the connection (PostgreSQL), so that one call is left out here.
    """
    worker = Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test-worker",
        excluded_queue_names=[],
    )
    with mock.patch.object(db_worker, "close_old_connections"):
        worker.run()


@pytest.fixture(autouse=True)
def fresh_media(settings, tmp_path):
    """An empty media folder: rendition names reuse primary keys across tests."""
    settings.MEDIA_ROOT = tmp_path


def srcset_of(image):
    html = Template("{% load icc_tags %}{% responsive_image image %}").render(
        Context({"image": image})
    )
    return html


# --- Tasks used to test retries (module level, as every task must be) ------------------------


@task(takes_context=True)
@retry_on_failure
def flaky(context, key, failures):
    """Fail ``failures`` times, then succeed; counts its runs in the cache under ``key``."""
    runs = cache.get(key, 0) + 1
    cache.set(key, runs)
    if runs <= failures:
        raise ConnectionError(f"run {runs} failed")
    return runs


# --- Image renditions -------------------------------------------------------------------------


@DATABASE_TASKS
def test_an_upload_returns_before_any_rendition_and_the_worker_makes_them(secretariat_client):
    response = secretariat_client.post(
        reverse("admin:icc_image_add"),
        {
            "file": png_upload(width=1200, height=600),
            "alt_text_en": "A square",
            "alt_text_fr": "Une place",
            "credit": "",
        },
    )
    assert response.status_code == 302
    image = Image.objects.get()
    assert image.rendition_widths == []
    assert not default_storage.exists(rendition_name(image, 480))
    assert "srcset" not in srcset_of(image)
    queued = DBTaskResult.objects.get()
    assert queued.task_path == "icc.tasks.images.make_image_renditions"
    assert queued.status == "READY"

    run_worker()

    queued.refresh_from_db()
    assert queued.status == "SUCCESSFUL"
    assert queued.return_value["widths"] == [480, 960]
    image.refresh_from_db()
    assert image.rendition_widths == [480, 960]
    assert default_storage.exists(rendition_name(image, 480))
    html = srcset_of(image)
    assert f"{rendition_name(image, 480)} 480w" in html
    assert f"{rendition_name(image, 960)} 960w" in html


@DATABASE_TASKS
def test_a_new_file_withdraws_the_srcset_until_its_renditions_are_made():
    image = ImageFactory(file=png_upload(width=1000, height=500))
    run_worker()
    image.refresh_from_db()
    assert image.rendition_widths == [480, 960]

    image.file = png_upload(name="other.png", width=2000, height=1000)
    image.save()
    image.refresh_from_db()
    assert image.rendition_widths == []
    assert "srcset" not in srcset_of(image)

    run_worker()
    image.refresh_from_db()
    assert image.rendition_widths == [480, 960, 1600]


@DATABASE_TASKS
def test_a_task_for_a_replaced_or_deleted_file_does_nothing():
    image = ImageFactory(file=png_upload(width=1000, height=500))
    image.file = png_upload(name="other.png", width=1000, height=500)
    image.save()
    assert DBTaskResult.objects.count() == 2  # one per file

    run_worker()

    results = sorted(
        DBTaskResult.objects.values_list("return_value", flat=True),
        key=lambda value: bool(value.get("skipped")),
    )
    assert results[0]["widths"] == [480, 960]
    assert results[1]["skipped"] is True


def test_large_images_are_reduced_before_they_are_resized():
    image = ImageFactory(file=png_upload(width=4000, height=2000))
    assert image.rendition_widths == [480, 960, 1600]  # immediate backend: made at once
    from PIL import Image as PILImage

    with default_storage.open(rendition_name(image, 1600)) as file, PILImage.open(file) as copy:
        assert copy.size == (1600, 800)


def test_make_renditions_writes_and_records_them_here_and_now():
    image = ImageFactory(file=png_upload(width=1000, height=500))
    Image.objects.filter(pk=image.pk).update(rendition_widths=[])
    default_storage.delete(rendition_name(image, 960))
    output = io.StringIO()

    call_command("make_renditions", stdout=output)

    image.refresh_from_db()
    assert image.rendition_widths == [480, 960]
    assert default_storage.exists(rendition_name(image, 960))
    assert "Images: 1; renditions written: 2; files missing: 0." in output.getvalue()


@DATABASE_TASKS
@pytest.mark.usefixtures("tiny_demo")
def test_load_demo_makes_its_renditions_itself_without_a_worker(monkeypatch):
    first_two = dict(list(image_data.IMAGES.items())[:2])
    monkeypatch.setattr(image_data, "IMAGES", first_two)

    call_command("load_demo", stdout=io.StringIO())

    images = Image.objects.all()
    assert len(images) == 2
    for image in images:
        assert image.rendition_widths == [480, 960]  # the demo images are 1200 pixels wide
        assert default_storage.exists(rendition_name(image, 960))
    assert not DBTaskResult.objects.exists()  # nothing left for a worker, no e-mail queued
    assert mail.outbox == []


# --- E-mails ----------------------------------------------------------------------------------


@DATABASE_TASKS
def test_review_emails_are_enqueued_then_sent_by_the_worker_in_each_recipients_language(
    city, coordinator, other_coordinator, secretariat_user, django_capture_on_commit_callbacks
):
    coordinator.preferred_language = "fr"
    coordinator.save()
    other_coordinator.coordinated_cities.add(city)  # an English-speaking second coordinator
    practice = PracticeFactory(cities=[city], status="submitted")

    with django_capture_on_commit_callbacks(execute=True):
        services.practice_request_changes(
            practice=practice, user=secretariat_user, comment="Add the budget."
        )

    assert mail.outbox == []
    assert DBTaskResult.objects.filter(status="READY").count() == 2

    run_worker()

    by_address = {message.to[0]: message for message in mail.outbox}
    assert set(by_address) == {coordinator.email, other_coordinator.email}
    assert by_address[coordinator.email].subject.startswith("Modifications demandées")
    assert not by_address[other_coordinator.email].subject.startswith("Modifications")
    assert all("Add the budget." in message.body for message in mail.outbox)
    assert DBTaskResult.objects.filter(status="SUCCESSFUL").count() == 2


@DATABASE_TASKS
def test_the_welcome_email_is_sent_by_the_worker(coordinator, django_capture_on_commit_callbacks):
    from icc.accounts import send_welcome_email

    coordinator.preferred_language = "fr"
    coordinator.save()
    send_welcome_email(user=coordinator)
    assert mail.outbox == []

    run_worker()

    assert [message.to for message in mail.outbox] == [[coordinator.email]]
    assert "/fr/" in mail.outbox[0].body


# --- Retries ----------------------------------------------------------------------------------


def make_due(results):
    """Pretend the retry delay has passed."""
    results.update(run_after=timezone.now() - timedelta(seconds=1))


@DATABASE_TASKS
def test_a_failing_task_is_retried_later_then_recorded_as_failed():
    flaky.enqueue("always-fails", failures=99)

    run_worker()
    first = DBTaskResult.objects.get(status="FAILED")
    assert "ConnectionError" in first.exception_class_path
    retry = DBTaskResult.objects.get(status="READY")
    # Not before the first delay: a worker running now leaves it alone.
    assert retry.run_after > timezone.now() + timedelta(seconds=50)
    assert retry.args_kwargs["kwargs"] == {"failures": 99, "attempt": 2}
    run_worker()
    assert DBTaskResult.objects.filter(status="READY").count() == 1

    make_due(DBTaskResult.objects.filter(status="READY"))
    run_worker()
    third = DBTaskResult.objects.get(status="READY")
    assert third.args_kwargs["kwargs"]["attempt"] == 3
    assert third.run_after > timezone.now() + timedelta(seconds=500)

    make_due(DBTaskResult.objects.filter(status="READY"))
    run_worker()

    assert cache.get("always-fails") == 3
    assert DBTaskResult.objects.count() == 3
    assert DBTaskResult.objects.filter(status="FAILED").count() == 3
    assert not DBTaskResult.objects.filter(status="READY").exists()


@DATABASE_TASKS
def test_a_task_that_fails_once_succeeds_on_its_second_attempt():
    flaky.enqueue("fails-once", failures=1)
    run_worker()
    make_due(DBTaskResult.objects.filter(status="READY"))
    run_worker()

    assert cache.get("fails-once") == 2
    assert list(DBTaskResult.objects.order_by("enqueued_at").values_list("status", flat=True)) == [
        "FAILED",
        "SUCCESSFUL",
    ]


def test_the_immediate_backend_does_not_retry():
    result = flaky.enqueue("immediate-fails", failures=99)
    assert result.status == "FAILED"
    assert cache.get("immediate-fails") == 1


def redis_available():
    import redis

    try:
        return redis.Redis.from_url("redis://127.0.0.1:6379/15", socket_timeout=1).ping()
    except redis.RedisError:
        return False


@pytest.mark.skipif(not redis_available(), reason="needs Redis on 127.0.0.1:6379")
@override_settings(
    TASKS={"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["icc-test-tasks"]}},
    RQ_QUEUES={"icc-test-tasks": {"URL": "redis://127.0.0.1:6379/15"}},
    TASKS_RETRY_DELAYS=(0, 0),
)
def test_rq_retries_a_failing_task_with_its_own_retry_then_marks_it_failed():
    import django_rq
    from django_tasks_rq import Job
    from rq.worker import SimpleWorker

    queue = django_rq.get_queue("icc-test-tasks", job_class=Job)
    queue.empty()
    try:
        result = flaky.using(queue_name="icc-test-tasks").enqueue("rq-fails", failures=99)
        SimpleWorker([queue], connection=queue.connection, job_class=Job).work(burst=True)

        job = Job.fetch(result.id, connection=queue.connection)
        assert job.get_status() == "failed"
        assert cache.get("rq-fails") == 3  # the first run and RQ's two retries
        assert job.retries_left == 0
    finally:
        queue.empty()


# --- Re-indexing after bulk changes -----------------------------------------------------------


@DATABASE_TASKS
def test_bulk_publishing_in_the_admin_reindexes_in_one_task(secretariat_client):
    items = NewsItemFactory.create_batch(3, is_published=False)
    assert not SearchEntry.objects.exists()

    response = secretariat_client.post(
        reverse("admin:news_newsitem_changelist"),
        {"action": "publish_selected", "_selected_action": [item.pk for item in items]},
    )

    assert response.status_code == 302
    assert NewsItem.objects.filter(is_published=True).count() == 3
    assert not SearchEntry.objects.exists()  # not in the request
    queued = DBTaskResult.objects.get()
    assert queued.task_path == "icc.tasks.indexing.reindex_items"

    run_worker()

    assert SearchEntry.objects.filter(language="en").count() == 3
    queued.refresh_from_db()
    assert queued.return_value == {"model": "news.NewsItem", "indexed": 3, "removed": 0}


@DATABASE_TASKS
def test_rebuild_search_index_async_leaves_the_work_to_the_worker():
    NewsItemFactory(is_published=True)
    SearchEntry.objects.all().delete()
    output = io.StringIO()

    call_command("rebuild_search_index", "--async", stdout=output)

    assert "enqueued" in output.getvalue()
    assert not SearchEntry.objects.exists()
    run_worker()
    assert SearchEntry.objects.count() == 2  # one row per language


# --- Visible to the secretariat ---------------------------------------------------------------


@DATABASE_TASKS
def test_the_secretariat_sees_task_results_and_failures_in_the_admin(secretariat_client):
    flaky.enqueue("admin-fails", failures=99)
    run_worker()

    index = secretariat_client.get(reverse("admin:index")).content.decode()
    assert reverse("admin:django_tasks_database_dbtaskresult_changelist") in index
    listing = secretariat_client.get(
        reverse("admin:django_tasks_database_dbtaskresult_changelist") + "?status=FAILED"
    )
    assert listing.status_code == 200
    assert "flaky" in listing.content.decode()
    failed = DBTaskResult.objects.get(status="FAILED")
    detail = secretariat_client.get(
        reverse("admin:django_tasks_database_dbtaskresult_change", args=[failed.pk])
    )
    assert detail.status_code == 200
    assert "run 1 failed" in detail.content.decode()  # the traceback
