from .._source import Source

SOURCE = Source(
    name="dataportal",
    agency="DIGG – Myndigheten för digital förvaltning",
    api_name="Sveriges dataportal (EntryScape registry)",
    base_url="https://admin.dataportal.se/store",
    documentation="https://docs.dataportal.se/registry/api",
    licence="Catalogue metadata CC0 1.0 (L: DCAT-AP-SE practice; each dataset states its own licence)",
    dataportal="https://www.dataportal.se",
    ttl_seconds=1800.0,
    timeout_seconds=20.0,
    max_concurrency=4,
    page_size=100,  # `limit` max 100 (M: several clients, "EntryStore maximum per request")
    auth=None,  # none (H)
)
