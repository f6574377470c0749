"""The GraphiQL page must load everything from the gateway itself (no CDN), and escape what it embeds."""

from __future__ import annotations

import hashlib
import json
import re
from html.parser import HTMLParser

import httpx
import pytest
from starlette.applications import Starlette
from starlette.routing import Mount
from starlette.staticfiles import StaticFiles

from kllgraph_gateway._graphiql import GRAPHIQL_STATIC_DIR, graphiql_page

STATIC_URL = "/static/graphiql"
# Attributes through which HTML makes the browser fetch something.
_URL_ATTRS = {"src", "href", "srcset", "poster", "data", "action", "formaction", "background", "manifest"}
# url(...) and @import in CSS; quotes optional.
_CSS_URL = re.compile(r"""url\(\s*(['"]?)(.*?)\1\s*\)""", re.IGNORECASE | re.DOTALL)
_CSS_IMPORT = re.compile(r"""@import\s+(?:url\(\s*)?['"]?([^'")\s;]+)""", re.IGNORECASE)


class _Page(HTMLParser):
    """What a browser would see: element attributes, and the raw text of <script>/<style>/<title>."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.urls: list[tuple[str, str, str]] = []  # (tag, attr, value)
        self.scripts: list[dict[str, str | None]] = []
        self.inline_scripts: list[str] = []
        self.styles: list[str] = []
        self.titles: list[str] = []
        self._open: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in _URL_ATTRS and value is not None:
                self.urls.append((tag, name, value))
        if tag == "script":
            self.scripts.append(dict(attrs))
        if tag in {"script", "style", "title"}:
            self._open = tag
            if tag == "script" and dict(attrs).get("src") is None:
                self.inline_scripts.append("")
            elif tag == "style":
                self.styles.append("")
            elif tag == "title":
                self.titles.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == self._open:
            self._open = None

    def handle_data(self, data: str) -> None:
        if self._open == "script" and self.scripts and self.scripts[-1].get("src") is None:
            self.inline_scripts[-1] += data
        elif self._open == "style":
            self.styles[-1] += data
        elif self._open == "title":
            self.titles[-1] += data


def _parse(page: str) -> _Page:
    parsed = _Page()
    parsed.feed(page)
    parsed.close()
    return parsed


def _page(**overrides: str) -> str:
    kwargs = {"graphql_url": "/graphql", "static_url": STATIC_URL, "default_query": "{ __typename }\n"}
    kwargs.update(overrides)
    return graphiql_page(**kwargs)


def _is_external(url: str) -> bool:
    """A load that would leave the gateway: any scheme but data:, or a protocol-relative //host URL."""
    u = url.strip().lower()
    return u.startswith("//") or (
        re.match(r"^[a-z][a-z0-9+.-]*:", u) is not None and not u.startswith("data:")
    )


def _referenced_files(page: str) -> list[str]:
    return [
        value.removeprefix(STATIC_URL + "/")
        for _, _, value in _parse(page).urls
        if not value.startswith("data:")
    ]


def test_is_external_classifies_urls() -> None:
    # The helper the other tests rely on must itself tell local from external.
    for url in ("https://unpkg.com/x.js", "http://a/b", "//cdn.example/x.css", " HTTPS://x", "ftp://x"):
        assert _is_external(url), url
    for url in ("/static/graphiql/x.js", "x.css", "data:,", "data:font/woff2;base64,AAAA", "#frag"):
        assert not _is_external(url), url


def test_page_loads_only_from_static_url() -> None:
    page = _page()
    parsed = _parse(page)
    kinds = {(tag, attr) for tag, attr, _ in parsed.urls}
    # Sanity check that the parser saw what the page loads, so the assertions below are not vacuous.
    assert ("script", "src") in kinds
    assert ("link", "href") in kinds
    for tag, attr, value in parsed.urls:
        assert not _is_external(value), (tag, attr, value)
        assert value.startswith("data:") or value.startswith(STATIC_URL + "/"), (tag, attr, value)
    # No absolute URL anywhere in the page text: not in inline scripts, styles or comments either.
    assert "http:" not in page
    assert "https:" not in page
    for style in parsed.styles:
        assert "@import" not in style
        assert "url(" not in style


def test_page_references_exist_in_static_dir() -> None:
    names = _referenced_files(_page())
    assert {"react.production.min.js", "react-dom.production.min.js", "graphiql.min.js"} <= set(names)
    for name in names:
        path = GRAPHIQL_STATIC_DIR / name
        assert path.is_file(), path
        assert path.stat().st_size > 0, path


def test_static_dir_holds_only_loaded_files_licences_and_versions() -> None:
    # Keeps the vendored folder lean: nothing shipped that the page does not load.
    on_disk = {p.name for p in GRAPHIQL_STATIC_DIR.iterdir()}
    loaded = set(_referenced_files(_page()))
    extra = {n for n in on_disk - loaded if not (n.startswith("LICENSE") or n == "VERSIONS.md")}
    assert extra == set()
    assert any(n.startswith("LICENSE") for n in on_disk)


