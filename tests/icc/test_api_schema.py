"""The API's OpenAPI schema, every operation it documents, its guide for people, and fuzzing.

The schema is validated as OpenAPI 3 (openapi-spec-validator), and each operation it documents
is called, with each of its documented filters, in every language: each answer must be a 200
whose body matches the documented schema (openapi-schema-validator).
"""

import re
from urllib.parse import urlencode

import pytest
import yaml
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st
from openapi_schema_validator import OAS30Validator
from openapi_spec_validator import validate as validate_spec

from icc.api.filters import DocumentFilterSet, api_filters
from icc.api.views import (
    CityViewSet,
    EventViewSet,
    NetworkViewSet,
    NewsViewSet,
    PracticeViewSet,
)
from tests.factories import (
    AdaptationFactory,
    CityFactory,
    DocumentFactory,
    EventFactory,
    ImageFactory,
    IndexResultFactory,
    MembershipFactory,
    NetworkFactory,
    NewsItemFactory,
    PracticeFactory,
    TopicFactory,
)
from tests.icc.test_fuzz import fuzz_settings

pytestmark = pytest.mark.django_db

LANGUAGES = [code for code, _name in settings.LANGUAGES]


@pytest.fixture
def schema(client):
    response = client.get(reverse("api:schema"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    return response.json()


@pytest.fixture
def content(db):
    """One published item of every kind, with every relation and an image and documents."""
    topic = TopicFactory()
    city = CityFactory(image=ImageFactory(), latitude="38.722252", longitude="-9.139337")
    network = NetworkFactory(description_en="A network.")
    MembershipFactory(network=network, city=city)
    document = DocumentFactory()
    city.documents.add(document)
    event = EventFactory(host_cities=[city], network=network, image=ImageFactory())
    event.documents.add(document)
    news = NewsItemFactory(cities=[city], topics=[topic], image=ImageFactory())
    news.networks.add(network)
    news.events.add(event)
    news.videos.create(url="https://video.example.org/1", title_en="Film")
    practice = PracticeFactory(published=True, cities=[city], topics=[topic], purpose_fr="")
    practice.images.add(ImageFactory())
    practice.documents.add(document)
    # "transfer": an inspiration and an adaptation, so that their schema is checked too.
    practice.inspired_by = PracticeFactory(published=True, cities=[city], topics=[topic])
    practice.save()
    AdaptationFactory(practice=practice, city=CityFactory(image=ImageFactory()))
    index_result = IndexResultFactory(city=city)  # ICC Index results (helper "index")
    index_result.area_scores.create(topic=topic, score=70)
    return {"slug": {"cities": city.slug, "networks": network.slug, "events": event.slug,
                     "news": news.slug, "practices": practice.slug, "topics": topic.slug},
            "id": {"documents": document.pk, "index-results": index_result.pk}}  # fmt: skip


def test_the_schema_is_valid_openapi_3(client, schema):
    assert schema["openapi"].startswith("3.")
    validate_spec(schema)
    as_yaml = client.get(reverse("api:schema"), {"format": "yaml"})
    assert as_yaml.status_code == 200
    assert yaml.safe_load(as_yaml.content) == schema


def test_the_schema_is_generated_without_warnings(tmp_path):
    call_command("spectacular", "--fail-on-warn", "--validate", "--file", str(tmp_path / "s.yaml"))


LIST_VIEWS = {
    "/api/v1/cities/": CityViewSet,
    "/api/v1/networks/": NetworkViewSet,
    "/api/v1/events/": EventViewSet,
    "/api/v1/news/": NewsViewSet,
    "/api/v1/practices/": PracticeViewSet,
}


def test_each_list_documents_the_filters_of_its_listing(schema):
    for path, view in {**LIST_VIEWS, "/api/v1/documents/": None}.items():
        filterset_class = view.filterset_class if view else DocumentFilterSet
        documented = {parameter["name"] for parameter in schema["paths"][path]["get"]["parameters"]}
        filters = set(filterset_class.base_filters)
        assert documented == filters | {"lang", "cursor", "page_size", "Accept-Language",
                                        "If-None-Match"}, path  # fmt: skip
    events = {p["name"]: p for p in schema["paths"]["/api/v1/events/"]["get"]["parameters"]}
    assert events["when"]["schema"]["enum"] == ["upcoming", "past"]
    assert events["year"]["schema"] == {"type": "integer", "minimum": 1900, "maximum": 2100}
    practices = {p["name"]: p for p in schema["paths"]["/api/v1/practices/"]["get"]["parameters"]}
    assert practices["topic"]["schema"]["type"] == "array"
    assert "FR" in practices["country"]["schema"]["enum"]


def sample_values(parameter, content):
    """Values to send for a documented query parameter (None: not a filter)."""
    if parameter["in"] != "query" or parameter["name"] in ("lang", "cursor", "page_size"):
        return None
    value_schema = parameter["schema"].get("items", parameter["schema"])
    if "enum" in value_schema:
        return value_schema["enum"][:1]
    if value_schema["type"] == "integer":
        return [value_schema["minimum"]]
    name = parameter["name"]
    endpoint = {"city": "cities", "network": "networks", "topic": "topics"}.get(name)
    return [content["slug"][endpoint]] if endpoint else ["a"]


def body_matches(schema, operation, body):
    """Validate ``body`` against the operation's 200 schema (references resolved in ``schema``)."""
    response_schema = operation["responses"]["200"]["content"]["application/json"]["schema"]
    OAS30Validator({**response_schema, "components": schema["components"]}).validate(body)


def test_every_documented_operation_answers_as_documented(client, schema, content):
    called = 0
    for path, operations in schema["paths"].items():
        operation = operations["get"]
        concrete = path
        for kind in ("slug", "id"):
            if "{" + kind + "}" in path:
                collection = path.split("/")[3]
                concrete = path.replace("{" + kind + "}", str(content[kind][collection]))
        for language in [*LANGUAGES, "all"]:
            response = client.get(concrete, {"lang": language})
            assert response.status_code == 200, (concrete, language, response.content[:300])
            body = response.json()
            body_matches(schema, operation, body)
            if "{" not in path and path != "/api/v1/":
                assert body["results"], f"{concrete} lists the item made for it"
            called += 1
        for parameter in operation.get("parameters", []):
            values = sample_values(parameter, content)
            if values is None:
                continue
            response = client.get(
                f"{concrete}?{urlencode({parameter['name']: values}, doseq=True)}"
            )
            assert response.status_code == 200, (
                concrete,
                parameter["name"],
                response.content[:300],
            )
            assert response.json()["ignored_filters"] == [], (concrete, parameter["name"])
            body_matches(schema, operation, response.json())
    assert called == len(schema["paths"]) * (len(LANGUAGES) + 1)


def test_the_schema_speaks_the_language_asked(client):
    for code in LANGUAGES:
        response = client.get(reverse("api:schema"), {"lang": code})
        assert response.status_code == 200


# --- The guide for people ---------------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_documentation_page_lists_every_endpoint_and_filter(client, language):
    with translation.override(language):
        url = reverse("api_documentation")
    assert url.startswith(f"/{language}/")
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<h1") == 1
    assert reverse("api:schema") in html
    for collection in ("cities", "networks", "events", "news", "practices", "topics", "documents"):
        assert f"/api/v1/{collection}/" in html
    for view in [*LIST_VIEWS.values()]:
        for api_filter in api_filters(view.filterset_class):
            assert f"<code>{api_filter.name}</code>" in html
    assert not re.search(r"<script(?![^>]*\bsrc=)(?![^>]*application/(ld\+)?json)", html)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_footer_links_to_the_documentation(client, language):
    with translation.override(language):
        home, documentation = reverse("home"), reverse("api_documentation")
    assert f'href="{documentation}"' in client.get(home).content.decode()


# --- Whatever a client sends: a 200 or a clear 400, never a 500 --------------------------------

LIST_PATHS = [*LIST_VIEWS, "/api/v1/topics/", "/api/v1/documents/"]
PARAMETER_NAMES = sorted(
    {name for view in LIST_VIEWS.values() for name in view.filterset_class.base_filters}
    | {"lang", "cursor", "page_size", "page", "format", "unknown"}
)
VALUES = st.one_of(
    st.sampled_from(["", "en", "fr", "all", "FR", "0", "-1", "2015", "9" * 30, "upcoming",
                     "eyJvIjoiYSJ9", "%00", "\x00", "<fz-x>", "é" * 300, "1e9", "true"]),
    st.text(max_size=40),
)  # fmt: skip


@fuzz_settings(examples=150)
@given(
    path=st.sampled_from(LIST_PATHS),
    params=st.lists(st.tuples(st.sampled_from(PARAMETER_NAMES), VALUES), max_size=6),
    accept_language=st.one_of(st.none(), st.text(max_size=30), st.just("fr-CH, fr;q=0.9")),
)
def test_any_query_string_is_a_200_or_a_400(client, content, path, params, accept_language):
    headers = {"HTTP_ACCEPT_LANGUAGE": accept_language} if accept_language is not None else {}
    try:
        query = urlencode(params)
    except UnicodeEncodeError:
        return
    response = client.get(f"{path}?{query}", **headers)
    assert response.status_code in (200, 400), (path, params, response.content[:300])
    body = response.json()
    if response.status_code == 400:
        assert body["status"] == 400 and body["errors"]
    else:
        assert "results" in body
