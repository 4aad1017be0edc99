"""The programme's own pages: about, how to join, the ICC Index, contact and the legal notices.

Written for the demo in English and French; the facts (the Council of Europe, the programme's
start in 2008, the secretariat's address in Strasbourg) are public. No membership fee or other
figure is given where the secretariat decides case by case.
"""

CONTACT_EMAIL = "intercultural.cities@coe.int"
POSTAL_ADDRESS_EN = (
    "Intercultural Cities programme<br>Council of Europe<br>Avenue de l'Europe<br>"
    "F-67075 Strasbourg Cedex<br>France"
)
POSTAL_ADDRESS_FR = (
    "Programme des Cités interculturelles<br>Conseil de l'Europe<br>Avenue de l'Europe<br>"
    "F-67075 Strasbourg Cedex<br>France"
)

PAGES = [
    {
        "slug": "about-the-programme",
        "role": "about",
        "position": 10,
        "show_in_menu": True,
        "show_in_footer": True,
        "title_en": "About the Intercultural Cities programme",
        "title_fr": "À propos du programme des Cités interculturelles",
        "menu_title_en": "About the programme",
        "menu_title_fr": "À propos du programme",
        "summary_en": "Since 2008 the Council of Europe has helped cities turn the diversity of "
        "their people into an advantage for everyone, through policies built on equality, "
        "interaction and participation.",
        "summary_fr": "Depuis 2008, le Conseil de l'Europe aide les villes à faire de la diversité "
        "de leurs habitants un atout pour toutes et tous, grâce à des politiques fondées sur "
        "l'égalité, l'interaction et la participation.",
        "body_en": "<p>Intercultural Cities (ICC) is a programme of the Council of Europe. It "
        "started in 2008 as a pilot with a handful of European cities and has grown into a "
        "network of about 150 cities in Europe and on other continents, from small towns to "
        "capitals, together with national and regional networks that bring cities of the same "
        "country together.</p>"
        "<h2>The intercultural integration model</h2>"
        "<p>Member cities share one idea: a city does better when it manages diversity as a "
        "resource rather than a problem. The model they follow rests on three principles:</p>"
        "<ul><li><strong>Equality</strong>: everyone, whatever their origin, has the same rights "
        "and opportunities, and discrimination is actively fought;</li>"
        "<li><strong>Diversity as an advantage</strong>: the skills, languages and connections "
        "that residents bring are recognised and used for the good of the whole city;</li>"
        "<li><strong>Interaction</strong>: policies create places and occasions where people of "
        "different backgrounds meet, talk and work together, and where conflicts are dealt with "
        "openly.</li></ul>"
        "<p>Active citizenship and participation complete the model: newcomers and long-standing "
        "residents alike take part in the decisions that shape their city.</p>"
        "<h2>What the programme offers</h2>"
        "<ul><li>An assessment of each city's policies with the ICC Index, and advice on how to "
        "improve them;</li>"
        "<li>Expert visits, study visits and thematic meetings where cities learn from one "
        "another;</li>"
        "<li>Guides, policy briefs and a collection of good practices written by the cities "
        "themselves;</li>"
        "<li>Support for national and regional networks of intercultural cities.</li></ul>"
        "<p>The programme is run by a secretariat at the Council of Europe in Strasbourg and is "
        "guided by the Council of Europe's standards on human rights, democracy and the rule of "
        "law.</p>",
        "body_fr": "<p>Les Cités interculturelles (ICC) sont un programme du Conseil de l'Europe. "
        "Lancé en 2008 sous la forme d'un projet pilote avec quelques villes européennes, il "
        "réunit aujourd'hui environ 150 villes en Europe et sur d'autres continents, des petites "
        "communes aux capitales, ainsi que des réseaux nationaux et régionaux qui rassemblent les "
        "villes d'un même pays.</p>"
        "<h2>Le modèle d'intégration interculturelle</h2>"
        "<p>Les villes membres partagent une même conviction : une ville se porte mieux "
        "lorsqu'elle considère la diversité comme une ressource plutôt que comme un problème. Le "
        "modèle qu'elles suivent repose sur trois principes :</p>"
        "<ul><li><strong>l'égalité</strong> : chacun, quelle que soit son origine, a les mêmes "
        "droits et les mêmes chances, et les discriminations sont activement combattues ;</li>"
        "<li><strong>la diversité comme avantage</strong> : les compétences, les langues et les "
        "relations qu'apportent les habitants sont reconnues et mises au service de toute la "
        "ville ;</li>"
        "<li><strong>l'interaction</strong> : les politiques créent des lieux et des occasions "
        "où des personnes d'horizons différents se rencontrent, échangent et travaillent "
        "ensemble, et où les conflits sont traités ouvertement.</li></ul>"
        "<p>La citoyenneté active et la participation complètent le modèle : les nouveaux "
        "arrivants comme les habitants de longue date prennent part aux décisions qui "
        "façonnent leur ville.</p>"
        "<h2>Ce que propose le programme</h2>"
        "<ul><li>une évaluation des politiques de chaque ville avec l'Index ICC, et des conseils "
        "pour les améliorer ;</li>"
        "<li>des visites d'experts, des visites d'étude et des réunions thématiques où les "
        "villes apprennent les unes des autres ;</li>"
        "<li>des guides, des notes d'orientation et un recueil de bonnes pratiques rédigées par "
        "les villes elles-mêmes ;</li>"
        "<li>un soutien aux réseaux nationaux et régionaux de villes interculturelles.</li></ul>"
        "<p>Le programme est animé par un secrétariat installé au Conseil de l'Europe, à "
        "Strasbourg, et s'appuie sur les normes du Conseil de l'Europe en matière de droits "
        "humains, de démocratie et d'État de droit.</p>",
    },
    {
        "slug": "how-to-join",
        "role": "join",
        "position": 20,
        "show_in_menu": True,
        "show_in_footer": True,
        "title_en": "How to join the network",
        "title_fr": "Comment rejoindre le réseau",
        "menu_title_en": "How to join",
        "menu_title_fr": "Adhérer",
        "summary_en": "Any city or local authority committed to intercultural inclusion may "
        "join, directly or through its country's network. Here are the steps, from the first "
        "letter to the city's intercultural strategy.",
        "summary_fr": "Toute ville ou collectivité locale engagée pour l'inclusion "
        "interculturelle peut adhérer, directement ou par le réseau de son pays. Voici les "
        "étapes, de la première lettre à la stratégie interculturelle de la ville.",
        "body_en": "<p>Membership is open to cities and other local authorities, in Council of "
        "Europe member states and beyond, that want to build their policies on the intercultural "
        "model. Joining is a political commitment of the city as a whole, not only of one "
        "department.</p>"
        "<h2>The steps</h2>"
        "<ol><li><strong>Get in touch.</strong> Write to the secretariat to present your city, "
        "its population and what it already does. We will explain what membership involves and "
        "answer your questions.</li>"
        "<li><strong>Send a letter of intent.</strong> The mayor (or the head of the local "
        "authority) confirms in writing that the city subscribes to the principles of the "
        "programme and names a coordinator who will be the secretariat's contact.</li>"
        "<li><strong>Sign the membership agreement.</strong> It sets out what the city and the "
        "programme undertake to do. Members pay a yearly contribution whose amount depends on "
        "the city and on how it joins; the secretariat tells each candidate city the amount that "
        "applies to it.</li>"
        "<li><strong>Take the ICC Index.</strong> In its first year the city answers the Index "
        "questionnaire, which gives a picture of its policies and a starting point for "
        "improvement.</li>"
        "<li><strong>Welcome the experts.</strong> An expert visit meets elected officials, "
        "staff and residents, and recommends priorities.</li>"
        "<li><strong>Adopt a strategy.</strong> With that advice, the city writes or updates its "
        "intercultural strategy and action plan, and shares its results with the network.</li>"
        "</ol>"
        "<h2>Joining through a national network</h2>"
        "<p>In several countries, cities join through a national or regional network of "
        "intercultural cities, which organises activities in the country's language and "
        "coordinates with the programme. Look at the list of networks to see whether one exists "
        "in your country.</p>"
        '<p>Any question? Write to <a href="mailto:intercultural.cities@coe.int">'
        "intercultural.cities@coe.int</a>.</p>",
        "body_fr": "<p>L'adhésion est ouverte aux villes et autres collectivités locales, dans "
        "les États membres du Conseil de l'Europe et au-delà, qui souhaitent fonder leurs "
        "politiques sur le modèle interculturel. Adhérer est un engagement politique de toute la "
        "ville, et pas seulement d'un service.</p>"
        "<h2>Les étapes</h2>"
        "<ol><li><strong>Prenez contact.</strong> Écrivez au secrétariat pour présenter votre "
        "ville, sa population et ce qu'elle fait déjà. Nous vous expliquerons ce qu'implique "
        "l'adhésion et répondrons à vos questions.</li>"
        "<li><strong>Envoyez une lettre d'intention.</strong> Le maire (ou le responsable de la "
        "collectivité) confirme par écrit que la ville adhère aux principes du programme et "
        "désigne un coordinateur, interlocuteur du secrétariat.</li>"
        "<li><strong>Signez l'accord d'adhésion.</strong> Il précise les engagements de la ville "
        "et du programme. Les membres versent une contribution annuelle dont le montant dépend de "
        "la ville et de son mode d'adhésion ; le secrétariat indique à chaque ville candidate le "
        "montant qui la concerne.</li>"
        "<li><strong>Répondez à l'Index ICC.</strong> Au cours de sa première année, la ville "
        "remplit le questionnaire de l'Index, qui dresse un tableau de ses politiques et sert de "
        "point de départ pour les améliorer.</li>"
        "<li><strong>Accueillez les experts.</strong> Une visite d'experts rencontre les élus, "
        "les services et les habitants, et recommande des priorités.</li>"
        "<li><strong>Adoptez une stratégie.</strong> À partir de ces conseils, la ville rédige ou "
        "met à jour sa stratégie interculturelle et son plan d'action, et partage ses résultats "
        "avec le réseau.</li></ol>"
        "<h2>Adhérer par un réseau national</h2>"
        "<p>Dans plusieurs pays, les villes adhèrent par l'intermédiaire d'un réseau national "
        "ou régional de villes interculturelles, qui organise des activités dans la langue du "
        "pays et assure la coordination avec le programme. Consultez la liste des réseaux pour "
        "savoir s'il en existe un dans votre pays.</p>"
        '<p>Une question ? Écrivez à <a href="mailto:intercultural.cities@coe.int">'
        "intercultural.cities@coe.int</a>.</p>",
    },
    {
        "slug": "icc-index",
        "role": "index",
        "position": 30,
        "show_in_menu": True,
        "show_in_footer": True,
        "title_en": "The Intercultural Cities Index",
        "title_fr": "L'Index des Cités interculturelles",
        "menu_title_en": "The ICC Index",
        "menu_title_fr": "L'Index ICC",
        "summary_en": "The ICC Index is the programme's policy assessment tool: a questionnaire "
        "on a city's policies, scored area by area and compared with cities of a similar size "
        "and diversity.",
        "summary_fr": "L'Index ICC est l'outil d'évaluation des politiques du programme : un "
        "questionnaire sur les politiques d'une ville, noté domaine par domaine et comparé à des "
        "villes de taille et de diversité comparables.",
        "body_en": "<p>The Intercultural Cities Index helps a city see how far its policies "
        "follow the intercultural model, where it is strong and what it could do next. It is a "
        "tool for learning, not a ranking: each city is compared with itself over time and with "
        "cities that resemble it.</p>"
        "<h2>How it works</h2>"
        "<ol><li>The city's coordinator gathers answers to the Index questionnaire from the "
        "departments concerned: policies, services, data and how residents take part.</li>"
        "<li>The secretariat and its experts check the answers, ask for details where needed "
        "and compute a score for each policy area.</li>"
        "<li>The city receives a report with its results, the practices of other cities that "
        "could inspire it, and recommendations.</li></ol>"
        "<p>Cities take the Index again every few years to measure their progress.</p>"
        "<h2>The policy areas</h2>"
        "<p>The questionnaire looks at the whole of a city's action, including:</p>"
        "<ul><li>the city's commitment and leadership;</li>"
        "<li>education, neighbourhoods and public services;</li>"
        "<li>business and the labour market;</li>"
        "<li>cultural and social life, and public space;</li>"
        "<li>mediation and conflict resolution;</li>"
        "<li>language, media and communication;</li>"
        "<li>the city's international outlook;</li>"
        "<li>intercultural competence and the welcome of newcomers;</li>"
        "<li>anti-discrimination and participation.</li></ul>"
        "<h2>The results</h2>"
        "<p>Each member city's Index report is published, in English and often in the city's "
        "language too: you will find it on the city's page, with its documents. The results of "
        "all cities together show the strengths of the network and the areas where cities need "
        "more support, which shape the programme's work.</p>",
        "body_fr": "<p>L'Index des Cités interculturelles aide une ville à mesurer dans quelle "
        "mesure ses politiques suivent le modèle interculturel, à repérer ses points forts et à "
        "voir ce qu'elle pourrait faire ensuite. C'est un outil d'apprentissage, pas un "
        "classement : chaque ville est comparée à elle-même dans le temps et à des villes qui lui "
        "ressemblent.</p>"
        "<h2>Comment il fonctionne</h2>"
        "<ol><li>Le coordinateur de la ville rassemble les réponses au questionnaire de l'Index "
        "auprès des services concernés : politiques, services, données et participation des "
        "habitants.</li>"
        "<li>Le secrétariat et ses experts vérifient les réponses, demandent des précisions si "
        "nécessaire et calculent une note pour chaque domaine.</li>"
        "<li>La ville reçoit un rapport présentant ses résultats, des pratiques d'autres villes "
        "susceptibles de l'inspirer et des recommandations.</li></ol>"
        "<p>Les villes repassent l'Index régulièrement, tous les quelques ans, pour mesurer "
        "leurs progrès.</p>"
        "<h2>Les domaines évalués</h2>"
        "<p>Le questionnaire couvre l'ensemble de l'action d'une ville, notamment :</p>"
        "<ul><li>l'engagement et le leadership de la ville ;</li>"
        "<li>l'éducation, les quartiers et les services publics ;</li>"
        "<li>l'entreprise et le marché du travail ;</li>"
        "<li>la vie culturelle et sociale, et l'espace public ;</li>"
        "<li>la médiation et la résolution des conflits ;</li>"
        "<li>la langue, les médias et la communication ;</li>"
        "<li>l'ouverture internationale de la ville ;</li>"
        "<li>la compétence interculturelle et l'accueil des nouveaux arrivants ;</li>"
        "<li>la lutte contre les discriminations et la participation.</li></ul>"
        "<h2>Les résultats</h2>"
        "<p>Le rapport de l'Index de chaque ville membre est publié, en anglais et souvent aussi "
        "dans la langue de la ville : vous le trouverez sur la page de la ville, avec ses "
        "documents. L'ensemble des résultats montre les forces du réseau et les domaines où les "
        "villes ont besoin de davantage de soutien, ce qui oriente le travail du programme.</p>",
    },
    {
        "slug": "contact",
        "role": "contact",
        "position": 40,
        "show_in_menu": True,
        "show_in_footer": True,
        "title_en": "Contact the secretariat",
        "title_fr": "Contacter le secrétariat",
        "menu_title_en": "Contact",
        "menu_title_fr": "Contact",
        "summary_en": "The Intercultural Cities secretariat at the Council of Europe in "
        "Strasbourg answers questions from cities, networks, researchers and the press.",
        "summary_fr": "Le secrétariat des Cités interculturelles, au Conseil de l'Europe à "
        "Strasbourg, répond aux questions des villes, des réseaux, des chercheurs et de la "
        "presse.",
        "body_en": "<h2>By e-mail</h2>"
        f'<p><a href="mailto:{CONTACT_EMAIL}">{CONTACT_EMAIL}</a></p>'
        "<p>Please tell us which city or organisation you write for, and in which language you "
        "would like an answer (English or French).</p>"
        "<h2>By post</h2>"
        f"<p>{POSTAL_ADDRESS_EN}</p>"
        "<h2>Which questions we answer</h2>"
        "<ul><li>Membership and the steps to join;</li>"
        "<li>The ICC Index and the reports of member cities;</li>"
        "<li>Events, study visits and the meetings of coordinators;</li>"
        "<li>Good practices: city coordinators submit theirs from their workspace on this "
        "site;</li>"
        "<li>The accessibility of this site and the personal data it keeps.</li></ul>"
        "<p>For questions about a member city's own projects, the city's coordinator is the "
        "best contact: the city's page names its website.</p>",
        "body_fr": "<h2>Par courriel</h2>"
        f'<p><a href="mailto:{CONTACT_EMAIL}">{CONTACT_EMAIL}</a></p>'
        "<p>Merci de nous indiquer pour quelle ville ou organisation vous écrivez, et dans "
        "quelle langue vous souhaitez une réponse (anglais ou français).</p>"
        "<h2>Par courrier</h2>"
        f"<p>{POSTAL_ADDRESS_FR}</p>"
        "<h2>Les questions auxquelles nous répondons</h2>"
        "<ul><li>l'adhésion et ses étapes ;</li>"
        "<li>l'Index ICC et les rapports des villes membres ;</li>"
        "<li>les événements, les visites d'étude et les réunions des coordinateurs ;</li>"
        "<li>les bonnes pratiques : les coordinateurs des villes soumettent les leurs depuis "
        "leur espace sur ce site ;</li>"
        "<li>l'accessibilité de ce site et les données personnelles qu'il conserve.</li></ul>"
        "<p>Pour les projets d'une ville membre, le mieux est de vous adresser à son "
        "coordinateur : la page de la ville indique son site web.</p>",
    },
    {
        "slug": "legal-notice",
        "role": "legal",
        "position": 50,
        "show_in_menu": False,
        "show_in_footer": True,
        "title_en": "Legal notice",
        "title_fr": "Mentions légales",
        "menu_title_en": "Legal notice",
        "menu_title_fr": "Mentions légales",
        "summary_en": "Who publishes this site, how its content may be reused, and the limits "
        "of the Council of Europe's responsibility for it.",
        "summary_fr": "Qui publie ce site, comment réutiliser son contenu, et les limites de la "
        "responsabilité du Conseil de l'Europe à son égard.",
        "body_en": "<h2>Publisher</h2>"
        "<p>This site is published by the Intercultural Cities programme of the Council of "
        "Europe, an international organisation whose seat is in Strasbourg:</p>"
        f"<p>{POSTAL_ADDRESS_EN}</p>"
        f'<p>E-mail: <a href="mailto:{CONTACT_EMAIL}">{CONTACT_EMAIL}</a></p>'
        "<p>The head of the Intercultural Cities unit is responsible for its content. The "
        "secretariat can give the details of the site's host on request.</p>"
        "<h2>Content written by cities</h2>"
        "<p>Descriptions of good practices are written by the coordinators of member cities "
        "and reviewed by the secretariat before they are published. They express the views of "
        "the cities concerned, not necessarily those of the Council of Europe.</p>"
        "<h2>Reusing the content</h2>"
        "<p>Texts may be reproduced for non-commercial purposes, provided the source is named "
        '("Council of Europe, Intercultural Cities") and the text is not altered. Photographs '
        "and documents remain the property of their authors, named in their credits: ask them "
        "before any reuse. The lists of cities, networks, events, news and practices are also "
        "offered as open data, whose terms are given on the open data page.</p>"
        "<h2>Links</h2>"
        "<p>Links to other sites are given for information; the Council of Europe is not "
        "responsible for their content.</p>"
        "<h2>Privileges and immunities</h2>"
        "<p>Nothing on this site may be read as a waiver of the privileges and immunities of "
        "the Council of Europe.</p>",
        "body_fr": "<h2>Éditeur</h2>"
        "<p>Ce site est publié par le programme des Cités interculturelles du Conseil de "
        "l'Europe, organisation internationale dont le siège est à Strasbourg :</p>"
        f"<p>{POSTAL_ADDRESS_FR}</p>"
        f'<p>Courriel : <a href="mailto:{CONTACT_EMAIL}">{CONTACT_EMAIL}</a></p>'
        "<p>Le chef de l'unité des Cités interculturelles est responsable de son contenu. Le "
        "secrétariat communique sur demande les coordonnées de l'hébergeur du site.</p>"
        "<h2>Contenus rédigés par les villes</h2>"
        "<p>Les descriptions de bonnes pratiques sont rédigées par les coordinateurs des "
        "villes membres et relues par le secrétariat avant leur publication. Elles expriment le "
        "point de vue des villes concernées et pas nécessairement celui du Conseil de "
        "l'Europe.</p>"
        "<h2>Réutilisation des contenus</h2>"
        "<p>Les textes peuvent être reproduits à des fins non commerciales, à condition d'en "
        "citer la source (« Conseil de l'Europe, Cités interculturelles ») et de ne pas les "
        "modifier. Les photographies et les documents restent la propriété de leurs auteurs, "
        "cités dans leurs crédits : demandez-leur l'autorisation avant toute réutilisation. Les "
        "listes de villes, de réseaux, d'événements, d'actualités et de pratiques sont aussi "
        "proposées en données ouvertes, selon les conditions indiquées sur la page des données "
        "ouvertes.</p>"
        "<h2>Liens</h2>"
        "<p>Les liens vers d'autres sites sont donnés à titre d'information ; le Conseil de "
        "l'Europe n'est pas responsable de leur contenu.</p>"
        "<h2>Privilèges et immunités</h2>"
        "<p>Rien sur ce site ne peut être interprété comme une renonciation aux privilèges et "
        "immunités du Conseil de l'Europe.</p>",
    },
    {
        "slug": "privacy",
        "role": "privacy",
        "position": 60,
        "show_in_menu": False,
        "show_in_footer": True,
        "title_en": "Privacy and cookies",
        "title_fr": "Vie privée et cookies",
        "menu_title_en": "Privacy",
        "menu_title_fr": "Vie privée",
        "summary_en": "Reading this site leaves no trace beyond what a web server needs: no "
        "tracking, no advertising, no third-party content. Here is what is stored, and why.",
        "summary_fr": "Lire ce site ne laisse aucune trace au-delà de ce dont un serveur web a "
        "besoin : ni pistage, ni publicité, ni contenu de tiers. Voici ce qui est conservé, et "
        "pourquoi.",
        "body_en": "<h2>If you read the site</h2>"
        "<p>The site sets no cookie when you read it, uses no audience measurement, no "
        "advertising and no social network buttons, and loads nothing from other sites: fonts, "
        "pictures and scripts all come from this site. Videos are offered as links to the video "
        "platform, which applies its own privacy rules only if you follow them.</p>"
        "<p>Like every web server, ours receives your address (IP) with each request; it is "
        "used to protect the site against abuse, for instance to limit repeated searches or "
        "sign-in attempts.</p>"
        "<h2>Cookies</h2>"
        '<table><thead><tr><th scope="col">Cookie</th><th scope="col">Purpose</th>'
        '<th scope="col">When</th></tr></thead><tbody>'
        "<tr><td>sessionid</td><td>Keeps you signed in</td><td>Only for city coordinators and "
        "the secretariat, once signed in; removed when you sign out</td></tr>"
        "<tr><td>csrftoken</td><td>Protects forms against forgery</td><td>When a page shows a "
        "form, such as the sign-in page</td></tr>"
        "<tr><td>django_language</td><td>Remembers the language you chose</td><td>Only if you "
        "choose a language through the site's language selection; the language is otherwise "
        "part of each page's address (/en/, /fr/)</td></tr></tbody></table>"
        "<p>These cookies are needed for the site to work and do not require your consent. "
        "None is used to follow you. The text size you choose with the page tools is kept in "
        "your own browser only and is never sent to us.</p>"
        "<h2>If you have an account</h2>"
        "<p>For city coordinators and the secretariat, the site keeps the account's name, "
        "e-mail address, preferred language and the cities it looks after, as well as the "
        "history of the good practices written and reviewed (who changed what, and when). "
        "Failed sign-in attempts are recorded with their address to lock out password "
        "guessing.</p>"
        "<h2>Your rights</h2>"
        "<p>The Council of Europe protects personal data under its own rules. You may ask to "
        "see, correct or delete the data about you by writing to "
        f'<a href="mailto:{CONTACT_EMAIL}">{CONTACT_EMAIL}</a>. If our answer does not '
        "satisfy you, you may turn to the Council of Europe's Data Protection Commissioner.</p>",
        "body_fr": "<h2>Si vous lisez le site</h2>"
        "<p>Le site ne dépose aucun cookie lorsque vous le lisez, n'utilise ni mesure "
        "d'audience, ni publicité, ni boutons de réseaux sociaux, et ne charge rien depuis "
        "d'autres sites : polices, images et scripts proviennent tous de ce site. Les vidéos "
        "sont proposées sous forme de liens vers la plateforme vidéo, dont les règles de "
        "confidentialité ne s'appliquent que si vous les suivez.</p>"
        "<p>Comme tout serveur web, le nôtre reçoit votre adresse (IP) à chaque requête ; elle "
        "sert à protéger le site contre les abus, par exemple pour limiter les recherches ou les "
        "tentatives de connexion répétées.</p>"
        "<h2>Cookies</h2>"
        '<table><thead><tr><th scope="col">Cookie</th><th scope="col">Rôle</th>'
        '<th scope="col">Quand</th></tr></thead><tbody>'
        "<tr><td>sessionid</td><td>Vous garde connecté</td><td>Uniquement pour les "
        "coordinateurs des villes et le secrétariat, une fois connectés ; supprimé à la "
        "déconnexion</td></tr>"
        "<tr><td>csrftoken</td><td>Protège les formulaires contre la falsification</td>"
        "<td>Lorsqu'une page affiche un formulaire, comme la page de connexion</td></tr>"
        "<tr><td>django_language</td><td>Retient la langue choisie</td><td>Uniquement si vous "
        "choisissez une langue par le sélecteur de langue du site ; sinon la langue fait partie "
        "de l'adresse de chaque page (/en/, /fr/)</td></tr></tbody></table>"
        "<p>Ces cookies sont nécessaires au fonctionnement du site et ne requièrent pas votre "
        "consentement. Aucun ne sert à vous suivre. La taille de texte choisie avec les outils "
        "de la page est conservée dans votre seul navigateur et ne nous est jamais envoyée.</p>"
        "<h2>Si vous avez un compte</h2>"
        "<p>Pour les coordinateurs des villes et le secrétariat, le site conserve le nom du "
        "compte, l'adresse électronique, la langue préférée et les villes suivies, ainsi que "
        "l'historique des bonnes pratiques rédigées et relues (qui a modifié quoi, et quand). "
        "Les tentatives de connexion échouées sont enregistrées avec leur adresse afin de "
        "bloquer les essais de mots de passe.</p>"
        "<h2>Vos droits</h2>"
        "<p>Le Conseil de l'Europe protège les données personnelles selon ses propres règles. "
        "Vous pouvez demander à consulter, corriger ou effacer les données vous concernant en "
        f'écrivant à <a href="mailto:{CONTACT_EMAIL}">{CONTACT_EMAIL}</a>. Si notre réponse '
        "ne vous satisfait pas, vous pouvez vous adresser au Commissaire à la protection des "
        "données du Conseil de l'Europe.</p>",
    },
    {
        "slug": "accessibility-statement",
        "role": "accessibility",
        "position": 70,
        "show_in_menu": False,
        "show_in_footer": True,
        "title_en": "Accessibility statement",
        "title_fr": "Déclaration d'accessibilité",
        "menu_title_en": "Accessibility",
        "menu_title_fr": "Accessibilité",
        "summary_en": "How accessible this site is, what is not accessible yet, and how to tell "
        "us about a barrier.",
        "summary_fr": "Le niveau d'accessibilité de ce site, ce qui n'est pas encore accessible, "
        "et comment nous signaler un obstacle.",
        "body_en": "<p>The Council of Europe wants everyone to be able to use the Intercultural "
        "Cities site, whatever their abilities and whatever device they use. This statement "
        "follows the model of the European Union's Web Accessibility Directive (Directive (EU) "
        "2016/2102) and applies to the whole public site, in English and in French.</p>"
        "<h2>Compliance status</h2>"
        "<p>The site is <strong>partially compliant</strong> with the Web Content Accessibility "
        "Guidelines (WCAG) 2.1, level AA, and with the European standard EN 301 549, because of "
        "the exceptions listed below.</p>"
        "<h2>Non-accessible content</h2>"
        "<ul><li>Some PDF documents (agendas, reports, older Index reports) were produced "
        "before the programme required accessible documents: they may lack headings or "
        "descriptions of their charts (WCAG 1.1.1, 1.3.1). Ask us for an accessible version of "
        "any document.</li>"
        "<li>Videos are published on an external platform and some have no captions or no "
        "captions in French (WCAG 1.2.2).</li>"
        "<li>Some good practices and news items exist in English only; they are shown with a "
        "note and marked as English, so that screen readers read them in the right language.</li>"
        "</ul>"
        "<h2>What we do</h2>"
        "<ul><li>Every type of page is checked automatically for the WCAG 2.1 A and AA rules, "
        "in both languages, on phone and desktop screens, each time the site changes;</li>"
        "<li>Every page can be used with a keyboard alone and without JavaScript;</li>"
        "<li>Text can be enlarged to 200% without loss of content.</li></ul>"
        "<h2>Preparation of this statement</h2>"
        "<p>This statement was prepared on 30 November 2026. It rests on a self-assessment by "
        "the secretariat: automated tests with axe-core and manual checks with a keyboard and "
        "screen readers. It is reviewed whenever the site changes significantly; the date of "
        "its last update is shown below.</p>"
        "<h2>Feedback and contact</h2>"
        "<p>If you meet a barrier on this site, or need a document in an accessible format, "
        f'write to <a href="mailto:{CONTACT_EMAIL}">{CONTACT_EMAIL}</a> or to:</p>'
        f"<p>{POSTAL_ADDRESS_EN}</p>"
        "<p>Please tell us the address of the page and what did not work. We will answer as "
        "soon as we can, and in any case within one month.</p>"
        "<h2>Enforcement procedure</h2>"
        "<p>The Council of Europe is an international organisation: the national bodies that "
        "enforce the directive in the member states of the European Union have no authority "
        "over it. If our answer does not satisfy you, write again to the same address and ask "
        "for your request to be reviewed by the head of the Intercultural Cities unit, who will "
        "answer you in writing. You may also inform the body that enforces accessibility rules "
        "in your country (in France, the Défenseur des droits).</p>",
        "body_fr": "<p>Le Conseil de l'Europe souhaite que chacun puisse utiliser le site des "
        "Cités interculturelles, quelles que soient ses capacités et quel que soit l'appareil "
        "utilisé. Cette déclaration suit le modèle de la directive de l'Union européenne sur "
        "l'accessibilité des sites web (directive (UE) 2016/2102) et s'applique à tout le site "
        "public, en anglais et en français.</p>"
        "<h2>État de conformité</h2>"
        "<p>Le site est <strong>partiellement conforme</strong> aux règles pour "
        "l'accessibilité des contenus web (WCAG) 2.1, niveau AA, et à la norme européenne "
        "EN 301 549, en raison des exceptions énumérées ci-dessous.</p>"
        "<h2>Contenus non accessibles</h2>"
        "<ul><li>Certains documents PDF (ordres du jour, rapports, anciens rapports de l'Index) "
        "ont été produits avant que le programme n'exige des documents accessibles : ils peuvent "
        "manquer de titres ou de descriptions de leurs graphiques (WCAG 1.1.1, 1.3.1). "
        "Demandez-nous une version accessible de tout document.</li>"
        "<li>Les vidéos sont publiées sur une plateforme externe et certaines n'ont pas de "
        "sous-titres, ou pas de sous-titres en français (WCAG 1.2.2).</li>"
        "<li>Certaines bonnes pratiques et actualités n'existent qu'en anglais ; elles sont "
        "affichées avec une mention et signalées comme anglaises, afin que les lecteurs d'écran "
        "les lisent dans la bonne langue.</li></ul>"
        "<h2>Ce que nous faisons</h2>"
        "<ul><li>chaque type de page est vérifié automatiquement selon les règles WCAG 2.1 A et "
        "AA, dans les deux langues, sur téléphone et sur ordinateur, à chaque évolution du "
        "site ;</li>"
        "<li>chaque page s'utilise au seul clavier et sans JavaScript ;</li>"
        "<li>le texte peut être agrandi jusqu'à 200 % sans perte de contenu.</li></ul>"
        "<h2>Établissement de cette déclaration</h2>"
        "<p>Cette déclaration a été établie le 30 novembre 2026. Elle repose sur une "
        "auto-évaluation du secrétariat : tests automatisés avec axe-core et vérifications "
        "manuelles au clavier et avec des lecteurs d'écran. Elle est revue à chaque évolution "
        "importante du site ; la date de sa dernière mise à jour figure ci-dessous.</p>"
        "<h2>Retour d'information et contact</h2>"
        "<p>Si vous rencontrez un obstacle sur ce site, ou avez besoin d'un document dans un "
        f'format accessible, écrivez à <a href="mailto:{CONTACT_EMAIL}">{CONTACT_EMAIL}</a> '
        "ou à :</p>"
        f"<p>{POSTAL_ADDRESS_FR}</p>"
        "<p>Merci de nous indiquer l'adresse de la page et ce qui n'a pas fonctionné. Nous vous "
        "répondrons dès que possible, et en tout cas dans un délai d'un mois.</p>"
        "<h2>Voies de recours</h2>"
        "<p>Le Conseil de l'Europe est une organisation internationale : les autorités "
        "nationales chargées de faire appliquer la directive dans les États membres de l'Union "
        "européenne n'ont pas compétence à son égard. Si notre réponse ne vous satisfait pas, "
        "écrivez de nouveau à la même adresse en demandant que votre demande soit réexaminée par "
        "le chef de l'unité des Cités interculturelles, qui vous répondra par écrit. Vous pouvez "
        "aussi informer l'autorité chargée de l'accessibilité dans votre pays (en France, le "
        "Défenseur des droits).</p>",
    },
]
