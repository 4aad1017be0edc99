"""News items: those of the current site, rewritten, and a few more."""

import datetime

D = datetime.date.fromisoformat

NEWS = [
    {
        "slug": "register-now-icc-coordinators-meeting-braga-vila-verde-2024",
        "date": D("2024-09-16"),
        "title_en": "Register now: annual meeting of ICC coordinators in Braga and Vila Verde",
        "title_fr": "Inscrivez-vous : réunion annuelle des coordinateurs ICC à Braga et Vila Verde",
        "lead_en": "City and network coordinators will meet in person in Braga and Vila Verde (Portugal) on 14-15 November 2024.",
        "lead_fr": "Les coordinateurs des villes et des réseaux se retrouveront à Braga et Vila Verde (Portugal) les 14 et 15 novembre 2024.",
        "body_en": "<p>The yearly gathering of the coordinators of member cities and of the national and regional networks "
        "is an occasion to look back at what the network achieved, to discuss difficulties and the ways cities overcame them, "
        "and to shape next year's programme of work. The Programme Advisory Group will report on its activity.</p>"
        "<p>The host cities will present their own projects and organise field visits, followed by thematic sessions on:</p>"
        "<ul><li>the inclusion of migrant women;</li><li>building trust between communities;</li>"
        "<li>engaging in a reconciliation process.</li></ul>"
        "<p>English and French interpretation is provided for the whole meeting. The draft agenda is attached.</p>",
        "body_fr": "<p>La rencontre annuelle des coordinateurs des villes membres et des réseaux nationaux et régionaux permet "
        "de revenir sur les réalisations du réseau, de discuter des difficultés et des solutions trouvées par les villes, "
        "et de préparer le programme de travail de l'année suivante. Le groupe consultatif du programme présentera ses travaux.</p>"
        "<p>Les villes hôtes présenteront leurs projets et organiseront des visites de terrain, suivies de sessions thématiques sur :</p>"
        "<ul><li>l'inclusion des femmes migrantes ;</li><li>la construction de la confiance entre communautés ;</li>"
        "<li>l'engagement dans un processus de réconciliation.</li></ul>"
        "<p>L'interprétation en anglais et en français est assurée pendant toute la réunion. Le projet d'ordre du jour est joint.</p>",
        "image": "meeting-board",
        "cities": ["braga", "vila-verde"],
        "networks": ["rpci"],
        "events": ["annual-meeting-of-the-intercultural-cities-coordinators-braga-2024"],
        "topics": ["commitment", "international-outlook"],
        "documents": ["draft-agenda-braga-2024"],
        "videos": [],
    },
    {
        "slug": "home-stretch-portuguese-network-2021",
        "date": D("2021-11-05"),
        "title_en": "Home stretch for the Portuguese Network of Intercultural Cities before ending a great year!",
        "title_fr": "Dernière ligne droite pour le Réseau portugais des villes interculturelles avant la fin d'une belle année !",
        "lead_en": "After its 17th coordination meeting, the RPCI prepares two events: a webinar on inclusion influencers and a session on inclusive employers.",
        "lead_fr": "Après sa 17e réunion de coordination, le RPCI prépare deux événements : un webinaire sur les influenceurs de l'inclusion et une session sur les employeurs inclusifs.",
        "body_en": "<p>On 21 October the Portuguese network held its 17th coordination meeting and celebrated with its members "
        "the creation of the RPCI Cooperative, a legal entity that will make the network easier to run. Cities also reviewed "
        "the first results of the year's two actions.</p>"
        "<p>On 18 November a webinar presents <strong>Inclusion influencers</strong>, a pilot action supported by the ICC "
        "programme that uses social media to show children and young people what inclusion brings. It set out to:</p>"
        "<ul><li>identify the beliefs that stand in the way of inclusion;</li>"
        "<li>produce social media content that answers them with the anti-rumours method;</li>"
        "<li>work with young activists and local influencers;</li>"
        "<li>help teachers use the material in class.</li></ul>"
        "<p>On 19 November Oeiras, Loures and Amadora present the final results of the <strong>Inclusive recruitment "
        "project</strong>, funded by an inter-city grant, including a guide written with employers for employers.</p>",
        "body_fr": "<p>Le 21 octobre, le réseau portugais a tenu sa 17e réunion de coordination et célébré avec ses membres la "
        "création de la coopérative RPCI, une entité juridique qui facilitera la gestion du réseau. Les villes ont aussi examiné "
        "les premiers résultats des deux actions de l'année.</p>"
        "<p>Le 18 novembre, un webinaire présente <strong>Influenceurs de l'inclusion</strong>, une action pilote soutenue par "
        "le programme ICC qui utilise les réseaux sociaux pour montrer aux enfants et aux jeunes ce qu'apporte l'inclusion. "
        "Elle visait à :</p>"
        "<ul><li>repérer les croyances qui freinent l'inclusion ;</li>"
        "<li>produire des contenus qui y répondent selon la méthode anti-rumeurs ;</li>"
        "<li>travailler avec de jeunes militants et des influenceurs locaux ;</li>"
        "<li>aider les enseignants à utiliser ces supports en classe.</li></ul>"
        "<p>Le 19 novembre, Oeiras, Loures et Amadora présentent les résultats finaux du <strong>projet de recrutement "
        "inclusif</strong>, financé par une subvention intervilles, dont un guide rédigé avec et pour les employeurs.</p>",
        "image": "network-circles",
        "cities": ["oeiras", "loures", "amadora"],
        "networks": ["rpci"],
        "events": [
            "17th-coordination-meeting-of-the-portuguese-network-of-intercultural-2021",
            "webinar-inclusion-influencers-2021",
            "inclusive-recruitment-project-final-results-2021",
        ],
        "topics": ["anti-rumours", "business-and-the-labour-market", "media-and-communication"],
        "documents": ["rpci-17th-coordination-meeting-report"],
        "videos": [],
    },
    {
        "slug": "didactic-videos-diversity-advantage-2019",
        "date": D("2019-06-20"),
        "title_en": "A series of didactic videos launched by the Intercultural Cities programme on how to make diversity an advantage for all",
        "title_fr": "Une série de vidéos pédagogiques du programme Cités interculturelles pour faire de la diversité un atout pour tous",
        "lead_en": "Short videos for local governments that want to become intercultural, released from World Refugee Day.",
        "lead_fr": "De courtes vidéos pour les collectivités qui veulent devenir interculturelles, diffusées à partir de la Journée mondiale des réfugiés.",
        "body_en": "<p>The programme has started a series of short videos for local governments that wish to adapt their "
        "institutions and services to a diverse population while upholding human rights, democracy and the rule of law. "
        "They answer questions such as:</p>"
        "<ul><li>how can an intercultural approach help refugees put their talents to use?</li>"
        "<li>what can local policies do to respect everyone's dignity?</li>"
        "<li>why does migrant entrepreneurship matter for local development?</li></ul>"
        "<p>The first video, released on World Refugee Day, introduces policy makers and municipal staff to the "
        "intercultural approach to refugee inclusion; a shorter version is meant for the general public.</p>"
        "<p>A report of the latest meeting of the Inclusive Integration Policy Lab, held in Helsinki on 28-29 May 2019, "
        "is also available. The Lab brings national and local authorities together to draft a model inclusive "
        "integration strategy based on Council of Europe standards and on the cities' experience.</p>",
        "body_fr": "<p>Le programme lance une série de courtes vidéos destinées aux collectivités qui souhaitent adapter "
        "leurs institutions et leurs services à une population diverse, dans le respect des droits humains, de la démocratie "
        "et de l'État de droit. Elles répondent à des questions comme :</p>"
        "<ul><li>comment une approche interculturelle aide-t-elle les réfugiés à mettre leurs talents à profit ?</li>"
        "<li>que peuvent faire les politiques locales pour respecter la dignité de chacun ?</li>"
        "<li>pourquoi l'entrepreneuriat des migrants compte-t-il pour le développement local ?</li></ul>"
        "<p>La première vidéo, diffusée lors de la Journée mondiale des réfugiés, présente aux décideurs et aux agents "
        "municipaux l'approche interculturelle de l'inclusion des réfugiés ; une version courte s'adresse au grand public.</p>"
        "<p>Le rapport de la dernière réunion du Laboratoire de politiques d'intégration inclusive, tenue à Helsinki les "
        "28 et 29 mai 2019, est également disponible. Ce laboratoire réunit autorités nationales et locales pour élaborer un "
        "modèle de stratégie d'intégration inclusive fondé sur les normes du Conseil de l'Europe et l'expérience des villes.</p>",
        "image": "video-frames",
        "cities": [],
        "networks": [],
        "events": ["inclusive-integration-policy-lab-meeting-2019"],
        "topics": [
            "welcoming-newcomers",
            "intercultural-intelligence-and-competence",
            "business-and-the-labour-market",
        ],
        "documents": ["policy-lab-helsinki-report"],
        "videos": [
            (
                "https://www.youtube.com/user/CouncilofEurope",
                "Council of Europe video channel",
                "Chaîne vidéo du Conseil de l'Europe",
            ),
        ],
    },
    {
        "slug": "annual-meeting-icc-coordinators-reykjavik-2016",
        "date": D("2016-09-20"),
        "title_en": "Annual meeting of the Intercultural Cities coordinators",
        "title_fr": "Réunion annuelle des coordinateurs des Cités interculturelles",
        "lead_en": "Reykjavik, 15-16 September 2016: the coordinators of the hundred member cities met and approved the ICC Strategy 2016-2019.",
        "lead_fr": "Reykjavik, 15-16 septembre 2016 : les coordinateurs des cent villes membres se sont réunis et ont approuvé la stratégie ICC 2016-2019.",
        "body_en": "<p>Representatives of the hundred member cities, among them Montreal, Haifa and Amman and the newcomers "
        "of 2016 (Rijeka, Paris and Erlangen), discussed the challenges of the current migration situation and how "
        "to build bilateral and multilateral links between cities.</p>"
        "<p>They asked how cities can tell their values and successes, how the programme can prepare them for urgent "
        "challenges, and how to keep political commitment alive when city leadership changes.</p>"
        "<p>The coordinators agreed to celebrate the tenth anniversary of the programme in 2017 and to test new working "
        "methods such as induction courses, communication toolkits and mentoring by pilot cities. They approved the "
        "ICC Strategy 2016-2019 and discussed an inclusive integration policy lab linking local, regional and national levels.</p>",
        "body_fr": "<p>Les représentants des cent villes membres, dont Montréal, Haïfa et Amman ainsi que les nouvelles venues "
        "de 2016 (Rijeka, Paris et Erlangen), ont débattu des défis de la situation migratoire actuelle et des moyens de "
        "créer des liens bilatéraux et multilatéraux entre villes.</p>"
        "<p>Ils se sont demandé comment les villes peuvent faire connaître leurs valeurs et leurs réussites, comment le "
        "programme peut les préparer aux défis urgents et comment maintenir l'engagement politique lorsque les équipes "
        "municipales changent.</p>"
        "<p>Les coordinateurs ont convenu de célébrer les dix ans du programme en 2017 et d'expérimenter de nouvelles "
        "méthodes de travail : cours d'initiation, boîtes à outils de communication, tutorat par les villes pilotes. Ils ont "
        "approuvé la stratégie ICC 2016-2019 et discuté d'un laboratoire de politiques d'intégration inclusive reliant les "
        "niveaux local, régional et national.</p>",
        "image": "reykjavik-waves",
        "cities": ["reykjavik", "montreal", "haifa", "amman", "rijeka", "paris", "erlangen"],
        "networks": [],
        "events": ["annual-meeting-of-the-intercultural-cities-coordinators-2016"],
        "topics": ["commitment", "international-outlook"],
        "documents": ["icc-strategy-2016-2019"],
        "videos": [],
    },
    {
        "slug": "rijeka-paris-erlangen-join-2016",
        "date": D("2016-05-10"),
        "title_en": "Rijeka, Paris and Erlangen join the Intercultural Cities network",
        "title_fr": "Rijeka, Paris et Erlangen rejoignent le réseau des Cités interculturelles",
        "lead_en": "Three new members bring the network to about one hundred cities.",
        "lead_fr": "Trois nouveaux membres portent le réseau à une centaine de villes.",
        "body_en": "<p>The port city of Rijeka, the French capital and the Bavarian university city of Erlangen have "
        "joined the programme. Each will take part in the ICC Index and share its practices with the network.</p>",
        "body_fr": "<p>La ville portuaire de Rijeka, la capitale française et la ville universitaire bavaroise d'Erlangen "
        "ont rejoint le programme. Chacune participera à l'Indice ICC et partagera ses pratiques avec le réseau.</p>",
        "image": "city-mosaic",
        "cities": ["rijeka", "paris", "erlangen"],
        "networks": [],
        "events": [],
        "topics": ["international-outlook"],
        "documents": [],
        "videos": [],
    },
    {
        "slug": "lisbon-index-results-2019",
        "date": D("2019-10-02"),
        "title_en": "Lisbon's Intercultural Cities Index results published",
        "title_fr": "Publication des résultats de Lisbonne à l'Indice des Cités interculturelles",
        "lead_en": "The Index report highlights Lisbon's strengths in public services and mediation.",
        "lead_fr": "Le rapport de l'Indice souligne les points forts de Lisbonne en matière de services publics et de médiation.",
        "body_en": "<p>The report compares Lisbon with cities of similar size and diversity and recommends stronger links "
        "between the city's intercultural plan and its economic development strategy.</p>",
        "body_fr": "<p>Le rapport compare Lisbonne à des villes de taille et de diversité comparables et recommande de mieux "
        "relier le plan interculturel de la ville à sa stratégie de développement économique.</p>",
        "image": "city-mosaic",
        "cities": ["lisbon"],
        "networks": ["rpci"],
        "events": [],
        "topics": ["public-services", "mediation-and-conflict-resolution"],
        "documents": ["lisbon-index-report-2019"],
        "videos": [],
    },
    {
        "slug": "rpci-annual-report-2023",
        "date": D("2024-03-12"),
        "title_en": "The Portuguese network publishes its 2023 annual report",
        "title_fr": "Le réseau portugais publie son rapport annuel 2023",
        "lead_en": "Eight municipalities, two joint projects and a growing cooperative: a look back at the RPCI's year.",
        "lead_fr": "Huit municipalités, deux projets communs et une coopérative qui grandit : retour sur l'année du RPCI.",
        "body_en": "<p>The report describes the network's training for municipal staff, its anti-rumours work with schools "
        "and the welcome of Vila Verde's first intercultural plan.</p>",
        "body_fr": "<p>Le rapport présente les formations du réseau pour le personnel municipal, son travail anti-rumeurs avec "
        "les écoles et l'adoption du premier plan interculturel de Vila Verde.</p>",
        "image": "network-circles",
        "cities": ["vila-verde"],
        "networks": ["rpci"],
        "events": [],
        "topics": ["anti-rumours", "education"],
        "documents": ["rpci-annual-report-2023"],
        "videos": [],
    },
    {
        "slug": "save-the-date-coordinators-meeting-2027",
        "date": D("2026-11-02"),
        "title_en": "Save the date: the 2027 coordinators' meeting will take place in Bergen",
        "title_fr": "À vos agendas : la réunion des coordinateurs 2027 aura lieu à Bergen",
        "lead_en": "Bergen will host the annual meeting of the Intercultural Cities coordinators on 6-7 October 2027.",
        "lead_fr": "Bergen accueillera la réunion annuelle des coordinateurs des Cités interculturelles les 6 et 7 octobre 2027.",
        "body_en": "<p>Registration opens in the spring. Before then, a webinar on anti-rumours strategies in the age of "
        "social media takes place on 10 December 2026, and a study visit on multilingualism in schools in Reykjavik "
        "on 21-22 April 2027.</p>",
        "body_fr": "<p>Les inscriptions ouvriront au printemps. D'ici là, un webinaire sur les stratégies anti-rumeurs à l'ère "
        "des réseaux sociaux aura lieu le 10 décembre 2026, ainsi qu'une visite d'étude sur le multilinguisme à l'école à "
        "Reykjavik les 21 et 22 avril 2027.</p>",
        "image": "reykjavik-waves",
        "cities": ["bergen", "reykjavik"],
        "networks": ["norwegian-network"],
        "events": [
            "annual-meeting-of-the-intercultural-cities-coordinators-bergen-2027",
            "webinar-anti-rumours-strategies-in-the-age-of-social-media-2026",
            "study-visit-on-multilingualism-in-schools-2027",
        ],
        "topics": ["anti-rumours", "language"],
        "documents": [],
        "videos": [],
    },
]
