"""Good practices: the five of the current listing, rewritten, and a dozen more.

``status`` is where the demo leaves each practice; the loader reaches it through the life-cycle
services, acting as ``author`` (who creates and submits) and the secretariat (who reviews).
"""

PUBLISHED = "published"
DRAFT = "draft"
SUBMITTED = "submitted"
CHANGES_REQUESTED = "changes_requested"


def practice(slug, title, *, cities, country, topics, period, first_year, last_year=None,
             ongoing=False, images=(), documents=(), status=PUBLISHED, author="secretariat",
             review_comment="", **sections):  # fmt: skip
    """``title``, ``period`` and each section are (English, French) pairs."""
    data = {
        "slug": slug,
        "title_en": title[0],
        "title_fr": title[1],
        "cities": list(cities),
        "country": country,
        "topics": list(topics),
        "period_en": period[0],
        "period_fr": period[1],
        "first_year": first_year,
        "last_year": last_year,
        "is_ongoing": ongoing,
        "images": list(images),
        "documents": list(documents),
        "status": status,
        "author": author,
        "review_comment": review_comment,
    }
    for name, (english, french) in sections.items():
        data[f"{name}_en"], data[f"{name}_fr"] = english, french
    return data


PRACTICES = [
    # The five practices of the current listing.
    practice(
        "participatory-budget-paris",
        ("Participatory Budget", "Budget participatif"),
        cities=["paris"],
        country="FR",
        topics=["participation", "leadership-and-citizenship", "commitment"],
        period=("On-going since 2014", "En cours depuis 2014"),
        first_year=2014,
        ongoing=True,
        images=["city-mosaic"],
        purpose=(
            "To give every Parisian, whatever their nationality, a direct say in how part of the city's investment budget is spent.",
            "Donner à chaque habitant de Paris, quelle que soit sa nationalité, un pouvoir de décision direct sur une partie du budget d'investissement de la ville.",
        ),
        rationale=(
            "Many residents, including foreign nationals who cannot vote in local elections, felt distant from municipal decisions.",
            "De nombreux habitants, dont les étrangers qui ne votent pas aux élections locales, se sentaient éloignés des décisions municipales.",
        ),
        process=(
            "Residents submit project ideas online or in workshops; city services check feasibility; everyone aged seven and over can vote, online or at polling stations in markets and libraries.",
            "Les habitants déposent des idées en ligne ou en atelier ; les services vérifient leur faisabilité ; chacun peut voter dès sept ans, en ligne ou dans des urnes installées sur les marchés et dans les bibliothèques.",
        ),
        results=(
            "Thousands of projects proposed each year and a growing share of votes from working-class districts, where part of the budget is reserved.",
            "Des milliers de projets proposés chaque année et une part croissante de votes dans les quartiers populaires, auxquels une partie du budget est réservée.",
        ),
        evaluation=(
            "Participation figures are published after each vote; an independent review looked at who takes part and who does not.",
            "Les chiffres de participation sont publiés après chaque vote ; une évaluation indépendante a étudié qui participe et qui ne participe pas.",
        ),
        partners=(
            "Neighbourhood councils, associations, schools and social centres.",
            "Conseils de quartier, associations, écoles et centres sociaux.",
        ),
        budget=(
            "About 5% of the city's investment budget.",
            "Environ 5 % du budget d'investissement de la ville.",
        ),
        contact=(
            "Participatory democracy office, City of Paris.",
            "Service de la démocratie participative, Ville de Paris.",
        ),
        links=("https://www.paris.fr/", "https://www.paris.fr/"),
    ),
    practice(
        "mesclat-sabadell",
        ("Mescla’t", "Mescla’t"),
        cities=["sabadell"],
        country="ES",
        topics=["cultural-and-social-life", "interaction", "public-space"],
        period=("ongoing", "en cours"),
        first_year=2012,
        ongoing=True,
        images=["festival-lights"],
        purpose=(
            "Mescla’t is a festive day that brings together the organisations working in Sabadell for solidarity, active participation and living together.",
            "Mescla’t est une journée festive qui réunit les organisations actives à Sabadell pour la solidarité, la participation et le vivre-ensemble.",
        ),
        rationale=(
            "Associations of many origins worked side by side without meeting; a shared celebration makes their work visible to all residents.",
            "Des associations de toutes origines travaillaient côte à côte sans se rencontrer ; une fête commune rend leur travail visible pour tous les habitants.",
        ),
        process=(
            "Each year associations design the programme together: stands, music, food and games in a central square, prepared over several joint meetings.",
            "Chaque année, les associations conçoivent ensemble le programme : stands, musique, cuisine et jeux sur une place centrale, préparés lors de plusieurs réunions communes.",
        ),
        results=(
            "More than fifty organisations take part and new partnerships between them start at the festival.",
            "Plus de cinquante organisations participent et de nouveaux partenariats naissent pendant la fête.",
        ),
        evaluation=(
            "A short questionnaire to participating organisations after each edition.",
            "Un court questionnaire aux organisations participantes après chaque édition.",
        ),
        partners=(
            "Local associations, the city's citizenship department.",
            "Associations locales, service de la citoyenneté de la ville.",
        ),
        budget=(
            "A modest municipal contribution; most work is voluntary.",
            "Une contribution municipale modeste ; l'essentiel du travail est bénévole.",
        ),
        contact=(
            "Sabadell City Council, citizenship department.",
            "Mairie de Sabadell, service de la citoyenneté.",
        ),
        links=("https://web.sabadell.cat/", "https://web.sabadell.cat/"),
    ),
    practice(
        "claim-portimao",
        (
            "CLAIM – Migrant Integration Local Support Centre",
            "CLAIM – Centre local d'appui à l'intégration des migrants",
        ),
        cities=["portimao"],
        country="PT",
        topics=["welcoming-newcomers", "public-services"],
        period=("ongoing", "en cours"),
        first_year=2015,
        ongoing=True,
        purpose=(
            "To foster the intercultural integration of migrants by offering support and information on housing, work, health, education and legal status.",
            "Favoriser l'intégration interculturelle des migrants en leur offrant soutien et information sur le logement, l'emploi, la santé, l'éducation et le séjour.",
        ),
        rationale=(
            "Newcomers had to visit many offices to solve a single problem, often without understanding the language.",
            "Les nouveaux arrivants devaient se rendre dans de nombreux bureaux pour régler un seul problème, souvent sans comprendre la langue.",
        ),
        process=(
            "A single desk in the town hall with trained intercultural mediators, regular hours and referral agreements with the services concerned.",
            "Un guichet unique à la mairie avec des médiateurs interculturels formés, des horaires réguliers et des accords d'orientation avec les services concernés.",
        ),
        results=(
            "Several thousand requests answered each year, in Portuguese, English, Ukrainian and Hindi among others.",
            "Plusieurs milliers de demandes traitées chaque année, notamment en portugais, anglais, ukrainien et hindi.",
        ),
        evaluation=(
            "Monthly statistics and a yearly satisfaction survey.",
            "Statistiques mensuelles et enquête de satisfaction annuelle.",
        ),
        partners=(
            "High Commission for Migration, local associations.",
            "Haut-Commissariat aux migrations, associations locales.",
        ),
        budget=(
            "Co-funded by the municipality and national funds.",
            "Cofinancé par la municipalité et des fonds nationaux.",
        ),
        contact=(
            "Municipality of Portimão, social action division.",
            "Municipalité de Portimão, division de l'action sociale.",
        ),
        links=("https://www.cm-portimao.pt/", "https://www.cm-portimao.pt/"),
    ),
    practice(
        "intercultural-week-portimao",
        ("The Intercultural Week of Portimão", "La Semaine interculturelle de Portimão"),
        cities=["portimao"],
        country="PT",
        topics=["cultural-and-social-life", "interaction", "media-and-communication"],
        period=("Ongoing - once per year", "En cours - une fois par an"),
        first_year=2016,
        ongoing=True,
        images=["festival-lights"],
        purpose=(
            "The Intercultural Week promotes the sharing of experiences and relationships between diverse residents of Portimão, stimulating dialogue and raising awareness of diversity.",
            "La Semaine interculturelle favorise le partage d'expériences et les relations entre les habitants divers de Portimão, stimule le dialogue et sensibilise à la diversité.",
        ),
        rationale=(
            "Residents of some 80 nationalities live in the city but rarely meet outside work.",
            "Des habitants d'environ 80 nationalités vivent dans la ville mais se rencontrent rarement en dehors du travail.",
        ),
        process=(
            "A week of concerts, cooking workshops, school activities and debates, prepared with migrant associations and announced in several languages.",
            "Une semaine de concerts, d'ateliers de cuisine, d'activités scolaires et de débats, préparée avec les associations de migrants et annoncée en plusieurs langues.",
        ),
        results=(
            "Attendance grows each year and several associations now organise activities all year round.",
            "La fréquentation augmente chaque année et plusieurs associations proposent désormais des activités toute l'année.",
        ),
        evaluation=(
            "Attendance counts and feedback from partner associations.",
            "Comptage de la fréquentation et retours des associations partenaires.",
        ),
        partners=(
            "Migrant associations, schools, cultural venues.",
            "Associations de migrants, écoles, lieux culturels.",
        ),
        budget=("Municipal culture budget.", "Budget municipal de la culture."),
        contact=("Municipality of Portimão.", "Municipalité de Portimão."),
        links=("https://www.cm-portimao.pt/", "https://www.cm-portimao.pt/"),
    ),
    practice(
        "centre-of-language-and-literacy-reykjavik",
        ("Centre of language and literacy", "Centre des langues et de l'alphabétisation"),
        cities=["reykjavik"],
        country="IS",
        topics=["language", "education"],
        period=("From September 2017 onwards", "Depuis septembre 2017"),
        first_year=2017,
        ongoing=True,
        images=["language-letters"],
        purpose=(
            "Run by the Department of Education and Youth with the Mother Tongue association, the centre supports multilingual children, their families and their teachers.",
            "Géré par le service de l'éducation et de la jeunesse avec l'association Mother Tongue, le centre soutient les enfants plurilingues, leurs familles et leurs enseignants.",
        ),
        rationale=(
            "The number of pupils with a mother tongue other than Icelandic grew quickly, and schools asked for guidance.",
            "Le nombre d'élèves dont la langue maternelle n'est pas l'islandais a augmenté rapidement et les écoles demandaient un accompagnement.",
        ),
        process=(
            "Advisers visit schools and kindergartens, train teachers, assess pupils' languages and organise mother-tongue classes at weekends.",
            "Des conseillers se rendent dans les écoles et les jardins d'enfants, forment les enseignants, évaluent les langues des élèves et organisent des cours de langue maternelle le week-end.",
        ),
        results=(
            "All schools of the city have access to the centre's advice; mother-tongue classes exist in more than twenty languages.",
            "Toutes les écoles de la ville bénéficient des conseils du centre ; des cours de langue maternelle existent dans plus de vingt langues.",
        ),
        evaluation=(
            "Yearly report to the education committee.",
            "Rapport annuel à la commission de l'éducation.",
        ),
        partners=(
            "Mother Tongue association, University of Iceland.",
            "Association Mother Tongue, Université d'Islande.",
        ),
        budget=(
            "City of Reykjavik education budget.",
            "Budget de l'éducation de la Ville de Reykjavik.",
        ),
        contact=(
            "Department of Education and Youth, City of Reykjavik.",
            "Service de l'éducation et de la jeunesse, Ville de Reykjavik.",
        ),
        links=("https://reykjavik.is/", "https://reykjavik.is/"),
    ),
    # More published practices.
    practice(
        "anti-rumours-strategy-barcelona",
        ("Anti-rumours strategy", "Stratégie anti-rumeurs"),
        cities=["barcelona"],
        country="ES",
        topics=["anti-rumours", "media-and-communication", "anti-discrimination"],
        period=("Since 2010", "Depuis 2010"),
        first_year=2010,
        ongoing=True,
        images=["open-hands"],
        purpose=(
            "To counter false beliefs about migrants and diversity that fuel discrimination in everyday conversations.",
            "Contrer les idées fausses sur les migrants et la diversité qui nourrissent les discriminations dans les conversations de tous les jours.",
        ),
        rationale=(
            "Surveys showed that a few widespread rumours shaped how residents saw their neighbours.",
            "Des enquêtes ont montré que quelques rumeurs très répandues façonnaient le regard des habitants sur leurs voisins.",
        ),
        process=(
            "The city trained hundreds of volunteer anti-rumours agents, produced material with facts and humour, and built a network of organisations that spread it.",
            "La ville a formé des centaines d'agents anti-rumeurs bénévoles, produit des supports mêlant faits et humour et constitué un réseau d'organisations qui les diffusent.",
        ),
        results=(
            "The method has been adapted by dozens of cities in Europe and beyond.",
            "La méthode a été adaptée par des dizaines de villes en Europe et au-delà.",
        ),
        evaluation=(
            "An external evaluation measured changes in agents' attitudes and the reach of campaigns.",
            "Une évaluation externe a mesuré l'évolution des attitudes des agents et la portée des campagnes.",
        ),
        partners=(
            "More than 400 organisations in the anti-rumours network.",
            "Plus de 400 organisations dans le réseau anti-rumeurs.",
        ),
        budget=(
            "Municipal funding, with European projects for its transfer to other cities.",
            "Financement municipal, complété par des projets européens pour le transfert à d'autres villes.",
        ),
        contact=(
            "Barcelona City Council, interculturality programme.",
            "Mairie de Barcelone, programme d'interculturalité.",
        ),
        links=("https://www.barcelona.cat/", "https://www.barcelona.cat/"),
    ),
    practice(
        "inclusive-recruitment-project",
        ("Inclusive recruitment project", "Projet de recrutement inclusif"),
        cities=["oeiras", "loures", "amadora"],
        country="PT",
        topics=["business-and-the-labour-market", "anti-discrimination"],
        period=("2020-2021", "2020-2021"),
        first_year=2020,
        last_year=2021,
        documents=["guide-inclusive-employers"],
        author="coordinator",
        purpose=(
            "To encourage employers to hire migrants and newcomers and to benefit from the advantage of diversity.",
            "Encourager les employeurs à recruter des migrants et des nouveaux arrivants et à tirer parti de l'avantage de la diversité.",
        ),
        rationale=(
            "Qualified migrants remained unemployed while local companies struggled to recruit.",
            "Des migrants qualifiés restaient sans emploi alors que les entreprises locales peinaient à recruter.",
        ),
        process=(
            "The three municipalities ran workshops with employers, mapped barriers to hiring and wrote a guide with them and the High Commission for Migration.",
            "Les trois municipalités ont organisé des ateliers avec les employeurs, recensé les obstacles au recrutement et rédigé avec eux et le Haut-Commissariat aux migrations un guide.",
        ),
        results=(
            "A guide for inclusive employers, training sessions and a network of committed companies.",
            "Un guide des employeurs inclusifs, des sessions de formation et un réseau d'entreprises engagées.",
        ),
        evaluation=(
            "Feedback from participating employers at the final session of November 2021.",
            "Retours des employeurs participants lors de la session finale de novembre 2021.",
        ),
        partners=(
            "Local employers, High Commission for Migration, RPCI.",
            "Employeurs locaux, Haut-Commissariat aux migrations, RPCI.",
        ),
        budget=(
            "An inter-city grant of the Intercultural Cities programme.",
            "Une subvention intervilles du programme Cités interculturelles.",
        ),
        contact=(
            "Oeiras, Loures and Amadora municipalities.",
            "Municipalités d'Oeiras, Loures et Amadora.",
        ),
        links=("https://www.oeiras.pt/", "https://www.oeiras.pt/"),
    ),
    practice(
        "inclusion-influencers-portugal",
        ("Inclusion influencers", "Influenceurs de l'inclusion"),
        cities=[],
        country="PT",
        topics=["anti-rumours", "media-and-communication", "education"],
        period=("2021", "2021"),
        first_year=2021,
        last_year=2021,
        purpose=(
            "To raise awareness among children and young people of the benefits of including migrants and other minorities, through social media.",
            "Sensibiliser les enfants et les jeunes aux bienfaits de l'inclusion des migrants et des autres minorités, par les réseaux sociaux.",
        ),
        rationale=(
            "Young people form their views online, where myths about migrants circulate fast.",
            "Les jeunes forgent leurs opinions en ligne, où les idées reçues sur les migrants circulent vite.",
        ),
        process=(
            "The network assessed the beliefs that block inclusion, produced content with the anti-rumours method, worked with young activists and influencers, and trained teachers.",
            "Le réseau a analysé les croyances qui freinent l'inclusion, produit des contenus selon la méthode anti-rumeurs, travaillé avec de jeunes militants et des influenceurs et formé des enseignants.",
        ),
        results=(
            "A set of videos and posts presented in a webinar on 18 November 2021 and used in schools.",
            "Un ensemble de vidéos et de publications présenté lors d'un webinaire le 18 novembre 2021 et utilisé dans les écoles.",
        ),
        evaluation=(
            "Reach and engagement statistics of the social media products.",
            "Statistiques de portée et d'engagement des contenus diffusés.",
        ),
        partners=(
            "Portuguese Network of Intercultural Cities, Intercultural Cities programme.",
            "Réseau portugais des villes interculturelles, programme Cités interculturelles.",
        ),
        budget=(
            "Supported by the Intercultural Cities programme.",
            "Soutenu par le programme Cités interculturelles.",
        ),
        contact=("RPCI Cooperative.", "Coopérative RPCI."),
        links=(
            "https://www.coe.int/en/web/interculturalcities",
            "https://www.coe.int/fr/web/interculturalcities",
        ),
    ),
    practice(
        "welcome-sessions-neuchatel",
        ("Welcome sessions for newcomers", "Séances d'accueil des nouveaux arrivants"),
        cities=["neuchatel"],
        country="CH",
        topics=["welcoming-newcomers", "participation"],
        period=("Ongoing since 2010", "En cours depuis 2010"),
        first_year=2010,
        ongoing=True,
        purpose=(
            "To welcome every new resident personally and explain how the city works, including their right to vote locally.",
            "Accueillir personnellement chaque nouvel habitant et expliquer le fonctionnement de la ville, y compris son droit de vote local.",
        ),
        rationale=(
            "Foreign residents have local voting rights after some years, but few knew it.",
            "Les résidents étrangers ont le droit de vote local après quelques années, mais peu le savaient.",
        ),
        process=(
            "Twice a year the city invites all newcomers to an evening with the mayor, services and associations, with interpreters.",
            "Deux fois par an, la ville invite tous les nouveaux arrivants à une soirée avec le maire, les services et les associations, avec des interprètes.",
        ),
        results=(
            "Higher turnout of foreign residents in local elections and more newcomers joining associations.",
            "Une participation accrue des résidents étrangers aux élections locales et davantage de nouveaux venus dans les associations.",
        ),
        evaluation=(
            "Attendance and a short survey of participants.",
            "Fréquentation et court sondage auprès des participants.",
        ),
        partners=(
            "Cantonal integration office, local associations.",
            "Service cantonal de l'intégration, associations locales.",
        ),
        budget=("Small municipal budget.", "Petit budget municipal."),
        contact=("City of Neuchâtel.", "Ville de Neuchâtel."),
        links=("https://www.neuchatelville.ch/", "https://www.neuchatelville.ch/"),
    ),
    practice(
        "mondinsieme-intercultural-centre-reggio-emilia",
        ("Mondinsieme intercultural centre", "Centre interculturel Mondinsieme"),
        cities=["reggio-emilia"],
        country="IT",
        topics=[
            "intercultural-intelligence-and-competence",
            "mediation-and-conflict-resolution",
            "education",
        ],
        period=("Since 2001", "Depuis 2001"),
        first_year=2001,
        ongoing=True,
        purpose=(
            "To build the intercultural competence of the city's institutions, schools and residents.",
            "Développer la compétence interculturelle des institutions, des écoles et des habitants de la ville.",
        ),
        rationale=(
            "Rapid immigration in the 1990s called for mediators and training for public staff.",
            "L'immigration rapide des années 1990 exigeait des médiateurs et une formation du personnel public.",
        ),
        process=(
            "The centre trains intercultural mediators, runs school programmes and advises city departments.",
            "Le centre forme des médiateurs interculturels, mène des programmes scolaires et conseille les services de la ville.",
        ),
        results=(
            "Mediators work in schools, hospitals and services; thousands of pupils take part in its programmes each year.",
            "Des médiateurs travaillent dans les écoles, les hôpitaux et les services ; des milliers d'élèves participent chaque année à ses programmes.",
        ),
        evaluation=("Yearly activity report.", "Rapport d'activité annuel."),
        partners=(
            "Schools, health services, the Italian network of intercultural cities.",
            "Écoles, services de santé, réseau italien des villes interculturelles.",
        ),
        budget=("Municipal funding and projects.", "Financement municipal et projets."),
        contact=("Municipality of Reggio Emilia.", "Municipalité de Reggio d'Émilie."),
        links=("https://www.comune.re.it/", "https://www.comune.re.it/"),
    ),
    practice(
        "oxlo-oslo-extra-large",
        ("OXLO – Oslo Extra Large", "OXLO – Oslo Extra Large"),
        cities=["oslo"],
        country="NO",
        topics=["commitment", "anti-discrimination", "international-outlook"],
        period=("Ongoing since 2001", "En cours depuis 2001"),
        first_year=2001,
        ongoing=True,
        images=["network-circles"],
        purpose=(
            "A city-wide commitment that Oslo is a city for everyone, with a plan for equal services and against discrimination.",
            "Un engagement de toute la ville : Oslo est une ville pour tous, avec un plan pour des services égaux et contre les discriminations.",
        ),
        rationale=(
            "The city wanted a clear political message after racist incidents and a frame for its departments.",
            "La ville voulait un message politique clair après des incidents racistes et un cadre pour ses services.",
        ),
        process=(
            "The city council adopted a declaration and action plans; every department reports on diversity in its staff and services.",
            "Le conseil municipal a adopté une déclaration et des plans d'action ; chaque service rend compte de la diversité de son personnel et de ses prestations.",
        ),
        results=(
            "More diverse municipal staff and a yearly OXLO week with many partners.",
            "Un personnel municipal plus divers et une semaine OXLO annuelle avec de nombreux partenaires.",
        ),
        evaluation=(
            "Indicators in the city's annual report.",
            "Indicateurs dans le rapport annuel de la ville.",
        ),
        partners=(
            "Civil society organisations, businesses, the University of Oslo.",
            "Organisations de la société civile, entreprises, Université d'Oslo.",
        ),
        budget=("Part of the regular municipal budget.", "Intégré au budget municipal ordinaire."),
        contact=("City of Oslo.", "Ville d'Oslo."),
        links=("https://www.oslo.kommune.no/", "https://www.oslo.kommune.no/"),
    ),
    practice(
        "faith-and-community-forum-lewisham",
        ("Faith and community forum", "Forum des religions et des communautés"),
        cities=["lewisham"],
        country="GB",
        topics=["mediation-and-conflict-resolution", "neighbourhoods", "interaction"],
        period=("2014-2018", "2014-2018"),
        first_year=2014,
        last_year=2018,
        purpose=(
            "To bring faith groups and the council together to prevent tensions and work on shared local issues.",
            "Réunir groupes religieux et municipalité pour prévenir les tensions et travailler sur des questions locales communes.",
        ),
        rationale=(
            "The borough counts many faith communities that rarely met one another.",
            "L'arrondissement compte de nombreuses communautés religieuses qui se rencontraient rarement.",
        ),
        process=(
            "Quarterly forums, joint volunteering days and a rapid-response group in case of incidents.",
            "Des forums trimestriels, des journées de bénévolat communes et un groupe de réaction rapide en cas d'incident.",
        ),
        results=(
            "Faster, joint responses to incidents and shared projects such as food banks.",
            "Des réponses communes plus rapides aux incidents et des projets partagés comme des banques alimentaires.",
        ),
        evaluation=(
            "Review by the borough's community team in 2018.",
            "Bilan par l'équipe communautaire de l'arrondissement en 2018.",
        ),
        partners=(
            "Faith organisations, police, schools.",
            "Organisations religieuses, police, écoles.",
        ),
        budget=("Staff time and small grants.", "Temps de personnel et petites subventions."),
        contact=("London Borough of Lewisham.", "Arrondissement londonien de Lewisham."),
        links=("https://lewisham.gov.uk/", "https://lewisham.gov.uk/"),
    ),
    practice(
        "multilingual-disaster-preparedness-hamamatsu",
        ("Multilingual disaster preparedness", "Préparation multilingue aux catastrophes"),
        cities=["hamamatsu"],
        country="JP",
        topics=["public-services", "language", "international-outlook"],
        period=("2012-2020", "2012-2020"),
        first_year=2012,
        last_year=2020,
        images=["reykjavik-waves"],
        purpose=(
            "To make sure foreign residents receive emergency information and know what to do in an earthquake or flood.",
            "Veiller à ce que les résidents étrangers reçoivent les informations d'urgence et sachent quoi faire en cas de séisme ou d'inondation.",
        ),
        rationale=(
            "After the 2011 earthquake many foreign residents had no access to warnings in a language they understood.",
            "Après le séisme de 2011, de nombreux résidents étrangers n'avaient pas accès aux alertes dans une langue qu'ils comprenaient.",
        ),
        process=(
            "Guides in several languages, drills with migrant communities and volunteer interpreters trained for shelters.",
            "Des guides en plusieurs langues, des exercices avec les communautés migrantes et des interprètes bénévoles formés pour les centres d'hébergement.",
        ),
        results=(
            "Most foreign households reached by the guide; volunteers ready in every district.",
            "La plupart des foyers étrangers touchés par le guide ; des bénévoles prêts dans chaque quartier.",
        ),
        evaluation=("Surveys after the drills.", "Enquêtes après les exercices."),
        partners=(
            "International exchange association, fire department.",
            "Association d'échanges internationaux, pompiers.",
        ),
        budget=("Municipal civil protection budget.", "Budget municipal de la protection civile."),
        contact=("City of Hamamatsu.", "Ville de Hamamatsu."),
        links=(
            "https://www.city.hamamatsu.shizuoka.jp/",
            "https://www.city.hamamatsu.shizuoka.jp/",
        ),
    ),
    # Practices still in the hands of the demo coordinator (Lisbon and Oeiras).
    practice(
        "lisbon-neighbourhood-festivals",
        ("Neighbourhood intercultural festivals", "Fêtes interculturelles de quartier"),
        cities=["lisbon"],
        country="PT",
        topics=["neighbourhoods", "cultural-and-social-life"],
        period=("Since 2022", "Depuis 2022"),
        first_year=2022,
        ongoing=True,
        status=DRAFT,
        author="coordinator",
        purpose=(
            "To support residents who organise small festivals mixing the cultures of their neighbourhood.",
            "Soutenir les habitants qui organisent de petites fêtes mêlant les cultures de leur quartier.",
        ),
        process=(
            "A simple application form and small grants; to be completed.",
            "Un formulaire de demande simple et de petites subventions ; à compléter.",
        ),
    ),
    practice(
        "oeiras-welcome-desk",
        ("Welcome desk for newcomers", "Guichet d'accueil des nouveaux arrivants"),
        cities=["oeiras"],
        country="PT",
        topics=["welcoming-newcomers", "public-services"],
        period=("Ongoing since 2019", "En cours depuis 2019"),
        first_year=2019,
        ongoing=True,
        status=SUBMITTED,
        author="coordinator",
        purpose=(
            "To give newcomers one place where they are welcomed, informed and directed to the right services.",
            "Offrir aux nouveaux arrivants un lieu unique où ils sont accueillis, informés et orientés vers les bons services.",
        ),
        rationale=(
            "Newcomers found information scattered across many offices and websites.",
            "Les nouveaux arrivants trouvaient l'information dispersée entre de nombreux bureaux et sites.",
        ),
        process=(
            "A desk in the town hall, open four days a week, with staff trained in intercultural communication.",
            "Un guichet à la mairie, ouvert quatre jours par semaine, avec un personnel formé à la communication interculturelle.",
        ),
        results=("About 1,500 visits a year.", "Environ 1 500 visites par an."),
        contact=("Municipality of Oeiras.", "Municipalité d'Oeiras."),
    ),
    practice(
        "lisbon-multilingual-city-guide",
        ("Multilingual guide to city services", "Guide multilingue des services municipaux"),
        cities=["lisbon"],
        country="PT",
        topics=["language", "public-services"],
        period=("2023-2024", "2023-2024"),
        first_year=2023,
        last_year=2024,
        status=CHANGES_REQUESTED,
        author="coordinator",
        review_comment="Please add the budget and the results of the first year, and describe the partners in French as well.",
        purpose=(
            "A guide to the city's services in eight languages, printed and online.",
            "Un guide des services de la ville en huit langues, imprimé et en ligne.",
        ),
        process=(
            "Written with migrant associations and translated by community volunteers.",
            "Rédigé avec des associations de migrants et traduit par des bénévoles des communautés.",
        ),
        partners=("Migrant associations of Lisbon.", ""),
    ),
]


