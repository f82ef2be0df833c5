"""Fetchers: list, count and stream the children of an object.

``domain.metadatas`` is a :class:`Fetcher`. As in vspk it is also a list,
holding what it fetched last (when ``commit`` is true).

Unlike vspk, :meth:`Fetcher.get` without ``page`` returns every object,
asking for page after page; pass ``page`` (and ``page_size``) to get one
page only.

With ``as_async=True`` the vspk calls run on the session's background pool
and return a :class:`concurrent.futures.Future` of their usual result.
``callback`` is called in the worker after a successful call with
``(fetcher, parent, result)``, where ``result`` is the list of objects
(``fetch``, ``get``), the first object or ``None`` (``get_first``) or the
count (``count``, ``get_count``).
"""

from __future__ import annotations

import logging
import time
from typing import TYPE_CHECKING, Any, Callable, Iterator, Mapping, Sequence, Union

from .errors import MalformedResponseError, RequestTimeoutError
from .filters import Filter

if TYPE_CHECKING:
    from concurrent.futures import Future

    from .background import Callback
    from .children import Children
    from .object import RESTObject
    from .transport import Connection

logger = logging.getLogger(__name__)

FilterLike = Union[str, Filter, None]

#: Encoding of the filter, order-by and group-by header values. HTTP headers
#: are bytes; UTF-8 keeps ASCII unchanged and can carry any text, where the
#: Latin-1 default of the HTTP stack fails on "東京" and garbles "Zürich".
HEADER_ENCODING = "utf-8"


def build_headers(
    *,
    filter: FilterLike = None,
    order_by: str | None = None,
    group_by: Sequence[str] | None = None,
    page: int | None = None,
    page_size: int | None = None,
    remote_name_for: Mapping[str, str] | None = None,
) -> dict[str, Any]:
    """Turn fetch options into the ``X-Nuage-*`` request headers.

    Raises:
        ValueError: a page or page size is negative or not an integer.
    """
    headers: dict[str, Any] = {}
    if filter is not None:
        text = filter.render(remote_name_for) if isinstance(filter, Filter) else filter
        if not isinstance(text, str):
            raise TypeError(
                f"filter must be a str or a Filter, got {type(filter).__name__}"
            )
        if text:
            headers["X-Nuage-Filter"] = _encode_header("filter", text)
    if order_by:
        headers["X-Nuage-OrderBy"] = _encode_header("order_by", order_by)
    if group_by:
        headers["X-Nuage-GroupBy"] = "true"
        headers["X-Nuage-Attributes"] = _encode_header("group_by", ", ".join(group_by))
    if page is not None:
        headers["X-Nuage-Page"] = str(_non_negative("page", page))
    if page_size is not None:
        if _non_negative("page_size", page_size) == 0:
            raise ValueError("page_size must be at least 1, got 0")
        headers["X-Nuage-PageSize"] = str(page_size)
    return headers


def _encode_header(option: str, text: str) -> bytes:
    if any(char in text for char in "\r\n\0"):
        raise ValueError(f"{option} must not contain line breaks or NUL: {text!r}")
    return text.encode(HEADER_ENCODING)


