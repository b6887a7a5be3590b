"""How every route of every service runs: a plain ``def`` route (one that blocks on the
database or a unit of work) runs in one worker thread, its answer checked on the event
loop.

FastAPI runs a plain ``def`` route in a worker thread, then validates its answer against
the response model in a second one: two hand-offs to the thread pool per request, each
costing the process more CPU than most checks it carries. A `ThreadedRoute` hands the
route to the pool once, as an ``async`` endpoint that awaits it, so FastAPI validates the
answer where it serializes it, on the loop: the same CPU, one hand-off fewer. Its
signature, name and docstring are the function's, so the OpenAPI document is unchanged.
Every router is made by `api_router`, and the app's own routes (health, metrics) use the
same class (`rujukan.runtime.http.create_app`).
"""

import functools
import inspect
from collections.abc import Callable
from typing import Any

from fastapi import APIRouter
from fastapi.routing import APIRoute
from starlette.concurrency import run_in_threadpool


class ThreadedRoute(APIRoute):
    """A route whose plain ``def`` endpoint runs in one worker thread."""

    def __init__(self, path: str, endpoint: Callable[..., Any], **kwargs: Any) -> None:
        super().__init__(path, in_one_thread(endpoint), **kwargs)


def in_one_thread(endpoint: Callable[..., Any]) -> Callable[..., Any]:
    """``endpoint`` as a coroutine function that runs it in a worker thread; a coroutine
    function as it is."""
    if inspect.iscoroutinefunction(endpoint):
        return endpoint

    @functools.wraps(endpoint)  # FastAPI reads the parameters through __wrapped__
    async def threaded(*args: Any, **kwargs: Any) -> Any:
        return await run_in_threadpool(endpoint, *args, **kwargs)

    return threaded


def api_router(**options: Any) -> APIRouter:
    """An `APIRouter` (``options`` as FastAPI's) whose routes are `ThreadedRoute`."""
    return APIRouter(route_class=ThreadedRoute, **options)
