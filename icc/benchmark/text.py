"""Plausible bilingual prose for generated content, fast enough for 100,000 items.

Real good practices are written around a few policy areas, so a word like "refugees" appears
in some texts and not in others. The generator mimics that: each topic has its own words, each
text draws most of its sentences from the pools of its item's topics and the rest from a pool
of general sentences. Sentences are made once per run (a few thousand), then texts are
assembled from them, which keeps generation cheap while search still sees a realistic spread
of words (a one-word query matches a tenth of the items, not all of them).
"""

import random

# Words of each of the 18 seeded topics (slugs of practices/migrations/0002_initial_topics.py).
TOPIC_WORDS = {
    "commitment": (
        "council strategy mayor commitment charter budget plan declaration vision",
        "conseil stratégie maire engagement charte budget plan déclaration vision",
    ),
    "education": (
        "school pupils teachers classroom parents curriculum literacy homework kindergarten",
        "école élèves enseignants classe parents programme alphabétisation devoirs maternelle",
    ),
    "neighbourhoods": (
        "neighbourhood housing estate tenants district renovation street residents square",
        "quartier logement cité locataires arrondissement rénovation rue habitants place",
    ),
    "public-services": (
        "services hospital health social workers counter interpreters staff clinic",
        "services hôpital santé travailleurs guichet interprètes personnel clinique",
    ),
    "business-and-the-labour-market": (
        "business entrepreneurs employment jobs market apprenticeship employers shop start-ups",
        "entreprises entrepreneurs emploi travail marché apprentissage employeurs commerce startups",
    ),
    "cultural-and-social-life": (
        "festival music theatre library museum artists concert cinema heritage",
        "festival musique théâtre bibliothèque musée artistes concert cinéma patrimoine",
    ),
    "public-space": (
        "park playground square benches garden mural street square lighting",
        "parc aire jeux bancs jardin fresque rue place éclairage",
    ),
    "mediation-and-conflict-resolution": (
        "mediation mediators conflict dialogue tension police reconciliation dispute trust",
        "médiation médiateurs conflit dialogue tension police réconciliation litige confiance",
    ),
    "language": (
        "language courses bilingual translation mother tongue reading speakers vocabulary",
        "langue cours bilingue traduction maternelle lecture locuteurs vocabulaire",
    ),
    "media-and-communication": (
        "media journalists radio newspaper campaign stories television social online",
        "médias journalistes radio journal campagne récits télévision réseaux ligne",
    ),
    "international-outlook": (
        "international partners twinning diaspora exchange european cooperation abroad",
        "international partenaires jumelage diaspora échange européenne coopération étranger",
    ),
    "intercultural-intelligence-and-competence": (
        "training competence awareness officials skills diversity workshop empathy",
        "formation compétence sensibilisation agents savoir-faire diversité atelier empathie",
    ),
    "welcoming-newcomers": (
        "refugees newcomers migrants asylum welcome reception orientation arrival integration",
        "réfugiés nouveaux migrants asile accueil réception orientation arrivée intégration",
    ),
    "leadership-and-citizenship": (
        "citizenship leaders voting councillors representation civic elections candidates",
        "citoyenneté responsables vote conseillers représentation civique élections candidats",
    ),
    "anti-discrimination": (
        "discrimination racism equality hate victims rights complaints prejudice",
        "discrimination racisme égalité haine victimes droits plaintes préjugés",
    ),
    "participation": (
        "participation consultation assembly participatory budget citizens panel vote",
        "participation consultation assemblée participatif budget citoyens panel vote",
    ),
    "interaction": (
        "interaction meeting dinner neighbours sport football dialogue encounters",
        "interaction rencontre dîner voisins sport football dialogue échanges",
    ),
    "anti-rumours": (
        "rumours stereotypes agents myths facts campaign prejudice misinformation",
        "rumeurs stéréotypes agents mythes faits campagne préjugés désinformation",
    ),
}

GENERAL_WORDS = (
    "city project people community local years programme network group support public "
    "action results partners volunteers young women families associations municipality "
    "activities experience approach process evaluation impact cooperation organisations "
    "intercultural diversity inclusion cohesion everyday shared common open new first",
    "ville projet personnes communauté local années programme réseau groupe soutien public "
    "action résultats partenaires bénévoles jeunes femmes familles associations municipalité "
    "activités expérience démarche processus évaluation impact coopération organisations "
    "interculturel diversité inclusion cohésion quotidien partagé commun ouvert nouveau premier",
)

FUNCTION_WORDS = (
    [
        "the",
        "of",
        "and",
        "to",
        "in",
        "for",
        "with",
        "a",
        "on",
        "by",
        "from",
        "as",
        "that",
        "this",
        "their",
        "our",
        "all",
        "more",
        "each",
    ],
    [
        "le",
        "la",
        "les",
        "de",
        "des",
        "et",
        "à",
        "en",
        "pour",
        "avec",
        "un",
        "une",
        "sur",
        "par",
        "du",
        "au",
        "que",
        "ce",
        "leur",
        "nos",
        "tous",
        "plus",
    ],
)

LANGUAGES = ("en", "fr")
SENTENCES_PER_POOL = 120


class Prose:
    """Sentence pools per language and topic, and texts assembled from them."""

    def __init__(self, seed):
        self.random = random.Random(seed)
        self.pools = {}
        for index, language in enumerate(LANGUAGES):
            general = GENERAL_WORDS[index].split()
            function = FUNCTION_WORDS[index]
            self.pools[(language, None)] = [
                self._sentence(general, general, function) for _ in range(SENTENCES_PER_POOL * 3)
            ]
            for slug, words in TOPIC_WORDS.items():
                own = words[index].split()
                self.pools[(language, slug)] = [
                    self._sentence(own, general, function) for _ in range(SENTENCES_PER_POOL)
                ]

    def _sentence(self, own, general, function):
        pick = self.random.choice
        length = self.random.randint(9, 22)
        words = []
        for position in range(length):
            roll = self.random.random()
            if position % 2:
                words.append(pick(function))
            elif roll < 0.55:
                words.append(pick(own))
            else:
                words.append(pick(general))
        words[0] = words[0].capitalize()
        return " ".join(words) + "."

    def text(self, language, topics, sentences):
        """``sentences`` sentences in ``language``, mostly about ``topics`` (slugs)."""
        choice = self.random.choice
        pools = [self.pools[(language, slug)] for slug in topics] or [self.pools[(language, None)]]
        general = self.pools[(language, None)]
        return " ".join(
            choice(general) if index % 3 == 2 else choice(choice(pools))
            for index in range(sentences)
        )

    def title(self, language, topics, number):
        """A short title; ``number`` keeps titles distinct (and findable)."""
        words = self.text(language, topics, 1).rstrip(".").split()[:7]
        return f"{' '.join(words)} ({number})"
