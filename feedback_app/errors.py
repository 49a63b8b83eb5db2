"""Kind error pages: every failure a person can meet gets words, never a traceback."""

from __future__ import annotations

from flask import Flask, render_template
from werkzeug.exceptions import HTTPException

PAGES = {
    400: ("Sorry, there is a problem with what was sent", ["Go back and try again."]),
    403: ("You cannot see this page",
          ["Your account does not have access to it. Ask an administrator if you need it."]),
    404: ("Page not found", ["If you typed the web address, check it is correct.",
                            "If you were given a card or a link, check you typed all of it."]),
    405: ("Sorry, there is a problem with what was sent", ["Go back and try again."]),
    413: ("That was too much to send at once", ["Please make your answers shorter and try again."]),
    429: ("Too many answers from one place", ["Please wait a few minutes, then try again."]),
    500: ("Sorry, there is a problem with the service", ["Please try again later. Your answers were not sent."]),
    503: ("Sorry, the service is unavailable", ["Please try again in a few minutes. Your answers were not sent."]),
}


def render_error(status: int):
    title, paragraphs = PAGES.get(status, PAGES[500] if status >= 500 else PAGES[400])
    return render_template("errors/error.html", title=title, paragraphs=paragraphs), status


def init_app(app: Flask) -> None:
    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        return render_error(error.code or 500)

    @app.errorhandler(Exception)
    def unexpected_error(error: Exception):
        app.logger.exception("Unhandled error")  # the message and stack, never the request's data
        return render_error(500)
