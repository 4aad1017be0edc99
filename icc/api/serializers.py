"""What the API gives of each item: plain fields, translated texts, and links.

Every object with translated texts has ``fallbacks``: ``{"field": "en"}`` for each text shown
in another language than the one asked for (empty when all are in it, and with ``lang=all``).
Related items are given only when they are published themselves. Lists give every field but
the long texts, which the item's own address gives (``profile``, ``description``, ``body``, a
practice's sections after the purpose) with its documents.

The serializers read only what the views prefetch: the number of queries of a page does not
depend on its number of items.
"""

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from cities.views import is_current

from .languages import ALL_LANGUAGES, language_codes, text_in

TRANSLATED_TEXT_SCHEMA = {
    "oneOf": [
        {"type": "string"},
        {
            "type": "object",
            "description": "With `lang=all`: the text in each language (empty if none).",
            "properties": {code: {"type": "string"} for code in language_codes()},
            "required": language_codes(),
            "additionalProperties": False,
        },
    ]
}
LINKS_SCHEMA = {
    "oneOf": [
        {"type": "string", "format": "uri"},
        {
            "type": "object",
            "description": "With `lang=all`: the page in each language.",
            "properties": {code: {"type": "string", "format": "uri"} for code in language_codes()},
            "required": language_codes(),
            "additionalProperties": False,
        },
    ]
}
FALLBACKS_SCHEMA = {
    "type": "object",
    "description": (
        "The translated texts of this object given in another language than the one asked "
        "for, with that language (`{}` when none is)."
    ),
    "additionalProperties": {"type": "string", "enum": language_codes()},
}


def answer_language(serializer):
    return serializer.context.get("language") or settings.LANGUAGE_CODE


def absolute(serializer, url):
    request = serializer.context.get("request")
    return request.build_absolute_uri(url) if request is not None else url


@extend_schema_field(TRANSLATED_TEXT_SCHEMA)
class TranslatedField(serializers.Field):
    """A translated text in the answer's language (its fallback reported in ``fallbacks``)."""

    def __init__(self, model_field=None, shown_if=None, **kwargs):
        self.model_field = model_field
        # The name of a boolean attribute of the object: when false, the text is not public
        # (an empty text, and no fallback reported).
        self.shown_if = shown_if
        super().__init__(source="*", read_only=True, **kwargs)

    @property
    def text_field(self):
        return self.model_field or self.field_name

    def is_shown(self, instance):
        return self.shown_if is None or bool(getattr(instance, self.shown_if))

    def to_representation(self, instance):
        text, _fallback = text_in(instance, self.text_field, answer_language(self))
        if not self.is_shown(instance):
            return dict.fromkeys(text, "") if isinstance(text, dict) else ""
        return text


@extend_schema_field(FALLBACKS_SCHEMA)
class FallbacksField(serializers.Field):
    """``{field: language}`` of the object's translated texts shown in another language."""

    def __init__(self, **kwargs):
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, instance):
        language = answer_language(self)
        fallbacks = {}
        for name, field in self.parent.fields.items():
            if isinstance(field, TranslatedField) and field.is_shown(instance):
                used = text_in(instance, field.text_field, language)[1]
                if used:
                    fallbacks[name] = used
        return fallbacks


@extend_schema_field(LINKS_SCHEMA)
class PageLinkField(serializers.Field):
    """The item's page on the site, in the answer's language (``lang=all``: in each)."""

    def __init__(self, **kwargs):
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, instance):
        language = answer_language(self)
        if language == ALL_LANGUAGES:
            return {code: self.page_in(instance, code) for code in language_codes()}
        return self.page_in(instance, language)

    def page_in(self, instance, code):
        with translation.override(code):
            return absolute(self, instance.get_absolute_url())


