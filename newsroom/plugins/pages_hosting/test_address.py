from datetime import datetime
from pathlib import Path
from types import SimpleNamespace

import pytest
from lxml import etree

from newsroom.plugins.pages_hosting.address import host_problem, parse_cname, parse_siteurl
from newsroom.plugins.pages_hosting.pages_hosting import FileSitemap


@pytest.mark.parametrize(
    ("value", "address"),
    [
        ("https://example.github.io/newsroom", "https://example.github.io/newsroom"),
        ("https://example.github.io/newsroom/", "https://example.github.io/newsroom"),
        ("HTTPS://News.Example.ORG/", "https://news.example.org"),
        ("http://127.0.0.1:8000/site", "http://127.0.0.1:8000/site"),
        ("https://example.org/a%20b/c~d_e.f-g", "https://example.org/a%20b/c~d_e.f-g"),
    ],
)
def test_plain_addresses_are_accepted_and_normalised(value: str, address: str) -> None:
    assert parse_siteurl(value) == address


@pytest.mark.parametrize(
    ("value", "why"),
    [
        ("", "it is empty"),
        ("example.github.io/newsroom", "not an absolute http(s) address"),
        ("ftp://example.org", "not an absolute http(s) address"),
        ("javascript:alert(1)", "not an absolute http(s) address"),
        ("//example.org", "not an absolute http(s) address"),
        ('https://"><script>alert(1)</script>', "is not a host name"),
        ("https://example.org/\"'><script>", "path"),
        ("https://exa mple.org", "has ' ' in it"),
        (" https://example.org", "has ' ' in it"),
        ("https://example.org/\n", "has '\\n' in it"),
        ("https://example.org/?q=1", "a query (?) or a fragment (#)"),
        ("https://example.org/#top", "a query (?) or a fragment (#)"),
        ("https://example.org/?", "a query (?) or a fragment (#)"),
        ("https://user:pw@example.org", "user name or password"),
        ("https://example.org:http/", "port is not a number"),
        ("https://exa_mple.org", "is not a host name"),
        ("https://-example.org", "is not a host name"),
        ("https://example..org", "is not a host name"),
        ("https://bücher.example", "write it as xn--bcher-kva.example"),
        ("https://example.org/a/../b", "path '/a/../b'"),
        ("https://example.org//evil.example", "path"),
        ("https://example.org/$(touch pwned)", "path"),
        ("https://example.org/a&b", "path"),
        ("https://[::1]/", "is not a host name"),
    ],
)
def test_anything_else_is_refused_saying_what_and_how(value: str, why: str) -> None:
    with pytest.raises(ValueError) as error:
        parse_siteurl(value)
    message = str(error.value)
    assert message.startswith(f"set SITEURL to the site's absolute address, not {value!r}")
    assert why in message, message
    assert "e.g. SITEURL=https://USER.github.io/REPO" in message


def test_a_custom_domain_is_compared_without_regard_to_case() -> None:
    assert parse_cname("News.Example.ORG", "https://news.example.org") == "news.example.org"
    assert parse_cname("news.example.org", parse_siteurl("https://NEWS.example.org/")) == (
        "news.example.org"
    )
    assert parse_cname("", "https://example.github.io/newsroom") == ""


@pytest.mark.parametrize(
    ("cname", "siteurl"),
    [
        ("news.example.org", "https://example.github.io/newsroom"),
        ("News.Example.org", "https://news.example.org/newsroom"),  # served at the root
        ("other.example.org", "https://news.example.org"),
    ],
)
def test_a_custom_domain_that_is_not_the_address_gives_advice_that_works(
    cname: str, siteurl: str
) -> None:
    with pytest.raises(ValueError) as error:
        parse_cname(cname, siteurl)
    advice = str(error.value).rsplit("set SITEURL=", 1)[1]
    assert parse_cname(cname, parse_siteurl(advice)) == cname.lower()


@pytest.mark.parametrize(
    ("cname", "why"),
    [
        ("localhost", "has a dot in it"),
        ("news.example.org\n", "has '\\n' in it"),
        ("news example.org", "has ' ' in it"),
        ("news_example.org", "is not a host name"),
        ("news.example.org/path", "is not a host name"),
        ('x.org"><script>', "is not a host name"),
        ("bücher.example", "write it as xn--bcher-kva.example"),
        ("a" * 64 + ".org", "is not a host name"),
    ],
)
def test_a_custom_domain_must_be_a_host_name(cname: str, why: str) -> None:
    with pytest.raises(ValueError) as error:
        parse_cname(cname, "https://x.org")
    assert why in str(error.value) and "such as news.example.org" in str(error.value)


def test_host_names_follow_the_letters_digits_hyphens_rule() -> None:
    assert host_problem("a-b.example.org") is None
    assert host_problem("x" * 63 + ".org") is None
    assert (
        host_problem(".".join(["abcdefgh"] * 30))
        == "the host name is 269 characters long (at most 253)"
    )


def test_the_sitemap_escapes_the_address_for_xml(tmp_path: Path) -> None:
    """The address never has `&` or `<` once parsed; were it to, the sitemap stays XML."""
    siteurl = "https://example.org/a&b<c"
    (tmp_path / "index.html").write_text("", encoding="utf-8")
    pelican = SimpleNamespace(
        output_path=str(tmp_path),
        settings={"SITEURL": siteurl, "PAGES_HOSTING_SITEURL": siteurl, "SITEMAP": {}},
    )
    sitemap = FileSitemap()
    sitemap.page_queue = [(str(tmp_path / "index.html"), None)]
    sitemap.now = datetime(2022, 11, 24)
    sitemap._write_out(pelican)
    tree = etree.parse(str(tmp_path / "sitemap.xml"))
    (loc,) = tree.findall(".//{http://www.sitemaps.org/schemas/sitemap/0.9}loc")
    assert loc.text == f"{siteurl}/index.html"
