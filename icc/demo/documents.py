"""Demo documents (agendas, reports, guides), each with an English and a French PDF file."""

# key -> fields; the loader writes one small PDF per language saying what the document is.
DOCUMENTS = {
    "draft-agenda-braga-2024": {
        "title_en": "Draft agenda",
        "title_fr": "Projet d'ordre du jour",
        "kind": "agenda",
        "year": 2024,
        "body_en": "Annual meeting of the ICC coordinators, Braga and Vila Verde, 14-15 November 2024.",
        "body_fr": "Réunion annuelle des coordinateurs ICC, Braga et Vila Verde, 14-15 novembre 2024.",
    },
    "rpci-17th-coordination-meeting-report": {
        "title_en": "Report of the 17th RPCI Coordination meeting",
        "title_fr": "Rapport de la 17e réunion de coordination du RPCI",
        "kind": "report",
        "year": 2021,
        "body_en": "Portuguese Network of Intercultural Cities, 17th Coordination meeting, 21 October 2021.",
        "body_fr": "Réseau portugais des villes interculturelles, 17e réunion de coordination, 21 octobre 2021.",
    },
    "policy-lab-helsinki-report": {
        "title_en": "Report of the Inclusive Integration Policy Lab meeting in Helsinki",
        "title_fr": "Rapport de la réunion du Laboratoire de politiques d'intégration inclusive à Helsinki",
        "kind": "report",
        "year": 2019,
        "body_en": "Inclusive Integration Policy Lab, Helsinki, 28-29 May 2019.",
        "body_fr": "Laboratoire de politiques d'intégration inclusive, Helsinki, 28-29 mai 2019.",
    },
    "guide-inclusive-employers": {
        "title_en": "Guide for inclusive employers",
        "title_fr": "Guide des employeurs inclusifs",
        "kind": "guide",
        "year": 2021,
        "body_en": "Inclusive recruitment project - Oeiras, Loures and Amadora.",
        "body_fr": "Projet de recrutement inclusif - Oeiras, Loures et Amadora.",
    },
    "icc-strategy-2016-2019": {
        "title_en": "Intercultural Cities Strategy 2016-2019",
        "title_fr": "Stratégie des Cités interculturelles 2016-2019",
        "kind": "other",
        "year": 2016,
        "body_en": "Approved by the ICC coordinators in Reykjavik, September 2016.",
        "body_fr": "Approuvée par les coordinateurs ICC à Reykjavik, septembre 2016.",
    },
    "lisbon-index-report-2019": {
        "title_en": "Lisbon: Intercultural Cities Index report",
        "title_fr": "Lisbonne : rapport de l'Indice des Cités interculturelles",
        "kind": "index_report",
        "year": 2019,
        "body_en": "ICC Index analysis of the City of Lisbon.",
        "body_fr": "Analyse de l'Indice ICC de la Ville de Lisbonne.",
    },
    "rpci-annual-report-2023": {
        "title_en": "RPCI annual report 2023",
        "title_fr": "Rapport annuel 2023 du RPCI",
        "kind": "annual_report",
        "year": 2023,
        "body_en": "Activities of the Portuguese Network of Intercultural Cities in 2023.",
        "body_fr": "Activités du Réseau portugais des villes interculturelles en 2023.",
    },
}


def render_pdf(title, body):
    """A minimal, valid one-page PDF showing ``title`` and ``body`` (Latin-1 text)."""

    def text(value):
        encoded = value.encode("latin-1", "replace")
        return encoded.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")

    stream = (
        b"BT /F1 20 Tf 60 760 Td (" + text(title) + b") Tj ET\n"
        b"BT /F1 12 Tf 60 730 Td (" + text(body) + b") Tj ET\n"
        b"BT /F1 9 Tf 60 60 Td (Intercultural Cities - demo document) Tj ET\n"
    )
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"endstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    output = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, content in enumerate(objects, start=1):
        offsets.append(len(output))
        output += b"%d 0 obj\n" % number + content + b"\nendobj\n"
    xref = len(output)
    output += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    output += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    output += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(output)
