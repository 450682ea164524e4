from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError

from cms.models import PioneerProfilePage, PioneerSpace
from cms.roles import PROGRAMME_EDITORS, ensure_pioneer_space, ensure_programme_editors
from icase.accounts.editor_roles import add_pioneer_editor, member_with_email, remove_pioneer_editor
from icase.community.seed import MODERATORS

ROLES = ("pioneer-editor", "programme-editor", "moderator")


class Command(BaseCommand):
    help = (
        "Give a member an editorial role (or take it away with --remove): pioneer-editor (with "
        "--pioneer SLUG), programme-editor or moderator. Editors must set up two-factor "
        "authentication before they reach the admin."
    )

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument("role", choices=ROLES)
        parser.add_argument("--pioneer", help="The pioneer's slug, e.g. kent (pioneer editors only).")
        parser.add_argument("--remove", action="store_true")

    def handle(self, *args, email, role, pioneer, remove, **options):
        user = member_with_email(email)
        if user is None:
            raise CommandError(f"No account uses {email}; the member must sign up first.")
        if role == "pioneer-editor":
            if not pioneer:
                raise CommandError("Name the pioneer with --pioneer, e.g. --pioneer kent.")
            page = PioneerProfilePage.objects.filter(slug=pioneer).first()
            if page is None:
                slugs = ", ".join(PioneerProfilePage.objects.order_by("slug").values_list("slug", flat=True))
                raise CommandError(f"No pioneer with slug {pioneer!r}. Pioneers: {slugs}")
            (remove_pioneer_editor if remove else add_pioneer_editor)(user, page)
            group = ensure_pioneer_space(page).group
        else:
            group = (
                ensure_programme_editors()
                if role == "programme-editor"
                else Group.objects.get(name=MODERATORS)
            )
            if remove:
                user.groups.remove(group)
            else:
                user.groups.add(group)
        if remove:
            self.stdout.write(f"{email} is no longer in “{group.name}”.")
        else:
            self.stdout.write(self.style.SUCCESS(f"{email} is now in “{group.name}”."))
        spaces = PioneerSpace.objects.filter(group__user=user).select_related("pioneer")
        roles = [space.pioneer.title for space in spaces]
        if user.groups.filter(name=PROGRAMME_EDITORS).exists():
            roles.append("programme editor")
        self.stdout.write(f"Roles now: {', '.join(roles) or 'member only'}.")
