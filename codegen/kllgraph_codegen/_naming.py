"""Naming stage: Python names for GraphQL names (snake_case attributes, PascalCase classes, never a reserved
word), and the names an operation and its classes take in the generated package."""

from __future__ import annotations

import keyword
import re
from dataclasses import dataclass

from ._errors import UnsupportedError

# Attribute names a generated field must not take: Python keywords, the builtins and modules that generated
# annotations refer to (a class attribute named `list` would shadow `list[...]` in later annotations), and the
# public attributes of pydantic.BaseModel (pydantic warns when a field shadows one). A fixed list rather than
# dir(BaseModel) so that output does not depend on the installed pydantic version.
_SHADOWING_NAMES = frozenset(
    {
        "bool", "float", "int", "list", "str",
        "datetime", "decimal", "uuid", "typing", "pydantic", "kllgraph", "enum",
        "construct", "copy", "dict", "from_orm", "json", "parse_file", "parse_obj", "parse_raw",
        "schema", "schema_json", "update_forward_refs", "validate",
        # kllgraph.GraphQLModel's own members: the response's extensions, and the DataFrame of a result.
        "extensions", "to_pandas",
        "model_config", "model_fields", "model_computed_fields", "model_extra", "model_fields_set",
        "model_construct", "model_copy", "model_dump", "model_dump_json", "model_json_schema",
        "model_parametrized_name", "model_post_init", "model_rebuild", "model_validate",
        "model_validate_json", "model_validate_strings",
    }
)  # fmt: skip

# Module names the generator writes itself; an operation's module must not take one of them.
FIXED_MODULES = frozenset({"__init__", "client", "enums", "fragments", "inputs", "operations"})
# Keyword arguments every generated client method has, or locals it uses.
CLIENT_RESERVED = frozenset({"self", "variables", "max_items", "cache_ttl"})
# Public methods and attributes of the runtime clients (kllgraph.Client, SyncClientBase, BaseClient) that an
# operation method must not replace; see docs/sdk-contract.md.
RUNTIME_MEMBERS = frozenset(
    {
        "aclose", "base_url", "cache", "close", "execute", "headers", "initial_retry_delay", "local",
        "max_retries", "max_retry_delay", "progress", "raise_on_partial_data", "timeout",
    }
)  # fmt: skip

_CAMEL_BOUNDARY = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")


def snake_case(name: str) -> str:
    """`totalCount` -> `total_count`, `URLPath` -> `url_path`, `JobAds` -> `job_ads`; leading underscores kept."""
    stripped = name.lstrip("_")
    leading = name[: len(name) - len(stripped)]
    return leading + _CAMEL_BOUNDARY.sub("_", stripped).lower()


def pascal_case(name: str) -> str:
    """`jobAds` -> `JobAds`, `page_info` -> `PageInfo`; used for class-name path segments."""
    return "".join(part[:1].upper() + part[1:] for part in name.split("_") if part)


def safe_name(name: str, reserved: frozenset[str] = frozenset()) -> str:
    """`name` with a trailing underscore when it is a keyword, shadows something, or is in `reserved`.

    Soft keywords (`match`, `type`, ...) are valid identifiers and their list differs between Python versions,
    so they are left alone to keep output independent of the interpreter.
    """
    if keyword.iskeyword(name) or name in _SHADOWING_NAMES or name in reserved:
        return name + "_"
    return name


def attribute_name(graphql_name: str, reserved: frozenset[str] = frozenset()) -> str:
    """The Python attribute for a GraphQL field, argument or variable name."""
    return safe_name(snake_case(graphql_name), reserved)


def constant_name(name: str) -> str:
    """`JobAds` -> `JOB_ADS`."""
    return snake_case(name).upper()


def check_unique(names: list[str], where: str) -> None:
    """Raise when two GraphQL names would become the same Python name in one class or signature."""
    seen: set[str] = set()
    for name in names:
        if name in seen:
            raise UnsupportedError(f"{where}: two fields map to the Python name {name!r}; alias one of them")
        seen.add(name)


@dataclass(frozen=True)
class OperationNames:
    """What operation `JobAds` becomes: module `job_ads`, client method `job_ads`, result class `JobAdsResult`
    (the suffix leaves the plain name to the schema type a fragment is named after, e.g. `JobAd`), nested
    classes prefixed `JobAds`, document constant `JOB_ADS_DOCUMENT`."""

    module: str
    method: str
    result_class: str
    document_constant: str
    path_prefix: str

    @property
    def connection_function(self) -> str:
        """The function narrowing a derived operation's node to its connection."""
        return f"{self.module}_connection"


def operation_names(name: str, where: str) -> OperationNames:
    """The names operation `name` takes; raises when its module or method would take a reserved name."""
    module = snake_case(name)
    method = safe_name(snake_case(name))
    if module in FIXED_MODULES or not module.isidentifier() or module != safe_name(module):
        raise UnsupportedError(f"{where}: operation {name!r} would be module {module!r}; rename it")
    if method in RUNTIME_MEMBERS or method.startswith("_"):
        raise UnsupportedError(f"{where}: operation {name!r} would override client method {method!r}")
    return OperationNames(
        module, method, pascal_case(name) + "Result", constant_name(name) + "_DOCUMENT", pascal_case(name)
    )


def variable_name(graphql_name: str) -> str:
    """The keyword argument of a client method for a variable."""
    return attribute_name(graphql_name, CLIENT_RESERVED)


def nested_class_name(parent_class: str, response_key: str) -> str:
    """Classes are named after the response path: field `jobAds` of class `JobAds` is class `JobAdsJobAds`."""
    return parent_class + pascal_case(response_key)


def member_class_name(class_name: str, type_name: str) -> str:
    """The member of a discriminated union for object type `type_name`: `HitsHits` + `Ad`."""
    return class_name + type_name
