"""The OpenAPI 3 schema (drf-spectacular): what every operation shares.

``ApiAutoSchema`` adds the language parameters (``lang``, ``Accept-Language``) and
``If-None-Match`` to every operation; ``add_common_responses`` (a post-processing hook) adds the
error answers (304, 400, 404 for one item, 429) with the shared ``Error`` body, and the
``ETag`` and ``Content-Language`` headers of a 200.
"""

from django.conf import settings
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter

from .languages import ALL_LANGUAGES, language_codes


class ApiAutoSchema(AutoSchema):
    def get_override_parameters(self):
        codes = language_codes()
        return [
            OpenApiParameter(
                "lang",
                OpenApiTypes.STR,
                OpenApiParameter.QUERY,
                enum=[*codes, ALL_LANGUAGES],
                description=(
                    "The language of the texts. Without it, the first language of "
                    f"Accept-Language the site has, else `{settings.LANGUAGE_CODE}`. A text "
                    "missing in that language is given in the fallback language and named in "
                    "the object's `fallbacks`. `all`: every text as an object with one entry "
                    "per language."
                ),
            ),
            OpenApiParameter(
                "Accept-Language",
                OpenApiTypes.STR,
                OpenApiParameter.HEADER,
                description="Used when `lang` is not given.",
            ),
            OpenApiParameter(
                "If-None-Match",
                OpenApiTypes.STR,
                OpenApiParameter.HEADER,
                description="The ETag of a copy you have: a 304 with no body if it is current.",
            ),
            *super().get_override_parameters(),
        ]

    def get_tags(self):
        return [self.view.basename] if hasattr(self.view, "basename") else ["api"]


ERROR_SCHEMA = {
    "type": "object",
    "required": ["status", "detail"],
    "properties": {
        "status": {"type": "integer", "example": 400},
        "detail": {"type": "string", "example": "Some parameters are not valid."},
        "errors": {
            "type": "object",
            "description": "For a 400: the messages of each parameter that is not valid.",
            "additionalProperties": {"type": "array", "items": {"type": "string"}},
        },
        "retry_after": {"type": "integer", "description": "For a 429: seconds to wait."},
    },
}


def error_response(description, headers=None):
    response = {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
    }
    if headers:
        response["headers"] = headers
    return response


def add_common_responses(result, generator, request, public):
    """Post-processing hook: the answers every operation may give besides its 200."""
    result.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR_SCHEMA
    string = {"schema": {"type": "string"}}
    for path, operations in result.get("paths", {}).items():
        for method, operation in operations.items():
            if method not in ("get", "head"):
                continue
            responses = operation.setdefault("responses", {})
            if "200" in responses:
                responses["200"].setdefault("headers", {}).update(
                    {
                        "ETag": {"description": "A strong validator of the body.", **string},
                        "Content-Language": {"description": "The language of the texts.", **string},
                    }
                )
            responses["304"] = {
                "description": "Not modified: the copy named by If-None-Match is current."
            }
            responses["400"] = error_response(
                "A parameter is not valid (`lang`, `cursor`, `page_size`)."
            )
            if "{" in path:
                responses["404"] = error_response("No published item has this slug or id.")
            responses["429"] = error_response(
                "Too many requests from this address.",
                headers={
                    "Retry-After": {
                        "description": "Seconds to wait.",
                        "schema": {"type": "integer"},
                    }
                },
            )
    return result
