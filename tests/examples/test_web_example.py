"""The web example (examples/web) works in a real browser: cross-origin, offline, with no network.

Headless Debian /usr/bin/chromium through `playwright` (never `playwright install`), as the GraphiQL test does.
The gateway and the page's static server run on two loopback ports, so every `fetch` of the page is a CORS request.
What the page shows is compared with what the gateway answers to the same questions, not with fixed strings.
Set KLLGRAPH_WEB_SCREENSHOT=path to keep the screenshot of the page with results (docs/images/web-example.png),
KLLGRAPH_WEB_MOVES_SCREENSHOT=path that of the "switch occupation" view (docs/images/web-career-moves.png).
"""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode, urlsplit

import httpx
import pytest
from playwright.sync_api import ConsoleMessage, Error, Locator, Page, Request, Route, expect, sync_playwright
from starlette.applications import Starlette
from starlette.routing import Mount
from starlette.staticfiles import StaticFiles

from kllgraph_gateway import Settings, create_app

from ..gateway.test_graphiql_browser import CHROMIUM, CHROMIUM_ARGS, _is_local, serve
from .failing_source import FailingSource

WEB = Path(__file__).resolve().parents[2] / "examples" / "web"
STOCKHOLM = "0180"
VARDBITRADE = "4zLr_jP5_peZ"  # Vårdbiträde: five moves offline, with missing skills, an education and none

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium at /usr/bin/chromium"),
]

# The same questions the page asks, put to the gateway directly: all of Stockholm's ads in one window.
ADS = """query($code: String!) { municipality(code: $code) { jobAds(first: 100) { totalCount edges { node {
  headline employer { name } occupation { id label } } } } } }"""
OCCUPATION = """query($id: ID!) { occupation(id: $id) { label educations(first: 10) { edges { node { title } } }
  historicalDemand { year adCount } } }"""
FIND = """query($query: String!) { occupations(query: $query, first: 50) { edges { node { id label } } } }"""
MOVES = """query($from: ID!) { careerMoves(from: $from, first: 10) { level occupation { label }
  sharedSkills { label } missingSkills { label } educations(first: 3) { edges { node { title } } } } }"""
NO_EDUCATIONS = "No educations listed for this occupation."


@dataclass
class Traffic:
    blocked: list[str] = field(default_factory=list)  # non-local URLs the page tried to load
    requested: list[str] = field(default_factory=list)
    graphql_origins: list[str | None] = field(default_factory=list)  # Origin header of each POST the page sends
    page_errors: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def ask(api: str, query: str, variables: dict[str, Any]) -> dict[str, Any]:
    response = httpx.post(f"{api}/graphql", json={"query": query, "variables": variables}, timeout=30)
    response.raise_for_status()
    answer: dict[str, Any] = response.json()
    assert "errors" not in answer, answer["errors"]
    return answer


@contextlib.contextmanager
def web_and_gateway(gateway: Starlette) -> Iterator[tuple[str, str]]:
    """Serve the gateway and examples/web on two loopback ports; yield (gateway base URL, page base URL)."""
    site = Starlette(routes=[Mount("/", app=StaticFiles(directory=WEB, html=True))])
    with serve(gateway) as api, serve(site) as web:
        assert _origin(api) != _origin(web)
        yield api, web


@contextlib.contextmanager
def browser_page(traffic: Traffic) -> Iterator[Page]:
    def route(route: Route) -> None:
        if _is_local(route.request.url):
            route.continue_()
        else:
            traffic.blocked.append(route.request.url)
            route.abort("blockedbyclient")

    def on_request(request: Request) -> None:
        traffic.requested.append(request.url)
        if request.method == "POST":
            traffic.graphql_origins.append(request.header_value("origin"))

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error":
            traffic.console_errors.append(message.text)

    def on_page_error(error: Error) -> None:
        traffic.page_errors.append(str(error))

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            context = browser.new_context(viewport={"width": 1200, "height": 900}, service_workers="block")
            context.route("**/*", route)
            page = context.new_page()
            page.on("request", on_request)
            page.on("console", on_console)
            page.on("pageerror", on_page_error)
            yield page
        finally:
            browser.close()


