"""The format of an answer: JSON, whatever a client asks for that the API does not have.

DRF answers 404 to an unknown ``?format=`` and 406 to an ``Accept`` it cannot meet; an open
data API is better read by more clients: they get JSON (or the schema's JSON) instead.
"""

from django.http import Http404
from rest_framework.exceptions import NotAcceptable
from rest_framework.negotiation import DefaultContentNegotiation


class LenientContentNegotiation(DefaultContentNegotiation):
    def select_renderer(self, request, renderers, format_suffix=None):
        try:
            return super().select_renderer(request, renderers, format_suffix)
        except (Http404, NotAcceptable):
            return renderers[0], renderers[0].media_type
