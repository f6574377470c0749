from .._source import Source

SOURCE = Source(
    name="historical",
    agency="Arbetsförmedlingen / JobTech Dev",
    api_name="JobTech Historical ads API",
    base_url="https://historical.api.jobtechdev.se",
    documentation="https://historical.api.jobtechdev.se",  # Swagger UI at the root, as for JobSearch (M)
    licence="CC0 1.0 (JobTech open data)",
    # Past years do not change; a day keeps the (slow) yearly counts warm.
    ttl_seconds=24 * 3600.0,
    # Clients report slow answers on wide date ranges (they use 60-300 s timeouts and `request-timeout`; M).
    timeout_seconds=60.0,
    max_concurrency=2,
    page_size=100,  # `limit` max 100, as JobSearch (M: same code base per clients)
    max_offset=2000,  # JobSearch's MAX_OFFSET; clients of the historical API stop at 2000 too (M)
    # No key is needed per several clients (agency-apis.md §1.2, M); none is sent.
)
