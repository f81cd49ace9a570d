"""_cache: what depends only on a questionnaire is built once per questionnaire object."""

from __future__ import annotations

import gc
import weakref

from socialready import Questionnaire, questionnaire_from_data
from socialready._cache import per_questionnaire


class Built:
    """Something derived from a questionnaire (weakly referable, unlike a plain object)."""

    def __init__(self, q: Questionnaire) -> None:
        self.ref = q.ref


def load(text: str) -> Questionnaire:
    return questionnaire_from_data(None, "mini.yaml", text=text)


def test_built_once_per_questionnaire_object(minimal_text: str) -> None:
    calls: list[Questionnaire] = []

    def build(q: Questionnaire) -> Built:
        calls.append(q)
        return Built(q)

    cached = per_questionnaire(build)
    first, twin = load(minimal_text), load(minimal_text)
    assert first == twin
    assert first is not twin
    built = cached(first)
    assert cached(first) is built
    assert calls == [first]
    assert cached(twin) is not built  # by object, not by equal content
    assert len(calls) == 2


def test_what_was_built_goes_with_its_questionnaire(minimal_text: str) -> None:
    cached = per_questionnaire(Built)
    q = load(minimal_text)
    built = weakref.ref(cached(q))
    gc.collect()
    assert built() is not None  # kept while the questionnaire lives
    del q
    gc.collect()
    assert built() is None


def test_the_wrapper_keeps_the_name_of_what_it_wraps() -> None:
    def prepare(q: Questionnaire) -> str:
        """Doc."""
        return q.ref

    cached = per_questionnaire(prepare)
    assert (cached.__name__, cached.__doc__) == ("prepare", "Doc.")


def test_a_remembered_questionnaire_is_recalled_by_fingerprint_while_it_lives(
    minimal_text: str,
) -> None:
    from socialready._cache import recall, remember

    q = load(minimal_text)
    fingerprint = q.fingerprint
    assert recall(fingerprint) is None
    remember(q)
    assert recall(fingerprint) is q
    assert recall(load(minimal_text).fingerprint) is q  # equal content, equal fingerprint
    del q
    gc.collect()
    assert recall(fingerprint) is None  # remembering keeps nothing alive


def test_by_identity_finds_the_object_itself_and_forgets_it_when_collected(
    minimal_text: str,
) -> None:
    from socialready._cache import ByIdentity

    kept: ByIdentity[Questionnaire, str] = ByIdentity()
    first, twin = load(minimal_text), load(minimal_text)
    assert first == twin
    kept.put(first, "first")
    assert kept.get(first) == "first"
    assert kept.get(twin) is None  # equal, yet another object
    kept.put(twin, "twin")
    assert (kept.get(first), kept.get(twin)) == ("first", "twin")
    del first
    gc.collect()
    assert len(kept._entries) == 1  # the entry went with its object
    assert kept.get(twin) == "twin"
