"""The intake services and selectors take keyword-only, annotated arguments and say
what they return, so a test (or mypy) can call them without a request."""

import inspect

import pytest

from referrals.intake import selectors, services


def public_functions(module):
    return [
        function
        for name, function in inspect.getmembers(module, inspect.isfunction)
        if function.__module__ == module.__name__ and not name.startswith("_")
    ]


FUNCTIONS = public_functions(services) + public_functions(selectors)


def test_there_are_functions_to_check():
    assert {f.__name__ for f in FUNCTIONS} >= {"submit_draft", "save_step", "own_draft"}


@pytest.mark.parametrize("function", FUNCTIONS, ids=lambda f: f"{f.__module__}.{f.__name__}")
def test_arguments_are_keyword_only_and_annotated(function):
    signature = inspect.signature(inspect.unwrap(function))
    for parameter in signature.parameters.values():
        assert parameter.kind is inspect.Parameter.KEYWORD_ONLY, parameter
        assert parameter.annotation is not inspect.Parameter.empty, parameter
    assert signature.return_annotation is not inspect.Signature.empty
