"""Career switch: from an occupation to the educations that lead to it, its current job ads and SCB figures.

    python examples/career_switch.py                         # "Sjuksköterska, grundutbildad"
    python examples/career_switch.py "Mjukvaruutvecklare" --offline

Uses the gateway at $KLLGRAPH_URL, else (or with --offline) an in-process gateway on the bundled snapshot.
"""

import argparse
import os
from collections.abc import Sequence

import kllgraph

DEFAULT_OCCUPATION = "Sjuksköterska, grundutbildad"


def open_client(*, offline: bool) -> kllgraph.Client:
    """A client of the gateway at $KLLGRAPH_URL, or (offline, or no URL set) of an in-process offline gateway."""
    if offline or not os.environ.get("KLLGRAPH_URL"):
        return kllgraph.Client.local(offline=True)
    return kllgraph.Client()


def _number(value: float | None, unit: str | None) -> str:
    if value is None:
        return "not published"
    return f"{value:,.0f}".replace(",", " ") + (f" {unit}" if unit else "")


def report(client: kllgraph.Client, label: str, *, max_educations: int = 10, max_ads: int = 5) -> bool:
    """Print the report for the first occupation whose label contains `label`; False if there is none."""
    match = next(iter(client.occupations(query=label, first=10).limit(1)), None)
    if match is None:
        print(f"No occupation matches {label!r}.")
        return False
    occupation = client.occupation(id=match.id)
    if occupation is None:
        print(f"Occupation {match.id} not found.")
        return False

    print(f"== {occupation.label} (SSYK {occupation.ssyk_code or '?'}) ==")
    if occupation.occupation_group:
        print(f"Occupation group: {occupation.occupation_group.label}")

    statistics = occupation.statistics
    employees = statistics.employees if statistics else None
    wage = statistics.monthly_wage if statistics else None
    print("\nSCB figures for the SSYK group:")
    print(
        f"  Employees:      {_number(employees.value if employees else None, None)}"
        + (f" ({employees.period}, {employees.table_id})" if employees else "")
    )
    print(
        f"  Monthly wage:   {_number(wage.value if wage else None, wage.unit if wage else None)}"
        + (f" ({wage.period}, {wage.table_id})" if wage else "")
    )

    # All educations that lead to the occupation (JobEd Connect), page by page.
    educations = list(client.educations(occupation=occupation.id, first=20).limit(max_educations))
    print(f"\nEducations that lead to it ({len(educations)} shown):")
    for education in educations:
        provider = education.provider.name if education.provider and education.provider.name else "?"
        credits = f", {education.credits:g} {education.credits_system or ''}".rstrip() if education.credits else ""
        form = education.form.name.replace("_", " ").lower() if education.form else "?"
        print(f"  - {education.title or education.id} ({provider}; {form}{credits})")
    if not educations:
        print("  (none known)")

    ads = occupation.job_ads
    print(f"\nCurrent job ads: {ads.total_count if ads else 0}")
    for edge in (ads.edges if ads else [])[:max_ads]:
        ad = edge.node
        employer = ad.employer.name if ad.employer else "?"
        place = ad.workplace.municipality if ad.workplace else "?"
        print(f"  - {ad.headline} ({employer}, {place})")

    if occupation.historical_demand:
        demand = ", ".join(f"{year.year}: {year.ad_count}" for year in occupation.historical_demand)
        print(f"\nAds per year (Platsbanken archive): {demand}")
    return True


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("occupation", nargs="?", default=DEFAULT_OCCUPATION, help="part of an occupation's label")
    parser.add_argument("--offline", action="store_true", help="use the bundled snapshot (in-process gateway)")
    args = parser.parse_args(argv)
    with open_client(offline=args.offline) as client:
        report(client, args.occupation)


if __name__ == "__main__":
    main()
