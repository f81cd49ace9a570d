"""Work that depends only on a questionnaire, done once per questionnaire object."""

from __future__ import annotations

import weakref
from collections.abc import Callable
from functools import wraps
from typing import TypeVar

from .questionnaire import Questionnaire

__all__ = ["per_questionnaire", "recall", "remember"]

T = TypeVar("T")


def per_questionnaire(build: Callable[[Questionnaire], T]) -> Callable[[Questionnaire], T]:
    """Cache ``build(q)`` for as long as the questionnaire object lives.

    Questionnaires are frozen, so what is derived from one never goes stale; the entry is
    dropped when the questionnaire is garbage-collected.
    """
    cache: dict[int, T] = {}

    @wraps(build)
    def cached(q: Questionnaire) -> T:
        key = id(q)
        try:
            return cache[key]
        except KeyError:
            value = cache[key] = build(q)
            weakref.finalize(q, cache.pop, key, None)
            return value

    return cached


_ANSWERED: weakref.WeakValueDictionary[str, Questionnaire] = weakref.WeakValueDictionary()


def remember(q: Questionnaire) -> None:
    """Keep ``q`` findable by its fingerprint for as long as it lives: responses validated
    against it find it again (:func:`recall`) without naming where it came from."""
    _ANSWERED[q.fingerprint] = q


def recall(fingerprint: str) -> Questionnaire | None:
    """A live questionnaire with that fingerprint, if responses were validated against one."""
    return _ANSWERED.get(fingerprint)
