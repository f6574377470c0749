from .._source import Source

SOURCE = Source(
    name="myh",
    agency="Myndigheten för yrkeshögskolan (MYH)",
    api_name="YH programmes (published via Susa-navet; no MYH API is called)",
    # No request is ever sent here: the record exists so YH educations can name MYH as their source (see __init__).
    base_url="https://www.myh.se",
    documentation="https://www.myh.se",
    licence="Published by MYH through Susa-navet (licence not verified)",
    dataportal=None,
    page_size=1,
)