@extend_schema_field({"type": "string", "format": "uri"})
class ApiLinkField(serializers.Field):
    """The item's own address in the API."""

    def __init__(self, view_name, lookup="slug", **kwargs):
        self.view_name, self.lookup = view_name, lookup
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, instance):
        url = reverse(self.view_name, kwargs={self.lookup: getattr(instance, self.lookup)})
        return absolute(self, url)


@extend_schema_field({"type": "string", "format": "uri", "nullable": True})
class FileLinkField(serializers.Field):
    """The address of an uploaded file, served to everyone since a published item uses it."""

    def to_representation(self, file):
        return absolute(self, file.url) if file else None


class TranslatedSerializer(serializers.Serializer):
    """An object with translated texts: adds ``fallbacks``, given last."""

    fallbacks = FallbacksField()

    def to_representation(self, instance):
        data = super().to_representation(instance)
        data["fallbacks"] = data.pop("fallbacks")
        return data


# --- Related items --------------------------------------------------------------------------


class CityReferenceSerializer(TranslatedSerializer):
    slug = serializers.SlugField()
    name = TranslatedField()
    url = PageLinkField()
    api_url = ApiLinkField("api:city-detail")


class NetworkReferenceSerializer(TranslatedSerializer):
    slug = serializers.SlugField()
    name = TranslatedField()
    acronym = TranslatedField()
    url = PageLinkField()
    api_url = ApiLinkField("api:network-detail")


class EventReferenceSerializer(TranslatedSerializer):
    slug = serializers.SlugField()
    title = TranslatedField()
    start_date = serializers.DateField()
    url = PageLinkField()
    api_url = ApiLinkField("api:event-detail")


class TopicReferenceSerializer(TranslatedSerializer):
    slug = serializers.SlugField()
    name = TranslatedField()


class ImageSerializer(TranslatedSerializer):
    url = FileLinkField(source="file")
    width = serializers.IntegerField(allow_null=True)
    height = serializers.IntegerField(allow_null=True)
    alt_text = TranslatedField()
    credit = serializers.CharField()


class DocumentFileSerializer(serializers.Serializer):
    language = serializers.CharField(help_text="The language the file is written in.")
    url = FileLinkField(source="file")


class DocumentSerializer(TranslatedSerializer):
    id = serializers.IntegerField()
    title = TranslatedField()
    kind = serializers.CharField()
    year = serializers.IntegerField(allow_null=True)
    credit = serializers.CharField()
    files = DocumentFileSerializer(many=True)
    api_url = ApiLinkField("api:document-detail", lookup="pk")


class MembershipDates(serializers.Serializer):
    joined = serializers.DateField(allow_null=True)
    left = serializers.DateField(allow_null=True)
    is_current = serializers.SerializerMethodField()

    def get_is_current(self, membership) -> bool:
        return is_current(membership, self.context["today"])


class MembershipOfCitySerializer(MembershipDates):
    network = NetworkReferenceSerializer()


class MembershipOfNetworkSerializer(MembershipDates):
    city = CityReferenceSerializer()


class VideoSerializer(TranslatedSerializer):
    url = serializers.URLField()
    title = TranslatedField()


# --- Items ----------------------------------------------------------------------------------


class ItemSerializer(TranslatedSerializer):
    """A top-level item: says its language."""

    language = serializers.SerializerMethodField()

    def get_language(self, instance) -> str:
        return answer_language(self)


class CitySerializer(ItemSerializer):
    slug = serializers.SlugField()
    name = TranslatedField()
    country = serializers.CharField(help_text="ISO 3166-1 alpha-2 code.")
    status = serializers.CharField()
    joined_year = serializers.IntegerField(allow_null=True)
    is_pilot = serializers.BooleanField()
    population = serializers.IntegerField(allow_null=True)
    website = serializers.URLField()
    latitude = serializers.DecimalField(9, 6, coerce_to_string=False, allow_null=True)
    longitude = serializers.DecimalField(9, 6, coerce_to_string=False, allow_null=True)
    image = ImageSerializer(allow_null=True)
    memberships = MembershipOfCitySerializer(
        many=True, source="public_memberships", help_text="Its memberships of published networks."
    )
    url = PageLinkField()
    api_url = ApiLinkField("api:city-detail")


