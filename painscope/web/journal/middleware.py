"""Answer a form post that is too large to read with the form and an inline error.

Django refuses a request body over ``DATA_UPLOAD_MAX_MEMORY_SIZE`` by raising
``RequestDataTooBig`` when ``request.POST`` is first read. The CSRF middleware reads it
first, so without this the person gets a bare "Bad Request (400)" and no idea which field
was at fault. A view opts in with :func:`answers_too_big`; this middleware (listed before
``CsrfViewMiddleware``) tries the body and, when it is too large, calls the view's answer
instead of the view. The answer saves nothing: the body was never read.
"""

from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse


def answers_too_big(answer: Callable[..., HttpResponse]) -> Callable:
    """Decorator: ``answer(request, *args, **kwargs)`` replies when the posted form is too big.

    Apply it outermost (above ``login_required``); ``answer`` must check access itself.
    """

    def attach(view: Callable) -> Callable:
        view.answer_too_big = answer
        return view

    return attach


class TooBigFormMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func: Callable, view_args: tuple, view_kwargs: dict) -> HttpResponse | None:
        answer = getattr(view_func, "answer_too_big", None)
        if answer is None or request.method != "POST":
            return None
        try:
            request.POST  # noqa: B018 - reading it is the test
        except RequestDataTooBig:
            return answer(request, *view_args, **view_kwargs)
        return None
