"""GET /coversheet?number=KS 2021/0456-3: the cover sheet (försättsblad) of a case or record as
a PDF to print, linked from the item page (bot/split/sheets.py makes it)."""

from __future__ import annotations

from urllib.parse import quote

from aiohttp import web
from sqlmodel import Session

from bot.casenumbers import Grammar
from bot.split.sheets import SheetError, cover_pdf
from bot.web.common import ctx_of, in_db


def _pdf(session: Session, number: str, grammar: Grammar) -> bytes | str:
    try:
        return cover_pdf(session, number, grammar)
    except SheetError as error:
        return str(error)


async def coversheet(request: web.Request) -> web.Response:
    number = request.query.get("number", "")[:60]
    made = await in_db(request, _pdf, number, ctx_of(request).grammar)
    if isinstance(made, str):
        raise web.HTTPNotFound(text=made)
    name = "forsattsblad-" + "".join(c if c.isalnum() else "-" for c in number) + ".pdf"
    return web.Response(body=made, content_type="application/pdf", headers={
        "Content-Disposition": f"inline; filename*=UTF-8''{quote(name)}",
        "Cache-Control": "private, no-store"})


def routes() -> list[web.RouteDef]:
    return [web.get("/coversheet", coversheet)]
