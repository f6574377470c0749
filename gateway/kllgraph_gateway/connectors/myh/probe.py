"""`kllgraph-gateway doctor`: one cheap live request through this connector's api.py, validated by its models."""

from __future__ import annotations

from ..._upstream import SourceClient


async def probe(client: SourceClient) -> str:
    # MYH has no API the gateway calls (see __init__): nothing to request here. YH educations are read through
    # susanavet and planned_educations, whose own probes check those paths. `doctor` reports a probe that sent no
    # request as "no live API", never as "ok".
    return "no request: YH programmes are read via susanavet and planned_educations (see their lines)"
