"""The good-practice taxonomy: the ICC Index policy areas plus Anti-rumours."""

from django.db import migrations

TOPICS = [
    ("commitment", "Commitment", "Engagement"),
    ("education", "Education", "Éducation"),
    ("neighbourhoods", "Neighbourhoods", "Quartiers"),
    ("public-services", "Public services", "Services publics"),
    ("business-and-the-labour-market", "Business and the labour market", "Entreprises et marché du travail"),
    ("cultural-and-social-life", "Cultural and social life", "Vie culturelle et sociale"),
    ("public-space", "Public space", "Espace public"),
    ("mediation-and-conflict-resolution", "Mediation and conflict resolution", "Médiation et résolution des conflits"),
    ("language", "Language", "Langues"),
    ("media-and-communication", "Media and communication", "Médias et communication"),
    ("international-outlook", "International outlook", "Ouverture internationale"),
    ("intercultural-intelligence-and-competence", "Intercultural intelligence and competence", "Intelligence et compétence interculturelles"),
    ("welcoming-newcomers", "Welcoming newcomers", "Accueil des nouveaux arrivants"),
    ("leadership-and-citizenship", "Leadership and citizenship", "Leadership et citoyenneté"),
    ("anti-discrimination", "Anti-discrimination", "Lutte contre les discriminations"),
    ("participation", "Participation", "Participation"),
    ("interaction", "Interaction", "Interaction"),
    ("anti-rumours", "Anti-rumours", "Anti-rumeurs"),
]


def create_topics(apps, schema_editor):
    Topic = apps.get_model("practices", "Topic")
    for position, (slug, name_en, name_fr) in enumerate(TOPICS, start=1):
        Topic.objects.update_or_create(
            slug=slug,
            defaults={"name": name_en, "name_en": name_en, "name_fr": name_fr, "position": position},
        )


def remove_topics(apps, schema_editor):
    apps.get_model("practices", "Topic").objects.filter(slug__in=[t[0] for t in TOPICS]).delete()


class Migration(migrations.Migration):
    dependencies = [("practices", "0001_initial")]
    operations = [migrations.RunPython(create_topics, remove_topics)]
