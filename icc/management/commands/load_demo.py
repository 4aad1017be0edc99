"""Load a realistic bilingual demo site: cities, networks, events, news, good practices, accounts.

Idempotent: every row is matched on a stable key (slug, username, file name) and saved only
when one of its values differs, so a second run reports everything as unchanged and leaves
``updated_at`` alone.
"""

from collections import Counter
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.test.utils import override_settings
from django.utils import translation

from cities.models import City, Network, NetworkMembership
from events.models import Event
from icc import renditions
from icc.caching.invalidation import bump_after_commit
from icc.demo import cities as city_data
from icc.demo import documents as document_data
from icc.demo import events as event_data
from icc.demo import images as image_data
from icc.demo import index as index_data
from icc.demo import networks as network_data
from icc.demo import news as news_data
from icc.demo import pages as page_data
from icc.demo import practices as practice_data
from icc.demo import transfer as transfer_data
from icc.models import COORDINATOR_GROUP, SECRETARIAT_GROUP, Document, DocumentFile, Image
from icc.pages.models import Page
from icc.sanitize import sanitize_html
from news.models import NewsItem, NewsVideo
from practices import services
from practices.models import Practice, Topic

SITE = "http://127.0.0.1:8000"
ACCOUNTS = {
    "secretariat": {
        "password": "icc-demo-secretariat",
        "group": SECRETARIAT_GROUP,
        "values": {
            "email": "secretariat@icc-demo.example.org",
            "first_name": "Sam",
            "last_name": "Secretariat",
            "is_staff": True,
            "is_active": True,
        },
    },
    "coordinator": {
        "password": "icc-demo-coordinator",
        "group": COORDINATOR_GROUP,
        "cities": ["lisbon", "oeiras"],
        "values": {
            "email": "coordinator@icc-demo.example.org",
            "first_name": "Carla",
            "last_name": "Coordinator",
            "is_staff": False,
            "is_active": True,
        },
    },
}
# The events fields the data may leave out, with the value they then take.
EVENT_DEFAULTS = {
    "is_online": False,
    "start_time": None,
    "end_time": None,
    "time_zone": "",
    "registration_url": "",
    "registration_deadline": None,
    "interpretation_languages": [],
    "network": None,
    "image": None,
    "is_published": True,
}
CREATED, UPDATED, UNCHANGED = "created", "updated", "unchanged"
REPORT_ORDER = [
    "Cities", "Networks", "Network memberships", "Accounts", "Events", "News items",
    "News videos", "Good practices", "Images", "Documents", "Document files", "Programme pages",
    "ICC Index results", "ICC Index area scores", "Adaptations",
]  # fmt: skip


