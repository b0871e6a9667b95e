"""Driving a benchmark walk through Django's test client, for the walk tests."""

from django.contrib.auth import get_user_model
from django.test import Client

from bench.pages import Reply


def walk_as(username: str, walk) -> list[tuple[str, Reply]]:
    """Drive ``walk`` as ``username`` through the test client; each request's label
    with its reply."""
    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    replies = []
    request = next(walk)
    while True:
        if request.method == "GET":
            response = client.get(request.path)
        else:
            response = client.post(request.path, request.data or {})
        assert response.status_code == request.expect, (request.label, response.status_code)
        reply = Reply(
            response.status_code, response.content.decode(), response.headers.get("Location", "")
        )
        replies.append((request.label, reply))
        try:
            request = walk.send(reply)
        except StopIteration:
            return replies
