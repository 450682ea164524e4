"""Sign-up never turns an email address into anything public.

allauth's default adapter makes the username (our public handle, in /members/<handle>/ and
@mentions) from the email's local part, so "firstname.lastname" showed on every post and could be
confirmed by mentioning it. Here every new account gets a random handle instead; the member chooses
a real one on their profile page (see icase/community/handles.py).
"""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.utils import user_username

from icase.community.handles import random_handle


class AccountAdapter(DefaultAccountAdapter):
    def populate_username(self, request, user):
        if not user_username(user):
            user_username(user, random_handle())