# --- "contact" helper: the person visitors write to, for some practices -----------------------
# Made-up people at made-up addresses (example.org): the form e-mails them (on the console in
# development). Reykjavik shows no contact at all, to show what "show the contact" off does.
CONTACTS = {
    "participatory-budget-paris": {
        "contact_name": "Claire Dumont",
        "contact_role": (
            "Participatory budget coordinator",
            "Coordinatrice du budget participatif",
        ),
        "contact_organisation": (
            "City of Paris, participatory democracy office",
            "Ville de Paris, service de la démocratie participative",
        ),
        "contact_email": "budget.participatif@paris.example.org",
    },
    "mesclat-sabadell": {
        "contact_name": "Jordi Puig",
        "contact_role": ("Community projects officer", "Chargé des projets associatifs"),
        "contact_organisation": (
            "Sabadell City Council, citizenship department",
            "Mairie de Sabadell, service de la citoyenneté",
        ),
        "contact_email": "mesclat@sabadell.example.org",
    },
    "anti-rumours-strategy-barcelona": {
        "contact_name": "Núria Ferrer",
        "contact_role": ("Head of the anti-rumours network", "Responsable du réseau anti-rumeurs"),
        "contact_organisation": ("Barcelona City Council", "Mairie de Barcelone"),
        "contact_email": "antirumors@barcelona.example.org",
    },
    "oxlo-oslo-extra-large": {
        "contact_name": "Ingrid Hansen",
        "contact_role": ("Diversity adviser", "Conseillère diversité"),
        "contact_organisation": ("City of Oslo", "Ville d'Oslo"),
        "contact_email": "oxlo@oslo.example.org",
    },
    "oeiras-welcome-desk": {
        "contact_name": "Rita Almeida",
        "contact_role": ("Welcome desk manager", "Responsable du guichet d'accueil"),
        "contact_organisation": ("Municipality of Oeiras", "Municipalité d'Oeiras"),
        "contact_email": "acolhimento@oeiras.example.org",
    },
    "centre-of-language-and-literacy-reykjavik": {"show_contact": False},
}


def _with_contact(data):
    contact = CONTACTS.get(data["slug"], {})
    for name, value in contact.items():
        if isinstance(value, tuple):
            data[f"{name}_en"], data[f"{name}_fr"] = value
        else:
            data[name] = value
    return data


PRACTICES = [_with_contact(data) for data in PRACTICES]
# --- end of "contact" -------------------------------------------------------------------------
