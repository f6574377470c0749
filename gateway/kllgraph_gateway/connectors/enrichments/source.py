from .._source import Auth, Source

SOURCE = Source(
    name="enrichments",
    agency="Arbetsförmedlingen / JobTech Dev",
    api_name="JobAd Enrichments API",
    # H: JobTech's own ad importer (JobtechSwe/elastic-importers, importers/settings.py) and its content repository.
    base_url="https://jobad-enrichments-api.jobtechdev.se",
    documentation="https://github.com/Jobtechdev-content/JobAdEnrichments-content",
    licence="CC0 1.0 (JobTech open data; not stated for this API specifically)",
    # Never cached whatever this says: every call carries a person's text (`SourceClient.post_private`).
    ttl_seconds=0.0,
    # AF's importer allows 90 s for 100 ads; one short text answers far sooner. The request deadline bounds it too.
    timeout_seconds=30.0,
    max_concurrency=4,
    page_size=100,  # documents per call (H: the importer sends batches of at most 100)
    headers={"Accept": "application/json"},
    # The older README asks for an api-key; current clients call without one (M+). Sent when set.
    auth=Auth(header="api-key"),
)
