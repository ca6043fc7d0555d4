"""Headers on every response, and the cookies the workbench sets.

Every response carries a Content-Security-Policy that allows scripts, styles,
images and requests from the app's own origin only (no inline script, no inline
style, no third-party origin), ``frame-ancestors 'none'``, ``Referrer-Policy:
no-referrer`` and ``nosniff``. Everything but the vendored static files is
``Cache-Control: no-store``: pages show personal data. With Secure cookies (behind
TLS) HSTS is sent too.
"""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

__all__ = ["CSP", "PRE_COOKIE", "SESSION_COOKIE", "SecurityHeaders"]

#: The session cookie: the session's random id (the server keeps only its hash).
SESSION_COOKIE = "bl_session"
#: Before sign-in: a random value the sign-in form must echo (login CSRF).
PRE_COOKIE = "bl_signin"

CSP = "; ".join(
    [
        "default-src 'none'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "connect-src 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
        "base-uri 'none'",
    ]
)

_ALWAYS = [
    (b"content-security-policy", CSP.encode()),
    (b"referrer-policy", b"no-referrer"),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"cross-origin-resource-policy", b"same-origin"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=(), interest-cohort=()"),
]


class SecurityHeaders:
    """ASGI middleware adding the security headers to every HTTP response."""

    def __init__(self, app: ASGIApp, secure: bool) -> None:
        self.app = app
        self.secure = secure

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Pass the request on; add the headers to the response's start."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        static = str(scope.get("path", "")).startswith("/static/")

        async def sending(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [
                    (k, v)
                    for k, v in message.get("headers", [])
                    if k.lower() not in {name for name, _ in _ALWAYS} | {b"cache-control"}
                ]
                headers += _ALWAYS
                cache = b"public, max-age=3600" if static else b"no-store"
                headers.append((b"cache-control", cache))
                if self.secure:
                    headers.append((b"strict-transport-security", b"max-age=31536000"))
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, sending)
