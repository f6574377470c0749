from .._source import Source

SOURCE = Source(
    name="skolenhetsregistret",
    agency="Skolverket",
    api_name="Skolenhetsregistret öppna API v2",
    base_url="https://api.skolverket.se/skolenhetsregistret",  # (H) spec servers
    # ApiInfoResponse example in the official spec (H for the URL's form).
    documentation="https://api.skolverket.se/skolenhetsregistret/swagger-ui/index.html",
    licence="Skolverket open data (licence not stated in the spec; not verified)",
    dataportal=None,  # agency-apis.md records no dataportal.se entry for this API
    ttl_seconds=3600.0,  # the register is extracted once a day (meta.extractDate); an hour is plenty fresh
    timeout_seconds=30.0,  # list endpoints return the whole register in one response
    max_concurrency=4,
    # No paging upstream (H): lists come whole and are windowed locally; page_size is then only our block size.
    page_size=100,
    max_offset=None,
    auth=None,
)
