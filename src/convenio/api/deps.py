"""Dependencies shared by the routers: pagination, services, the Idempotency-Key header."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Annotated, TypeVar

from fastapi import Depends, Query, Request

from convenio.bootstrap import Services
from convenio.http.auth import services_of
from convenio.http.idempotency import idempotency_key_header

T = TypeVar("T")

MAX_LIMIT = 500


@dataclass(frozen=True, slots=True)
class PageParams:
    """``?offset&limit`` of a list."""

    offset: int
    limit: int

    def slice(self, items: Sequence[T]) -> list[T]:
        """The items of this page out of the whole list."""
        return list(items[self.offset : self.offset + self.limit])


def page_params(
    offset: Annotated[int, Query(ge=0, le=2**31, description="Items to skip.")] = 0,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT, description="Items per page.")] = 50,
) -> PageParams:
    """Pagination from the query string."""
    return PageParams(offset=offset, limit=limit)


def services(request: Request) -> Services:
    """The application's services."""
    return services_of(request)


Paging = Annotated[PageParams, Depends(page_params)]
ServicesDep = Annotated[Services, Depends(services)]
IdempotencyKey = Annotated[str | None, Depends(idempotency_key_header)]
