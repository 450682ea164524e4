"""Accounts and a little activity for bench/screens.py, in a development database (never production).

    DJANGO_SETTINGS_MODULE=icase.settings.dev .venv/bin/python manage.py shell \\
        -c "from bench.screens_setup import prepare; prepare('a-password')"

Creates (or reuses) two verified accounts without two-factor authentication, screens@example.org
(a member) and screens-moderator@example.org (a moderator), both with the given password. The
member gets a discussion the moderator approved and replied to, so thread lists, "Your
discussions" and notifications show their unread and reply markers rather than empty states.
"""

MEMBER, MODERATOR = "screens@example.org", "screens-moderator@example.org"
THREAD_TITLE = "How did you set up a single point of access?"


def _account(email, password, display_name):
    from allauth.account.models import EmailAddress

    from django.contrib.auth import get_user_model

    from icase.community.models import MemberProfile

    user, _ = get_user_model().objects.get_or_create(username=email.split("@")[0], defaults={"email": email})
    user.set_password(password)
    user.save()
    EmailAddress.objects.update_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    profile = MemberProfile.for_user(user)
    profile.display_name, profile.contactable = display_name, True
    profile.role, profile.organisation = "Screenshot reviewer", "ICASE"
    profile.save()
    return user


def prepare(password):
    """Django is imported here, not at the top: bench/screens.py reads the addresses without it."""
    from django.contrib.auth.models import Permission

    from icase.community import services
    from icase.community.models import Category, Thread

    member = _account(MEMBER, password, "Sam Screens")
    moderator = _account(MODERATOR, password, "Mo Moderator")
    moderator.user_permissions.add(
        Permission.objects.get(codename="moderate", content_type__app_label="community")
    )
    if not Thread.objects.filter(author=member, title=THREAD_TITLE).exists():
        category = Category.objects.filter(kind=Category.THEME).first()
        thread = services.start_thread(
            member, category, THREAD_TITLE, "We are starting one next year. What would you do differently?"
        )
        if thread.first_post.status != thread.first_post.APPROVED:
            services.moderate_post(moderator, thread.first_post, "approve")
        services.reply(moderator, thread, "We began with a shared phone line and one referral form.")
    print(f"Member {MEMBER} and moderator {MODERATOR} are ready (password as given).")
