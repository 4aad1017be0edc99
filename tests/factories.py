"""factory_boy factories for every content model; bilingual by default."""

import datetime
import io

import factory
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from factory.django import DjangoModelFactory
from PIL import Image as PILImage

from cities.models import City, Network, NetworkMembership
from events.models import Event
from icc.models import COORDINATOR_GROUP, SECRETARIAT_GROUP, Document, DocumentFile, Image, User
from news.models import NewsItem
from practices.models import Practice, Topic


def png_bytes(width=40, height=30, color=(200, 80, 40)):
    """The bytes of a real PNG image."""
    buffer = io.BytesIO()
    PILImage.new("RGB", (width, height), color).save(buffer, format="PNG")
    return buffer.getvalue()


def png_upload(name="picture.png", **kwargs):
    return SimpleUploadedFile(name, png_bytes(**kwargs), content_type="image/png")


def pdf_bytes(catalog_extra=b"", objects=()):
    """A real one-page PDF; ``catalog_extra`` adds entries to its catalog and ``objects`` adds
    objects numbered from 4 (what the upload checks must find or let through)."""
    bodies = [
        b"<< /Type /Catalog /Pages 2 0 R " + catalog_extra + b" >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>",
        *objects,
    ]
    content, offsets = bytearray(b"%PDF-1.7\n"), []
    for number, body in enumerate(bodies, 1):
        offsets.append(len(content))
        content += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(content)
    content += b"xref\n0 %d\n0000000000 65535 f \n" % (len(bodies) + 1)
    content += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    content += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(bodies) + 1,
        xref,
    )
    return bytes(content)


def pdf_upload(name="report.pdf"):
    return SimpleUploadedFile(name, pdf_bytes(), content_type="application/pdf")


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.org")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    password = factory.django.Password("correct horse battery staple")


class SecretariatUserFactory(UserFactory):
    """A member of the secretariat: staff, in the Secretariat group."""

    is_staff = True

    @factory.post_generation
    def groups(self, create, extracted, **kwargs):
        if create:
            self.groups.add(Group.objects.get(name=SECRETARIAT_GROUP))


class CoordinatorFactory(UserFactory):
    """A city coordinator; pass ``cities=[...]`` to link them to their cities."""

    @factory.post_generation
    def cities(self, create, extracted, **kwargs):
        if not create:
            return
        self.groups.add(Group.objects.get(name=COORDINATOR_GROUP))
        for city in extracted or []:
            city.coordinators.add(self)


class CityFactory(DjangoModelFactory):
    class Meta:
        model = City

    name_en = factory.Sequence(lambda n: f"City {n}")
    name_fr = factory.LazyAttribute(lambda o: f"Ville {o.name_en.split()[-1]}")
    country = "PT"
    joined_year = 2015
    status = City.Status.MEMBER
    profile_en = "An intercultural city."
    profile_fr = "Une ville interculturelle."


class NetworkFactory(DjangoModelFactory):
    class Meta:
        model = Network

    name_en = factory.Sequence(lambda n: f"Network {n}")
    name_fr = factory.LazyAttribute(lambda o: f"Réseau {o.name_en.split()[-1]}")
    acronym = factory.Sequence(lambda n: f"NET{n}")
    kind = Network.Kind.NATIONAL
    country = "PT"
    founded_year = 2010


class MembershipFactory(DjangoModelFactory):
    class Meta:
        model = NetworkMembership

    network = factory.SubFactory(NetworkFactory)
    city = factory.SubFactory(CityFactory)
    joined = datetime.date(2015, 1, 1)


class EventFactory(DjangoModelFactory):
    class Meta:
        model = Event
        skip_postgeneration_save = True

    title_en = factory.Sequence(lambda n: f"Meeting number {n}")
    title_fr = factory.Sequence(lambda n: f"Réunion numéro {n}")
    kind = Event.Kind.MEETING
    start_date = datetime.date(2015, 10, 29)
    end_date = factory.LazyAttribute(lambda o: o.start_date + datetime.timedelta(days=1))
    country = "CH"
    description_en = "A meeting of the network."
    description_fr = "Une réunion du réseau."

    @factory.post_generation
    def host_cities(self, create, extracted, **kwargs):
        if create and extracted:
            self.host_cities.set(extracted)


class TopicFactory(DjangoModelFactory):
    class Meta:
        model = Topic

    name_en = factory.Sequence(lambda n: f"Topic {n}")
    name_fr = factory.Sequence(lambda n: f"Thème {n}")
    position = 100