def keep_screenshot(screenshot: Path, variable: str) -> None:
    """Copy the screenshot to the path in $variable, if set, as a 64-colour PNG: the page's flat colours survive
    and docs/images stays small (about a third of the size)."""
    if target := os.environ.get(variable):
        from PIL import Image  # matplotlib's own dependency; only needed when keeping a screenshot

        with Image.open(screenshot) as image:
            image.convert("RGB").quantize(colors=64, dither=Image.Dither.NONE).save(target, optimize=True)


def page_url(web: str, api: str, **params: str) -> str:
    return f"{web}/index.html?" + urlencode({"endpoint": f"{api}/graphql", **params})


def ad_rows(page: Page) -> list[list[str]]:
    rows = page.get_by_test_id("results").get_by_test_id("ad")
    expect(rows.first).to_be_visible(timeout=15_000)
    cells: list[list[str]] = rows.evaluate_all("rows => rows.map(r => [...r.cells].map(c => c.innerText.trim()))")
    return cells


def assert_rows_show(rows: list[list[str]], ads: list[dict[str, Any]]) -> None:
    assert len(rows) == len(ads)
    for (headline, employer, occupation, _published), ad in zip(rows, ads, strict=True):
        assert headline == ad["headline"]
        assert employer == ad["employer"]["name"]
        assert occupation.startswith(ad["occupation"]["label"])


def test_picks_a_municipality_pages_its_ads_and_opens_an_occupation(tmp_path: Path) -> None:
    traffic = Traffic()
    with web_and_gateway(create_app(Settings(offline=True))) as (api, web), browser_page(traffic) as page:
        answer = ask(api, ADS, {"code": STOCKHOLM})
        connection = answer["data"]["municipality"]["jobAds"]
        ads = [edge["node"] for edge in connection["edges"]]
        snapshot = answer["extensions"]["kllgraph"]["snapshot"]

        page.goto(page_url(web, api), wait_until="load")
        picker = page.get_by_label("Show open ads in")
        expect(picker).to_be_enabled(timeout=15_000)
        picker.select_option(STOCKHOLM)

        first_page = ad_rows(page)
        assert 0 < len(first_page) < len(ads), "the offline snapshot needs more Stockholm ads than one page"
        assert_rows_show(first_page, ads[: len(first_page)])
        expect(page.locator("#ads-status")).to_contain_text(f"of {connection['totalCount']}")
        expect(page.get_by_role("button", name="Previous")).to_be_disabled()

        page.get_by_role("button", name="Next").click()
        first_row = page.get_by_test_id("results").get_by_test_id("ad").first
        expect(first_row).to_contain_text(ads[len(first_page)]["headline"])
        second_page = ad_rows(page)
        assert_rows_show(second_page, ads[len(first_page): len(first_page) + len(second_page)])

        page.get_by_role("button", name="Previous").click()
        expect(first_row).to_contain_text(ads[0]["headline"])

        # Open the first ad's occupation: its educations and its demand per year, as the gateway gives them.
        occupation = ask(api, OCCUPATION, {"id": ads[0]["occupation"]["id"]})["data"]["occupation"]
        first_row.get_by_role("button", name=ads[0]["occupation"]["label"]).click()
        expect(page.locator("#occupation-title")).to_have_text(occupation["label"], timeout=15_000)
        educations = page.get_by_test_id("educations").locator("li .title")
        expect(educations).to_have_text([edge["node"]["title"] for edge in occupation["educations"]["edges"]])
        chart = page.get_by_test_id("demand-chart")
        expect(chart).to_be_visible()
        years = occupation["historicalDemand"]
        assert len(years) > 1
        heights: list[float] = chart.locator("rect").evaluate_all(
            "bars => bars.map(b => Number(b.getAttribute('height')))"
        )
        counts = [year["adCount"] for year in years]
        assert [round(h / max(heights), 3) for h in heights] == [round(c / max(counts), 3) for c in counts]
        label = chart.get_attribute("aria-label") or ""
        assert all(str(year["year"]) in label for year in years)

        # The offline notice says what the gateway's extensions say.
        notice = page.get_by_test_id("notice")
        expect(notice).to_be_visible()
        expect(notice).to_contain_text("Offline snapshot")
        expect(notice).to_contain_text(snapshot["composedOn"])
        if snapshot["provenance"] == "composed":
            expect(notice).to_contain_text("composed")

        screenshot = tmp_path / "web-example.png"
        page.screenshot(path=str(screenshot), full_page=True)
        keep_screenshot(screenshot, "KLLGRAPH_WEB_SCREENSHOT")

    assert traffic.blocked == []
    assert [url for url in traffic.requested if not _is_local(url)] == []
    assert traffic.page_errors == []
    assert traffic.console_errors == []
    # regions, page 1, page 2, page 1 again, the occupation: every one sent cross-origin from the page's origin.
    assert traffic.graphql_origins == [_origin(web)] * 5


