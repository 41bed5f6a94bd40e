"""The web service: the registrar's queue (login, list, item view, decisions, bulk, accounts),
/healthz, and background processing in the same process."""

from bot.web.app import make_app, serve

__all__ = ["make_app", "serve"]