class NewsItemFactory(DjangoModelFactory):
    class Meta:
        model = NewsItem
        skip_postgeneration_save = True

    title_en = factory.Sequence(lambda n: f"News item {n}")
    title_fr = factory.Sequence(lambda n: f"Actualité {n}")
    date = datetime.date(2024, 9, 16)
    lead_en = "Something happened."
    lead_fr = "Il s'est passé quelque chose."
    body_en = "<p>The full story.</p>"
    body_fr = "<p>Toute l'histoire.</p>"

    @factory.post_generation
    def cities(self, create, extracted, **kwargs):
        if create and extracted:
            self.cities.set(extracted)

    @factory.post_generation
    def topics(self, create, extracted, **kwargs):
        if create and extracted:
            self.topics.set(extracted)


class PracticeFactory(DjangoModelFactory):
    """A good practice; ``cities=[...]`` and ``topics=[...]`` set its relations."""

    class Meta:
        model = Practice
        skip_postgeneration_save = True

    title_en = factory.Sequence(lambda n: f"Good practice {n}")
    title_fr = factory.Sequence(lambda n: f"Bonne pratique {n}")
    country = "PT"
    period_en = "Ongoing since 2014"
    period_fr = "En cours depuis 2014"
    first_year = 2014
    is_ongoing = True
    purpose_en = "To bring people together."
    purpose_fr = "Rassembler les gens."
    status = Practice.Status.DRAFT

    class Params:
        published = factory.Trait(
            status=Practice.Status.PUBLISHED,
            published_at=factory.Faker("date_time_this_decade", tzinfo=datetime.UTC),
        )

    @factory.post_generation
    def cities(self, create, extracted, **kwargs):
        if create and extracted:
            self.cities.set(extracted)

    @factory.post_generation
    def topics(self, create, extracted, **kwargs):
        if create and extracted:
            self.topics.set(extracted)


class ImageFactory(DjangoModelFactory):
    class Meta:
        model = Image

    file = factory.LazyFunction(png_upload)
    alt_text_en = "A group of people in a square"
    alt_text_fr = "Un groupe de personnes sur une place"


class DocumentFactory(DjangoModelFactory):
    class Meta:
        model = Document
        skip_postgeneration_save = True

    title_en = factory.Sequence(lambda n: f"Report {n}")
    title_fr = factory.Sequence(lambda n: f"Rapport {n}")
    kind = Document.Kind.REPORT
    year = 2020

    @factory.post_generation
    def with_file(self, create, extracted, **kwargs):
        if create and extracted is not False:
            DocumentFile.objects.create(document=self, language="en", file=pdf_upload())


# --- Programme pages (helper "pages": icc/pages/) ----------------------------------------------

from icc.pages.models import Page  # noqa: E402 - kept with its factory in this delimited block


class PageFactory(DjangoModelFactory):
    class Meta:
        model = Page

    title_en = factory.Sequence(lambda n: f"Programme page {n}")
    title_fr = factory.Sequence(lambda n: f"Page du programme {n}")
    summary_en = "What this page is about."
    summary_fr = "De quoi parle cette page."
    body_en = "<p>The text of the page.</p>"
    body_fr = "<p>Le texte de la page.</p>"
    position = factory.Sequence(lambda n: 10 * (n + 1))
    show_in_menu = False
    show_in_footer = True


# --- End of programme pages --------------------------------------------------------------------


# --- "details" helper: document files of a chosen language, name and size ----------------------


class DocumentFileFactory(DjangoModelFactory):
    """One language version of a document; ``size`` (bytes) pads the PDF to that size."""

    class Meta:
        model = DocumentFile
        exclude = ("size", "name")

    document = factory.SubFactory(DocumentFactory, with_file=False)
    language = "en"
    name = factory.LazyAttribute(lambda o: f"report-{o.language}.pdf")
    size = None
    file = factory.LazyAttribute(
        lambda o: SimpleUploadedFile(
            o.name,
            pdf_bytes() if o.size is None else pdf_bytes().ljust(o.size, b"\n"),
            content_type="application/pdf",
        )
    )


# --- end of the "details" block ---------------------------------------------------------------


# --- "transfer" helper: a city's adaptation of another city's practice ------------------------

from practices.models import Adaptation  # noqa: E402 - kept with its factory in this block


class AdaptationFactory(DjangoModelFactory):
    """A published adaptation by a new city of a new published practice, unless told."""

    class Meta:
        model = Adaptation

    practice = factory.SubFactory(PracticeFactory, published=True)
    city = factory.SubFactory(CityFactory)
    year = 2021
    note_en = "We took over the training and shortened it."
    note_fr = "Nous avons repris la formation en la raccourcissant."
    status = Adaptation.Status.PUBLISHED


# --- end of the "transfer" block -------------------------------------------------------------


# --- "index" helper: ICC Index results (cities.models.IndexResult) ----------------------------


class IndexResultFactory(DjangoModelFactory):
    """A city's Index result; add its area scores with ``IndexAreaScore.objects.create``."""

    class Meta:
        model = "cities.IndexResult"

    city = factory.SubFactory(CityFactory)
    year = 2024
    overall_score = 60


# --- end of the "index" block -----------------------------------------------------------------
