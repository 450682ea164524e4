"""The admin's "Pioneer editors" screen: programme editors see who edits each pioneer's pages and
add or remove editors themselves, without a developer running `manage.py assign_role`."""

from django import forms
from django.contrib.auth import get_user_model

from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, HelpPanel, ObjectList
from wagtail.admin.views.generic.models import IndexView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from cms.models import PioneerSpace

from .editor_roles import add_pioneer_editor, member_with_email, remove_pioneer_editor


class EditorChoices(forms.ModelMultipleChoiceField):
    def label_from_instance(self, user):
        name = user.get_full_name()
        return f"{name} ({user.email})" if name else user.email


class PioneerEditorsForm(WagtailAdminModelForm):
    add_editor = forms.EmailField(
        required=False,
        label="Add an editor",
        help_text=(
            "The email address the member signed up with. They can then add and edit this pioneer's "
            "pages and media and submit them for programme review; they cannot publish. They must set "
            "up two-factor authentication before they reach the admin."
        ),
    )
    remove_editors = EditorChoices(
        queryset=get_user_model().objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Remove editors",
        help_text="Tick anyone who should no longer edit this pioneer's pages. Their account stays.",
    )

    class Meta:
        model = PioneerSpace
        fields = ["add_editor", "remove_editors"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        editors = self.instance.group.user_set.order_by("email")
        self.fields["remove_editors"].queryset = editors
        if not editors.exists():
            pioneer = self.instance.pioneer.title
            self.fields["remove_editors"].help_text = f"Nobody edits {pioneer}'s pages yet."

    def clean_add_editor(self):
        email = self.cleaned_data["add_editor"]
        if not email:
            return None
        member = member_with_email(email)
        if member is None:
            raise forms.ValidationError(
                f"No member has signed up with {email}. Ask them to create an account first, then add "
                "them here."
            )
        if member.groups.filter(pk=self.instance.group_id).exists():
            raise forms.ValidationError(f"{email} already edits {self.instance.pioneer.title}.")
        return member

    def save(self, commit=True):
        pioneer = self.instance.pioneer
        for member in self.cleaned_data.get("remove_editors") or []:
            remove_pioneer_editor(member, pioneer)
        if self.cleaned_data.get("add_editor"):
            add_pioneer_editor(self.cleaned_data["add_editor"], pioneer)
        return self.instance


class PioneerSpacePolicy(ModelPermissionPolicy):
    """A pioneer's space is made and removed with its pioneer: nobody adds or deletes one here."""

    FIXED = ("add", "delete")

    def user_has_permission(self, user, action):
        return action not in self.FIXED and super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return super().user_has_any_permission(user, [a for a in actions if a not in self.FIXED])


register_permission_policy(PioneerSpace, PioneerSpacePolicy(PioneerSpace))


class PioneerEditorsIndex(IndexView):
    page_title = "Pioneer editors"


class PioneerSpaceViewSet(ModelViewSet):
    model = PioneerSpace
    name = "pioneer_spaces"
    url_prefix = "pioneer-editors"
    icon = "group"
    menu_label = "Pioneer editors"
    add_to_settings_menu = True
    list_display = ["pioneer", "editors", "collection"]
    ordering = ["pioneer__title"]
    search_fields = ["pioneer__title"]
    search_backend_name = None
    index_view_class = PioneerEditorsIndex
    inspect_view_enabled = True
    edit_handler = ObjectList(
        [
            HelpPanel(
                content=(
                    "<p>A pioneer's editors work on its profile, case studies and media. Programme "
                    "editors review what they submit and publish it.</p>"
                )
            ),
            FieldPanel("add_editor"),
            FieldPanel("remove_editors"),
        ],
        base_form_class=PioneerEditorsForm,
    )
