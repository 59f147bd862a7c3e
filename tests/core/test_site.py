"""The site's address: SITE_URL when set, else the request's own host, else the address the demo serves."""

from __future__ import annotations

from django.core import mail
from django.test import RequestFactory

from comeback.core import site


def test_given_site_url_when_asked_then_it_wins_over_the_request(settings, rf: RequestFactory):
    settings.SITE_URL = "https://shop.example"
    assert site.url(rf.get("/", HTTP_HOST="localhost:8642")) == "https://shop.example"


def test_given_no_site_url_when_a_request_asks_then_its_own_scheme_and_host_answer(settings, rf):
    settings.SITE_URL = ""
    settings.ALLOWED_HOSTS = ["*"]
    assert site.url(rf.get("/", HTTP_HOST="10.0.0.7:8642")) == "http://10.0.0.7:8642"
    assert site.absolute("/01/x", rf.get("/", HTTP_HOST="a.test", secure=True)) == "https://a.test/01/x"


def test_given_no_site_url_and_no_request_then_the_demo_address_from_host_and_port(settings, monkeypatch):
    settings.SITE_URL = ""
    monkeypatch.setenv("HOST", "0.0.0.0")
    monkeypatch.setenv("PORT", "8642")
    assert site.url() == "http://127.0.0.1:8642"
    monkeypatch.delenv("HOST")
    monkeypatch.delenv("PORT")
    assert site.url() == "http://127.0.0.1:8000"


def test_given_no_site_url_when_an_email_is_sent_while_serving_a_request_then_it_links_to_that_host(
    settings, client, db
):
    """Work done for a request (the outbox drained after its commit) links to the host it came in on."""
    from comeback.orders import handlers as emails

    settings.SITE_URL = ""
    settings.ALLOWED_HOSTS = ["shop.local"]
    seen = {}

    def view_probe(get_response):
        def middleware(request):
            seen["url"] = site.url()
            emails._send(key="site-probe", to="a@example.test", subject="x", template="_footer", context={})
            return get_response(request)

        return middleware

    handler = site.SiteUrlMiddleware(view_probe(lambda request: None))
    handler(RequestFactory().get("/", HTTP_HOST="shop.local:8642"))
    assert seen["url"] == "http://shop.local:8642"
    assert "http://shop.local:8642" in mail.outbox[-1].body
    assert site.url() != "http://shop.local:8642"  # the request is forgotten once answered


def test_given_the_code_then_absolute_urls_come_from_the_site_module_never_from_site_url_directly():
    """`settings.SITE_URL` alone is empty on a laptop demo: links built from it would be relative."""
    from pathlib import Path

    import comeback

    root = Path(comeback.__file__).parent
    direct = [
        str(path.relative_to(root))
        for path in root.rglob("*.py")
        if "settings.SITE_URL" in path.read_text() and path.name != "settings.py"
    ]
    assert direct == []