def test_shows_an_upstream_error_beside_the_data_that_did_arrive() -> None:
    settings = Settings(offline=True, retry_attempts=1)
    gateway = create_app(settings, transport=FailingSource(settings, "jobed"))
    traffic = Traffic()
    with web_and_gateway(gateway) as (api, web), browser_page(traffic) as page:
        page.goto(page_url(web, api, municipality=STOCKHOLM), wait_until="load")  # preselects Stockholm
        first_row = page.get_by_test_id("results").get_by_test_id("ad").first
        first_row.get_by_role("button").click(timeout=15_000)

        errors = page.locator("#occupation-errors")
        expect(errors).to_contain_text("UPSTREAM_UNAVAILABLE", timeout=15_000)
        expect(errors).to_contain_text("source: jobed")
        expect(errors).to_contain_text("at occupation.educations")
        expect(page.get_by_test_id("educations")).to_have_text("Not available.")
        expect(page.get_by_test_id("demand-chart").locator("rect").first).to_be_visible()  # partial data kept
        expect(page.locator("#occupation-title")).not_to_have_text("The occupation could not be loaded")

    assert traffic.blocked == []
    assert traffic.page_errors == []


def test_a_url_that_is_not_the_graphql_endpoint_is_explained() -> None:
    traffic = Traffic()
    with web_and_gateway(create_app(Settings(offline=True))) as (api, web), browser_page(traffic) as page:
        page.goto(f"{web}/index.html?endpoint={quote(api + '/', safe='')}", wait_until="load")
        errors = page.locator("#picker-errors")
        expect(errors).to_contain_text("without a GraphQL answer", timeout=15_000)
        expect(errors).to_contain_text("/graphql")
        expect(page.get_by_label("Show open ads in")).to_be_disabled()

    assert traffic.blocked == []
    assert traffic.page_errors == []


def find_and_pick(page: Page, query: str, occupation_id: str) -> None:
    page.get_by_label("Find your occupation").fill(query)
    page.get_by_role("button", name="Find", exact=True).click()
    select = page.get_by_label("Your occupation", exact=True)
    expect(select).to_be_enabled(timeout=15_000)
    select.select_option(occupation_id)


def assert_move_shows(card: Locator, move: dict[str, Any]) -> None:
    """One target's card shows the gateway's level, skills and educations, or says there are none."""
    expect(card.get_by_test_id("move-target")).to_have_text(move["occupation"]["label"])
    expect(card.get_by_test_id("level")).to_have_text(f"{move['level'].title()} substitutability")
    for which in ("missing", "shared"):
        labels = [skill["label"] for skill in move[f"{which}Skills"]]
        if labels:
            expect(card.get_by_test_id(f"{which}-skills").locator("li")).to_have_text(labels)
        else:
            expect(card.get_by_test_id(f"{which}-none")).to_be_visible()
    titles = [edge["node"]["title"] for edge in move["educations"]["edges"]]
    educations = card.get_by_test_id("move-educations")
    if titles:
        expect(educations.locator("li .title")).to_have_text(titles)
    else:
        expect(educations).to_contain_text(NO_EDUCATIONS)


