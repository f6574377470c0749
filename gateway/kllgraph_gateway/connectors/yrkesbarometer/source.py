from .._source import Source

SOURCE = Source(
    name="yrkesbarometer",
    agency="Arbetsförmedlingen",
    api_name="Yrkesbarometern (open data file, yrkesbarometer.json)",
    # M+: four independent clients read https://data.arbetsformedlingen.se/prognoser/yrkesbarometer.json
    # (code-index ids 65745032855, 53433509734, 6225301806, 69403946748; research: shared career-switch-apis.md §2).
    base_url="https://data.arbetsformedlingen.se",
    documentation="https://data.arbetsformedlingen.se/data/yrkesbarometer/",  # the dataset's landing page (M+)
    # M+: "Öppna data, licens CC0 1.0" (edge function 65745032855), "Public domain (CC0)" (69403946748); the
    # landing page itself was not read, so the licence is as the clients state it.
    licence="CC0 1.0 (as four independent clients state it; the landing page was not read)",
    dataportal=None,  # an LLM-written note names dataportal.se dataset 180_10443 (L); not verified, not claimed
    # The file changes twice a year (rounds "YYYY-1"/"YYYY-2", June and December from 2026, M+). A day keeps it well
    # fresh; the module's preload re-reads it in the background about once a day (graph/outlook.py).
    ttl_seconds=24 * 3600.0,
    # One ~5.7 MB JSON file (M+: measured by one client); it fits the default body cap of 20 MB
    # (KLLGRAPH_MAX_RESPONSE_BYTES, per source KLLGRAPH_YRKESBAROMETER_MAX_BYTES), so no cap of its own is set.
    timeout_seconds=60.0,
    max_concurrency=1,  # one file: there is never a second request to run in parallel
    headers={"Accept": "application/json"},
    auth=None,  # an open file, no key (M+)
)
