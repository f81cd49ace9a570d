"""Work that depends only on a questionnaire, done once per questionnaire object."""

from __future__ import annotations

import weakref
from collections.abc import Callable
from functools import partial, wraps
from typing import Generic, TypeVar

from .questionnaire import Questionnaire

__all__ = ["ByIdentity", "per_questionnaire", "recall", "remember"]

K = TypeVar("K")
T = TypeVar("T")


class ByIdentity(Generic[K, T]):
    """Values kept beside objects and found by the object itself — not by equality: two
    equal frozen models are two entries — each dropped when its object is collected."""

    def __init__(self) -> None:
        self._entries: dict[int, tuple[weakref.ref[K], T]] = {}

    def get(self, obj: K) -> T | None:
        """The value kept beside `obj`, or `None`."""
        entry = self._entries.get(id(obj))
        return entry[1] if entry is not None and entry[0]() is obj else None

    def put(self, obj: K, value: T) -> None:
        """Keep `value` beside `obj` for as long as `obj` lives."""
        key = id(obj)
        self._entries[key] = (weakref.ref(obj, partial(self._drop, key)), value)

    def _drop(self, key: int, dead: weakref.ref[K]) -> None:
        entry = self._entries.get(key)
        if entry is not None and entry[0] is dead:
            del self._entries[key]


def per_questionnaire(build: Callable[[Questionnaire], T]) -> Callable[[Questionnaire], T]:
    """Cache `build(q)` for as long as the questionnaire object lives.

    Questionnaires are frozen, so what is derived from one never goes stale; the entry is
    dropped when the questionnaire is garbage-collected.
    """
    cache: ByIdentity[Questionnaire, T] = ByIdentity()

    @wraps(build)
    def cached(q: Questionnaire) -> T:
        value = cache.get(q)
        if value is None:
            value = build(q)
            cache.put(q, value)
        return value

    return cached


_ANSWERED: weakref.WeakValueDictionary[str, Questionnaire] = weakref.WeakValueDictionary()


def remember(q: Questionnaire) -> None:
    """Keep `q` findable by its fingerprint for as long as it lives: responses validated
    against it find it again (`recall`) without naming where it came from."""
    _ANSWERED[q.fingerprint] = q


def recall(fingerprint: str) -> Questionnaire | None:
    """A live questionnaire with that fingerprint, if responses were validated against one."""
    return _ANSWERED.get(fingerprint)
