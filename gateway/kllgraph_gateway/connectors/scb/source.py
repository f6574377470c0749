from .._source import Source

SOURCE = Source(
    name="scb",
    agency="Statistiska centralbyrån (SCB)",
    api_name="Statistikdatabasen, PxWebApi 2.0",
    base_url="https://statistikdatabasen.scb.se/api/v2",
    documentation="https://www.scb.se/vara-tjanster/oppna-data/",
    # /config of the recorded sample names CC0 (agency-apis.md §6.1 notes an older page said CC-BY 4.0).
    licence="CC0 1.0",
    # Tables are published monthly at most; /config and metadata change even more rarely.
    ttl_seconds=6 * 3600.0,
    timeout_seconds=30.0,
    max_concurrency=2,
    # /tables pages (pageNumber/pageSize); 20 is the page size SCB answers with by default (recorded sample).
    page_size=20,
)
