from .._source import Auth, Source

SOURCE = Source(
    name="jobsearch",
    agency="Arbetsförmedlingen / JobTech Dev",
    api_name="JobSearch API",
    base_url="https://jobsearch.api.jobtechdev.se",
    documentation="https://jobsearch.api.jobtechdev.se",  # Swagger UI at the root
    licence="CC0 1.0 (JobTech open data)",
    dataportal=None,  # agency-apis.md records no dataportal.se entry for the API itself
    ttl_seconds=300.0,  # ads change during the day; five minutes keeps paging consistent
    timeout_seconds=15.0,
    max_concurrency=4,
    page_size=100,  # `limit` max 100 (H)
    max_offset=2000,  # MAX_OFFSET in the 2021 source (M); bulk harvesting belongs to JobStream
    # The API key requirement was reportedly dropped in 2024 (M); sent only when KLLGRAPH_JOBSEARCH_TOKEN is set.
    auth=Auth(header="api-key"),
)
