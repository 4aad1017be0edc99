"""Enqueue a task with the transaction that caused it, and retry a failed task a few times."""

import functools
import logging
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_tasks.backends.immediate import ImmediateBackend
from django_tasks_db import DatabaseBackend

logger = logging.getLogger(__name__)


def enqueue(task, *args, **kwargs):
    """Enqueue ``task`` so that it runs only if the current transaction commits.

    The database backend writes the task in the transaction itself (it exists if and only if
    the change does); a Redis queue is told after the commit, so its worker never runs before
    the rows it reads exist; the immediate backend (tests) runs it at once.
    """
    backend = task.get_backend()
    if isinstance(backend, DatabaseBackend | ImmediateBackend):
        return task.enqueue(*args, **kwargs)
    # robust: a queue that cannot be reached is logged, it does not turn a saved change into
    # an error page (the work can be redone: make_renditions, rebuild_search_index).
    transaction.on_commit(functools.partial(task.enqueue, *args, **kwargs), robust=True)
    return None


def retry_delays():
    """Seconds before each new attempt: ``len(retry_delays()) + 1`` attempts in all."""
    return tuple(settings.TASKS_RETRY_DELAYS)


def retry_on_failure(function):
    """Make a task (``takes_context=True``) try again, later, when it raises.

    Put it under ``@task(takes_context=True)``; the attempt number travels in the ``attempt``
    keyword.
    Each failed attempt is recorded as failed with its traceback; after the last one nothing
    more is tried. The database backend gets a new task with ``run_after``; RQ gets its own
    ``Retry`` (retries left and intervals set on the running job); the immediate backend,
    which cannot wait, does not retry.
    """

    @functools.wraps(function)
    def run(context, *args, attempt=1, **kwargs):
        try:
            return function(context, *args, **kwargs)
        except Exception:
            _schedule_retry(context, args, kwargs, attempt)
            raise

    return run


def _schedule_retry(context, args, kwargs, attempt):
    delays = retry_delays()
    task = context.task_result.task
    backend = task.get_backend()
    if isinstance(backend, DatabaseBackend):
        if attempt > len(delays):
            logger.error("Task %s failed %d times: given up.", task.name, attempt)
            return
        run_after = timezone.now() + timedelta(seconds=delays[attempt - 1])
        task.using(run_after=run_after).enqueue(*args, attempt=attempt + 1, **kwargs)
        logger.warning(
            "Task %s failed (attempt %d): retried after %s.", task.name, attempt, run_after
        )
        return
    try:
        import rq
    except ImportError:  # pragma: no cover - rq is a dependency
        return
    job = rq.get_current_job()
    if job is not None and job.retries_left is None:
        # The first failure of a job: from now on RQ retries it by itself (its Retry).
        job.retries_left = len(delays)
        job.retry_intervals = list(delays)
