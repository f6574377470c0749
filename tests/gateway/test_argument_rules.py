"""One rule per kind of argument, applied by `_limits.guard_arguments` to every root and link field, walked here
over the whole schema so that a new field cannot escape it:

- an explicit `null` for a nullable argument with a default answers as if the argument were left out;
- ids and codes (every string argument but free text) are matched whole: a leading space or a trailing newline is
  `BAD_USER_INPUT` naming the argument, never trimmed.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from graphql import (
    GraphQLArgument,
    GraphQLField,
    GraphQLID,
    GraphQLInputObjectType,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLString,
    Undefined,
    get_named_type,
    is_list_type,
    is_non_null_type,
)

from kllgraph_gateway._limits import FREE_TEXT_ARGUMENTS
from kllgraph_gateway._personal import PERSONAL_TEXT_ARGUMENTS
from kllgraph_gateway._schema import build_schema
from kllgraph_gateway._settings import BUNDLED_SNAPSHOT
from kllgraph_gateway.graph.experience import SAMPLE_EXPERIENCES

from .harness import running_gateway

SCHEMA = build_schema()._schema

# How a query reaches one object of each type that has fields with arguments, offline (ids from the bundled
# snapshot; `kllgraph-gateway snapshot info` lists them). `{}` is where the field goes.
PARENTS: dict[str, str] = {
    "Query": "{}",
    "Occupation": '{{ occupation(id: "TT8h_qKk_1iu") {{ {} }} }}',
    "Municipality": '{{ municipality(code: "0180") {{ {} }} }}',
    "Region": '{{ region(code: "01") {{ {} }} }}',
    "Organisation": '{{ organisation(organisationNumber: "2021003054") {{ {} }} }}',
    "SchoolUnit": '{{ schoolUnit(code: "99900101") {{ {} }} }}',
    "StatisticsTable": '{{ statisticsTable(id: "TAB6471") {{ {} }} }}',
    "CareerMove": '{{ careerMoves(from: "bXNH_MNX_dUR", first: 1) {{ {} }} }}',
    "ExperienceMatch": "{{ matchExperience(text: " + json.dumps(SAMPLE_EXPERIENCES[0]) + ") {{ {} }} }}",
}

# Values for required arguments, where a field has them (everything else is left out).
REQUIRED: dict[str, Any] = {
    "id": "99900004", "code": "0180", "organisationNumber": "2021003054", "occupation": "TT8h_qKk_1iu",
    "selection": [{"variableCode": "Region", "valueCodes": ["0180"]}], "from": "bXNH_MNX_dUR",
    "text": SAMPLE_EXPERIENCES[0],
}
# Valid-looking values for the whitespace walk, so that only the whitespace is wrong.
SAMPLES: dict[str, str] = {
    "id": "99900004", "code": "0180", "organisationNumber": "2021003054", "organiser": "2120000142",
    "occupation": "TT8h_qKk_1iu", "municipality": "0180", "region": "01", "employer": "2120000142",
    "ssykCode": "2512", "iscoCode": "2512", "countyCode": "01", "schoolType": "GY", "status": "AKTIV",
    "programme": "NA", "publisher": "2021002114", "organisation": "2021003054", "after": "a2xsMTox",
    "from": "bXNH_MNX_dUR",
}


def _fields_with_arguments() -> Iterator[tuple[GraphQLObjectType, str, GraphQLField]]:
    for named in SCHEMA.type_map.values():
        if isinstance(named, GraphQLObjectType) and not named.name.startswith("__"):
            for name, field in named.fields.items():
                if field.args:
                    yield named, name, field


def _literal(value: Any) -> str:
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {_literal(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(_literal(v) for v in value) + "]"
    return json.dumps(value)


def _document(owner: GraphQLObjectType, name: str, field: GraphQLField, arguments: dict[str, Any]) -> str:
    required = {arg: REQUIRED[arg] for arg, definition in field.args.items()
                if is_non_null_type(definition.type) and definition.default_value is Undefined}
    given = {**required, **arguments}
    rendered = ", ".join(f"{arg}: {'null' if value is None else _literal(value)}" for arg, value in given.items())
    returned = get_named_type(field.type)
    selection = "totalCount" if isinstance(returned, GraphQLObjectType) and "totalCount" in returned.fields \
        else "__typename"
    call = f"{name}({rendered}) {{ {selection} }}" if rendered else f"{name} {{ {selection} }}"
    return "{ " + PARENTS[owner.name].format(call) + " }" if owner.name == "Query" else PARENTS[owner.name].format(call)


def _nullable_defaulted(field: GraphQLField) -> list[str]:
    return [arg for arg, definition in field.args.items()
            if not is_non_null_type(definition.type) and definition.default_value is not Undefined]


def _is_key(argument: GraphQLArgument) -> bool:
    return get_named_type(argument.type) in (GraphQLString, GraphQLID)


NULLABLE_DEFAULTED = sorted((owner.name, name, arg) for owner, name, field in _fields_with_arguments()
                            for arg in _nullable_defaulted(field))
# A person's text is no id or code; its own resolver checks it (tests/gateway/graph/test_experience.py).
KEYS = sorted((owner.name, name, arg) for owner, name, field in _fields_with_arguments()
              for arg, definition in field.args.items()
              if arg not in FREE_TEXT_ARGUMENTS and (owner.name, name, arg) not in PERSONAL_TEXT_ARGUMENTS
              and _is_key(definition) and not is_list_type(definition.type))
INPUT_KEYS = sorted((owner.name, name, arg) for owner, name, field in _fields_with_arguments()
                    for arg, definition in field.args.items()
                    if isinstance(get_named_type(definition.type), GraphQLInputObjectType))


def test_every_type_with_arguments_can_be_reached() -> None:
    owners = {owner.name for owner, _name, _field in _fields_with_arguments()}
    assert owners <= set(PARENTS), f"add a path to {sorted(owners - set(PARENTS))} in PARENTS"
    assert ("Query", "schoolUnits", "status") in NULLABLE_DEFAULTED
    assert ("Query", "course", "code") in KEYS and ("Query", "jobAd", "id") in KEYS


def _answer(response: tuple[int, dict[str, Any]]) -> tuple[int, Any, Any]:
    # The extensions say whether the whole-answer cache answered: not part of the answer.
    status, body = response
    return status, body.get("data"), body.get("errors")


async def test_null_means_the_default_for_every_defaulted_argument() -> None:
    differing = []
    async with running_gateway(snapshot=BUNDLED_SNAPSHOT) as gateway:
        for owner_name, name, arg in NULLABLE_DEFAULTED:
            owner = SCHEMA.type_map[owner_name]
            assert isinstance(owner, GraphQLObjectType)
            field = owner.fields[name]
            omitted = _answer(await gateway.query(_document(owner, name, field, {})))
            explicit = _answer(await gateway.query(_document(owner, name, field, {arg: None})))
            if omitted != explicit:
                differing.append((f"{owner_name}.{name}({arg}: null)", omitted, explicit))
    assert differing == []


async def test_explicit_null_status_lists_the_operating_school_units() -> None:
    async with running_gateway(snapshot=BUNDLED_SNAPSHOT) as gateway:
        status, body = await gateway.query("{ schoolUnits(status: null) { totalCount } }")
        _, omitted = await gateway.query("{ schoolUnits { totalCount } }")
        # As a variable too: a variable sent as null is the same null.
        _, variable = await gateway.query("query($s: String) { schoolUnits(status: $s) { totalCount } }",
                                          {"s": None})
    assert status == 200 and "errors" not in body
    assert body["data"] == omitted["data"] == variable["data"] and body["data"]["schoolUnits"]["totalCount"] > 0


@pytest.mark.parametrize("padding", ["leading space", "trailing newline"])
async def test_ids_and_codes_are_never_trimmed(padding: str) -> None:
    accepted = []
    async with running_gateway(snapshot=BUNDLED_SNAPSHOT) as gateway:
        for owner_name, name, arg in KEYS:
            owner = SCHEMA.type_map[owner_name]
            assert isinstance(owner, GraphQLObjectType)
            sample = SAMPLES.get(arg, "0180")
            value = " " + sample if padding == "leading space" else sample + "\n"
            status, body = await gateway.query(_document(owner, name, owner.fields[name], {arg: value}))
            codes = [(e["extensions"].get("code"), e["extensions"].get("argument")) for e in body.get("errors", [])]
            if ("BAD_USER_INPUT", arg) not in codes:
                accepted.append((f"{owner_name}.{name}({arg}: {value!r})", status, body))
    assert accepted == []


async def test_codes_inside_input_objects_are_never_trimmed() -> None:
    assert INPUT_KEYS == [("StatisticsTable", "rows", "selection")]
    async with running_gateway(snapshot=BUNDLED_SNAPSHOT) as gateway:
        _, body = await gateway.query(PARENTS["StatisticsTable"].format(
            'rows(selection: [{variableCode: "Region", valueCodes: ["0180\\n"]}]) { value }'))
    assert body["data"] == {"statisticsTable": {"rows": None}}
    assert body["errors"][0]["extensions"] == {"code": "BAD_USER_INPUT", "argument": "selection[0].valueCodes[0]"}


def test_required_values_are_only_for_required_arguments() -> None:
    # Keeps REQUIRED honest: every entry is needed by some field, and every required argument has an entry.
    required = {arg for _owner, _name, field in _fields_with_arguments() for arg, definition in field.args.items()
                if isinstance(definition.type, GraphQLNonNull) and definition.default_value is Undefined}
    assert required == set(REQUIRED)
