from .._source import Source

SOURCE = Source(
    name="susanavet",
    agency="Universitets- och högskolerådet (UHR), hosted by Skolverket",
    api_name="Susa-navet REST API 1.1",
    # Base as several client repos call it (M; agency-apis.md §5). Skolverket also runs a newer "emil3" API at
    # api.skolverket.se/susa-navet/emil3 (educationEvents/educationInfos, seen in 2026 client tests; M) -- not used
    # here because the brief and agency-apis.md pin 1.1; see tools/snapshot_world/educations/PROVENANCE.md.
    base_url="https://susanavet2.skolverket.se/api/1.1",
    documentation="https://www.skolverket.se/om-skolverket/oppna-data/api-for-utbildningstillfallen-susa-navet",
    licence="Open data from Susa-navet (licence not verified)",
    dataportal=None,  # agency-apis.md records no dataportal.se entry
    ttl_seconds=3600.0,  # the catalogue changes daily at most
    timeout_seconds=20.0,
    max_concurrency=4,
    # No documented maximum for `size` (clients send 50, 200, 2000 and even 20000000; M): 100 keeps blocks small.
    page_size=100,
    max_offset=None,
    headers={"Accept": "application/json"},
    auth=None,
)