class CityDetailSerializer(CitySerializer):
    profile = TranslatedField()
    documents = DocumentSerializer(many=True, source="public_documents")


class NetworkSerializer(ItemSerializer):
    slug = serializers.SlugField()
    name = TranslatedField()
    acronym = TranslatedField()
    kind = serializers.CharField()
    country = serializers.CharField(help_text="ISO 3166-1 alpha-2 code, or empty.")
    founded_year = serializers.IntegerField(allow_null=True)
    website = serializers.URLField()
    coordinating_body = TranslatedField()
    member_count = serializers.SerializerMethodField()
    memberships = MembershipOfNetworkSerializer(
        many=True,
        source="public_memberships",
        help_text="The memberships of published cities, current and former, with their dates.",
    )
    url = PageLinkField()
    api_url = ApiLinkField("api:network-detail")

    def get_member_count(self, network) -> int:
        """Published cities that are members today."""
        today = self.context["today"]
        return len({m.city_id for m in network.public_memberships if is_current(m, today)})


class NetworkDetailSerializer(NetworkSerializer):
    description = TranslatedField()
    documents = DocumentSerializer(many=True, source="public_documents")


class EventSerializer(ItemSerializer):
    slug = serializers.SlugField()
    title = TranslatedField()
    kind = serializers.CharField()
    start_date = serializers.DateField()
    end_date = serializers.DateField()
    start_time = serializers.TimeField(allow_null=True)
    end_time = serializers.TimeField(allow_null=True)
    time_zone = serializers.CharField(help_text="For events with a start time, or empty.")
    is_upcoming = serializers.BooleanField(help_text="Not ended yet.")
    is_online = serializers.BooleanField()
    place = TranslatedField()
    country = serializers.CharField(help_text="ISO 3166-1 alpha-2 code, or empty.")
    host_cities = CityReferenceSerializer(many=True, source="public_host_cities")
    network = serializers.SerializerMethodField(help_text="The organising network, if published.")
    registration_url = serializers.URLField()
    registration_deadline = serializers.DateField(allow_null=True)
    interpretation_languages = serializers.ListField(child=serializers.CharField())
    image = ImageSerializer(allow_null=True)
    url = PageLinkField()
    api_url = ApiLinkField("api:event-detail")

    @extend_schema_field(NetworkReferenceSerializer(allow_null=True))
    def get_network(self, event):
        network = event.network
        if network is None or not network.is_published:
            return None
        return NetworkReferenceSerializer(network, context=self.context).data


class EventDetailSerializer(EventSerializer):
    description = TranslatedField()
    documents = DocumentSerializer(many=True, source="public_documents")


class NewsItemSerializer(ItemSerializer):
    slug = serializers.SlugField()
    title = TranslatedField()
    date = serializers.DateField()
    lead = TranslatedField()
    image = ImageSerializer(allow_null=True)
    topics = TopicReferenceSerializer(many=True, source="sorted_topics")
    cities = CityReferenceSerializer(many=True, source="public_cities")
    networks = NetworkReferenceSerializer(many=True, source="public_networks")
    events = EventReferenceSerializer(many=True, source="public_events")
    videos = VideoSerializer(many=True)
    url = PageLinkField()
    api_url = ApiLinkField("api:news-detail")


class NewsItemDetailSerializer(NewsItemSerializer):
    body = TranslatedField(help_text="HTML, sanitised (paragraphs, links, lists).")
    documents = DocumentSerializer(many=True, source="public_documents")


