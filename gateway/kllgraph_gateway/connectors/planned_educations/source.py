from .._source import Source

SOURCE = Source(
    name="planned_educations",
    agency="Skolverket",
    api_name="Planned Educations API v4 (Planerade utbildningar)",
    base_url="https://api.skolverket.se/planned-educations",
    # The official OpenAPI (upstream-samples/skolverket-planned-educations-v4.openapi.json) names no docs URL or
    # licence; the API root is the documented entry point (H) and the licence is not verified.
    documentation="https://api.skolverket.se/planned-educations",
    licence="Skolverket open data (licence not stated in the spec; not verified)",
    dataportal=None,  # agency-apis.md records no dataportal.se entry for this API
    ttl_seconds=3600.0,  # plans change a few times a year; an hour keeps paging consistent
    timeout_seconds=15.0,
    max_concurrency=4,
    # Max `size` differs per endpoint (school-units 100, adult events 200, education events 1000; H, spec); one
    # block size for all keeps the windows simple, so the smallest (100) is used everywhere.
    page_size=100,
    max_offset=None,
    # The API answers only for its vendor media type (H; spec response content type, agency-apis.md §2.3).
    headers={"Accept": "application/vnd.skolverket.plannededucations.api.v4.hal+json"},
    auth=None,
)
