"""Small shared types: the NOT_GIVEN sentinel."""

from typing import Literal, final


@final
class NotGiven:
    """The type of `NOT_GIVEN`: marks an argument the caller did not pass, where `None` means something.

    `cache_ttl=None` switches the cache off for one call; `cache_ttl=NOT_GIVEN` (default) keeps the client's.
    Variables whose value is `NOT_GIVEN` are left out of the request.
    """

    _instance: "NotGiven | None" = None

    def __new__(cls) -> "NotGiven":
        # One instance, so `value is NOT_GIVEN` is the test everywhere.
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __bool__(self) -> Literal[False]:
        return False

    def __repr__(self) -> str:
        return "NOT_GIVEN"

    def __reduce__(self) -> str:
        return "NOT_GIVEN"


NOT_GIVEN = NotGiven()