class PracticeSerializer(ItemSerializer):
    slug = serializers.SlugField()
    title = TranslatedField()
    country = serializers.CharField(help_text="ISO 3166-1 alpha-2 code.")
    cities = CityReferenceSerializer(many=True, source="public_cities")
    topics = TopicReferenceSerializer(many=True, source="sorted_topics")
    period = TranslatedField(help_text="As written, e.g. “2017-2021”.")
    first_year = serializers.IntegerField(allow_null=True)
    last_year = serializers.IntegerField(allow_null=True)
    is_ongoing = serializers.BooleanField()
    purpose = TranslatedField()
    published_at = serializers.DateTimeField(allow_null=True)
    url = PageLinkField()
    api_url = ApiLinkField("api:practice-detail")


# --- "transfer": transfer between cities on a practice ----------------------------------------


class PracticeReferenceSerializer(TranslatedSerializer):
    slug = serializers.SlugField()
    title = TranslatedField()
    url = PageLinkField()
    api_url = ApiLinkField("api:practice-detail")


class AdaptationSerializer(TranslatedSerializer):
    city = CityReferenceSerializer()
    year = serializers.IntegerField(help_text="The year the city started it.")
    note = TranslatedField(help_text="What the city took over, and what it changed.")


# --- end of "transfer" ---


class PracticeDetailSerializer(PracticeSerializer):
    rationale = TranslatedField()
    process = TranslatedField()
    results = TranslatedField()
    evaluation = TranslatedField()
    partners = TranslatedField()
    budget = TranslatedField()
    contact = TranslatedField(
        shown_if="show_contact",
        help_text="Contact details as written by the city; empty when the city shows no contact.",
    )
    links = TranslatedField()
    images = ImageSerializer(many=True)
    documents = DocumentSerializer(many=True, source="public_documents")
    # "transfer": the practice this one learnt from, and the cities that adapted it.
    inspired_by = serializers.SerializerMethodField(
        help_text="The published practice this one was inspired by, if any."
    )
    adapted_by = AdaptationSerializer(
        many=True,
        source="public_adaptations",
        help_text="Published cities that adapted this practice (reviewed), latest year first.",
    )

    @extend_schema_field(PracticeReferenceSerializer(allow_null=True))
    def get_inspired_by(self, practice):
        other = practice.inspired_by
        if other is None or other.status != "published":
            return None
        return PracticeReferenceSerializer(other, context=self.context).data


class TopicSerializer(ItemSerializer):
    slug = serializers.SlugField()
    name = TranslatedField()
    position = serializers.IntegerField()
    url = serializers.SerializerMethodField(help_text="The good practices of this topic.")
    api_url = ApiLinkField("api:topic-detail")

    @extend_schema_field(LINKS_SCHEMA)
    def get_url(self, topic):
        language = answer_language(self)
        codes = language_codes() if language == ALL_LANGUAGES else [language]
        links = {}
        for code in codes:
            with translation.override(code):
                links[code] = absolute(
                    self, f"{reverse('practices:practice_list')}?topic={topic.slug}"
                )
        return links if language == ALL_LANGUAGES else links[language]


class DocumentItemSerializer(DocumentSerializer):
    """A document of /documents/ (list and detail): the same fields, and its language."""

    language = serializers.SerializerMethodField()

    def get_language(self, instance) -> str:
        return answer_language(self)


# --- ICC Index results (helper "index") -------------------------------------------------------


class AreaScoreSerializer(serializers.Serializer):
    topic = TopicReferenceSerializer(help_text="The policy area: a topic of the taxonomy.")
    score = serializers.IntegerField(help_text="From 0 to 100.")


class IndexResultSerializer(ItemSerializer):
    id = serializers.IntegerField()
    city = CityReferenceSerializer()
    year = serializers.IntegerField()
    overall_score = serializers.IntegerField(help_text="From 0 to 100.")
    area_scores = AreaScoreSerializer(
        many=True, source="sorted_area_scores", help_text="In the taxonomy's order."
    )
    api_url = ApiLinkField("api:index-result-detail", lookup="pk")
