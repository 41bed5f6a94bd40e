"""Account administration for admins: list accounts, add one, disable or enable one."""

from __future__ import annotations

from aiohttp import web
from sqlmodel import Session, col, select

from bot.auth import ROLES, AccountError, add_user, set_active
from bot.models import UserAccount
from bot.web.common import in_db, int_or_none, login_of, render, see_other


def _users(session: Session) -> list[UserAccount]:
    return list(session.exec(select(UserAccount).order_by(col(UserAccount.username))).all())


async def users_page(request: web.Request, error: str = "", status: int = 200) -> web.Response:
    users = await in_db(request, _users)
    return render(request, "users.html", users=users, roles=ROLES, error=error, status=status)


def _add(session: Session, username: str, password: str, role: str) -> None:
    add_user(session, username, password, role)


async def users_add(request: web.Request) -> web.StreamResponse:
    form = {k: str(v) for k, v in (await request.post()).items()}
    try:
        await in_db(request, _add, form.get("username", ""), form.get("password", ""),
                    form.get("role", ""))
    except AccountError as error:
        return await users_page(request, str(error), 400)
    return see_other("/admin/users")


async def users_active(request: web.Request) -> web.StreamResponse:
    form = {k: str(v) for k, v in (await request.post()).items()}
    user_id = int_or_none(request.match_info["user_id"]) or 0
    if user_id == login_of(request).user_id:
        return await users_page(request, "du kan inte stänga av dig själv / "
                                         "you cannot disable yourself", 400)
    if await in_db(request, set_active, user_id, form.get("active") == "1") is None:
        raise web.HTTPNotFound()
    return see_other("/admin/users")


def routes() -> list[web.RouteDef]:
    return [web.get("/admin/users", users_page), web.post("/admin/users", users_add),
            web.post(r"/admin/users/{user_id:\d+}/active", users_active)]