class Command(BaseCommand):
    help = "Load the bilingual demo content and the two demo accounts (safe to run again)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--small-images",
            action="store_true",
            help="Draw the demo images at thumbnail size (used by the tests to stay fast).",
        )

    def handle(self, *args, small_images=False, **options):
        self.image_size = image_data.SMALL_SIZE if small_images else image_data.FULL_SIZE
        self.counts = {}
        # Demo accounts have made-up addresses: the life-cycle e-mails of the demo practices
        # must not be sent to them, whatever e-mail backend is configured. The services send on
        # commit, so this holds when this transaction is the outermost one (a normal run).
        # Tasks (image renditions, e-mails) run here and now, whatever TASKS_BACKEND says: the
        # demo is complete when the command ends, worker or not.
        with (
            override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"),
            override_settings(
                TASKS={"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
            ),
            translation.override("en"),
            transaction.atomic(),
        ):
            self.images = {key: self.load_image(key) for key in image_data.IMAGES}
            self.documents = {key: self.load_document(key) for key in document_data.DOCUMENTS}
            self.cities = {row["slug"]: self.load_city(row) for row in city_data.CITIES}
            self.networks = {row["slug"]: self.load_network(row) for row in network_data.NETWORKS}
            self.users = {name: self.load_account(name, spec) for name, spec in ACCOUNTS.items()}
            self.events = {row["slug"]: self.load_event(row) for row in event_data.EVENTS}
            self.topics = {topic.slug: topic for topic in Topic.objects.all()}
            for row in news_data.NEWS:
                self.load_news_item(row)
            for row in practice_data.PRACTICES:
                self.load_practice(row)
            for row in page_data.PAGES:
                self.load_programme_page(row)
            index_data.load_index_results(self)  # ICC Index results (icc/demo/index.py)
            transfer_data.load_transfer(self)  # adaptations, inspirations (icc/demo/transfer.py)
        bump_after_commit()  # cached pages must show the demo content (icc/caching/)
        self.print_report()

    # --- Bookkeeping --------------------------------------------------------------------------

    def count(self, label, state):
        self.counts.setdefault(label, Counter())[state] += 1

    def sync(self, model, label, lookup, values):
        """Create or update the row matching ``lookup``; save only if a value differs."""
        row = model._default_manager.filter(**lookup).first()
        if row is None:
            row = model(**lookup, **values)
            row.save()
            self.count(label, CREATED)
            return row, CREATED
        changed = [name for name, value in values.items() if getattr(row, name) != value]
        for name in changed:
            setattr(row, name, values[name])
        if changed:
            row.save()
        return row, UPDATED if changed else UNCHANGED

    def finish(self, label, state, *relations_changed):
        """Count a row once, as updated if its own fields or any of its relations changed."""
        if state == CREATED:
            return
        self.count(label, UPDATED if state == UPDATED or any(relations_changed) else UNCHANGED)

    @staticmethod
    def sync_many(manager, targets):
        """Make a many-to-many relation hold exactly ``targets``; True if it changed."""
        targets = list(targets)
        if {obj.pk for obj in manager.all()} == {obj.pk for obj in targets}:
            return False
        manager.set(targets)
        return True

    def lookup(self, table, keys, what):
        try:
            return [table[key] for key in keys]
        except KeyError as error:
            raise CommandError(f"The demo data names an unknown {what}: {error.args[0]}") from None

    # --- Files --------------------------------------------------------------------------------

    def write_file_once(self, name, render):
        """Write ``name`` in the media storage unless it is already there."""
        if not default_storage.exists(name):
            saved = default_storage.save(name, ContentFile(render()))
            if saved != name:  # pragma: no cover - only if the storage renames on a race
                raise CommandError(f"Could not write {name} (the storage chose {saved}).")

    def load_image(self, key):
        alt_en, alt_fr, *_drawing = image_data.IMAGES[key]
        name = f"images/demo/{key}.jpg"
        self.write_file_once(name, lambda: image_data.render_image(key, self.image_size))
        values = {"alt_text_en": alt_en, "alt_text_fr": alt_fr, "credit": image_data.CREDIT}
        row, state = self.sync(Image, "Images", {"file": name}, values)
        if renditions.ready_rendition_widths(row) != renditions.rendition_widths(row):
            renditions.refresh_renditions(row)  # e.g. loaded before, with no worker running
        self.finish("Images", state)
        return row

    def load_document(self, key):
        data = document_data.DOCUMENTS[key]
        values = {
            "title_en": data["title_en"],
            "title_fr": data["title_fr"],
            "kind": data["kind"],
            "year": data["year"],
            "credit": "Council of Europe - Intercultural Cities",
        }
        existing = DocumentFile.objects.filter(file=f"documents/demo/{key}-en.pdf").first()
        if existing:
            row, state = self.sync(Document, "Documents", {"pk": existing.document_id}, values)
        else:
            row, state = Document.objects.create(**values), CREATED
            self.count("Documents", CREATED)
        files_changed = False
        for language in ("en", "fr"):
            name = f"documents/demo/{key}-{language}.pdf"
            title, body = data[f"title_{language}"], data[f"body_{language}"]
            self.write_file_once(
                name, lambda title=title, body=body: document_data.render_pdf(title, body)
            )
            _file, file_state = self.sync(
                DocumentFile,
                "Document files",
                {"document": row, "language": language},
                {"file": name},
            )
            self.finish("Document files", file_state)
            files_changed |= file_state != UNCHANGED
        self.finish("Documents", state, files_changed)
        return row

    # --- Cities and networks ------------------------------------------------------------------

    def load_city(self, data):
        values = {key: value for key, value in data.items() if key != "slug"}
        values["latitude"] = Decimal(values["latitude"])
        values["longitude"] = Decimal(values["longitude"])
        values["name"] = values["name_en"]
        values["profile"] = values["profile_en"]
        values["image"] = self.images.get(city_data.CITY_IMAGES.get(data["slug"]))
        values["is_published"] = True
        row, state = self.sync(City, "Cities", {"slug": data["slug"]}, values)
        documents = self.lookup(
            self.documents, city_data.CITY_DOCUMENTS.get(data["slug"], []), "document"
        )
        self.finish("Cities", state, self.sync_many(row.documents, documents))
        return row

    def load_network(self, data):
        values = {
            key: value for key, value in data.items() if key not in ("slug", "members", "documents")
        }
        values["is_published"] = True
        row, state = self.sync(Network, "Networks", {"slug": data["slug"]}, values)
        memberships_changed = False
        for city_slug, joined, left in data["members"]:
            (city,) = self.lookup(self.cities, [city_slug], "city")
            _membership, member_state = self.sync(
                NetworkMembership, "Network memberships",
                {"network": row, "city": city, "joined": joined}, {"left": left},
            )  # fmt: skip
            self.finish("Network memberships", member_state)
            memberships_changed |= member_state != UNCHANGED
        documents = self.lookup(self.documents, data.get("documents", []), "document")
        self.finish(
            "Networks", state, memberships_changed, self.sync_many(row.documents, documents)
        )
        return row

    # --- Accounts -----------------------------------------------------------------------------

    def load_account(self, username, spec):
        user_model = get_user_model()
        user, state = self.sync(user_model, "Accounts", {"username": username}, spec["values"])
        if state == CREATED:
            # Only a new account gets the demo password: a changed one is never reset.
            user.set_password(spec["password"])
            user.save(update_fields=["password"])
        group = Group.objects.get(name=spec["group"])
        group_added = not user.groups.filter(pk=group.pk).exists()
        if group_added:
            user.groups.add(group)
        cities_added = False
        for city in self.lookup(self.cities, spec.get("cities", []), "city"):
            if not city.coordinators.filter(pk=user.pk).exists():
                city.coordinators.add(user)
                cities_added = True
        self.finish("Accounts", state, group_added, cities_added)
        return user

    # --- Events and news ----------------------------------------------------------------------

    def load_event(self, data):
        values = dict(EVENT_DEFAULTS)
        values.update(
            {key: value for key, value in data.items() if key not in ("slug", "hosts", "documents")}
        )
        values["title"] = values["title_en"]
        if values["network"]:
            (values["network"],) = self.lookup(self.networks, [values["network"]], "network")
        if values["image"]:
            (values["image"],) = self.lookup(self.images, [values["image"]], "image")
        row, state = self.sync(Event, "Events", {"slug": data["slug"]}, values)
        hosts = self.lookup(self.cities, data["hosts"], "city")
        documents = self.lookup(self.documents, data.get("documents", []), "document")
        self.finish(
            "Events", state,
            self.sync_many(row.host_cities, hosts), self.sync_many(row.documents, documents),
        )  # fmt: skip
        return row

    def load_news_item(self, data):
        relations = (
            "slug",
            "image",
            "cities",
            "networks",
            "events",
            "topics",
            "documents",
            "videos",
        )
        values = {key: value for key, value in data.items() if key not in relations}
        # The model cleans the body on save; compare with what it will store.
        values["body_en"] = sanitize_html(values["body_en"])
        values["body_fr"] = sanitize_html(values["body_fr"])
        values["title"] = values["title_en"]
        (values["image"],) = self.lookup(self.images, [data["image"]], "image")
        values["is_published"] = True
        row, state = self.sync(NewsItem, "News items", {"slug": data["slug"]}, values)
        relations_changed = [
            self.sync_many(row.cities, self.lookup(self.cities, data["cities"], "city")),
            self.sync_many(row.networks, self.lookup(self.networks, data["networks"], "network")),
            self.sync_many(row.events, self.lookup(self.events, data["events"], "event")),
            self.sync_many(row.topics, self.lookup(self.topics, data["topics"], "topic")),
            self.sync_many(
                row.documents, self.lookup(self.documents, data["documents"], "document")
            ),
        ]
        for position, (url, title_en, title_fr) in enumerate(data["videos"]):
            _video, video_state = self.sync(
                NewsVideo, "News videos", {"news_item": row, "url": url},
                {"title": title_en, "title_en": title_en, "title_fr": title_fr, "position": position},
            )  # fmt: skip
            self.finish("News videos", video_state)
            relations_changed.append(video_state != UNCHANGED)
        self.finish("News items", state, *relations_changed)
        return row

    # --- Good practices -----------------------------------------------------------------------

    def load_practice(self, data):
        relations = (
            "slug",
            "cities",
            "topics",
            "images",
            "documents",
            "status",
            "author",
            "review_comment",
        )
        values = {key: value for key, value in data.items() if key not in relations}
        for name in ("title", "period", *Practice.SECTION_FIELDS):
            values.setdefault(f"{name}_en", "")
            values.setdefault(f"{name}_fr", "")
            values[name] = values[f"{name}_en"]
        author = self.users[data["author"]]
        row = Practice.objects.filter(slug=data["slug"]).first()
        is_new = row is None
        if is_new:
            row, state = self.sync(
                Practice, "Good practices", {"slug": data["slug"]}, {**values, "created_by": author}
            )
        else:
            # The status is left as it is: only the life-cycle services change it.
            row, state = self.sync(Practice, "Good practices", {"slug": data["slug"]}, values)
        relations_changed = [
            self.sync_many(row.cities, self.lookup(self.cities, data["cities"], "city")),
            self.sync_many(row.topics, self.lookup(self.topics, data["topics"], "topic")),
            self.sync_many(row.images, self.lookup(self.images, data["images"], "image")),
            self.sync_many(
                row.documents, self.lookup(self.documents, data["documents"], "document")
            ),
        ]
        self.finish("Good practices", state, *relations_changed)
        if is_new:
            self.move_to_status(row, data["status"], author=author, comment=data["review_comment"])

    def move_to_status(self, practice, status, *, author, comment):
        """Walk a new practice to ``status`` through the life-cycle services (logged steps)."""
        secretariat = self.users["secretariat"]
        Status = Practice.Status
        if status == Status.DRAFT:
            return
        if status == Status.PUBLISHED and author == secretariat:
            services.practice_publish(practice=practice, user=secretariat)
            return
        services.practice_submit(practice=practice, user=author)
        if status == Status.PUBLISHED:
            services.practice_publish(practice=practice, user=secretariat)
        elif status == Status.CHANGES_REQUESTED:
            services.practice_request_changes(practice=practice, user=secretariat, comment=comment)

    # --- The programme's pages ---------------------------------------------------------------

    def load_programme_page(self, data):
        values = {key: value for key, value in data.items() if key != "slug"}
        # The model cleans the body on save; compare with what it will store.
        values["body_en"] = sanitize_html(values["body_en"])
        values["body_fr"] = sanitize_html(values["body_fr"])
        values["title"] = values["title_en"]
        values["is_published"] = True
        _row, state = self.sync(Page, "Programme pages", {"slug": data["slug"]}, values)
        self.finish("Programme pages", state)

    # --- Output -------------------------------------------------------------------------------

    def print_report(self):
        for label in sorted(self.counts, key=REPORT_ORDER.index):
            counter = self.counts[label]
            total = sum(counter.values())
            details = ", ".join(
                f"{counter[state]} {state}"
                for state in (CREATED, UPDATED, UNCHANGED)
                if counter[state]
            )
            self.stdout.write(f"{label}: {total} ({details})")
        statuses = Counter(
            Practice.objects.filter(
                slug__in=[row["slug"] for row in practice_data.PRACTICES]
            ).values_list("status", flat=True)
        )
        self.stdout.write(
            "Good practices by status: "
            + ", ".join(f"{status} {number}" for status, number in sorted(statuses.items()))
        )
        self.stdout.write(self.style.SUCCESS("\nThe demo content is loaded."))
        self.stdout.write(
            f"""
Public site:   {SITE}/en/  (French: {SITE}/fr/)
Admin (secretariat): {SITE}/admin/
    username: secretariat   password: {ACCOUNTS["secretariat"]["password"]}
Coordinator (Lisbon and Oeiras): sign in at {SITE}/en/accounts/login/, then {SITE}/en/my-practices/
    username: coordinator   password: {ACCOUNTS["coordinator"]["password"]}
(Demo passwords are set only when an account is created; change them on any shared server.)"""
        )