def test_switch_occupation_finds_an_occupation_and_shows_its_moves(tmp_path: Path) -> None:
    traffic = Traffic()
    with web_and_gateway(create_app(Settings(offline=True))) as (api, web), browser_page(traffic) as page:
        found = [edge["node"] for edge in ask(api, FIND, {"query": "vård"})["data"]["occupations"]["edges"]]
        moves = ask(api, MOVES, {"from": VARDBITRADE})["data"]["careerMoves"]
        # The check below is only worth something if the offline data has each case the page renders.
        assert any(move["missingSkills"] for move in moves) and any(not move["missingSkills"] for move in moves)
        assert any(move["educations"]["edges"] for move in moves)
        assert any(not move["educations"]["edges"] for move in moves)

        page.goto(page_url(web, api), wait_until="load")
        find_and_pick(page, "vård", VARDBITRADE)
        options = page.get_by_label("Your occupation", exact=True).locator("option:not([value=''])")
        expect(options).to_have_text([re.compile(re.escape(occupation["label"])) for occupation in found])

        expect(page.locator("#moves-title")).to_have_text(re.compile(r"^From Vårdbiträde"), timeout=15_000)
        cards = page.get_by_test_id("moves").get_by_test_id("move")
        expect(cards.get_by_test_id("move-target")).to_have_text([move["occupation"]["label"] for move in moves])
        for index, move in enumerate(moves):
            assert_move_shows(cards.nth(index), move)
        assistant = cards.filter(has_text="Personlig assistent")
        expect(assistant.get_by_test_id("missing-skills")).to_contain_text("Funktionsnedsättning, vårderfarenhet")
        expect(assistant.get_by_test_id("move-educations")).to_contain_text("Vård- och omsorgsutbildning")
        expect(cards.first.get_by_test_id("move-educations")).to_contain_text(NO_EDUCATIONS)  # Hemvårdare
        expect(page.get_by_test_id("notice")).to_contain_text("Offline snapshot")

        screenshot = tmp_path / "web-career-moves.png"
        page.get_by_test_id("switch").screenshot(path=str(screenshot))
        keep_screenshot(screenshot, "KLLGRAPH_WEB_MOVES_SCREENSHOT")

        # An occupation the taxonomy lists no substitutes for says so, and shows no stale cards.
        specialist = next(edge["node"] for edge in ask(api, FIND, {"query": "läkare"})["data"]["occupations"]["edges"])
        assert ask(api, MOVES, {"from": specialist["id"]})["data"]["careerMoves"] == []
        find_and_pick(page, "läkare", specialist["id"])
        expect(page.locator("#moves-status")).to_contain_text("lists no occupations to move to", timeout=15_000)
        expect(cards).to_have_count(0)

    assert traffic.blocked == []
    assert traffic.page_errors == []
    assert traffic.console_errors == []
    # regions, find, moves, find, moves: every one cross-origin from the page's origin.
    assert traffic.graphql_origins == [_origin(web)] * 5


def test_an_opened_occupation_links_to_its_moves() -> None:
    traffic = Traffic()
    with web_and_gateway(create_app(Settings(offline=True))) as (api, web), browser_page(traffic) as page:
        ads = ask(api, ADS, {"code": STOCKHOLM})["data"]["municipality"]["jobAds"]["edges"]
        occupation = ads[0]["node"]["occupation"]
        moves = ask(api, MOVES, {"from": occupation["id"]})["data"]["careerMoves"]
        assert moves, "the first Stockholm ad's occupation needs moves offline for this test to show them"

        page.goto(page_url(web, api, municipality=STOCKHOLM), wait_until="load")
        page.get_by_test_id("results").get_by_test_id("ad").first.get_by_role("button").click(timeout=15_000)
        button = page.get_by_role("button", name="Where can one switch to from here?")
        expect(button).to_be_enabled(timeout=15_000)
        button.click()
        expect(page.locator("#moves-title")).to_have_text(re.compile(f"^From {re.escape(occupation['label'])}"))
        expect(page.get_by_test_id("move-target")).to_have_text([move["occupation"]["label"] for move in moves])

    assert traffic.page_errors == []
    assert traffic.console_errors == []


def test_switch_occupation_shows_an_upstream_error_beside_the_moves() -> None:
    settings = Settings(offline=True, retry_attempts=1)
    gateway = create_app(settings, transport=FailingSource(settings, "jobed"))
    traffic = Traffic()
    with web_and_gateway(gateway) as (api, web), browser_page(traffic) as page:
        page.goto(page_url(web, api, **{"from": VARDBITRADE}), wait_until="load")  # a link straight to the moves

        errors = page.locator("#switch-errors")
        expect(errors).to_contain_text("UPSTREAM_UNAVAILABLE", timeout=15_000)
        expect(errors).to_contain_text("source: jobed")
        expect(errors).to_contain_text("at careerMoves.0.educations")
        cards = page.get_by_test_id("moves").get_by_test_id("move")
        expect(cards).to_have_count(5)  # partial data kept: every target, with its skills
        expect(cards.get_by_test_id("move-educations").locator("p")).to_have_text(["Not available."] * 5)
        assistant = cards.filter(has_text="Personlig assistent")
        expect(assistant.get_by_test_id("missing-skills")).to_contain_text("Funktionsnedsättning, vårderfarenhet")

    assert traffic.blocked == []
    assert traffic.page_errors == []
