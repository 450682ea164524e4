"""Sign-up never turns an email address into anything public; account emails look like ICASE's.

allauth's default adapter makes the username (our public handle, in /members/<handle>/ and
@mentions) from the email's local part, so "firstname.lastname" showed on every post and could be
confirmed by mentioning it. Here every new account gets a random handle instead; the member chooses
a real one on their profile page (see icase/community/handles.py).

Its emails are plain text that greets "Hello from <request host>!" with links on that host; here
they are framed like every other ICASE email (icase/accounts/emails.py) and link to the site address.
"""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.utils import user_username

from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse

from icase.community.handles import random_handle
from icase.links import absolute_url

from .emails import account_email_parts, rebase_links
from .templatetags.account_ui import sentence_case


class AccountAdapter(DefaultAccountAdapter):
    def populate_username(self, request, user):
        if not user_username(user):
            user_username(user, random_handle())

    def send_mail(self, template_prefix, email, context):
        super().send_mail(template_prefix, email, rebase_links(context))

    def render_mail(self, template_prefix, email, context, headers=None):
        context = {**rebase_links(context), "reset_url": absolute_url(reverse("account_reset_password"))}
        subject = " ".join(render_to_string(f"{template_prefix}_subject.txt", context).splitlines()).strip()
        subject = sentence_case(subject)
        body = render_to_string(f"{template_prefix}_message.txt", context)
        text, html = account_email_parts(template_prefix, body, context)
        to = [email] if isinstance(email, str) else email
        message = EmailMultiAlternatives(
            self.format_email_subject(subject), text, self.get_from_email(), to, headers=headers
        )
        message.attach_alternative(html, "text/html")
        return message
