"""A small asyncio HTTP/1.1 client: one virtual user of the load generator.

Why not a library: the generator shares the machine's two cores with the server,
so it should cost as little as possible per request, and it needs nothing more
than a cookie jar, CSRF tokens and one connection kept open while the server
allows (gunicorn's ``sync`` workers close it after every response, ``gthread``
workers keep it).
"""

import asyncio
from dataclasses import dataclass
from urllib.parse import urlencode, urlsplit

from bench.pages import Reply


@dataclass
class Response:
    status: int
    headers: dict[str, str]
    body: bytes

    @property
    def location(self) -> str:
        location = self.headers.get("location", "")
        parts = urlsplit(location)
        return parts.path + (f"?{parts.query}" if parts.query else "") if parts.netloc else location

    def reply(self) -> Reply:
        return Reply(self.status, self.body.decode("utf-8", "replace"), self.location)


class Browser:
    """A cookie jar and a connection to one server."""

    def __init__(self, host: str, port: int):
        self.host, self.port = host, port
        self.cookies: dict[str, str] = {}
        self._reader: asyncio.StreamReader | None = None
        self._writer: asyncio.StreamWriter | None = None

    def use(self, port: int) -> None:
        """Send the next requests to another server (same cookies): the two-server check."""
        if port != self.port:
            self._close()
            self.port = port

    async def get(self, path: str) -> Response:
        return await self.request("GET", path)

    async def post(self, path: str, data: dict | None = None) -> Response:
        return await self.request("POST", path, data or {})

    async def request(self, method: str, path: str, data: dict | None = None) -> Response:
        body = b""
        headers = {
            "Host": f"{self.host}:{self.port}",
            "User-Agent": "anhorigstod-bench",
            "Accept": "text/html",
        }
        if method == "POST":
            form = {**(data or {}), "csrfmiddlewaretoken": self.cookies.get("csrftoken", "")}
            body = urlencode(form, doseq=True).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Origin"] = f"http://{self.host}:{self.port}"
        headers["Content-Length"] = str(len(body))
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        head = f"{method} {path} HTTP/1.1\r\n" + "".join(
            f"{k}: {v}\r\n" for k, v in headers.items()
        )
        message = head.encode("latin-1") + b"\r\n" + body
        for attempt in (1, 2):
            reused = self._writer is not None
            if not reused:
                self._reader, self._writer = await asyncio.open_connection(self.host, self.port)
            try:
                self._writer.write(message)
                response = await self._read()
                break
            except (asyncio.IncompleteReadError, ConnectionError):
                # A kept-alive connection the server closed meanwhile: open a new one once.
                self._close()
                if not reused or attempt == 2:
                    raise
        self._remember_cookies(response)
        return response

    async def login(self, username: str, password: str) -> None:
        await self.get("/login/")
        response = await self.post("/login/", {"username": username, "password": password})
        if response.status != 302:
            raise RuntimeError(f"Login as {username} failed ({response.status}).")

    async def _read(self) -> Response:
        head = await self._reader.readuntil(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        status = int(lines[0].split(" ", 2)[1])
        headers: dict[str, str] = {}
        cookies: list[str] = []
        for line in lines[1:]:
            if not line:
                continue
            name, _sep, value = line.partition(":")
            name, value = name.strip().lower(), value.strip()
            if name == "set-cookie":
                cookies.append(value)
            else:
                headers[name] = value
        if "content-length" in headers:
            body = await self._reader.readexactly(int(headers["content-length"]))
        elif headers.get("transfer-encoding", "").lower() == "chunked":
            body = await self._read_chunked()
        else:
            body = await self._reader.read()
            headers["connection"] = "close"
        if headers.get("connection", "").lower() == "close":
            self._close()
        response = Response(status, headers, body)
        response.headers["set-cookie"] = "\n".join(cookies)
        return response

    async def _read_chunked(self) -> bytes:
        parts = []
        while True:
            size = int((await self._reader.readuntil(b"\r\n")).split(b";")[0], 16)
            if size == 0:
                await self._reader.readuntil(b"\r\n")
                return b"".join(parts)
            parts.append((await self._reader.readexactly(size + 2))[:-2])

    def _remember_cookies(self, response: Response) -> None:
        for cookie in filter(None, response.headers.get("set-cookie", "").split("\n")):
            pair, *attributes = cookie.split(";")
            name, _sep, value = pair.strip().partition("=")
            expired = any(a.strip().lower() in ("max-age=0",) for a in attributes)
            if expired or value in ("", '""'):
                self.cookies.pop(name, None)
            else:
                self.cookies[name] = value

    def _close(self) -> None:
        if self._writer is not None:
            self._writer.close()
        self._reader = self._writer = None

    async def close(self) -> None:
        self._close()
