"""Demo transfer between cities ("transfer"): adaptations of practices, and an inspiration.

Texts written for the demo, in English and French. Loaded by ``load_demo`` after the practices,
through the command's ``sync`` (created once, updated only where a value differs).
"""

from django.utils import timezone

from practices.models import Adaptation, Practice

LABEL = "Adaptations"

# (practice slug, city slug, year, status, note in English, note in French)
ADAPTATIONS = [
    (
        "anti-rumours-strategy-barcelona",
        "lisbon",
        2015,
        Adaptation.Status.PUBLISHED,
        "Lisbon trained its own anti-rumour agents with Barcelona's handbook, then wrote new "
        "workshops for its secondary schools.",
        "Lisbonne a formé ses propres agents anti-rumeurs avec le guide de Barcelone, puis a "
        "conçu de nouveaux ateliers pour ses collèges et lycées.",
    ),
    (
        "anti-rumours-strategy-barcelona",
        "sabadell",
        2014,
        Adaptation.Status.PUBLISHED,
        "A smaller network of volunteers, run with the local associations rather than by the "
        "city hall alone.",
        "Un réseau de bénévoles plus modeste, animé avec les associations locales plutôt que "
        "par la seule mairie.",
    ),
    (
        "oxlo-oslo-extra-large",
        "reykjavik",
        2019,
        Adaptation.Status.PUBLISHED,
        "Reykjavik borrowed the idea of a city-wide pledge signed by employers and clubs.",
        "Reykjavik a repris l'idée d'une charte signée par les employeurs et les clubs de toute "
        "la ville.",
    ),
    (
        "mondinsieme-intercultural-centre-reggio-emilia",
        "lewisham",
        2021,
        Adaptation.Status.SUBMITTED,
        "A meeting place run by young people of many origins, on the model of Mondinsieme.",
        "Un lieu de rencontre animé par des jeunes de toutes origines, sur le modèle de "
        "Mondinsieme.",
    ),
]
# practice slug -> the practice it was inspired by
INSPIRED_BY = {"lisbon-multilingual-city-guide": "multilingual-disaster-preparedness-hamamatsu"}


def load_transfer(command):
    """Create or update the demo adaptations and inspirations through ``command.sync``."""
    practices = {
        practice.slug: practice
        for practice in Practice.objects.filter(
            slug__in={row[0] for row in ADAPTATIONS} | set(INSPIRED_BY) | set(INSPIRED_BY.values())
        )
    }
    for slug, city_slug, year, status, note_en, note_fr in ADAPTATIONS:
        # A smaller demo (the tests load a few rows) leaves out what it does not hold.
        city, practice = command.cities.get(city_slug), practices.get(slug)
        if city is None or practice is None:
            continue
        values = {"year": year, "note": note_en, "note_en": note_en, "note_fr": note_fr}
        row, state = command.sync(Adaptation, LABEL, {"practice": practice, "city": city}, values)
        if state == "created" and row.status != status:
            # A new demo record takes its status once; later runs leave the review to people.
            row.status = status
            row.submitted_at = timezone.now()
            if status == Adaptation.Status.PUBLISHED:
                row.published_at = row.submitted_at
            row.save()
        command.finish(LABEL, state)
    for slug, inspiration in INSPIRED_BY.items():
        practice, source = practices.get(slug), practices.get(inspiration)
        if practice is not None and source is not None and practice.inspired_by_id != source.pk:
            practice.inspired_by = source
            practice.save(update_fields=["inspired_by"])
