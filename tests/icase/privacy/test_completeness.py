"""Every model holding personal data is covered by a declaration (icase/privacy/registry.py), so
"Download your data" and "Delete your account" miss nothing, including models added later."""

import pytest

from django.db import models
from django.test.utils import isolate_apps

from icase.privacy import registry


def test_every_personal_field_of_every_installed_model_is_declared():
    missing = registry.uncovered()
    assert not missing, "\n\n".join(registry.what_to_add(model, field) for model, field in missing)


def test_declarations_name_real_user_links_with_matching_erasure():
    declared = registry.declarations()
    labels = {declaration.label for declaration in declared}
    assert {"community.Post", "cms.CaseStudyPage", "feedback.ContactMessage", "auth.User"} <= labels
    for declaration in declared:
        assert declaration.fields or declaration.match, declaration.label


@isolate_apps("icase.privacy")
def test_the_message_says_what_to_add_for_a_new_model():
    class Registration(models.Model):
        user = models.ForeignKey("auth.User", on_delete=models.CASCADE)
        event_title = models.CharField(max_length=100)

        class Meta:
            app_label = "privacy"

        def __str__(self):
            return self.event_title

    message = registry.what_to_add(Registration, Registration._meta.get_field("user"))
    assert "privacy.Registration.user (ForeignKey)" in message
    assert "icase/privacy/personal_data.py" in message
    assert (
        '{"model": "privacy.Registration", "fields": ["user"], '
        '"export": [\'event_title\'], "erase": "cascade"}' in message
    )


@pytest.mark.parametrize(
    "entry, complaint",
    [
        ({"model": "community.Post", "fields": ["thread"], "export": []}, "not a link to the user model"),
        ({"model": "community.Notification", "fields": ["actor"], "export": []}, "does not cascade"),
        ({"model": "community.Reaction", "fields": ["user"], "export": None}, "says why"),
        (
            {"model": "community.Reaction", "fields": ["user"], "export": [], "erase": "shred"},
            "erase must be",
        ),
    ],
)
def test_a_wrong_declaration_is_refused_with_a_reason(entry, complaint):
    with pytest.raises(registry.DeclarationError, match=complaint):
        registry._check(entry, "test")
