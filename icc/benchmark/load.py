"""Child process of the bench: drive the server with Locust, slice by slice.

    python -m icc.benchmark.load schedule.json samples.json

The schedule is a list of slices (a page type's paths and a duration, or a number of
requests). A fixed number of Locust users (4 by default) with no wait time request the
current slice's paths in turn; when its time is up no new request starts, the requests in
flight finish, and the next slice begins, so no slice inherits another's queue. Each slice's
latencies (Locust's response times, full body read), statuses and bytes are written as JSON;
the runner computes the statistics. Locust patches the standard library with gevent on import,
which is why it runs in its own process and never in the Django one.
"""

import json
import sys
import time

import gevent
from locust import FastHttpUser, constant, events, task
from locust.env import Environment


class _Schedule:
    """The slice being measured, shared by the users (greenlets: no locks needed)."""

    def __init__(self, slices):
        self.slices = slices
        self.current = None  # index of the slice whose requests may start
        self.issued = 0
        self.in_flight = 0
        self.samples = [{"latencies_ms": [], "statuses": {}, "bytes": 0} for _ in slices]


SCHEDULE = None


class BenchUser(FastHttpUser):
    wait_time = constant(0)
    headers = {}
    # Keep the client cheap: the load generator shares the machine with the server.
    network_timeout = 120.0
    connection_timeout = 60.0

    @task
    def request_current_slice(self):
        schedule = SCHEDULE
        index = schedule.current
        if index is None:
            gevent.sleep(0.002)
            return
        current = schedule.slices[index]
        limit = current.get("requests")
        if limit and schedule.issued >= limit:
            gevent.sleep(0.002)
            return
        path = current["paths"][schedule.issued % len(current["paths"])]
        schedule.issued += 1
        schedule.in_flight += 1
        try:
            # The slice's number is the request's name: the listener files the sample there.
            self.client.get(path, name=str(index), headers=self.headers)
        finally:
            schedule.in_flight -= 1


def _record(request_type, name, response_time, response_length, response=None, **_kwargs):
    samples = SCHEDULE.samples[int(name)]
    samples["latencies_ms"].append(round(response_time, 3))
    status = str(getattr(response, "status_code", 0) or 0)
    samples["statuses"][status] = samples["statuses"].get(status, 0) + 1
    samples["bytes"] += response_length or 0


def run(plan):
    global SCHEDULE
    SCHEDULE = _Schedule(plan["slices"])
    BenchUser.headers = plan.get("headers", {})
    environment = Environment(user_classes=[BenchUser], host=plan["host"], events=events)
    environment.events.request.add_listener(_record)
    runner = environment.create_local_runner()
    users = plan.get("users", 4)
    runner.start(users, spawn_rate=max(users, 100))
    deadline = time.monotonic() + 30
    while runner.user_count < users and time.monotonic() < deadline:
        gevent.sleep(0.01)
    for index, current in enumerate(SCHEDULE.slices):
        SCHEDULE.issued = 0
        started = time.perf_counter()
        SCHEDULE.current = index
        end = started + current.get("seconds", float("inf"))
        limit = current.get("requests")
        while time.perf_counter() < end and not (limit and SCHEDULE.issued >= limit):
            gevent.sleep(0.005)
        active = time.perf_counter() - started
        SCHEDULE.current = None
        while SCHEDULE.in_flight:
            gevent.sleep(0.001)
        samples = SCHEDULE.samples[index]
        samples["active_seconds"] = round(active, 4)
        samples["elapsed_seconds"] = round(time.perf_counter() - started, 4)
        if current.get("progress"):
            count = len(samples["latencies_ms"])
            rate = count / samples["elapsed_seconds"] if samples["elapsed_seconds"] else 0
            print(f"  {current['progress']}: {count} requests, {rate:.1f}/s", flush=True)
    runner.quit()
    return SCHEDULE.samples


def main(argv=None):
    schedule_file, samples_file = (argv or sys.argv[1:])[:2]
    with open(schedule_file, encoding="utf-8") as source:
        plan = json.load(source)
    samples = run(plan)
    with open(samples_file, "w", encoding="utf-8") as output:
        json.dump(samples, output)
    return 0


if __name__ == "__main__":
    sys.exit(main())
