"""Attacker's inputs, for every test that feeds untrusted values to the build or the import.

Each payload tries to run script, load something from another host, or break out of the
attribute or element it lands in. A safe site either refuses the source with a message naming
the file, or builds pages in which an HTML parser finds none of it active; `active_markup`
says what a parser finds.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from bs4 import BeautifulSoup

PAYLOADS: tuple[str, ...] = (
    # script elements
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<scr<script>ipt>alert(1)</script>",
    "<script\x0cdefer>alert(1)</script>",
    "</title><script>alert(1)</script>",
    "</textarea><script>alert(1)</script>",
    "<!--<script>alert(1)//--></script>",
    "<![CDATA[<script>alert(1)</script>]]>",
    # event handlers
    "<img src=x onerror=alert(1)>",
    "<img src=x onerror=&#97;lert(1)>",
    "<body onload=alert(1)>",
    "<svg onload=alert(1)>",
    "<svg><animate onbegin=alert(1) attributeName=x dur=1s>",
    "<details open ontoggle=alert(1)>",
    "<div onmouseover='alert(1)'>hover</div>",
    "<input autofocus onfocus=alert(1)>",
    "<video><source onerror=alert(1)></video>",
    "<marquee onstart=alert(1)>",
    # URLs with dangerous schemes, plain and obfuscated
    '<a href="javascript:alert(1)">x</a>',
    '<a href="JaVaScRiPt:alert(1)">x</a>',
    '<a href="java\tscript:alert(1)">x</a>',
    '<a href="&#106;avascript:alert(1)">x</a>',
    '<a href="&#x6A;&#x61;&#x76;&#x61;script:alert(1)">x</a>',
    '<a href=" javascript:alert(1)">x</a>',
    '<a href="vbscript:msgbox(1)">x</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
    '<q cite="javascript:alert(1)">q</q>',
    '<blockquote cite="javascript:alert(1)">b</blockquote>',
    '<del cite="javascript:alert(1)">d</del>',
    '<form action="javascript:alert(1)"><button>go</button></form>',
    '<button formaction="javascript:alert(1)">go</button>',
    '<object data="javascript:alert(1)"></object>',
    '<embed src="javascript:alert(1)">',
    # frames, base, meta, style, math
    '<iframe src="javascript:alert(1)"></iframe>',
    '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    '<base href="https://evil.example/">',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<meta http-equiv="refresh" content="0;url=https://evil.example/">',
    '<link rel="stylesheet" href="https://evil.example/x.css">',
    "<style>@import 'https://evil.example/x.css';</style>",
    '<div style="background:url(https://evil.example/p.gif)">x</div>',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    '<svg><a xlink:href="javascript:alert(1)"><text y="20">x</text></a></svg>',
    # resources from other hosts
    '<img src="https://tracker.example/p.gif">',
    '<img srcset="https://tracker.example/p.gif 1x">',
    '<audio src="https://tracker.example/a.mp3"></audio>',
    # attribute and element break-outs (for values that land inside attributes or JSON)
    '" onfocus="alert(1)" autofocus="',
    "' onfocus='alert(1)' autofocus='",
    '"><script>alert(1)</script>',
    "'><script>alert(1)</script>",
    '" onmouseover=alert(1) x="',
    "</script><script>alert(1)</script>",
    "javascript:alert(1)",
    "//evil.example/x",
    "x\x00y<script>alert(1)</script>",
    "{{ 7*7 }}{% raw %}<script>alert(1)</script>{% endraw %}",
    # line breaks: a value written into a metadata block (by hand or by `make import`) that
    # starts a line of its own, or that a reader splits where another does not
    "x\nSave_as: ../../index.html",
    "x\rURL: javascript:alert(1)",
    "x\u2028Slug: a\x85Template: ../../x",
)

DANGEROUS_SCHEME = re.compile(r"^\s*(?:javascript|vbscript|data)\s*:", re.IGNORECASE)
# CSS that fetches something or runs script (old IE's expression()).
CSS_LOAD = re.compile(r"url\s*\(|@import|expression\s*\(", re.IGNORECASE)
# The site's own scripts: the search page's code, stemmers and index, relative to the page. A
# source cannot put a file there, so a script naming one is the theme's, not a payload's.
OWN_SCRIPT = re.compile(r"(?:\.{1,2}/)*(?:theme/(?:js|vendor)/|search/)[\w./-]+\.js")
# Attributes whose value the browser fetches or follows.
URL_ATTRIBUTES = (
    "href",
    "src",
    "srcset",
    "action",
    "formaction",
    "poster",
    "data",
    "cite",
    "background",
    "xlink:href",
)
# Attributes whose value makes the browser fetch a resource as the page loads.
LOADING_ATTRIBUTES = ("src", "srcset", "poster", "data", "background")


def _urls(name: str, value: str) -> list[str]:
    if name == "srcset":
        return [part.strip().split()[0] for part in value.split(",") if part.strip()]
    return [value]


def active_markup(document: str, *, own_host: str | None = None) -> list[str]:
    """What in an HTML or XML document could run script or load from another host.

    Empty for a safe page. JSON-LD scripts are data, not script, and are allowed, and so are the
    search page's own script files (`OWN_SCRIPT`); a stylesheet or icon link on the page's own
    host (relative, or `own_host`) is the theme's own.
    """
    found: list[str] = []
    page = BeautifulSoup(document, "html.parser")
    for element in page.find_all(True):
        name = element.name.lower()
        if name == "script" and (element.get("type") or "").lower() != "application/ld+json":
            own = OWN_SCRIPT.fullmatch(element.get("src") or "") and not element.get_text().strip()
            if not own:
                found.append(f"<script> element: {str(element)[:80]}")
        if name in ("iframe", "frame", "object", "embed", "base", "applet"):
            found.append(f"<{name}> element")
        if name == "meta" and (element.get("http-equiv") or "").lower() == "refresh":
            found.append("<meta http-equiv=refresh>")
        if name == "style" and CSS_LOAD.search(element.get_text()):
            found.append("<style> that loads or runs something")
        for attribute, value in element.attrs.items():
            value = " ".join(value) if isinstance(value, list) else str(value)
            if attribute.lower().startswith("on"):
                found.append(f"{attribute}= on <{name}>")
            if attribute.lower() == "style" and CSS_LOAD.search(value):
                found.append(f"style= that loads or runs something on <{name}>")
            if attribute.lower() == "srcdoc":
                found.append(f"srcdoc= on <{name}>")
            if attribute.lower() not in URL_ATTRIBUTES:
                continue
            for url in _urls(attribute.lower(), value):
                if DANGEROUS_SCHEME.match(url.replace("\t", "").replace("\n", "")):
                    found.append(f"{attribute}={url[:60]!r} on <{name}>")
                elif attribute.lower() in LOADING_ATTRIBUTES or (
                    name == "link" and attribute.lower() == "href"
                ):
                    host = urlsplit(url).netloc if "//" in url else ""
                    if host and host != own_host:
                        found.append(f"{attribute} loads {url[:60]!r} on <{name}>")
    return found
