"""What gets indexed. Content apps declare small document classes in their own
`search_documents.py` and register them here; this module never imports a content app.

Every type produces the same document shape (declared once in `schema.py`), so one query serves
all types and adding a searchable type is one class in the app that owns it.
"""

import logging
from dataclasses import dataclass, field

from .schema import document_defaults

logger = logging.getLogger(__name__)


class SearchDocument:
    """One indexable type. Subclasses set `model`, `type`, `type_label` and implement `fields`."""

    model = None
    type = ""
    type_label = ""
    time_sensitive = False  # events: recency counts
    # Words a searcher uses for this kind of content ("webinar", "case studies"); recognised in a
    # query, they lift documents of this type instead of being matched as text.
    type_words = ()
    # How much a match of this type is worth beside others: site furniture (privacy, accessibility)
    # answers only queries about itself, so it sits below content that matches as well.
    weight = 1.0

    def get_queryset(self):
        """Everything of this type an anonymous visitor may see."""
        return self.model.objects.live().public()

    def document_id(self, obj):
        return f"page-{obj.pk}"

    def revision(self, obj):
        """Changes whenever the indexed text would; `reconcile` re-indexes documents it differs for."""
        return str(getattr(obj, "last_published_at", "") or "")

    def fields(self, obj):
        """The type-specific part of the document: title, summary, body, facets, dates."""
        raise NotImplementedError

    def visibility(self, obj):
        """Who may see `obj` (visibility tokens, see `DocumentRegistry.visibility_for`), without
        building the whole document; `fields` returns the same under "visibility" where it differs."""
        return ["public"]

    def facts(self, obj):
        """Short lines a result shows under its snippet, such as a case study's measured outcomes."""
        return []

    def to_document(self, obj):
        values = self.fields(obj)
        document = {
            "id": self.document_id(obj),
            "type": self.type,
            "url": values.pop("url", None) or obj.url,
            "title": values.pop("title", None) or obj.title,
            **document_defaults(),
        }
        document.update(values)
        document["spelling"] = " ".join(filter(None, [document["title"], document["summary"]]))
        document["display"] = {
            "type_label": self.type_label,
            "pioneer_name": document["pioneer_name"],
            "theme_names": document["theme_names"],
            "date": document["published_at"],
            "revision": self.revision(obj),
            "facts": self.facts(obj),
        }
        return document


def fingerprint(document):
    """What `reconcile` compares: the revision and who may see the document, so a change of
    visibility alone (a network made private) is detected as drift."""
    visibility = ",".join(sorted(document.get("visibility") or []))
    return f"{document.get('display', {}).get('revision', '')}#{visibility}"


@dataclass
class DocumentRegistry:
    documents: list = field(default_factory=list)
    facet_labels: dict = field(default_factory=dict)
    facet_names: dict = field(default_factory=dict)
    facet_profiles: dict = field(default_factory=dict)
    audiences: list = field(default_factory=list)
    generation_provider: object = None
    _per_generation: dict = field(default_factory=dict)

    def register(self, document_class):
        if any(type(existing) is document_class for existing in self.documents):
            return document_class
        self.documents.append(document_class())
        return document_class

    def register_labels(self, facet_field, provider):
        """`provider()` returns {value: label} for a facet field, e.g. theme slugs to names."""
        self.facet_labels[facet_field] = provider

    def register_names(self, facet_field, provider):
        """`provider()` returns {value: [names]}: every way a searcher may name a facet value
        (a pioneer's full and short name, the places in it), recognised in queries."""
        self.facet_names[facet_field] = provider

    def register_profiles(self, facet_field, provider):
        """`provider()` returns {value: text}: what a facet value is about in the field's own words
        (a theme's name and description), so a question that names no theme can still be read as
        being about one."""
        self.facet_profiles[facet_field] = provider

    def profiles_for(self, facet_field):
        provider = self.facet_profiles.get(facet_field)
        return provider() if provider else {}

    def names_for(self, facet_field):
        if facet_field == "type":
            return {d.type: list(d.type_words) for d in self.documents if d.type_words}
        provider = self.facet_names.get(facet_field)
        if provider:
            return provider()
        return {value: [label] for value, label in self.labels_for(facet_field).items()}

    def type_weights(self):
        return {document.type: document.weight for document in self.documents if document.weight != 1.0}

    def register_audience(self, provider):
        """`provider(user)` returns the extra visibility tokens a user may see, e.g. private networks."""
        if provider not in self.audiences:
            self.audiences.append(provider)

    def visibility_for(self, user):
        """Every document is tagged with who may see it; anonymous visitors only get "public"."""
        tokens = ["public"]
        for provider in self.audiences:
            tokens += [token for token in provider(user) if token not in tokens]
        return tokens

    def register_generation(self, provider):
        """`provider()` returns a token that changes whenever any indexed content changes, in every
        worker (ICASE's content generation); what `per_generation` builds is kept until it does."""
        self.generation_provider = provider

    def per_generation(self, key, build):
        """`build()`, kept for as long as the generation token is unchanged. The token is read
        before building, so content changed during the build makes the result out of date at
        once. Without a token (none registered, or the cache holding it unavailable) nothing is
        kept: correct first, fast second."""
        try:
            token = self.generation_provider() if self.generation_provider else None
        except Exception:  # noqa: BLE001 - a cache outage degrades to building every time
            logger.warning("No content generation to key the search documents by: building afresh")
            token = None
        kept = self._per_generation.get(key)
        if token is not None and kept is not None and kept[0] == token:
            return kept[1]
        value = build()
        if token is not None:
            self._per_generation[key] = (token, value)
        return value

    def for_model(self, model):
        for document in self.documents:
            if document.model is not None and model is document.model:
                return document
        return None

    def for_instance(self, obj):
        return self.for_model(type(obj)) if obj is not None else None

    def types(self):
        return {document.type: document.type_label for document in self.documents}

    def labels_for(self, facet_field):
        return self.all_labels().get(facet_field, {})

    def all_labels(self):
        """{facet field: {value: label}} for every facet, read together and kept per generation,
        so a results page reads the generation once for all its facets."""

        def read():
            labels = {facet_field: provider() for facet_field, provider in self.facet_labels.items()}
            return {**labels, "type": self.types()}

        return self.per_generation("facet-labels", read)

    def all_objects_and_documents(self):
        for document in self.documents:
            for obj in document.get_queryset():
                yield obj, document.to_document(obj)

    def all_documents(self):
        for _obj, document in self.all_objects_and_documents():
            yield document


registry = DocumentRegistry()


def register(document_class):
    """Class decorator for content apps' search_documents.py."""
    return registry.register(document_class)
