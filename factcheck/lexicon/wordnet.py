"""WordNet 3.0 read offline with nltk's reader from the Debian `wordnet-base` files.

Debian ships the database (``/usr/share/wordnet``) without the ``lexnames`` file
nltk expects, and nltk's reader maps sense keys to WordNet 3.0 through data that
is only needed for the Open Multilingual Wordnet. We supply ``lexnames`` (the 45
lexicographer files, fixed by the format: lexnames(5WN)) and skip that mapping.
Nothing is downloaded: when the files are missing the error says how to install them.
"""

from __future__ import annotations

import io
import os
import warnings
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from factcheck.errors import ConfigError

if TYPE_CHECKING:
    from nltk.corpus.reader.wordnet import WordNetCorpusReader

#: Where Debian's ``wordnet-base`` puts the database; ``FACTCHECK_WORDNET_DIR`` overrides.
DEFAULT_DIR = Path("/usr/share/wordnet")

#: The lexicographer files, in the order of their numbers (lexnames(5WN)).
LEXNAMES = (
    "adj.all adj.pert adv.all noun.Tops noun.act noun.animal noun.artifact noun.attribute "
    "noun.body noun.cognition noun.communication noun.event noun.feeling noun.food "
    "noun.group noun.location noun.motive noun.object noun.person noun.phenomenon "
    "noun.plant noun.possession noun.process noun.quantity noun.relation noun.shape "
    "noun.state noun.substance noun.time verb.body verb.change verb.cognition "
    "verb.communication verb.competition verb.consumption verb.contact verb.creation "
    "verb.emotion verb.motion verb.perception verb.possession verb.social verb.stative "
    "verb.weather adj.ppl"
).split()

_SYNTACTIC_CATEGORY = {"noun": 1, "verb": 2, "adj": 3, "adv": 4}


def wordnet_dir() -> Path:
    env = os.environ.get("FACTCHECK_WORDNET_DIR")
    return Path(env) if env else DEFAULT_DIR


class _Lines:
    """A WordNet database file read line by line at byte offsets. nltk's own stream
    reader decodes in pure Python and made reading synsets the engine's main cost;
    WordNet's offsets are byte offsets, so a binary file does the same job."""

    def __init__(self, path: Path) -> None:
        self._file = path.open("rb")

    def seek(self, offset: int) -> None:
        self._file.seek(offset)

    def tell(self) -> int:
        return self._file.tell()

    def readline(self) -> str:
        return self._file.readline().decode("utf-8")

    def read(self) -> str:
        return self._file.read().decode("utf-8")

    def __iter__(self) -> Iterator[str]:
        for line in self._file:
            yield line.decode("utf-8")

    def close(self) -> None:
        self._file.close()

    def __enter__(self) -> _Lines:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


@cache
def wordnet() -> WordNetCorpusReader:
    """The WordNet reader, loaded once (about 2 s)."""
    import nltk
    from nltk.corpus.reader.wordnet import WordNetCorpusReader

    root = wordnet_dir()
    if not (root / "data.noun").is_file():
        raise ConfigError(
            f"WordNet is not installed at {root}: install Debian's `wordnet-base` "
            "(scripts/install-system-deps.sh does it) or point FACTCHECK_WORDNET_DIR at "
            "a folder with WordNet 3.0's data.* and index.* files"
        )

    class _Reader(WordNetCorpusReader):  # type: ignore[misc]
        def open(self, fileid: str) -> Any:
            if (root / fileid).is_file():
                return _Lines(root / fileid)
            if fileid == "lexnames":
                return io.StringIO(
                    "".join(
                        f"{i:02d}\t{name}\t{_SYNTACTIC_CATEGORY[name.split('.')[0]]}\n"
                        for i, name in enumerate(LEXNAMES)
                    )
                )
            return super().open(fileid)

        def map_wn(self, version: str = "3.0") -> None:
            return None  # only the multilingual wordnets need the sense-key map

    # nltk reads only folders on its data path (a guard against path traversal).
    if str(root) not in nltk.data.path:
        nltk.data.path.append(str(root))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # "multilingual functions are not available"
        return _Reader(str(root), None)
