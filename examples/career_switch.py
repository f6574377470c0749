"""Career switch: where a person in an occupation can move, what the move takes and whether there is work.

    python examples/career_switch.py                         # "Sjuksköterska, grundutbildad"
    python examples/career_switch.py "Vårdbiträde" --offline --region 01

Uses the gateway at $KLLGRAPH_URL, else (or with --offline) an in-process gateway on the bundled snapshot.
The moves are the JobTech Taxonomy's curated substitutability: the agency's, not a personal recommendation.
"""

import argparse
import os
from collections.abc import Sequence

import kllgraph
from kllgraph.types import CareerMovesCareerMoves, CareerMovesResult

DEFAULT_OCCUPATION = "Sjuksköterska, grundutbildad"


def open_client(*, offline: bool) -> kllgraph.Client:
    """A client of the gateway at $KLLGRAPH_URL, or (offline, or no URL set) of an in-process offline gateway."""
    if offline or not os.environ.get("KLLGRAPH_URL"):
        return kllgraph.Client.local(offline=True)
    return kllgraph.Client()


def _outlook(move: CareerMovesCareerMoves) -> str:
    outlook = move.outlook
    if outlook is None:
        return "no Yrkesbarometer row"
    words = {
        "job opportunities": outlook.job_opportunities,
        "recruitment": outlook.recruitment_situation,
        "five-year demand": outlook.forecast,
    }
    return ", ".join(f"{name}: {word.lower()}" for name, word in words.items() if word) + f" ({outlook.round})"


def print_move(move: CareerMovesCareerMoves, *, max_educations: int) -> None:
    target = move.occupation
    missing = [skill.label for skill in move.missing_skills or []]  # labels may hold commas: joined by "; "
    print(f"\n{target.label} (SSYK {target.ssyk_code or '?'}), {move.level.value} substitutability")
    print(f"  missing skills: {'; '.join(missing) or 'none'} ({len(move.shared_skills or [])} shared)")
    # null (not an empty list) means the source failed: the error was printed above, so say "not available".
    if move.educations is None:
        print("  educations:     not available")
    else:
        titles = [edge.node.title or edge.node.id for edge in move.educations.edges[:max_educations]]
        print(f"  educations:     {'; '.join(titles) or 'none listed'}")
    ads = move.job_ads.total_count if move.job_ads else None
    print(f"  job ads:        {'not available' if ads is None else ads}")
    wage = move.monthly_wage
    wage_text = f"{wage.value:,.0f} {wage.unit or ''} ({wage.period})".replace(",", " ") if wage else "not published"
    print(f"  monthly wage:   {wage_text}")
    print(f"  outlook:        {_outlook(move)}")


def report(client: kllgraph.Client, label: str, *, region: str | None = None, max_educations: int = 3) -> bool:
    """Print the moves from the first occupation whose label contains `label`; False if there is none."""
    occupation = next(iter(client.occupations(query=label, first=10).limit(1)), None)
    if occupation is None:
        print(f"No occupation matches {label!r}.")
        return False
    try:
        result = client.career_moves(from_=occupation.id, region=region)
    except kllgraph.UpstreamError as error:
        # A failing agency nulls only its own fields: show the rest, and say which source did not answer.
        print(f"Partial answer: {error}")
        result = error.partial if isinstance(error.partial, CareerMovesResult) else CareerMovesResult()
    moves = result.career_moves or []
    where = f" (ads and outlook in län {region})" if region else ""
    print(f"== {occupation.label}: {len(moves)} possible moves{where} ==")
    for move in moves:
        print_move(move, max_educations=max_educations)
    return True


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("occupation", nargs="?", default=DEFAULT_OCCUPATION, help="part of an occupation's label")
    parser.add_argument("--offline", action="store_true", help="use the bundled snapshot (in-process gateway)")
    parser.add_argument("--region", help="SCB länskod (2 digits, e.g. 01) for the ads and the outlook")
    args = parser.parse_args(argv)
    with open_client(offline=args.offline) as client:
        report(client, args.occupation, region=args.region)


if __name__ == "__main__":
    main()
