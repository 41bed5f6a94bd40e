"""msal's HTTP client for the Microsoft connectors (Graph, Teams): our CA file and timeout on
every request — a session-wide `verify` would lose to REQUESTS_CA_BUNDLE in the environment."""

from __future__ import annotations

from typing import Any


def msal_session(ca_file: str, timeout: float) -> Any:
    import requests

    verify: str | bool = ca_file or True

    class Session(requests.Session):
        def request(self, *args: Any, **kwargs: Any) -> Any:
            kwargs.setdefault("timeout", timeout)
            if verify is not True:
                kwargs["verify"] = verify
            return super().request(*args, **kwargs)

    return Session()
