"""Full-page screenshots of every ICASE page type and main journey step, at desktop and phone width.

It starts nothing: point it at a running site and look at the folder it fills, to review the whole
site in a minute. Detail pages are found by following the first card on each index page, so it
works on any content, not only the seed.

Run the site with DEBUG off, or the 404 and 403 shots are Django's debug pages (the script stops if
it meets one); `--insecure` lets runserver serve the static files without DEBUG:

    DJANGO_DEBUG=0 .venv/bin/python manage.py runserver --insecure 127.0.0.1:8000
    .venv/bin/python bench/screens.py http://127.0.0.1:8000 --out var/screens

For the signed-in journeys (sharing a story, a discussion, notifications, the account pages, the
403 page and, as a moderator, the moderation queue), create the screenshot accounts and some
activity first (bench/screens_setup.py, development databases only), then pass the password:

    .venv/bin/python manage.py shell -c "from bench.screens_setup import prepare; prepare('a-password')"
    .venv/bin/python bench/screens.py http://127.0.0.1:8000 --password a-password

Files are named NN-step-WIDTH.png, in journey order. Sharing a story sends one real (draft) story.
"""

import argparse
import os
import re
import sys
from pathlib import Path
from urllib.parse import urljoin

from screens_setup import MEMBER, MODERATOR

WIDTHS = (1280, 375)
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")

# (name, path): pages anyone can open. Detail pages are added from the index pages' first cards.
PUBLIC = [
    ("home", "/"),
    ("case-study-index", "/case-studies/"),
    ("case-study-index-filtered", "/case-studies/?theme=avoiding-admission"),
    ("pioneer-index", "/pioneers/"),
    ("toolkit-index", "/toolkits/"),
    ("event-index", "/events/"),
    ("event-index-past", "/events/?when=past"),
    ("theme-index", "/themes/"),
    ("collection-index", "/collections/"),
    ("community", "/community/"),
    ("standard-page", "/accessibility-statement/"),
    ("privacy-notice", "/privacy/"),
    ("community-guidelines", "/community-guidelines/"),
    ("contact", "/contact/"),
    ("contact-errors", "/contact/", "submit_empty"),
    ("page-not-found", "/no-such-page/"),
]
# Each index page's first card is the example of its detail page type.
DETAIL_FROM = [
    ("case-study", "/case-studies/"),
    ("pioneer-profile", "/pioneers/"),
    ("toolkit", "/toolkits/"),
    ("event", "/events/?when=past"),
    ("themed-collection", "/collections/"),
    ("thread", "/community/"),
]
SEARCH_JOURNEY = [
    ("search-form", "/search/"),
    ("search-results", "/search/?q=reducing+hospital+admissions"),
    ("search-results-filtered", "/search/?q=reducing+hospital+admissions&type=case-study"),
    ("search-did-you-mean", "/search/?q=reablment"),
    ("search-no-results", "/search/?q=zzzzqqq"),
]
ACCOUNT_JOURNEY = [
    ("sign-in", "/accounts/login/"),
    ("join", "/accounts/signup/"),
    ("reset-password", "/accounts/password/reset/"),
    ("sign-in-with-a-code", "/accounts/login/code/"),
]
MEMBER_JOURNEY = [
    ("share-your-story", "/share-your-story/"),
    ("your-stories", "/your-stories/"),
    ("new-discussion", "/community/new/"),
    ("your-discussions", "/community/yours/"),
    ("notifications", "/notifications/"),
    ("profile", "/accounts/profile/"),
    ("sessions", "/accounts/sessions/"),
    ("email-addresses", "/accounts/email/"),
    ("two-factor", "/accounts/2fa/"),
    ("members", "/members/"),
    ("members-by-name", "/members/?q=nurse"),
    ("members-no-match", "/members/?q=zzzzqqq"),
    ("forbidden", "/community/moderation/"),
]
MODERATOR_JOURNEY = [
    ("moderation-queue", "/community/moderation/"),
    ("moderation-log", "/community/moderation/log/"),
]
# Django's own error pages, which a DEBUG server shows instead of the site's.
DEBUG_PAGE = re.compile(r"You(&#x27;|')re seeing this error because you have <code>DEBUG = True</code>")


def slug(text):
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


