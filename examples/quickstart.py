"""Quickstart: a few current job ads (auto-pagination with a limit) and one occupation with its SSYK code.

python examples/quickstart.py              # a gateway at $KLLGRAPH_URL, else the bundled offline snapshot
python examples/quickstart.py --offline    # always the in-process gateway on the offline snapshot
"""

import argparse
import os
from collections.abc import Sequence

import kllgraph


def open_client(*, offline: bool) -> kllgraph.Client:
    """A client of the gateway at $KLLGRAPH_URL, or (offline, or no URL set) of an in-process offline gateway."""
    if offline or not os.environ.get("KLLGRAPH_URL"):
        return kllgraph.Client.local(offline=True)
    return kllgraph.Client()


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--offline", action="store_true", help="use the bundled snapshot (in-process gateway)")
    parser.add_argument("--limit", type=int, default=5, help="how many job ads to list (default 5)")
    args = parser.parse_args(argv)

    with open_client(offline=args.offline) as client:
        ads = client.job_ads(first=20)
        print(f"{ads.total_count} current job ads; the first {args.limit}:")
        # Iterating fetches pages of 20 as needed; limit() stops after that many items.
        for ad in ads.limit(args.limit):
            employer = ad.employer.name if ad.employer else "?"
            place = ad.workplace.municipality if ad.workplace else "?"
            print(f"  {ad.headline}  ({employer}, {place})")

        first_ad = next(iter(ads.limit(1)), None)
        if first_ad is None or first_ad.occupation is None:
            return
        occupation = client.occupation(id=first_ad.occupation.id)
        if occupation is not None:
            group = occupation.occupation_group.label if occupation.occupation_group else "?"
            print(f"\nOccupation {occupation.label!r} ({occupation.id}): SSYK {occupation.ssyk_code} {group}")


if __name__ == "__main__":
    main()
