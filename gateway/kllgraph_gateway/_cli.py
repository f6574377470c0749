"""`kllgraph-gateway`: serve the gateway, check the live sources, record or describe a snapshot, print the schema."""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import sys
from collections.abc import Sequence
from pathlib import Path

__all__ = ["main"]


def _serve(args: argparse.Namespace) -> int:
    from ._serve import serve

    overrides: dict[str, object] = {}
    if args.offline:
        overrides["offline"] = True
    if args.snapshot is not None:
        overrides["snapshot_dir"] = args.snapshot
    for name in ("host", "port", "workers"):
        if getattr(args, name) is not None:
            overrides[name] = getattr(args, name)
    log_format = args.log_format or ("text" if sys.stderr.isatty() else "json")
    return serve(overrides, log_level=args.log_level, log_format=log_format)


def _record(args: argparse.Namespace) -> int:
    from ._record import record_snapshot
    from ._settings import Settings

    report = asyncio.run(record_snapshot(Settings(), args.out, max_follow=args.max_follow))
    print(f"ran {report.queries} seed queries, wrote {len(report.files)} exchanges to {args.out}")
    for error in report.errors:
        print(f"  error: {error}", file=sys.stderr)
    print(f"serve it with: kllgraph-gateway serve --offline --snapshot {args.out}")
    return 1 if report.errors and not report.files else 0


def _doctor(args: argparse.Namespace) -> int:
    from ._doctor import doctor_command
    from ._registry import SOURCE_NAMES
    from ._settings import Settings

    unknown = sorted(set(args.source) - set(SOURCE_NAMES))
    if unknown:
        print(f"error: unknown source(s) {', '.join(unknown)}; known: {', '.join(SOURCE_NAMES)}", file=sys.stderr)
        return 2
    code, output = doctor_command(Settings(), as_json=args.json, only=args.source)
    sys.stdout.write(output)
    return code


def _snapshot_info(args: argparse.Namespace) -> int:
    from ._coverage import coverage_markdown, snapshot_coverage
    from ._settings import BUNDLED_SNAPSHOT

    folder: Path = args.snapshot or BUNDLED_SNAPSHOT
    if not folder.is_dir():
        print(f"error: snapshot folder {folder} does not exist", file=sys.stderr)
        return 2
    coverage = asyncio.run(snapshot_coverage(folder))
    if args.json:
        print(json.dumps(coverage.as_json(), ensure_ascii=False, indent=1))
    else:
        sys.stdout.write(coverage_markdown(coverage))
    return 0


def _schema(args: argparse.Namespace) -> int:
    from ._schema import schema_sdl

    sdl = schema_sdl()
    if args.output is None:
        sys.stdout.write(sdl)
    else:
        args.output.write_text(sdl, encoding="utf-8")
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="kllgraph-gateway", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)

    serve = commands.add_parser(
        "serve", help="run the gateway (GraphiQL at /graphql)",
        description="Binds the port first (a busy port: exit code 1), prints the GraphiQL URL, then serves. SIGTERM "
                    "stops accepting, lets requests in flight finish (up to KLLGRAPH_REQUEST_DEADLINE_SECONDS) and "
                    "exits 0.",
    )
    serve.add_argument("--offline", action="store_true", help="answer from the snapshot, never the network")
    serve.add_argument("--snapshot", type=Path, default=None, help="snapshot folder (default: the bundled one)")
    serve.add_argument("--host", default=None, help="default 127.0.0.1 (KLLGRAPH_HOST)")
    serve.add_argument("--port", type=int, default=None, help="default 8000 (KLLGRAPH_PORT); 0: any free port")
    serve.add_argument("--workers", type=int, default=None,
                       help="worker processes sharing the port, each with its own startup (default 1; "
                            "KLLGRAPH_WORKERS)")
    serve.add_argument("--log-level", default="info", choices=["critical", "error", "warning", "info", "debug"])
    serve.add_argument("--log-format", choices=["json", "text"], default=None,
                       help="JSON lines with a request id (default when stderr is not a terminal), or plain text")
    serve.set_defaults(run=_serve)

    record = commands.add_parser("record", help="record live upstream responses into a snapshot folder")
    record.add_argument("--out", type=Path, required=True, help="snapshot folder to write")
    record.add_argument("--max-follow", type=int, default=20, help="how many ids of each kind to follow up")
    record.set_defaults(run=_record)

    doctor = commands.add_parser(
        "doctor", help="probe every live source once and say which answer in the shape the gateway reads",
        description="One cheap live request per source through its connector; exit code 1 when any source fails. "
                    "Uses the same KLLGRAPH_* settings as `serve` (base URL overrides, tokens, timeouts).",
    )
    doctor.add_argument("--json", action="store_true", help="print the results as JSON")
    doctor.add_argument("--source", action="append", default=[], metavar="NAME", help="probe only this source "
                        "(repeatable)")
    doctor.set_defaults(run=_doctor)

    snapshot = commands.add_parser("snapshot", help="describe an offline snapshot")
    snapshot_commands = snapshot.add_subparsers(dest="snapshot_command", required=True)
    info = snapshot_commands.add_parser(
        "info", help="what the snapshot covers: municipalities, organisations, occupations, sample ids, filters",
        description="Computed by asking the offline gateway itself, so every item listed answers offline.",
    )
    info.add_argument("--snapshot", type=Path, default=None, help="snapshot folder (default: the bundled one)")
    info.add_argument("--json", action="store_true", help="print the coverage as JSON")
    info.set_defaults(run=_snapshot_info)

    schema = commands.add_parser("schema", help="print the GraphQL schema (SDL)")
    schema.add_argument("--output", type=Path, default=None, help="write to this file instead of stdout")
    schema.set_defaults(run=_schema)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    # A server and a recorder narrate their upstream calls; one-shot reports (doctor, snapshot info, schema) print
    # only their answer, and warnings.
    chatty = args.command in ("serve", "record")
    logging.basicConfig(level=logging.INFO if chatty else logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    code: int = args.run(args)
    return code


if __name__ == "__main__":
    raise SystemExit(main())
