"""Demo ICC Index results: 17 member cities, each scored in 2022 and 2024.

Made-up but plausible numbers (not the cities' real results): each area's score is out of
100, the overall score is the rounded mean of the areas, and most cities improve a little
between the two years. The areas are the taxonomy's topics, Anti-rumours excepted (a
programme of the network rather than an Index area).

``load_index_results(command)`` is called by ``manage.py load_demo`` and, like it, only
writes what differs.
"""

from cities.models import IndexAreaScore, IndexResult

# The policy areas scored, in the order of the scores below.
AREAS = [
    "commitment",
    "education",
    "neighbourhoods",
    "public-services",
    "business-and-the-labour-market",
    "cultural-and-social-life",
    "public-space",
    "mediation-and-conflict-resolution",
    "language",
    "media-and-communication",
    "international-outlook",
    "intercultural-intelligence-and-competence",
    "welcoming-newcomers",
    "leadership-and-citizenship",
    "anti-discrimination",
    "participation",
    "interaction",
]

# city slug: {year: (overall score, [score of each of AREAS, in that order])}
RESULTS = {
    "barcelona": {
        2022: (78, [89, 83, 82, 86, 91, 66, 65, 86, 84, 94, 93, 65, 60, 82, 73, 63, 59]),
        2024: (82, [93, 91, 92, 93, 97, 62, 70, 88, 87, 100, 100, 70, 66, 80, 78, 59, 68]),
    },
    "bergen": {
        2022: (50, [33, 32, 42, 45, 68, 31, 59, 50, 58, 67, 42, 63, 44, 70, 48, 61, 30]),
        2024: (53, [39, 29, 45, 51, 68, 33, 63, 60, 67, 64, 49, 63, 45, 78, 47, 65, 30]),
    },
    "bilbao": {
        2022: (42, [31, 63, 33, 52, 33, 45, 51, 31, 28, 27, 40, 40, 30, 57, 51, 52, 53]),
        2024: (44, [28, 68, 39, 51, 41, 51, 51, 32, 25, 27, 41, 36, 32, 65, 61, 49, 51]),
    },
    "botkyrka": {
        2022: (60, [47, 41, 44, 70, 72, 52, 76, 53, 69, 73, 53, 49, 67, 82, 65, 48, 66]),
        2024: (63, [49, 40, 40, 70, 81, 60, 81, 53, 79, 69, 52, 47, 69, 91, 70, 54, 71]),
    },
    "dublin": {
        2022: (49, [34, 41, 45, 60, 48, 32, 71, 53, 50, 56, 36, 36, 37, 45, 69, 72, 47]),
        2024: (51, [30, 46, 46, 61, 53, 35, 69, 58, 53, 65, 41, 34, 46, 47, 67, 78, 45]),
    },
    "geneva": {
        2022: (64, [59, 84, 60, 57, 55, 85, 80, 57, 69, 75, 83, 50, 71, 48, 51, 51, 47]),
        2024: (68, [63, 84, 59, 64, 62, 87, 80, 59, 78, 85, 88, 53, 71, 52, 49, 61, 54]),
    },
    "lisbon": {
        2022: (50, [38, 44, 60, 65, 71, 69, 69, 34, 47, 43, 43, 31, 34, 47, 56, 58, 45]),
        2024: (52, [34, 40, 58, 65, 72, 73, 74, 32, 44, 44, 41, 41, 37, 48, 62, 65, 52]),
    },
    "limassol": {
        2022: (51, [71, 36, 35, 64, 56, 53, 36, 35, 72, 74, 38, 64, 38, 53, 54, 42, 38]),
        2024: (54, [68, 39, 39, 65, 63, 49, 46, 45, 79, 81, 45, 62, 46, 63, 55, 43, 35]),
    },
    "lublin": {
        2022: (77, [60, 82, 57, 87, 92, 56, 95, 98, 80, 80, 93, 56, 94, 60, 61, 61, 96]),
        2024: (80, [57, 82, 67, 89, 99, 57, 97, 100, 87, 87, 98, 59, 97, 63, 70, 65, 93]),
    },
    "lyon": {
        2022: (77, [59, 77, 96, 63, 88, 59, 72, 65, 89, 97, 98, 89, 74, 58, 81, 77, 67]),
        2024: (81, [65, 82, 95, 67, 86, 67, 82, 66, 95, 100, 100, 92, 84, 57, 82, 79, 73]),
    },
    "montreal": {
        2022: (60, [54, 82, 69, 54, 55, 66, 56, 79, 62, 55, 50, 50, 73, 64, 44, 46, 59]),
        2024: (63, [63, 80, 66, 57, 58, 66, 66, 78, 71, 57, 52, 56, 77, 67, 50, 47, 66]),
    },
    "neuchatel": {
        2022: (75, [74, 58, 56, 71, 92, 56, 71, 90, 76, 73, 95, 90, 55, 95, 62, 79, 83]),
        2024: (77, [73, 54, 64, 80, 92, 55, 79, 88, 84, 69, 100, 87, 58, 92, 68, 83, 89]),
    },
    "oeiras": {
        2022: (67, [53, 61, 61, 79, 65, 60, 49, 79, 83, 51, 60, 63, 66, 71, 83, 82, 81]),
        2024: (72, [58, 69, 59, 81, 74, 68, 56, 89, 82, 48, 62, 73, 76, 78, 85, 80, 84]),
    },
    "oslo": {
        2022: (79, [67, 95, 55, 79, 90, 91, 96, 87, 76, 84, 75, 96, 68, 61, 96, 62, 68]),
        2024: (82, [66, 100, 57, 76, 90, 95, 100, 97, 77, 84, 85, 100, 77, 57, 97, 66, 65]),
    },
    "reggio-emilia": {
        2022: (47, [56, 49, 63, 54, 45, 59, 29, 41, 32, 55, 30, 39, 62, 49, 36, 58, 37]),
        2024: (52, [60, 59, 70, 58, 54, 65, 36, 44, 42, 58, 35, 46, 59, 57, 35, 61, 41]),
    },
    "sabadell": {
        2022: (70, [79, 84, 54, 77, 76, 79, 60, 63, 86, 68, 83, 57, 63, 53, 78, 77, 61]),
        2024: (72, [84, 87, 53, 79, 80, 76, 64, 59, 91, 70, 79, 61, 59, 57, 88, 79, 65]),
    },
    "tilburg": {
        2022: (55, [64, 38, 43, 37, 67, 62, 59, 58, 50, 48, 63, 64, 41, 54, 60, 63, 66]),
        2024: (56, [65, 35, 42, 39, 72, 58, 69, 58, 48, 55, 71, 60, 37, 53, 58, 62, 62]),
    },
}

LABEL_RESULTS = "ICC Index results"
LABEL_SCORES = "ICC Index area scores"


def load_index_results(command):
    """Create or update the demo results through ``command.sync`` (the demo loader's rules)."""
    for slug, years in RESULTS.items():
        city = command.cities.get(slug)
        if city is None:
            continue  # a trimmed demo (tests) without this city; the data names only demo cities
        for year, (overall, scores) in years.items():
            result, state = command.sync(
                IndexResult, LABEL_RESULTS, {"city": city, "year": year},
                {"overall_score": overall, "is_published": True},
            )  # fmt: skip
            scores_changed = False
            for area, score in zip(AREAS, scores, strict=True):
                (topic,) = command.lookup(command.topics, [area], "topic")
                _row, score_state = command.sync(
                    IndexAreaScore, LABEL_SCORES, {"result": result, "topic": topic},
                    {"score": score},
                )  # fmt: skip
                command.finish(LABEL_SCORES, score_state)
                scores_changed |= score_state != "unchanged"
            command.finish(LABEL_RESULTS, state, scores_changed)
