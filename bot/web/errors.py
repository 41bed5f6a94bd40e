"""Error pages in the reader's language, styled like the rest: unknown pages and items (404),
refusals (403, 405) and our own failures (500, logged without the request's data). The API
answers JSON instead."""

from __future__ import annotations

import logging
import traceback

from aiohttp import web

from bot.web.common import BadRequest, render
from bot.web.guard import Handler, is_api

log = logging.getLogger(__name__)
PAGES = {404: ("page_error.404", "page_error.404_hint"), 403: ("page_error.403", ""),
         405: ("page_error.405", ""), 500: ("page_error.500", "page_error.500_hint")}


def error_page(request: web.Request, status: int, detail: str = "") -> web.StreamResponse:
    message, hint = PAGES.get(status, PAGES[500])
    if is_api(request):
        return web.json_response({"error": message}, status=status)
    return render(request, "error.html", status=status, message_key=message, hint_key=hint,
                  status_code=status, detail=detail)


def _detail(error: web.HTTPException) -> str:
    """What a handler said about the refusal, when it said more than the status's name."""
    text = (error.text or "").strip()
    return "" if text == f"{error.status}: {error.reason}" else text[:300]


def _log_failure(request: web.Request, error: BaseException) -> None:
    """Where it failed, never what it was given: the exception's message and the query may
    hold personal data, so only its type and the stack are logged."""
    stack = "".join(traceback.format_tb(error.__traceback__))
    log.error("%s %s failed: %s\n%s", request.method, request.path, type(error).__name__, stack)


@web.middleware
async def errors(request: web.Request, handler: Handler) -> web.StreamResponse:
    try:
        return await handler(request)
    except web.HTTPException as error:
        if error.status in PAGES:
            return error_page(request, error.status, _detail(error))
        raise
    except BadRequest:
        raise  # the guard answers it: 400
    except Exception as error:  # the one place a request's failure becomes a page, not a crash
        _log_failure(request, error)
        return error_page(request, 500)
