"""The gateway schema: root fields merged from the graph modules, plus the error-shaping extension."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

import strawberry
from graphql import GraphQLError
from strawberry.extensions import (
    MaxAliasesLimiter,
    ParserCache,
    QueryDepthLimiter,
    SchemaExtension,
    ValidationCache,
)
from strawberry.tools import merge_types
from strawberry.types import ExecutionContext

from ._errors import GatewayError
from ._extensions import ErrorExtensions, FieldDepth, OfflineNotice
from .graph._node import NodeQuery
from .graph._provenance import SourcesQuery
from .graph.crosswalks import CrosswalkQuery, IscoGroup, SsykGroup, SunEducationField, SunEducationLevel
from .graph.datasets import Dataset, DatasetQuery
from .graph.educations import Education, EducationQuery
from .graph.geography import GeographyQuery, Municipality, Region
from .graph.historical import HistoricalQuery
from .graph.jobads import JobAd, JobAdQuery
from .graph.occupations import Occupation, OccupationQuery
from .graph.organisations import Organisation, OrganisationQuery
from .graph.research import InnovationCall, InnovationProject, ResearchProject, ResearchQuery
from .graph.schools import SchoolQuery, SchoolUnit
from .graph.statistics import StatisticsQuery, StatisticsTable
from .graph.syllabus import Course, Programme, Subject, SyllabusQuery

__all__ = ["build_schema", "schema_sdl"]

log = logging.getLogger("kllgraph_gateway.errors")

# Types reachable only through `node(id:)` must be named to the schema.
NODE_TYPES = (
    JobAd, Occupation, Municipality, Region, Organisation,
    SsykGroup, IscoGroup, SunEducationLevel, SunEducationField,
    SchoolUnit, Programme, Subject, Course,
    ResearchProject, InnovationProject, InnovationCall, Dataset,
    Education,
    StatisticsTable,
)

# One line per graph module with root fields.
Query = merge_types("Query", (
    JobAdQuery,
    OccupationQuery,
    GeographyQuery,
    HistoricalQuery,
    CrosswalkQuery,
    OrganisationQuery,
    SchoolQuery,
    SyllabusQuery,
    NodeQuery,
    SourcesQuery,
    ResearchQuery,
    DatasetQuery,
    EducationQuery,
    StatisticsQuery,
))


class GatewaySchema(strawberry.Schema):
    def process_errors(self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None) -> None:
        # Expected failures (bad input, upstream down) are logged briefly; bugs were logged with traceback already.
        for error in errors:
            if isinstance(error.original_error, GatewayError):
                log.info("%s at %s: %s", error.original_error.code, error.path, error.message)


def build_schema(*, max_depth: int = 15, max_aliases: int = 30, **kwargs: Any) -> strawberry.Schema:
    """The schema; `max_depth`/`max_aliases` bound what one document may ask (a public gateway's first defence)."""
    extensions: list[type[SchemaExtension] | Callable[[], SchemaExtension]] = [
        ErrorExtensions,
        FieldDepth,
        OfflineNotice,
        # Clients repeat the same documents (SDK operations, paging): parse and validate each once. Factories: the
        # LRU caches are module-level in strawberry, shared by the per-request instances.
        lambda: ParserCache(maxsize=512),
        lambda: ValidationCache(maxsize=512),
        lambda: QueryDepthLimiter(max_depth=max_depth),
        lambda: MaxAliasesLimiter(max_alias_count=max_aliases),
    ]
    return GatewaySchema(query=Query, extensions=extensions, types=NODE_TYPES, **kwargs)


def schema_sdl() -> str:
    return build_schema().as_str() + "\n"
