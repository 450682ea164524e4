"""Which personal data every app holds, declared by the app itself in its own `personal_data.py`.

Discovery is by module name, as search documents are (`search_documents.py`): each installed app
may have a `personal_data` module with a list `PERSONAL_DATA` of plain dictionaries, so `cms` can
declare its own data without importing `icase` (dependencies point one way). Data held by
third-party apps (Django's auth, allauth, Wagtail) is declared for them in
`icase/privacy/personal_data.py`. A declaration says, for one model:

- "model": its label, e.g. "community.Post";
- "fields": the fields that link a row to the member (foreign keys, one-to-ones or many-to-manys
  to the user model), or, for data held by email address, "match": a function user -> Q;
- "export": the columns a member's download gets (names or lookups for `values()`), a function
  user -> list of dicts, or None with "why" it is not personal data worth exporting;
- "erase": what erasing the member does to these rows: "cascade" (they go with the account),
  "unlink" (the link is set to NULL; the row keeps nothing about the member), "delete" (deleted
  first), "keep" (with "why"), or a function (user, choices) run before the account is deleted.

`tests/icase/privacy/test_completeness.py` walks every installed model and fails, saying what to
add, for a link to the user model (or an email or IP address field) that no declaration covers.
"""

from dataclasses import dataclass, field
from functools import cache
from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import models
from django.db.models import Q

ERASE_STRATEGIES = ("cascade", "unlink", "delete", "keep")
PERSONAL_FIELD_TYPES = (models.EmailField, models.GenericIPAddressField)


class DeclarationError(Exception):
    pass


@dataclass(frozen=True)
class Declaration:
    model: type
    module: str
    fields: tuple = ()
    match: object = None
    export: object = None
    erase: object = "cascade"
    why: str = ""
    extra: dict = field(default_factory=dict)

    @property
    def label(self):
        return self.model._meta.label

    def rows_of(self, user):
        """The model's rows that belong to `user`."""
        condition = Q(pk__in=[])
        for name in self.fields:
            condition |= Q(**{name: user})
        if self.match is not None:
            condition |= self.match(user)
        return self.model._default_manager.filter(condition).distinct()

    def export_rows(self, user):
        if self.export is None:
            return None
        if callable(self.export):
            return list(self.export(user))
        return list(self.rows_of(user).order_by("pk").values(*self.export))


def _check(entry, module):
    try:
        model = apps.get_model(entry["model"])
    except (KeyError, LookupError, ValueError) as error:
        raise DeclarationError(f"{module}: {entry!r} names no installed model ({error})") from error
    erase = entry.get("erase", "cascade")
    if not callable(erase) and erase not in ERASE_STRATEGIES:
        raise DeclarationError(
            f"{module}: {entry['model']} erase must be a function or one of {ERASE_STRATEGIES}"
        )
    if (entry.get("export") is None or erase == "keep") and not entry.get("why"):
        raise DeclarationError(f"{module}: {entry['model']} says why it is not exported or kept")
    user_model = get_user_model()
    for name in entry.get("fields", ()):
        model_field = model._meta.get_field(name)
        if model_field.related_model is not user_model:
            raise DeclarationError(f"{module}: {entry['model']}.{name} is not a link to the user model")
        on_delete = getattr(model_field.remote_field, "on_delete", None)
        if erase == "cascade" and not model_field.many_to_many and on_delete is not models.CASCADE:
            raise DeclarationError(
                f"{module}: {entry['model']}.{name} does not cascade; choose another erase"
            )
        if erase == "unlink" and on_delete is not models.SET_NULL:
            raise DeclarationError(f"{module}: {entry['model']}.{name} is not SET_NULL; choose another erase")
    known = {"model", "fields", "match", "export", "erase", "why"}
    return Declaration(
        model=model,
        module=module,
        fields=tuple(entry.get("fields", ())),
        match=entry.get("match"),
        export=entry.get("export"),
        erase=erase,
        why=entry.get("why", ""),
        extra={key: value for key, value in entry.items() if key not in known},
    )


@cache
def declarations():
    """Every declaration of every installed app, in INSTALLED_APPS order."""
    found = {}
    for config in apps.get_app_configs():
        module_name = f"{config.name}.personal_data"
        if find_spec(module_name) is None:
            continue
        for entry in import_module(module_name).PERSONAL_DATA:
            declaration = _check(entry, module_name)
            if declaration.label in found:
                raise DeclarationError(f"{declaration.label} is declared twice ({module_name})")
            found[declaration.label] = declaration
    return tuple(found.values())


def personal_fields(model):
    """The fields of `model` itself (not inherited, not auto-created) that hold personal data: links
    to the user model, and email and IP addresses."""
    user_model = get_user_model()
    own = [*model._meta.local_fields, *model._meta.local_many_to_many]
    return [
        model_field
        for model_field in own
        if (model_field.is_relation and model_field.related_model is user_model)
        or isinstance(model_field, PERSONAL_FIELD_TYPES)
    ]


def uncovered():
    """(model, field) for every personal field no declaration covers. A declared model covers its
    email and IP fields; its user links must each be named."""
    declared = {declaration.label: declaration for declaration in declarations()}
    missing = []
    for model in apps.get_models():
        declaration = declared.get(model._meta.label)
        for model_field in personal_fields(model):
            is_link = model_field.is_relation
            if declaration is None or (is_link and model_field.name not in declaration.fields):
                missing.append((model, model_field))
    return missing


def what_to_add(model, model_field):
    """The declaration that would cover an uncovered field, to paste into the app's module."""
    module = f"{apps.get_app_config(model._meta.app_label).name.replace('.', '/')}/personal_data.py"
    columns = [
        f.attname
        for f in model._meta.concrete_fields
        if not f.primary_key and f.attname != getattr(model_field, "attname", "")
    ]
    if model_field.is_relation:
        on_delete = getattr(model_field.remote_field, "on_delete", None)
        erase = {models.CASCADE: "cascade", models.SET_NULL: "unlink"}.get(
            on_delete, "<a function (user, choices)>"
        )
        cover = f'"fields": ["{model_field.name}"]'
    else:
        erase = '"delete"'
        cover = f'"match": lambda user: Q({model_field.name}__iexact=user.email)'
    erase = f'"{erase}"' if erase in ("cascade", "unlink") else erase
    return (
        f"{model._meta.label}.{model_field.name} ({type(model_field).__name__}) holds personal data that no "
        f"declaration covers, so members' downloads and erasure would miss it. Add to {module} "
        f"(or add the field to the model's existing declaration there):\n"
        f'PERSONAL_DATA = [\n    {{"model": "{model._meta.label}", {cover}, '
        f'"export": {columns!r}, "erase": {erase}}},\n]\n'
        f"(see icase/privacy/registry.py for the choices of export and erase)"
    )
