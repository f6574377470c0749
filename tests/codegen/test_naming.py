from __future__ import annotations

import pytest

from kllgraph_codegen._naming import attribute_name, constant_name, pascal_case, snake_case


@pytest.mark.parametrize(
    ("graphql_name", "expected"),
    [
        ("totalCount", "total_count"),
        ("id", "id"),
        ("URLPath", "url_path"),
        ("ssykCode2012", "ssyk_code2012"),
        ("JobAds", "job_ads"),
        ("already_snake", "already_snake"),
    ],
)
def test_snake_case(graphql_name: str, expected: str) -> None:
    assert snake_case(graphql_name) == expected


@pytest.mark.parametrize(
    ("graphql_name", "expected"),
    [("class", "class_"), ("from", "from_"), ("json", "json_"), ("list", "list_"), ("type", "type"), ("name", "name")],
)
def test_attribute_name_avoids_keywords_and_shadowing(graphql_name: str, expected: str) -> None:
    assert attribute_name(graphql_name) == expected


def test_attribute_name_honours_extra_reserved_names() -> None:
    assert attribute_name("maxItems", frozenset({"max_items"})) == "max_items_"


def test_pascal_and_constant_case() -> None:
    assert pascal_case("jobAds") == "JobAds"
    assert pascal_case("page_info") == "PageInfo"
    assert constant_name("JobAds") == "JOB_ADS"
