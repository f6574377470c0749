from .._source import Source

SOURCE = Source(
    name="susanavet",
    agency="Universitets- och högskolerådet (UHR), hosted by Skolverket",
    api_name="Susa-navets öppna API (EMIL 3, \"emil3\"; spec version 3.0.2)",
    # Official OpenAPI document (H): vendored at shared upstream-samples/skolverket-susa-navet-emil3.openapi.yaml,
    # served at https://api.skolverket.se/susa-navet/susa-navet-emil3.yaml. It replaced the REST API 1.1 at
    # susanavet2.skolverket.se, which Skolverket removed on 2026-04-01.
    base_url="https://api.skolverket.se/susa-navet/emil3",
    documentation="https://www.skolverket.se/om-skolverket/webbplatser-och-tjanster/oppna-data/"
    "api-for-utbildningstillfallen-susa-navet",
    licence="Open data from Susa-navet (licence not verified)",
    dataportal=None,  # agency-apis.md records no dataportal.se entry
    ttl_seconds=3600.0,  # the catalogue changes daily at most
    timeout_seconds=20.0,
    max_concurrency=4,
    # The spec allows `size` 1..2000 (default 100). Listings use 100: one block covers the largest client window
    # (max_page_size) while keeping responses small; whole-list scans (the provider index) ask for 2000.
    page_size=100,
    max_offset=None,
    headers={"Accept": "application/json"},
    auth=None,
)
