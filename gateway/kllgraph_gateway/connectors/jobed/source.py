from .._source import Source

SOURCE = Source(
    name="jobed",
    agency="Arbetsförmedlingen / JobTech Dev",
    api_name="JobEd Connect API",
    base_url="https://jobed-connect-api.jobtechdev.se",  # H: several independent clients
    documentation="https://jobed-connect-api.jobtechdev.se",  # Swagger UI at the root (clients probe /swagger.json)
    licence="CC0 1.0 (JobTech open data; not stated for this API specifically)",
    dataportal=None,
    ttl_seconds=3600.0,  # matches are model output over a slowly changing catalogue
    timeout_seconds=20.0,
    max_concurrency=4,
    # `limit` maximum is not documented; one MCP client caps it at 50 (L). 50 keeps one block per occupation.
    page_size=50,
    max_offset=None,
    headers={"Accept": "application/json"},
    auth=None,  # no key seen in any client (M)
)
