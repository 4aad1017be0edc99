"""Small helpers shared by the page tests."""

import socket


def text(response):
    """The decoded body of a response."""
    return response.content.decode()


def facet(response, param):
    """The listing's facet ``param`` (icc.facets.Facet) from the response context."""
    return next(found for found in response.context["facets"] if found.param == param)


def facet_options(response, param):
    """{value: Option} of the listing's facet ``param``."""
    return {option.value: option for option in facet(response, param).options}


def redis_answers():
    """Whether a Redis server answers on 127.0.0.1:6379 (tests that need one skip without)."""
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=0.5) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(16).startswith(b"+PONG")
    except OSError:
        return False
