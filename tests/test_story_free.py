"""No story lives in the engine: the package's code names no entity of any story.

Every proper-name word of every golden file's entities and aliases (a word WordNet
knows only with a capital, or not at all: "Macron", "Paris", "French") is searched in
the package's code, comments and templates. General words of titles ("President",
"United") are not story knowledge and are allowed.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "factcheck"
CODE = [p for p in PACKAGE.rglob("*") if p.suffix in {".py", ".j2", ".js", ".css", ".json", ".xml"}]


def _generic(word: str) -> bool:
    """A function word, or a word WordNet lists in lower case: a common word, not a name."""
    from spacy.lang.en.stop_words import STOP_WORDS

    from factcheck.lexicon import wordnet

    forms = {word.lower(), wordnet().morphy(word.lower()) or word.lower()}
    return word.lower() in STOP_WORDS or any(
        lemma.name() in forms for s in wordnet().synsets(word) for lemma in s.lemmas()
    )


def story_names() -> dict[str, str]:
    """Proper-name words of every story's entities, with the golden file they come from."""
    out = {}
    for golden in sorted((ROOT / "annotations").glob("*.yaml")):
        data = yaml.safe_load(golden.read_text(encoding="utf-8"))
        if not isinstance(data, dict) or "entities" not in data:
            continue
        for entity in data["entities"]:
            for name in [entity["name"], *entity.get("aliases", [])]:
                for word in re.findall(r"[A-Z][\w'-]*[\w]", name):
                    if len(word) > 2 and not _generic(word):
                        out.setdefault(word, golden.name)
    return out


def test_the_stories_have_names_to_look_for():
    names = story_names()
    assert len(names) >= 20  # the check below would pass vacuously otherwise
    assert {"Starmer", "Paris", "French"} <= set(names)


@pytest.mark.parametrize("path", CODE, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_code_names_no_entity_of_any_story(path):
    text = path.read_text(encoding="utf-8")
    found = sorted(
        {f"{w} ({g})" for w, g in story_names().items() if re.search(rf"\b{re.escape(w)}\b", text)}
    )
    assert not found, f"{path.relative_to(ROOT)} names story entities: {', '.join(found)}"