def test_versions_md_matches_files() -> None:
    rows = [
        [cell.strip() for cell in line.strip().strip("|").split("|")]
        for line in (GRAPHIQL_STATIC_DIR / "VERSIONS.md").read_text(encoding="utf-8").splitlines()
        if line.startswith("| ") and not line.startswith("| package") and not line.startswith("| ---")
    ]
    listed = {}
    for package, version, _src, name, sha256 in rows:
        assert package and re.fullmatch(r"\d+\.\d+\.\d+", version), (package, version)
        listed[name] = sha256
    on_disk = {p.name for p in GRAPHIQL_STATIC_DIR.iterdir()} - {"VERSIONS.md"}
    assert set(listed) == on_disk
    for name, sha256 in listed.items():
        assert hashlib.sha256((GRAPHIQL_STATIC_DIR / name).read_bytes()).hexdigest() == sha256, name


@pytest.mark.parametrize("css", sorted(p.name for p in GRAPHIQL_STATIC_DIR.glob("*.css")))
def test_css_loads_nothing_external(css: str) -> None:
    text = (GRAPHIQL_STATIC_DIR / css).read_text(encoding="utf-8")
    for match in _CSS_URL.finditer(text):
        assert not _is_external(match.group(2)), (css, match.group(2)[:100])
    for match in _CSS_IMPORT.finditer(text):
        assert not _is_external(match.group(1)), (css, match.group(1))
    # Fonts must be embedded (GraphiQL inlines its own), not fetched from a font service.
    assert "fonts.googleapis" not in text and "fonts.gstatic" not in text


def test_css_checks_catch_external_loads() -> None:
    # The regexes above must actually find external references in the forms CSS allows.
    bad = "@import url('https://x/a.css'); @import \"//x/b.css\"; a { background: url( http://x/i.png ) }"
    found = [m.group(2) for m in _CSS_URL.finditer(bad)] + [m.group(1) for m in _CSS_IMPORT.finditer(bad)]
    assert sum(_is_external(u) for u in found) >= 3, found


async def test_static_files_are_served_with_browser_content_types() -> None:
    # Browsers refuse scripts/stylesheets with a wrong MIME type, which would leave the page at "Loading…".
    app = Starlette(routes=[Mount(STATIC_URL, StaticFiles(directory=GRAPHIQL_STATIC_DIR))])
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://gateway.test") as client:
        for name in _referenced_files(_page()):
            response = await client.get(f"{STATIC_URL}/{name}")
            assert response.status_code == 200, name
            expected = "text/css" if name.endswith(".css") else "javascript"
            assert expected in response.headers["content-type"], (name, response.headers["content-type"])


def _inline_value(script: str, const: str) -> object:
    match = re.search(rf"const {const} = (.*?);\n", script)
    assert match is not None, const
    return json.loads(match.group(1))


def test_inserted_values_are_escaped() -> None:
    hostile = '</script><script>alert("x")</script><!-- & \u2028 "\''
    title = "</title></head><script>alert(1)</script> & <b>"
    page = _page(graphql_url="/graphql?x=" + hostile, default_query=hostile, title=title)
    parsed = _parse(page)
    baseline = _parse(_page())
    # No element was injected: same scripts, one title, one inline script.
    assert len(parsed.scripts) == len(baseline.scripts)
    assert len(parsed.inline_scripts) == 1
    assert parsed.titles == [title]
    assert "</script><script>" not in page
    script = parsed.inline_scripts[0]
    # Neither an end tag nor a comment opener may appear inside the script, whatever the parser's leniency.
    assert "</" not in script and "<!--" not in script
    assert _inline_value(script, "DEFAULT_QUERY") == hostile
    assert _inline_value(script, "GRAPHQL_URL") == "/graphql?x=" + hostile
    assert "\u2028" not in page


def test_default_query_and_graphql_url_are_embedded() -> None:
    query = "# Välkommen\n{ __typename }\n"
    script = _parse(_page(default_query=query, graphql_url="/api/graphql")).inline_scripts[0]
    assert _inline_value(script, "DEFAULT_QUERY") == query
    assert _inline_value(script, "GRAPHQL_URL") == "/api/graphql"
    # The fetcher asks for the GraphQL-over-HTTP media type first.
    assert '"Accept": "application/graphql-response+json, application/json"' in script


@pytest.mark.parametrize("static_url", ["/static/graphiql/", '/st"at<ic>'])
def test_static_url_is_joined_and_attribute_escaped(static_url: str) -> None:
    page = graphiql_page(graphql_url="/graphql", static_url=static_url, default_query="")
    urls = [value for _, _, value in _parse(page).urls if not value.startswith("data:")]
    base = static_url.rstrip("/")
    assert urls
    assert all(u.startswith(base + "/") and "//" not in u for u in urls), urls
