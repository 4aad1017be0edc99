"""National and regional networks and their memberships (city slug, joined, left)."""

import datetime

D = datetime.date.fromisoformat

NETWORKS = [
    {
        "slug": "rpci",
        "name_en": "Portuguese Network of Intercultural Cities",
        "name_fr": "Réseau portugais des villes interculturelles",
        "acronym_en": "RPCI",
        "acronym_fr": "RPCI",
        "kind": "national",
        "country": "PT",
        "founded_year": 2011,
        "website": "",
        "coordinating_body_en": "RPCI Cooperative",
        "coordinating_body_fr": "Coopérative RPCI",
        "description_en": "The Portuguese network brings together municipalities that share tools and run joint "
        "projects on inclusion, from anti-rumours campaigns to inclusive recruitment. Since 2021 a "
        "cooperative coordinates its work.",
        "description_fr": "Le réseau portugais rassemble des municipalités qui partagent des outils et mènent "
        "des projets communs sur l'inclusion, des campagnes anti-rumeurs au recrutement inclusif. "
        "Depuis 2021, une coopérative coordonne ses travaux.",
        "members": [
            ("amadora", D("2011-06-01"), None),
            ("cascais", D("2011-06-01"), None),
            ("lisbon", D("2011-06-01"), None),
            ("loures", D("2011-06-01"), None),
            ("oeiras", D("2011-06-01"), None),
            ("portimao", D("2015-03-10"), None),
            ("braga", D("2020-02-14"), None),
            ("vila-verde", D("2021-05-20"), None),
        ],
        "documents": ["rpci-annual-report-2023", "rpci-17th-coordination-meeting-report"],
    },
    {
        "slug": "reci",
        "name_en": "Spanish Network of Intercultural Cities",
        "name_fr": "Réseau espagnol des villes interculturelles",
        "acronym_en": "RECI",
        "acronym_fr": "RECI",
        "kind": "national",
        "country": "ES",
        "founded_year": 2011,
        "website": "",
        "coordinating_body_en": "RECI technical secretariat",
        "coordinating_body_fr": "Secrétariat technique du RECI",
        "description_en": "RECI (Red de Ciudades Interculturales) connects Spanish cities that apply the "
        "intercultural approach, and spread the anti-rumours strategy across the country.",
        "description_fr": "Le RECI (Red de Ciudades Interculturales) relie les villes espagnoles qui "
        "appliquent l'approche interculturelle et a diffusé la stratégie anti-rumeurs dans tout le pays.",
        "members": [
            ("barcelona", D("2011-11-01"), None),
            ("sabadell", D("2011-11-01"), None),
            ("san-sebastian", D("2011-11-01"), None),
            ("sevilla", D("2012-04-01"), None),
            ("bilbao", D("2013-09-01"), None),
        ],
    },
    {
        "slug": "italian-network",
        "name_en": "Italian Network of Intercultural Cities",
        "name_fr": "Réseau italien des villes interculturelles",
        "acronym_en": "",
        "acronym_fr": "",
        "kind": "national",
        "country": "IT",
        "founded_year": 2010,
        "website": "",
        "coordinating_body_en": "City of Reggio Emilia",
        "coordinating_body_fr": "Ville de Reggio d'Émilie",
        "description_en": "Created after the 2010 conference in Reggio Emilia, the Italian network pools "
        "the experience of its cities in intercultural mediation, education and public space.",
        "description_fr": "Créé après la conférence de 2010 à Reggio d'Émilie, le réseau italien met en "
        "commun l'expérience de ses villes en médiation interculturelle, éducation et espace public.",
        "members": [
            ("reggio-emilia", D("2010-05-22"), None),
            ("torino", D("2010-05-22"), None),
            ("venice", D("2010-05-22"), None),
            ("viareggio", D("2010-05-22"), D("2019-12-31")),
            ("bari", D("2013-06-01"), None),
        ],
    },
    {
        "slug": "norwegian-network",
        "name_en": "Norwegian Network of Intercultural Cities",
        "name_fr": "Réseau norvégien des villes interculturelles",
        "acronym_en": "",
        "acronym_fr": "",
        "kind": "national",
        "country": "NO",
        "founded_year": 2014,
        "website": "",
        "coordinating_body_en": "City of Oslo",
        "coordinating_body_fr": "Ville d'Oslo",
        "description_en": "Norwegian municipalities that exchange on universities as partners, libraries as "
        "meeting places and inclusive public services.",
        "description_fr": "Des municipalités norvégiennes qui échangent sur les universités partenaires, les "
        "bibliothèques comme lieux de rencontre et des services publics inclusifs.",
        "members": [
            ("oslo", D("2014-01-15"), None),
            ("bergen", D("2014-01-15"), None),
        ],
    },
    {
        "slug": "ukrainian-network",
        "name_en": "Ukrainian Network of Intercultural Cities",
        "name_fr": "Réseau ukrainien des villes interculturelles",
        "acronym_en": "",
        "acronym_fr": "",
        "kind": "national",
        "country": "UA",
        "founded_year": 2013,
        "website": "",
        "coordinating_body_en": "City of Melitopol",
        "coordinating_body_fr": "Ville de Melitopol",
        "description_en": "Ukrainian cities that work together on the rights of national minorities and, "
        "since 2014, on the reception of internally displaced people.",
        "description_fr": "Des villes ukrainiennes qui travaillent ensemble sur les droits des minorités "
        "nationales et, depuis 2014, sur l'accueil des personnes déplacées internes.",
        "members": [
            ("melitopol", D("2013-10-01"), None),
            ("kyiv", D("2013-10-01"), None),
        ],
    },
    {
        "slug": "uk-network",
        "name_en": "UK Network of Intercultural Cities",
        "name_fr": "Réseau britannique des villes interculturelles",
        "acronym_en": "",
        "acronym_fr": "",
        "kind": "national",
        "country": "GB",
        "founded_year": 2014,
        "website": "",
        "coordinating_body_en": "London Borough of Lewisham",
        "coordinating_body_fr": "Arrondissement londonien de Lewisham",
        "description_en": "Local authorities in the United Kingdom that share practice on faith, "
        "community cohesion and inclusive growth.",
        "description_fr": "Des collectivités du Royaume-Uni qui partagent leurs pratiques sur les religions, "
        "la cohésion des communautés et la croissance inclusive.",
        "members": [
            ("lewisham", D("2014-03-01"), None),
            ("liverpool", D("2014-03-01"), D("2018-06-30")),
        ],
    },
    {
        "slug": "intercultural-regions",
        "name_en": "Intercultural Regions Network",
        "name_fr": "Réseau des régions interculturelles",
        "acronym_en": "",
        "acronym_fr": "",
        "kind": "regional",
        "country": "",
        "founded_year": 2018,
        "website": "",
        "coordinating_body_en": "Intercultural Cities secretariat",
        "coordinating_body_fr": "Secrétariat des Cités interculturelles",
        "description_en": "Regional governments that adapt the intercultural integration model to the "
        "regional level, where many services for newcomers are decided.",
        "description_fr": "Des gouvernements régionaux qui adaptent le modèle d'intégration interculturelle "
        "à l'échelon régional, où se décident de nombreux services aux nouveaux arrivants.",
        "members": [],
    },
]
