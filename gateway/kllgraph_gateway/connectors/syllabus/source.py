from .._source import Source

SOURCE = Source(
    name="syllabus",
    agency="Skolverket",
    api_name="Syllabus API v1 (läroplaner, ämnes- och kursplaner)",
    base_url="https://api.skolverket.se/syllabus",  # (H) spec servers /syllabus + links in the spec
    # `apiDocumentation` in the API's own envelope (H, samples).
    documentation="https://www.skolverket.se/om-oss/oppna-data/api-for-laroplaner-kurs--och-amnesplaner-syllabus",
    licence="Skolverket open data (licence not stated in the spec; not verified)",
    dataportal=None,
    ttl_seconds=86400.0,  # syllabi change by ordinance (SKOLFS), at most a few times a year
    timeout_seconds=30.0,
    max_concurrency=4,
    page_size=100,  # no paging upstream (H): whole lists, windowed locally
    max_offset=None,
    auth=None,
)
