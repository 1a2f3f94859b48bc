"""The numpydoc examples of every metl_core module run, and give what they show."""

import doctest
import importlib
import pkgutil

import pytest

import metl_core as M

# Every module, those of subpackages included (figures may become one): new ones join here.
MODULES = sorted(m.name for m in pkgutil.walk_packages(M.__path__, "metl_core."))
# The functions a reader meets first: each shows at least one example that runs.
WITH_EXAMPLES = [
    "maths.softmax.softmax",
    "maths.sigmoid.sigmoid",
    "maths.sigmoid.sigmoid_derivative",
    "maths.cross_entropy.cross_entropy",
    "maths.cross_entropy.cross_entropy_grad",
    "maths.mlp.forward",
    "maths.mlp.backward",
    "maths.mlp.param_count",
]


def examples(module) -> list[doctest.DocTest]:
    return [t for t in doctest.DocTestFinder().find(module) if t.examples]


@pytest.mark.parametrize("name", MODULES)
def test_every_docstring_example_gives_what_it_shows(name):
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    for test in examples(importlib.import_module(name)):
        runner.run(test)  # a failure is printed, with the expected and the actual output
    assert runner.failures == 0, f"{runner.failures} of {runner.tries} examples failed in {name}"


@pytest.mark.parametrize("qualname", WITH_EXAMPLES)
def test_key_functions_have_examples(qualname):
    found = {t.name for m in MODULES for t in examples(importlib.import_module(m))}
    assert f"metl_core.{qualname}" in found
