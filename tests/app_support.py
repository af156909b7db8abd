"""What the page tests share: where the app is and its pages (from the page registry), and the
measures' labels (from the measure registry)."""

import re
from pathlib import Path

from uep_data import pages, settings
from uep_data.measures import registry


def label(key: str) -> str:
    """A measure's label, as the registry declares it (the tests never write one)."""
    return registry.measure(key).label


APP = str(Path(__file__).resolve().parent.parent / "app.py")
PAGES = {page.address: page.file for page in pages.PAGES}
TITLES = {page.address: page.title for page in pages.PAGES}
TITLES["meeting"] = settings.MEETING_SCREENS["attention"]  # meeting mode opens on its first screen
# Pages that change the data rather than show it (their empty state is a form)
FORMS = {"targets_editor", "settings", "erase"}
# sign-in settings for the page tests (the identity provider is never reached)
AUTH = {
    "redirect_uri": "http://localhost:8501/oauth2callback",
    "cookie_secret": "x" * 32,
    "client_id": "dashboard",
    "client_secret": "secret",
    "server_metadata_url": "http://localhost:9/.well-known/openid-configuration",
}


def open_page(at, page: str):
    """Run the app and go to the page (the Overview is where it opens)."""
    at.run()
    if page != "overview":
        at.switch_page(PAGES[page]).run()
    return at


def as_signed_in(user: dict) -> dict:
    """A signed-in user as an OpenID Connect sign-in gives them: the claims the app needs
    besides the test's own (a subject, when and by whom the ID token was issued, a nonce,
    and the email marked verified unless the test says otherwise)."""
    import secrets
    import time

    if not user.get("is_logged_in"):
        return user
    return {
        "sub": user.get("email") or "someone",
        "iss": "https://sign-in.example",
        "iat": int(time.time()),
        "nonce": secrets.token_urlsafe(8),
        "email_verified": True,
        **user,
    }


# markdown's backslash escapes (web.text.plain escapes every punctuation character)
ESCAPED = re.compile(r"\\([!-/:-@\[-`{-~])")


def shown(markdown: str) -> str:
    """What a reader sees of markdown whose punctuation is escaped: the characters typed."""
    return ESCAPED.sub(r"\1", markdown)
