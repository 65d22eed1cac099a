"""The published site's address (SITEURL) and custom domain (CNAME), parsed rather than trusted.

Both come from the environment of `make publish` / `make github` and land in every page
(canonical links, og:url, JSON-LD), in 404.html's links, in the feeds, sitemap.xml, robots.txt
and the CNAME file. A prefix check let a quote, a space, a query or a `#` through; parsed,
the address is a scheme, a host and a path of plain characters, or the build stops and says
how to write it. Host names are compared as DNS compares them, without regard to case.
"""

from __future__ import annotations

import re
from urllib.parse import SplitResult, urlsplit

SITEURL_EXAMPLES = "SITEURL=https://USER.github.io/REPO, or SITEURL=https://news.example.org"
SITEURL_RULE = (
    "http:// or https://, a host name, then at most a path of letters, digits, - . _ ~ % and /"
)
CNAME_RULE = "a host name such as news.example.org (letters, digits and hyphens between dots)"
# One label of a host name (RFC 1123, "LDH"): letters, digits, hyphens inside, 1 to 63 long.
LABEL = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?", re.ASCII)
MAX_HOST_LENGTH = 253
# A path segment of unreserved characters (RFC 3986) and percent escapes, nothing that means
# something in HTML, XML, a shell or a URL (quotes, <, &, ?, #, spaces).
SEGMENT = re.compile(r"(?:[A-Za-z0-9._~-]|%[0-9A-Fa-f]{2})+", re.ASCII)
WHITESPACE_OR_CONTROL = re.compile(r"[\s\x00-\x1f\x7f-\x9f]")


def host_problem(host: str) -> str | None:
    """None for a host name of letters, digits and hyphens between dots, else what is wrong."""
    if not host.isascii():
        try:
            ascii_form = host.encode("idna").decode("ascii")
        except UnicodeError:
            return f"{host!r} is not a host name"
        return f"{host!r} is not written in ASCII: write it as {ascii_form}"
    if len(host) > MAX_HOST_LENGTH:
        return f"the host name is {len(host)} characters long (at most {MAX_HOST_LENGTH})"
    labels = host.lower().split(".")
    if not all(LABEL.fullmatch(label) for label in labels):
        return f"{host!r} is not a host name"
    return None


def _siteurl_problem(value: str, parts: SplitResult) -> str | None:
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return "it is not an absolute http(s) address"
    if "@" in parts.netloc:
        return "it has a user name or password in it"
    if "?" in value or "#" in value:
        return "it has a query (?) or a fragment (#)"
    try:
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number
    except ValueError:
        return "its port is not a number"
    if problem := host_problem(parts.hostname or ""):
        return f"its host: {problem}"
    path = parts.path.rstrip("/")
    segments = path.split("/")[1:] if path else []
    if any(not SEGMENT.fullmatch(segment) or segment in (".", "..") for segment in segments):
        return f"its path {parts.path!r} has characters or parts an address path cannot have"
    return None


def parse_siteurl(value: str) -> str:
    """The site's absolute address, scheme and host in lower case, without a final slash.

    Raises ValueError saying what is wrong and how to write it."""
    problem = None
    parts = None
    if not value:
        problem = "it is empty"
    elif found := WHITESPACE_OR_CONTROL.search(value):
        problem = f"it has {found.group()!r} in it"
    else:
        try:
            parts = urlsplit(value)
        except ValueError:
            problem = "it is not an address"
    if parts is not None:
        problem = _siteurl_problem(value, parts)
    if problem or parts is None:
        raise ValueError(
            f"set SITEURL to the site's absolute address, not {value!r} ({problem}): write "
            f"{SITEURL_RULE}, e.g. {SITEURL_EXAMPLES}"
        )
    port = f":{parts.port}" if parts.port is not None else ""
    path = parts.path.rstrip("/")
    return f"{parts.scheme.lower()}://{(parts.hostname or '').lower()}{port}{path}"


def parse_cname(value: str, siteurl: str) -> str:
    """The custom domain in lower case ("" for none); it must be the host of `siteurl`, which
    GitHub Pages then serves at the root. Raises ValueError with the way to write them."""
    if not value:
        return ""
    if found := WHITESPACE_OR_CONTROL.search(value):
        problem = f"it has {found.group()!r} in it"
    elif "." not in value:
        problem = "a custom domain has a dot in it"
    else:
        problem = host_problem(value)
    if problem:
        raise ValueError(f"CNAME={value!r} is not a domain name ({problem}): write {CNAME_RULE}")
    cname = value.lower()
    parts = urlsplit(siteurl)
    if parts.hostname != cname or parts.path not in ("", "/"):
        raise ValueError(
            f"CNAME={value} but SITEURL={siteurl}: with a custom domain GitHub Pages serves "
            f"the site at the root of that domain, so set SITEURL={parts.scheme}://{cname}"
        )
    return cname
