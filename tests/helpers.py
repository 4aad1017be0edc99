"""Small helpers shared by the page tests."""


def text(response):
    """The decoded body of a response."""
    return response.content.decode()


def facet(response, param):
    """The listing's facet ``param`` (icc.facets.Facet) from the response context."""
    return next(found for found in response.context["facets"] if found.param == param)


def facet_options(response, param):
    """{value: Option} of the listing's facet ``param``."""
    return {option.value: option for option in facet(response, param).options}
