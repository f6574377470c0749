from .._source import Source

SOURCE = Source(
    name="myh",
    agency="Myndigheten för yrkeshögskolan (MYH)",
    api_name="YH programmes (published via Susa-navet emil3; no MYH API is called)",
    # MYH has no API the gateway calls: YH is read from Susa-navet emil3 (`schoolType=YH`), so that is this source's
    # base URL (used only by the doctor probe, probe.py); graph queries read YH through the susanavet and
    # planned_educations sources, which then name `myh` as the publisher (see __init__).
    base_url="https://api.skolverket.se/susa-navet/emil3",
    documentation="https://www.myh.se",
    licence="Published by MYH through Susa-navet (licence not verified)",
    dataportal=None,
    page_size=1,
    headers={"Accept": "application/json"},
    url_follows="susanavet",  # a Susa-navet mirror (KLLGRAPH_SUSANAVET_URL) serves the probe too
)
