"""The API's OpenAPI 3.1 description, served at /api/v1/openapi.json."""

from django.urls import reverse

from icase.links import absolute_url

from .serializers import TYPES

STRING = {"type": "string"}
NULLABLE_STRING = {"type": ["string", "null"]}
THEMES = {
    "type": "array",
    "items": {"type": "object", "properties": {"slug": STRING, "name": STRING}},
}
PAGE = {
    "type": "object",
    "required": ["id", "type", "title", "url", "themes"],
    "properties": {
        "id": {"type": "integer"},
        "type": {"type": "string", "enum": list(TYPES)},
        "title": STRING,
        "url": {"type": "string", "format": "uri"},
        "summary": STRING,
        "themes": THEMES,
        "first_published_at": {"type": ["string", "null"], "format": "date-time"},
        "last_published_at": {"type": ["string", "null"], "format": "date-time"},
        "pioneer": {
            "type": ["object", "null"],
            "description": "Case studies: the pioneer whose story it is.",
            "properties": {"slug": STRING, "title": STRING, "url": STRING},
        },
        "publication_date": {"type": ["string", "null"], "format": "date"},
        "evaluation_status": STRING,
        "outcomes": {
            "type": "array",
            "description": "Case studies: each measured result, in the source's words.",
            "items": {
                "type": "object",
                "properties": {
                    "metric": STRING,
                    "kind": STRING,
                    "result": STRING,
                    "value": STRING,
                    "period": STRING,
                    "population": STRING,
                },
            },
        },
        "start": {"type": ["string", "null"], "format": "date-time"},
        "end": {"type": ["string", "null"], "format": "date-time"},
        "region": NULLABLE_STRING,
    },
}


def _parameter(name, description, schema, required=False):
    return {"name": name, "in": "query", "required": required, "description": description, "schema": schema}


def describe():
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "ICASE open content API",
            "version": "1",
            "description": "Read-only: every live, public case study, toolkit, learning event, pioneer "
            "and themed collection on ICASE. At most 60 requests a minute per client address.",
        },
        "servers": [{"url": absolute_url("/")}],
        "paths": {
            reverse("api:pages"): {
                "get": {
                    "summary": "Pages of one content type, newest first",
                    "parameters": [
                        _parameter(
                            "type", "The content type.", {"type": "string", "enum": list(TYPES)}, True
                        ),
                        _parameter("theme", "Theme slug; repeat for any of several.", STRING),
                        _parameter("pioneer", "Pioneer slug (case studies, pioneers).", STRING),
                        _parameter("published_since", "ISO 8601 date or date-time.", STRING),
                        _parameter("page", "Page number, from 1.", {"type": "integer", "minimum": 1}),
                        _parameter(
                            "page_size", "Up to 100.", {"type": "integer", "minimum": 1, "maximum": 100}
                        ),
                    ],
                    "responses": {
                        "200": {
                            "description": "One page of results",
                            "content": {
                                "application/json": {
                                    "schema": {
                                        "type": "object",
                                        "properties": {
                                            "count": {"type": "integer"},
                                            "page": {"type": "integer"},
                                            "pages": {"type": "integer"},
                                            "next": NULLABLE_STRING,
                                            "previous": NULLABLE_STRING,
                                            "results": {"type": "array", "items": PAGE},
                                        },
                                    }
                                }
                            },
                        },
                        "400": {"description": "A parameter is not valid; `error` says which"},
                        "429": {"description": "Too many requests; try again after Retry-After seconds"},
                    },
                }
            }
        },
    }
