from .._source import Source

SOURCE = Source(
    name="vinnova",
    agency="Vinnova",
    api_name="Vinnova öppna data",
    base_url="https://data.vinnova.se/api",
    documentation="https://data.vinnova.se/api/",
    licence="Public Domain Mark (L: per one client; not read from Vinnova's own page)",
    dataportal=None,
    ttl_seconds=3600.0,
    timeout_seconds=60.0,  # "changed since" answers are whole arrays; one client reports about a minute for 2020
    max_concurrency=2,
    page_size=20,  # at most 20 ids per `/{entity}/{id},{id}...` request (M, [VIN-R])
    auth=None,  # none seen (M)
)