def _non_negative(option: str, value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValueError(f"{option} must be an integer >= 0, got {value!r}")
    return value


class Fetcher(list):
    """The children of one relationship of one parent object.

    The list contains the objects fetched last with ``commit=True`` (and the
    children created or assigned through the parent).
    """

    def __init__(self, parent: RESTObject, declaration: Children) -> None:
        super().__init__()
        self.parent_object = parent
        self.declaration = declaration
        self.current_total_count: int | None = None
        self.current_page: int | None = None

    def __repr__(self) -> str:
        return (
            f"<Fetcher {self.declaration.fetcher_name} of {self.parent_object!r}: "
            f"{len(self)} fetched>"
        )

    # vspk's fetchers are compared as objects, not as lists of children.
    __eq__ = object.__eq__
    __hash__ = object.__hash__

    @property
    def child_class(self) -> type[RESTObject]:
        """Entity class of the children."""
        return self.declaration.child_class

    managed_class = child_class

    @property
    def relationship(self) -> str:
        """``child``, ``member`` or ``root``."""
        return self.declaration.relationship

    @property
    def url(self) -> str:
        """URL of the collection under the parent."""
        return self.parent_object.get_resource_url_for_child_type(self.child_class)

    def _headers(self, **options: Any) -> dict[str, Any]:
        return build_headers(
            remote_name_for=self.child_class._remote_name_for(), **options
        )

    def _get_page(
        self,
        headers: dict[str, Any],
        query_parameters: Mapping[str, Any] | None,
        deadline: float | None = None,
    ) -> tuple[list[RESTObject], Connection]:
        session = self.parent_object._resolve_session()
        timeout = None
        if deadline is not None:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise RequestTimeoutError(
                    f"GET {self.url}: fetching {self.declaration.fetcher_name} did not "
                    "finish within its timeout; raise the timeout or filter the list",
                    method="GET",
                    url=self.url,
                )
            timeout = (
                min(session.timeout[0], remaining),
                min(session.timeout[1], remaining),
            )
        connection = session.transport.request(
            "GET", self.url, headers=headers, params=query_parameters, timeout=timeout
        )
        child_class = self.child_class
        parent = self.parent_object
        objects = []
        for data in connection.object_list():
            obj = child_class.__new__(child_class)
            obj._apply(data)
            values = obj.__dict__
            values["_synced"] = data
            values["_parent"] = parent
            objects.append(obj)
        return objects, connection

    # -- vspk's calls ---------------------------------------------------------

    def fetch(
        self,
        filter: FilterLike = None,
        order_by: str | None = None,
        group_by: Sequence[str] | None = None,
        page: int | None = None,
        page_size: int | None = None,
        query_parameters: Mapping[str, Any] | None = None,
        commit: bool = True,
        as_async: bool = False,
        callback: Callback = None,
        *,
        timeout: float | None = None,
    ) -> (
        tuple[Fetcher, RESTObject, list[RESTObject]]
        | Future[tuple[Fetcher, RESTObject, list[RESTObject]]]
    ):
        """Fetch children and return ``(fetcher, parent, objects)``.

        Without ``page`` every page is fetched; with it, that page only.
        ``timeout`` bounds the whole fetch in seconds, across all pages.

        Raises:
            NuageError: (a subclass of) on any failure.
        """
        if as_async:
            return self._in_background(
                lambda: self._fetch(
                    filter,
                    order_by,
                    group_by,
                    page,
                    page_size,
                    query_parameters,
                    commit,
                    timeout,
                ),
                callback,
                lambda result: result,
                "fetch",
            )
        return self._fetch(
            filter,
            order_by,
            group_by,
            page,
            page_size,
            query_parameters,
            commit,
            timeout,
        )

    def _fetch(
        self,
        filter: FilterLike,
        order_by: str | None,
        group_by: Sequence[str] | None,
        page: int | None,
        page_size: int | None,
        query_parameters: Mapping[str, Any] | None,
        commit: bool,
        timeout: float | None,
    ) -> tuple[Fetcher, RESTObject, list[RESTObject]]:
        if page is None:
            objects = list(
                self.stream(
                    filter=filter,
                    order_by=order_by,
                    group_by=group_by,
                    page_size=page_size,
                    query_parameters=query_parameters,
                    timeout=timeout,
                )
            )
        else:
            headers = self._headers(
                filter=filter,
                order_by=order_by,
                group_by=group_by,
                page=page,
                page_size=page_size,
            )
            deadline = None if timeout is None else time.monotonic() + timeout
            objects, connection = self._get_page(headers, query_parameters, deadline)
            self.current_page = page
            self.current_total_count = _count_header(connection, default=len(objects))
        if commit:
            self[:] = objects
        return self, self.parent_object, objects

    def get(
        self,
        filter: FilterLike = None,
        order_by: str | None = None,
        group_by: Sequence[str] | None = None,
        page: int | None = None,
        page_size: int | None = None,
        query_parameters: Mapping[str, Any] | None = None,
        commit: bool = True,
        as_async: bool = False,
        callback: Callback = None,
        *,
        timeout: float | None = None,
    ) -> list[RESTObject] | Future[list[RESTObject]]:
        """Fetch children and return them as a list (every page unless ``page`` is given)."""

        def get() -> list[RESTObject]:
            return self._fetch(
                filter,
                order_by,
                group_by,
                page,
                page_size,
                query_parameters,
                commit,
                timeout,
            )[2]

        if as_async:
            return self._in_background(get, callback, self._with_parent, "get")
        return get()

    def get_first(
        self,
        filter: FilterLike = None,
        order_by: str | None = None,
        group_by: Sequence[str] | None = None,
        query_parameters: Mapping[str, Any] | None = None,
        commit: bool = False,
        as_async: bool = False,
        callback: Callback = None,
    ) -> RESTObject | None | Future[RESTObject | None]:
        """Return the first matching child, or ``None`` when there is none."""

        def get_first() -> RESTObject | None:
            objects = self._fetch(
                filter, order_by, group_by, 0, 1, query_parameters, commit, None
            )[2]
            return objects[0] if objects else None

        if as_async:
            return self._in_background(
                get_first, callback, self._with_parent, "get_first"
            )
        return get_first()

    def count(
        self,
        filter: FilterLike = None,
        order_by: str | None = None,
        group_by: Sequence[str] | None = None,
        page: int | None = None,
        page_size: int | None = None,
        query_parameters: Mapping[str, Any] | None = None,
        as_async: bool = False,
        callback: Callback = None,
    ) -> tuple[Fetcher, RESTObject, int] | Future[tuple[Fetcher, RESTObject, int]]:
        """Count the matching children with a HEAD request: ``(fetcher, parent, count)``."""
        if as_async:
            return self._in_background(
                lambda: self._count(
                    filter, order_by, group_by, page, page_size, query_parameters
                ),
                callback,
                lambda result: result,
                "count",
            )
        return self._count(
            filter, order_by, group_by, page, page_size, query_parameters
        )

    def _count(
        self,
        filter: FilterLike,
        order_by: str | None,
        group_by: Sequence[str] | None,
        page: int | None,
        page_size: int | None,
        query_parameters: Mapping[str, Any] | None,
    ) -> tuple[Fetcher, RESTObject, int]:
        headers = self._headers(
            filter=filter,
            order_by=order_by,
            group_by=group_by,
            page=page,
            page_size=page_size,
        )
        transport = self.parent_object._resolve_session().transport
        connection = transport.request(
            "HEAD", self.url, headers=headers, params=query_parameters
        )
        total = _count_header(connection, default=None)
        if total is None:
            if connection.response.status_code != 204:
                raise MalformedResponseError(
                    "the X-Nuage-Count header is missing",
                    method="HEAD",
                    url=self.url,
                    status=connection.response.status_code,
                )
            total = 0
        self.current_total_count = total
        return self, self.parent_object, total

    def get_count(
        self,
        filter: FilterLike = None,
        order_by: str | None = None,
        group_by: Sequence[str] | None = None,
        page: int | None = None,
        page_size: int | None = None,
        query_parameters: Mapping[str, Any] | None = None,
        as_async: bool = False,
        callback: Callback = None,
    ) -> int | Future[int]:
        """Count the matching children with a HEAD request."""

        def get_count() -> int:
            return self._count(
                filter, order_by, group_by, page, page_size, query_parameters
            )[2]

        if as_async:
            return self._in_background(
                get_count, callback, self._with_parent, "get_count"
            )
        return get_count()

    # -- background calls -------------------------------------------------

    def _with_parent(self, result: Any) -> tuple[Any, ...]:
        # vspk's fetcher callbacks take (fetcher, parent, result).
        return (self, self.parent_object, result)

    def _in_background(
        self,
        call: Callable[[], Any],
        callback: Callback,
        callback_arguments: Callable[[Any], tuple[Any, ...]],
        name: str,
    ) -> Future[Any]:
        from .background import call_in_background

        return call_in_background(
            self.parent_object._resolve_session().background,
            call,
            callback,
            callback_arguments,
            f"{name} of {self.declaration.fetcher_name} of "
            f"{self.parent_object._describe()}",
        )

    # -- streaming --------------------------------------------------------

    def stream(
        self,
        filter: FilterLike = None,
        order_by: str | None = None,
        group_by: Sequence[str] | None = None,
        page_size: int | None = None,
        query_parameters: Mapping[str, Any] | None = None,
        *,
        timeout: float | None = None,
    ) -> Iterator[RESTObject]:
        """Yield every matching child, asking for one page at a time.

        Only one page is held in memory, and the fetcher's list is left as it
        is. Paging stops when the objects seen reach the ``X-Nuage-Count``
        total, or when a page comes back empty or shorter than the page size.
        ``timeout`` bounds the whole walk, in seconds, across all pages; it
        runs from the call, so time the caller spends between items counts.

        Raises:
            RequestTimeoutError: the pages did not all arrive within ``timeout``.
        """
        deadline = None if timeout is None else time.monotonic() + timeout
        page = 0
        seen = 0
        size = page_size
        previous_first_id = None
        while True:
            headers = self._headers(
                filter=filter,
                order_by=order_by,
                group_by=group_by,
                page=page,
                page_size=page_size,
            )
            objects, connection = self._get_page(headers, query_parameters, deadline)
            total = _count_header(connection, default=None)
            self.current_page = page
            self.current_total_count = total
            if size is None:
                size = _int_header(connection, "X-Nuage-PageSize")
            if objects and page > 0 and objects[0].id == previous_first_id:
                raise MalformedResponseError(
                    f"page {page} repeats page {page - 1}; the server ignored the "
                    "X-Nuage-Page header",
                    method="GET",
                    url=connection.request.url,
                    status=connection.response.status_code,
                )
            yield from objects

            seen += len(objects)
            if not objects:
                return
            if size is not None and len(objects) < size:
                return
            if total is None and size is None:
                # Neither a count nor a page size came back, so there is no
                # telling where the list ends: the first page is all of it.
                return
            if total is not None and seen >= total:
                return
            previous_first_id = objects[0].id
            page += 1

    def __call__(self, *args: Any, **kwargs: Any) -> list[RESTObject]:
        return self.get(*args, **kwargs)


def _int_header(connection: Connection, name: str) -> int | None:
    value = connection.response.headers.get(name)
    if value is None or value == "":
        return None
    try:
        number = int(value)
    except ValueError:
        raise MalformedResponseError(
            f"the {name} header is not an integer: {value!r}",
            method=connection.request.method,
            url=connection.request.url,
            status=connection.response.status_code,
        ) from None
    if number < 0:
        raise MalformedResponseError(
            f"the {name} header is negative: {value!r}",
            method=connection.request.method,
            url=connection.request.url,
            status=connection.response.status_code,
        )
    return number


def _count_header(connection: Connection, default: int | None) -> int | None:
    count = _int_header(connection, "X-Nuage-Count")
    return default if count is None else count
