from .._source import Source

SOURCE = Source(
    name="taxonomy",
    agency="Arbetsförmedlingen / JobTech Dev",
    api_name="JobTech Taxonomy API",
    base_url="https://taxonomy.api.jobtechdev.se",
    documentation="https://taxonomy.api.jobtechdev.se/v1/taxonomy/swagger-ui/index.html",
    licence="CC0 1.0 (JobTech open data)",
    # Taxonomy content is versioned and changes a few times a year; the docs advise keeping a local copy.
    ttl_seconds=24 * 3600.0,
    timeout_seconds=30.0,  # a whole concept type is one larger response
    max_concurrency=2,
    page_size=1000,
)
