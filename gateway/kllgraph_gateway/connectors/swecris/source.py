from .._source import Auth, Source

SOURCE = Source(
    name="swecris",
    agency="Vetenskapsrådet",
    api_name="SweCRIS API",
    base_url="https://swecris-api.vr.se",
    documentation="https://swecris-api.vr.se/index.html",
    licence="CC0 1.0 (SweCRIS open data; L: one client states CC0, the API page was not read)",
    dataportal=None,
    ttl_seconds=3600.0,  # funding data is loaded into SweCRIS in batches, not live
    timeout_seconds=30.0,  # whole per-organisation lists, no paging (M)
    max_concurrency=2,
    page_size=100,  # no upstream paging: connections window a whole cached list
    # JSON endpoints answer 401 without `Authorization: Bearer <token>` (H, [SWC-R]; FINDINGS-2026-11 §5).
    # Where to get one (M): client code calls it "a testing token provided publicly by VR" and the R client points
    # to the API page; the token is shared and its name changes yearly (clients carry "...2024-1", "...2025-1"),
    # so the API page is the only stable pointer. Read from KLLGRAPH_SWECRIS_TOKEN; never logged or echoed.
    auth=Auth(
        header="Authorization", scheme="Bearer ", required=True,
        help="Vetenskapsrådet publishes a shared public token on the SweCRIS API page, "
             "https://swecris-api.vr.se/index.html",
    ),
)