class Camera:
    """One browser context per width; every shot is numbered so the folder reads in journey order."""

    def __init__(self, browser, base_url, out):
        self.base_url = base_url.rstrip("/")
        self.out = out
        self.count = 0
        self.contexts = {
            width: browser.new_context(viewport={"width": width, "height": 900}) for width in WIDTHS
        }
        self.tabs = {width: context.new_page() for width, context in self.contexts.items()}

    def url(self, path):
        return urljoin(self.base_url + "/", path.lstrip("/"))

    def shoot(self, name, path=None, action=None):
        """Open `path` (or stay where the tab is), run `action(tab)` if given, save one PNG per width."""
        self.count += 1
        for width, tab in self.tabs.items():
            if path is not None:
                tab.goto(self.url(path), wait_until="networkidle")
            if action is not None:
                action(tab)
                tab.wait_for_load_state("networkidle")
            if DEBUG_PAGE.search(tab.content()):
                sys.exit(
                    f"{tab.url} is Django's debug page: run the server with DEBUG off "
                    "(DJANGO_DEBUG=0 manage.py runserver --insecure) so the shots show the site's own pages."
                )
            file = self.out / f"{self.count:02d}-{slug(name)}-{width}.png"
            tab.screenshot(path=str(file), full_page=True)
        print(f"{self.count:02d} {name}: {self.tabs[WIDTHS[0]].url}")

    def first_card_link(self, index_path):
        tab = self.tabs[WIDTHS[0]]
        tab.goto(self.url(index_path), wait_until="networkidle")
        link = tab.locator(".nhsuk-card__heading a, main h2 a, .icase-thread-list__item a").first
        return link.get_attribute("href") if link.count() else None

    def sign_in(self, email, password):
        for tab in self.tabs.values():
            tab.context.clear_cookies()
            tab.goto(self.url("/accounts/login/"))
            tab.fill("input[name=login]", email)
            tab.fill("input[name=password]", password)
            tab.locator("form button[type=submit]").last.click()
            tab.wait_for_load_state("networkidle")
            if "/accounts/login/" in tab.url:
                sys.exit(f"Could not sign in as {email}: check the email, password and 2FA.")

    def close(self):
        for context in self.contexts.values():
            context.close()


def submit_empty(tab):
    tab.locator("main form button[type=submit]").last.click()


def share_a_story(tab):
    """Fill in the story form's required fields and send it, to reach the confirmation page. Each
    width sends its own title: the same story twice in a day is refused as a duplicate."""
    tab.fill("#id_title", f"Screenshot review at {tab.viewport_size['width']} px: a night sitting service")
    for select in tab.locator("main form select").all():
        options = select.locator("option").all()
        if len(options) > 1:
            select.select_option(index=1)
    theme = tab.locator("main form input[type=checkbox][name=themes]").first
    if theme.count():
        theme.check()
    text = "We trained carers to sit with people at night so families could rest. " * 4
    for area in tab.locator("main form textarea").all():
        if area.get_attribute("required") is not None:
            area.fill(text)
    for field in tab.locator("main form input[type=text][required]").all():
        if not field.input_value():
            field.fill("Sam Screens, screenshot reviewer")
    for box in tab.locator("main form input[type=checkbox][required]").all():
        box.check()
    tab.locator("main form button[type=submit]").last.click()


ACTIONS = {"submit_empty": submit_empty}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("base_url", help="a running ICASE site, e.g. http://127.0.0.1:8000")
    parser.add_argument("--out", type=Path, default=Path("var/screens"), help="folder for the PNGs")
    parser.add_argument("--email", default=MEMBER, help="the member for the signed-in journeys")
    parser.add_argument("--moderator", default=MODERATOR, help="the moderator for the moderation queue")
    parser.add_argument("--password", default=os.environ.get("ICASE_SCREENS_PASSWORD"))
    args = parser.parse_args(argv)

    from playwright.sync_api import sync_playwright

    args.out.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        camera = Camera(browser, args.base_url, args.out)
        for name, path, *action in PUBLIC:
            camera.shoot(name, path, ACTIONS[action[0]] if action else None)
        for name, index_path in DETAIL_FROM:
            href = camera.first_card_link(index_path)
            if href:
                camera.shoot(name, href)
            else:
                print(f"-- {name}: no card on {index_path}, skipped")
        for name, path in SEARCH_JOURNEY:
            camera.shoot(name, path)
        for name, path in ACCOUNT_JOURNEY:
            camera.shoot(name, path)
        camera.shoot("sign-in-errors", "/accounts/login/", submit_empty)
        if args.email and args.password:
            camera.sign_in(args.email, args.password)
            for name, path in MEMBER_JOURNEY:
                camera.shoot(name, path)
            camera.shoot("share-your-story-errors", "/share-your-story/", submit_empty)
            camera.shoot("story-confirmation", "/share-your-story/", share_a_story)
        if args.moderator and args.password:
            camera.sign_in(args.moderator, args.password)
            for name, path in MODERATOR_JOURNEY:
                camera.shoot(name, path)
        camera.close()
        browser.close()
    print(f"Saved {camera.count * len(WIDTHS)} screenshots in {args.out}")


if __name__ == "__main__":
    main()
