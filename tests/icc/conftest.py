"""Fixtures of the admin tests: one object of every model registered in the admin."""

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django_tasks_db.models import DBTaskResult, get_date_max
from reversion.models import Revision, Version

from cities.models import City, Network, NetworkMembership
from events.models import Event
from icc.models import Document, Image, User
from icc.pages.models import Page
from news.models import NewsItem
from practices.models import Practice, Topic
from tests.factories import (
    CityFactory,
    DocumentFactory,
    EventFactory,
    ImageFactory,
    MembershipFactory,
    NetworkFactory,
    NewsItemFactory,
    PageFactory,
    PracticeFactory,
    TopicFactory,
    UserFactory,
)


@pytest.fixture
def admin_objects(db, secretariat_user):
    """{model: one saved instance} for every model the admin shows, plus a revision."""
    import reversion

    city = CityFactory(image=ImageFactory())
    network = NetworkFactory()
    membership = MembershipFactory(network=network, city=city)
    topic = TopicFactory()
    with reversion.create_revision():
        event = EventFactory(host_cities=[city], network=network)
        reversion.add_to_revision(event)
    objects = {
        User: UserFactory(),
        Image: city.image,
        Document: DocumentFactory(),
        City: city,
        Network: network,
        NetworkMembership: membership,
        Event: event,
        NewsItem: NewsItemFactory(cities=[city], topics=[topic]),
        Topic: topic,
        Practice: PracticeFactory(cities=[city], topics=[topic]),
        Page: PageFactory(),
    }
    # "contact": a kept copy of a message to a practice's contact (read-only admin).
    from practices.models import ContactMessage

    objects[ContactMessage] = ContactMessage.objects.create(
        practice=objects[Practice], practice_title="A practice", sender_name="Marta",
        sender_email="marta@example.org", message="A question about the practice.",
        language="en", recipient_email="contact@example.org",
    )  # fmt: skip
    # "index": a city's ICC Index result, with the score of one policy area.
    from cities.models import IndexResult

    objects[IndexResult] = IndexResult.objects.create(city=city, year=2024, overall_score=60)
    objects[IndexResult].area_scores.create(topic=topic, score=70)
    # "transfer": a city's adaptation of another city's practice (reviewed in the admin).
    from tests.factories import AdaptationFactory

    objects[AdaptationFactory._meta.model] = AdaptationFactory(status="submitted")
    common = {"user_agent": "test", "ip_address": "127.0.0.1", "username": "someone",
              "http_accept": "*/*", "path_info": "/en/accounts/login/"}  # fmt: skip
    objects[AccessAttempt] = AccessAttempt.objects.create(
        get_data="", post_data="", failures_since_start=3, **common
    )
    objects[AccessLog] = AccessLog.objects.create(**common)
    objects[AccessFailureLog] = AccessFailureLog.objects.create(**common)
    objects[DBTaskResult] = DBTaskResult.objects.create(
        args_kwargs={"args": ["practices.practice", [1]], "kwargs": {}},
        task_path="icc.tasks.indexing.reindex_items",
        backend_name="default",
        run_after=get_date_max(),
    )
    objects[Revision] = Revision.objects.latest("pk")
    objects[Version] = Version.objects.latest("pk")
    return objects
