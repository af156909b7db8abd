"""Sign-in end to end: the dashboard with OpenID Connect configured, a real test provider on
localhost (oidc-provider-mock), and Chromium. The role comes from the mapping in the
secrets: a lead, a steering group member (by domain), a board member (by group), and a
person with no role who is refused."""

import http.client
import json
import os
import secrets
import signal
import subprocess
import sys
import urllib.request
from urllib.parse import quote

import pytest
from playwright.sync_api import expect

from tests.app_support import label
from tests.e2e.conftest import Server, free_port, open_app, shoot, wait_http, wait_idle

ROLES = {
    "programme_lead": ["lead@trust.nhs.uk"],
    "steering_group": ["@trust.nhs.uk"],
    "board": ["group:Trust board"],
}


@pytest.fixture(scope="module")
def provider(tmp_path_factory):
    port = free_port()
    log = open(tmp_path_factory.mktemp("oidc") / "provider.log", "w")
    process = subprocess.Popen(
        [sys.executable, "-m", "oidc_provider_mock", "--host", "127.0.0.1", "--port", str(port)],
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    url = f"http://localhost:{port}"
    try:
        wait_http(f"{url}/.well-known/openid-configuration")
        yield url
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(10)
        log.close()


@pytest.fixture(scope="module")
def signed_server(provider, sample_database, tmp_path_factory):
    """The dashboard with sign-in on; reached at localhost, the redirect address's host."""
    folder = tmp_path_factory.mktemp("signin")
    port = free_port()
    secrets_file = folder / "secrets.toml"
    roles = "\n".join(f"{role} = {json.dumps(entries)}" for role, entries in ROLES.items())
    secrets_file.write_text(
        "[auth]\n"
        f'redirect_uri = "http://localhost:{port}/oauth2callback"\n'
        f'cookie_secret = "{secrets.token_urlsafe(32)}"\n'
        'client_id = "uep-dashboard"\n'
        'client_secret = "test-secret"\n'
        f'server_metadata_url = "{provider}/.well-known/openid-configuration"\n'
        f"\n[roles]\n{roles}\n"
    )
    server = Server(
        sample_database,
        folder / "streamlit.log",
        "--secrets.files",
        str(secrets_file),
        host="localhost",
        port=port,
        # a name served besides the redirect address's, reached over plain HTTP
        environment={"UEP_SERVED_HOSTS": "dashboard.example"},
    )
    yield server
    server.stop()


def give_claims(provider: str, sub: str, claims: dict) -> None:
    request = urllib.request.Request(
        f"{provider}/users/{quote(sub, safe='')}",
        data=json.dumps(claims).encode(),
        method="PUT",
        headers={"Content-Type": "application/json"},
    )
    assert urllib.request.urlopen(request).status == 204


def sign_in(page, server, sub: str, provider: str | None = None) -> None:
    """Sign in as `sub`; given the provider, as a person whose email (`sub`) the provider
    says it has verified."""
    if provider is not None:
        give_claims(provider, sub, {"email": sub, "email_verified": True})
    open_app(page, server.url)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/oauth2/authorize?**")
    page.get_by_placeholder("sub").fill(sub)
    page.get_by_role("button", name="Authorize").click()
    page.wait_for_url(f"{server.url}/**")
    wait_idle(page)


@pytest.mark.browser
def test_a_visitor_who_has_not_signed_in_sees_no_data_even_by_address(signed_server, page):
    for path in ("/", "/coverage", "/watch_list", "/meeting"):
        open_app(page, signed_server.url + path)
        expect(page.get_by_role("button", name="Sign in")).to_be_visible()
        expect(page.locator("[data-testid='stVegaLiteChart']")).to_have_count(0)
        expect(page.get_by_text(label("in_employment"))).to_have_count(0)
    shoot(page, "sign_in_page")


@pytest.mark.browser
def test_the_programme_lead_signs_in_and_out(signed_server, provider, page):
    sign_in(page, signed_server, "lead@trust.nhs.uk", provider)
    expect(page.get_by_role("heading", name="Overview", level=1)).to_be_visible()
    expect(page.get_by_text("Programme lead", exact=True)).to_be_visible()  # its menu
    expect(page.get_by_text("Sign-in is off.")).to_have_count(0)
    shoot(page, "signed_in_lead")
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url("**/oauth2/end_session?**")
    page.get_by_role("button", name="End session").click()
    page.wait_for_url(f"{signed_server.url}/**")
    wait_idle(page)
    expect(page.get_by_role("button", name="Sign in")).to_be_visible()


@pytest.mark.browser
def test_a_steering_group_member_by_domain_sees_aggregate_pages_only(signed_server, provider, page):
    sign_in(page, signed_server, "member@trust.nhs.uk", provider)
    expect(page.get_by_role("heading", name="Overview", level=1)).to_be_visible()
    expect(page.get_by_text("Explore and present", exact=True)).to_be_visible()
    expect(page.get_by_text("Programme lead", exact=True)).to_have_count(0)
    open_app(page, signed_server.url + "/watch_list")
    expect(page.get_by_text("Danger-point watch list")).to_have_count(0)


@pytest.mark.browser
def test_a_board_member_by_group_sees_the_board_pages(signed_server, provider, page):
    give_claims(provider, "chair-7", {"email": "chair@nhs.net", "groups": ["Trust board"]})
    sign_in(page, signed_server, "chair-7")
    expect(page.get_by_role("heading", name="Overview", level=1)).to_be_visible()
    expect(page.get_by_text("Explore and present", exact=True)).to_have_count(0)
    shoot(page, "signed_in_board")


@pytest.mark.browser
def test_a_person_with_no_role_is_refused(signed_server, provider, page):
    sign_in(page, signed_server, "visitor@example.org", provider)
    expect(page.get_by_role("heading", name="You have no access")).to_be_visible()
    expect(page.locator("[data-testid='stVegaLiteChart']")).to_have_count(0)
    shoot(page, "signed_in_no_role")


def sign_out(page, server) -> None:
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url("**/oauth2/end_session?**")
    page.get_by_role("button", name="End session").click()
    page.wait_for_url(f"{server.url}/**")
    wait_idle(page)


@pytest.mark.browser
def test_signing_out_in_one_tab_ends_the_other_tab_and_any_copy_of_the_cookie(
    signed_server, provider, browser, page
):
    sign_in(page, signed_server, "lead@trust.nhs.uk", provider)
    other_tab = page.context.new_page()
    open_app(other_tab, signed_server.url + "/coverage")
    expect(other_tab.get_by_role("heading", name="Coverage", level=1)).to_be_visible()
    copied_cookies = page.context.cookies()

    sign_out(page, signed_server)
    expect(page.get_by_role("button", name="Sign in")).to_be_visible()

    # the other tab, left alone, shows the sign-in page at the data-version poll (10 s)
    expect(other_tab.get_by_role("button", name="Sign in")).to_be_visible(timeout=30_000)
    expect(other_tab.get_by_text("You signed out")).to_be_visible()
    expect(other_tab.get_by_role("heading", name="Coverage", level=1)).to_have_count(0)
    expect(other_tab.locator("[data-testid='stVegaLiteChart']")).to_have_count(0)
    shoot(other_tab, "signed_out_other_tab")

    # the cookies copied before signing out, in another browser
    elsewhere = browser.new_context(viewport={"width": 1440, "height": 1000})
    try:
        elsewhere.add_cookies(copied_cookies)
        copy = elsewhere.new_page()
        open_app(copy, signed_server.url + "/coverage")
        expect(copy.get_by_role("button", name="Sign in")).to_be_visible()
        expect(copy.get_by_text(label("in_employment"))).to_have_count(0)
        expect(copy.locator("[data-testid='stVegaLiteChart']")).to_have_count(0)
    finally:
        elsewhere.close()

    # signing in again works
    sign_in(page, signed_server, "lead@trust.nhs.uk", provider)
    expect(page.get_by_role("heading", name="Overview", level=1)).to_be_visible()


@pytest.mark.browser
def test_an_account_with_the_leads_email_not_verified_gets_no_role(signed_server, provider, page):
    give_claims(provider, "impostor-1", {"email": "lead@trust.nhs.uk", "email_verified": False})
    sign_in(page, signed_server, "impostor-1")
    expect(page.get_by_role("heading", name="You have no access")).to_be_visible()
    expect(page.get_by_text("not verified")).to_be_visible()
    expect(page.get_by_text(label("in_employment"))).to_have_count(0)


@pytest.mark.browser
def test_sign_in_over_plain_http_from_beyond_this_computer_is_refused(signed_server, page):
    address = f"http://dashboard.example:{signed_server.port}"
    open_app(page, address + "/")
    expect(page.get_by_role("heading", name="HTTPS needed")).to_be_visible()
    expect(page.get_by_role("button", name="Sign in")).to_have_count(0)
    shoot(page, "sign_in_needs_https")
    for host, refused in ((f"dashboard.example:{signed_server.port}", True), (None, False)):
        connection = http.client.HTTPConnection("127.0.0.1", signed_server.port, timeout=10)
        headers = {"Host": host or f"localhost:{signed_server.port}"}
        connection.request("GET", "/auth/login?provider=x", headers=headers)
        assert (connection.getresponse().status == 403) is refused
        connection.close()
