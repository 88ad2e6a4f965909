"""The HTML report in real headless Chromium (Debian's, driven by playwright).

Synthetic stories test the page's mechanics (filters, pagination, escaping, size). The
realistic report is the real pipeline on the first story: its golden file, its cleaned
sources and two edited copies of the wire article checked by the engine, as
``pytest --factcheck-article`` does; the docs' screenshot is taken from it.
"""

from __future__ import annotations

import re
import time
from pathlib import Path
from typing import Any

import pytest

from factcheck import report
from factcheck.model import Status
from tests.test_report import HOSTILE, synthetic_story

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parent.parent
STORY = "coalition-paris-2026-01-06"
CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        yield b
        b.close()


class Page:
    """A page that records console errors, page errors and every request it makes."""

    def __init__(self, browser, path: Path, viewport=(1440, 1000)) -> None:
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.page = browser.new_page(viewport={"width": viewport[0], "height": viewport[1]})
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.goto(path.resolve().as_uri())

    def visible_rows(self) -> list[str]:
        return self.page.eval_on_selector_all(
            "#matrix tr.r:not([hidden])", "rs => rs.map(r => r.querySelector('code').textContent)"
        )

    def visible_columns(self) -> list[str]:
        return self.page.eval_on_selector_all(
            "#matrix th.col",
            "hs => hs.filter(h => getComputedStyle(h).display !== 'none')"
            ".map(h => h.querySelector('span').textContent)",
        )

    def assert_clean(self) -> None:
        assert self.errors == []
        assert self.requests and all(u.startswith("file://") for u in self.requests), self.requests


# ------------------------------------------------------------ synthetic story


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory) -> tuple[Path, dict]:
    story = synthetic_story(9, 4)
    out = tmp_path_factory.mktemp("report")
    return report.write_report(out, **story)["index.html"], story


def test_page_loads_offline_with_one_row_per_assertion_and_column_per_article(
    browser, synthetic
) -> None:
    path, story = synthetic
    pg = Page(browser, path)
    ids = [a.id for a in story["golden"].assertions]
    assert sorted(pg.visible_rows()) == sorted(ids)
    assert pg.visible_columns() == [s.id for s in story["sources"]] + ["new-0.txt"]
    assert pg.page.locator("#matrix th.col.is-new em.new").count() == 1
    assert pg.page.text_content("#f-count") == f"{len(ids)} of {len(ids)} assertions"
    pg.assert_clean()


def test_filters_hide_what_they_should(browser, synthetic) -> None:
    path, story = synthetic
    pg = Page(browser, path)
    by_id = {a.id: a for a in story["golden"].assertions}

    pg.page.select_option("#f-kind", "number")
    rows = pg.visible_rows()
    assert rows and all(by_id[r].kind == "number" for r in rows)
    assert len(rows) == sum(a.kind == "number" for a in by_id.values())
    assert pg.page.is_hidden('#matrix tbody[data-kind="quote"] tr.grp')
    pg.page.select_option("#f-kind", "")

    pg.page.check("#f-required")
    assert sorted(pg.visible_rows()) == sorted(i for i, a in by_id.items() if a.required)
    # Required facts are their own group: it shows whole, the kind groups are hidden.
    required = sum(a.required for a in by_id.values())
    assert pg.page.text_content('#matrix tbody[data-kind="required"] tr.grp .n') == str(required)
    assert pg.page.is_hidden('#matrix tbody[data-kind="quote"] tr.grp')
    pg.page.uncheck("#f-required")

    # Source filter: one column left, and the status filter looks at that column only.
    pg.page.select_option("#f-source", "2")
    assert pg.visible_columns() == ["src-2"]
    pg.page.select_option("#f-status", "1")  # contradicted
    expected = [
        v.assertion for v in story["results"][2].verdicts if v.status is Status.CONTRADICTED
    ]
    assert expected and sorted(pg.visible_rows()) == sorted(expected)
    pg.page.select_option("#f-source", "")
    pg.page.select_option("#f-status", "")

    pg.page.fill("#f-search", "meeting  3,")  # a phrase of one row's sentences only
    assert pg.visible_rows() == ["quote-3"]
    pg.page.fill("#f-search", "no such words anywhere")
    assert pg.visible_rows() == []
    assert "no assertion matches" in pg.page.text_content("#p-info")
    pg.page.fill("#f-search", "")
    assert len(pg.visible_rows()) == len(by_id)
    pg.assert_clean()


def test_clicking_a_cell_shows_its_evidence_as_text(browser, synthetic) -> None:
    path, _ = synthetic
    pg = Page(browser, path)
    assert pg.page.is_hidden("#panel")
    # quote-0 x src-0 is the contradicted cell whose sentence carries markup.
    cell = pg.page.locator('#matrix tr.r:has(code:text-is("quote-0")) td[data-c="0"]')
    assert cell.text_content() == "✗"
    cell.click()
    assert pg.page.is_visible("#panel")
    assert pg.page.text_content("#p-title") == "quote-0"
    assert "contradicted" in pg.page.text_content("#p-status")
    assert pg.page.text_content("#p-sentence") == HOSTILE
    assert pg.page.text_content("#p-found") == "Somebody Else"
    assert pg.page.text_content("#p-expected") == "we will go to meeting 0"
    assert "golden evidence for fact 0" in pg.page.text_content("#p-gold")
    # The markup in the article stayed text: nothing ran, no element was created.
    assert pg.page.evaluate("window.pwned") is None
    assert pg.page.locator("#panel img, #panel script, #panel table table").count() == 0
    assert pg.page.locator("#p-sentence mark.m").count() >= 1
    # Escape closes; keyboard opens another cell.
    pg.page.keyboard.press("Escape")
    assert pg.page.is_hidden("#panel")
    # number-1 x src-1, reached with the arrow keys from number-1 x src-0.
    start = pg.page.locator('#matrix tr.r:has(code:text-is("number-1")) td[data-c="0"]')
    start.focus()
    pg.page.keyboard.press("ArrowRight")
    pg.page.keyboard.press("Enter")
    assert pg.page.text_content("#p-title") == "number-1"
    assert "reviewed" in pg.page.text_content("#p-status")
    assert "outlet rounds the figure" in pg.page.text_content("#p-known")
    pg.assert_clean()


def test_an_unchecked_source_is_said_so_and_ignored_by_the_status_filter(
    browser, tmp_path: Path
) -> None:
    story = synthetic_story(9, 4, hostile_cell=False)
    story["results"] = [r for r in story["results"] if r.source != "src-1"]
    pg = Page(browser, report.write_report(tmp_path, **story)["index.html"])
    pg.page.select_option("#f-status", "4")  # not covered
    checked = [r.verdicts for r in story["results"]]
    expected = [
        a.id
        for i, a in enumerate(story["golden"].assertions)
        if any(vs[i].status is Status.NOT_COVERED for vs in checked)
    ]
    assert expected and sorted(pg.visible_rows()) == sorted(expected)
    assert len(expected) < len(story["golden"].assertions)
    pg.page.select_option("#f-status", "")
    pg.page.locator('#matrix tr.r:has(code:text-is("quote-0")) td[data-c="1"]').click()
    assert pg.page.text_content("#p-status") == "not checked"
    pg.assert_clean()


def test_large_story_renders_and_stays_usable(browser, tmp_path: Path) -> None:
    story = synthetic_story(300, 50, hostile_cell=False)
    t0 = time.perf_counter()
    path = report.write_report(tmp_path, **story)["index.html"]
    t1 = time.perf_counter()
    pg = Page(browser, path)
    t2 = time.perf_counter()
    print(
        f"300x50 report: render {t1 - t0:.2f}s, {path.stat().st_size / 1e6:.1f} MB, "
        f"load {t2 - t1:.2f}s"
    )
    assert pg.page.locator("#matrix tr.r").count() == 300
    assert len(pg.visible_columns()) == 51
    assert len(pg.visible_rows()) == 100  # paginated
    assert pg.page.text_content("#p-info") == "rows 1–100 of 300"
    pg.page.click("#p-next")
    pg.page.click("#p-next")
    assert pg.page.text_content("#p-info") == "rows 201–300 of 300"
    assert pg.page.is_disabled("#p-next")
    pg.page.fill("#f-search", "claim-299")
    assert pg.visible_rows() == ["claim-299"]
    pg.page.locator('#matrix tr.r:not([hidden]) td[data-c="50"]').click()
    assert pg.page.text_content("#p-title") == "claim-299"
    assert "new-0.txt" in pg.page.text_content("#p-where")
    pg.assert_clean()


# ------------------------------------------------------------- realistic story

# Edits a reviewer would meet in an incoming copy of the wire article: each replaces text
# that occurs once in the raw file. ``expect`` is the finding the edit must cause.
EDITED = {
    "wire-speaker.txt": {
        "edits": [('defensive needs," he said', 'defensive needs," Macron said')],
        "expect": {"starmer-military-hubs-quote": Status.MISATTRIBUTED},
    },
    "wire-numbers.txt": {
        "edits": [
            ("from 35 countries", "from 25 countries"),
            ("around 800,000 troops", "around 600,000 troops"),
        ],
        "expect": {
            "countries-at-meeting": Status.CONTRADICTED,
            "volunteer-army-size": Status.CONTRADICTED,
        },
    },
}


def _first_story(root: Path) -> tuple[Any, Any, Any, str]:
    """The project's settings, the first story's manifest and golden file, and the wire's
    raw text; an empty ``incoming/`` folder for new articles."""
    from factcheck.config import load_settings, with_root
    from factcheck.golden import load_story_golden
    from factcheck.ingest import load_manifest, source_path

    settings = with_root(load_settings(root), root)
    manifest = load_manifest(settings, STORY)
    golden = load_story_golden(settings, STORY, sources=[s.id for s in manifest.sources])
    wire = next(s for s in manifest.sources if s.id == "wire")
    (root / "incoming").mkdir()
    return settings, manifest, golden, source_path(settings, wire).read_text(encoding="utf-8")


def real_report(root: Path, out: Path) -> dict:
    """The first story plus the edited copies, checked and written as the plugin does."""
    from factcheck.engine import check_articles
    from factcheck.ingest import cleaned_file, cleaned_source, source_path

    settings, manifest, golden, raw = _first_story(root)
    sources = list(manifest.sources)
    added = []
    for name, spec in EDITED.items():
        text = raw
        for old, new in spec["edits"]:
            assert text.count(old) == 1, f"the wire article changed: {old!r}"
            text = text.replace(old, new)
        (root / "incoming" / name).write_text(text, encoding="utf-8")
        added.append(Path("incoming") / name)
    paths = [source_path(settings, s) for s in sources] + added
    results = check_articles(settings, golden, paths, sources)
    cleaning = {s.id: cleaned_source(settings, s) for s in sources}
    cleaning |= {r.path: cleaned_file(settings, root / r.path) for r in results if r.new}
    story = {
        "story": STORY,
        "golden": golden,
        "sources": sources,
        "results": results,
        "cleaning": cleaning,
        "title": manifest.title,
    }
    story["written"] = report.write_report(out, **story)
    return story


def _guide_script():
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "reviewer_guide", REPO / "scripts" / "reviewer_guide.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_realistic_report_and_screenshot(browser, project: Path, tmp_path: Path) -> None:
    story = real_report(project, tmp_path / "report")
    golden, results = story["golden"], story["results"]
    pg = Page(browser, story["written"]["index.html"], viewport=(1600, 1360))

    # One row per golden assertion, one column per source and per added article (marked new).
    assert len(golden.assertions) > 50
    assert sorted(pg.visible_rows()) == sorted(a.id for a in golden.assertions)
    assert pg.visible_columns() == [s.id for s in story["sources"]] + list(EDITED)
    assert pg.page.locator("#matrix th.col.is-new em.new").count() == len(EDITED)

    # Every cell shows the status the engine gave that assertion in that article.
    symbol = {s.status: s.symbol for s in report.STATUSES}
    shown = pg.page.eval_on_selector_all(
        "#matrix tr.r",
        "rs => rs.map(r => [r.querySelector('code').textContent,"
        " [...r.querySelectorAll('td[data-c]')].map(td => td.textContent)])",
    )
    want = {
        a.id: [symbol[next(v.status for v in r.verdicts if v.assertion == a.id)] for r in results]
        for a in golden.assertions
    }
    assert dict(shown) == want

    # The edits are what changed: each copy differs from the wire article in its edited
    # facts only, and the engine found each edit as the finding it should be.
    wire = next(r for r in results if r.source == "wire")
    base = {v.assertion: v.status for v in wire.verdicts}
    for name, spec in EDITED.items():
        copy = next(r for r in results if r.new and Path(r.path).name == name)
        changed = {v.assertion: v.status for v in copy.verdicts if v.status != base[v.assertion]}
        assert changed == spec["expect"], name

    reviewed_wire = [(a.id, k) for a in golden.assertions for k in a.known if k.source == "wire"]
    assert reviewed_wire

    # The misattributed cell: its evidence sentence, the speaker marked as differing.
    col = len(story["sources"])  # wire-speaker.txt
    cell = pg.page.locator(
        f'#matrix tr.r:has(code:text-is("starmer-military-hubs-quote")) td[data-c="{col}"]'
    )
    assert cell.text_content() == symbol[Status.MISATTRIBUTED]
    cell.click()
    assert "misattributed" in pg.page.text_content("#p-status")
    assert "Macron said" in pg.page.text_content("#p-sentence")
    assert [m.text_content() for m in pg.page.locator("#p-sentence mark.d").all()] == ["Macron"]
    assert pg.page.locator("#p-sentence mark.m").count() >= 1
    assert "Starmer" in pg.page.text_content("#p-expected")
    assert "Macron" in pg.page.text_content("#p-found")
    assert "he said" in pg.page.text_content("#p-gold")  # the wire's own attribution
    # The reason is not the finding's message said twice.
    assert pg.page.text_content("#p-reason") != pg.page.text_content("#p-message")

    # A reviewed omission: no sentence, so no key to marked words; the reviewer's note.
    pg.page.keyboard.press("Escape")
    omitted = pg.page.locator('#matrix tr.r:has(code:text-is("meeting-in-paris")) td[data-c="0"]')
    assert omitted.text_content() == symbol[Status.OMITTED]
    omitted.click()
    assert "reviewed" in pg.page.text_content("#p-status")
    assert pg.page.is_hidden("#p-marks")
    note = next(k.note for a, k in reviewed_wire if a == "meeting-in-paris")
    assert " ".join(note.split())[:40] in pg.page.text_content("#p-known")
    pg.page.keyboard.press("Escape")
    cell.click()
    assert pg.page.is_visible("#p-marks")

    # The summary keeps the misattributed quote's speaker though the quotation is long.
    summary = story["written"]["summary.md"].read_text(encoding="utf-8")
    assert re.search(r"^  > .*Macron said", summary, re.M)

    # Per-source notes from the real cleaner and the golden file.
    notes = pg.page.text_content("#note-2")  # menafn-lead printed its body twice
    assert "duplicated blocks removed" in notes
    for aid, k in reviewed_wire:
        assert aid in pg.page.text_content("#note-0")
        assert " ".join(k.note.split())[:40] in " ".join(pg.page.text_content("#note-0").split())
    pg.assert_clean()

    # The reviewer guide's figures are this report's: scripts/reviewer_guide.py writes them
    # (and the screenshot) from the same model, so a change in the engine or the golden
    # file that moves a count fails here until the guide is regenerated.
    guide = _guide_script()
    text = guide.GUIDE.read_text(encoding="utf-8")
    assert guide.guide_figures(text) == guide.figures(story), (
        "docs/reviewer-guide.md is stale: run python scripts/reviewer_guide.py"
    )
    shot = tmp_path / "report.png"
    # From the top: the counts and bars, then the matrix with the open cell beside its panel.
    pg.page.evaluate("window.scrollTo(0, 0); document.querySelector('.wrap').scrollTop = 0")
    pg.page.mouse.move(0, 0)  # no hover outline on whichever cell now lies under the pointer
    pg.page.screenshot(path=str(shot))
    assert shot.stat().st_size > 20_000


# ------------------------------------------------ first screen, width, print


def one_contradiction_report(root: Path, out: Path) -> dict:
    """The first story with one new article: the wire copy with one number changed."""
    from factcheck.engine import check_articles

    settings, manifest, golden, raw = _first_story(root)
    sources = list(manifest.sources)
    assert raw.count("from 35 countries") == 1
    (root / "incoming" / "new.txt").write_text(
        raw.replace("from 35 countries", "from 25 countries"), encoding="utf-8"
    )
    results = check_articles(settings, golden, [Path("incoming") / "new.txt"], sources)
    story = {
        "story": STORY,
        "golden": golden,
        "sources": sources,
        "results": results,
        "title": manifest.title,
    }
    story["written"] = report.write_report(out, **story)
    return story


def in_view(page, selector: str) -> bool:
    """Whether the element lies wholly inside the viewport (the first screen at scroll 0)."""
    return page.evaluate(
        """s => { const r = document.querySelector(s).getBoundingClientRect();
                  return r.top >= 0 && r.left >= 0 && r.bottom <= innerHeight
                         && r.right <= innerWidth && r.width > 0; }""",
        selector,
    )


@pytest.mark.parametrize("width", [1400, 1000])
def test_the_finding_is_on_the_first_screen(
    browser, project: Path, tmp_path: Path, width: int
) -> None:
    story = one_contradiction_report(project, tmp_path / "report")
    assert [r.path for r in story["results"]] == ["incoming/new.txt"], story["results"]
    findings = [f for f in story["results"][0].findings if not f.known]
    # The one contradiction, and the wire's missing Paris (reviewed for the wire source
    # only, so a finding for a new article).
    assert sorted((f.kind, f.assertion) for f in findings) == [
        ("contradiction", "countries-at-meeting"),
        ("omission", "meeting-in-paris"),
    ]
    finding = next(f for f in findings if f.kind == "contradiction")
    pg = Page(browser, story["written"]["index.html"], viewport=(width, 900))
    page = pg.page
    # Same title as the Markdown summary: the manifest's story title.
    assert page.title() == f"factcheck · {story['title']}"
    assert page.text_content("h1") == story["title"]

    # The finding, its fact, expected vs found and its differing word: in the first screen.
    assert page.locator("#summary ol.tops > li").count() == 2
    item = "#summary ol.tops > li.fk-contradiction"
    assert in_view(page, item + " .where")
    assert in_view(page, item + " .ef")
    assert [m.text_content() for m in page.locator(item + " blockquote mark.d").all()] == ["25"]
    assert in_view(page, item + " blockquote mark.d")
    text = " ".join(page.text_content(item).split())
    assert "contradiction" in text and "new.txt" in text and finding.statement in text
    shot = tmp_path / f"first-screen-{width}.png"
    page.screenshot(path=str(shot))
    assert shot.stat().st_size > 10_000

    # Its link opens the cell's evidence in the matrix, scrolled into view.
    page.click(item + " a.goto")
    assert page.is_visible("#panel")
    assert page.text_content("#p-title") == "countries-at-meeting"
    assert "new.txt" in page.text_content("#p-where")
    assert in_view(page, "#matrix td.sel")
    pg.assert_clean()


@pytest.mark.parametrize("width", [1400, 1000])
def test_the_open_panel_never_hides_the_counts(
    browser, project: Path, tmp_path: Path, width
) -> None:
    story = real_report(project, tmp_path / "report")
    pg = Page(browser, story["written"]["index.html"], viewport=(width, 900))
    page = pg.page
    page.click('#matrix tr.r td[data-c="0"] >> nth=0')
    assert page.is_visible("#panel")
    page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path=str(tmp_path / f"panel-{width}.png"))
    panel_left = page.evaluate("document.getElementById('panel').getBoundingClientRect().left")
    # Every count of every source and the matrix itself stay left of the panel.
    rights = page.eval_on_selector_all(
        ".bars td.nums, .bars td.nums span, #matrix, .top .counts li",
        "es => es.map(e => e.getBoundingClientRect().right)",
    )
    assert rights and max(rights) <= panel_left + 1, (max(rights), panel_left)
    # ...and the page does not scroll sideways to hide them.
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    pg.assert_clean()


def test_the_matrix_uses_the_width_and_the_page_scrolls_as_one(
    browser, project: Path, tmp_path: Path
) -> None:
    story = real_report(project, tmp_path / "report")
    pg = Page(browser, story["written"]["index.html"], viewport=(1400, 900))
    page = pg.page
    main = page.evaluate("document.querySelector('main').clientWidth")
    matrix = page.evaluate("document.getElementById('matrix').getBoundingClientRect().width")
    assert matrix >= 0.9 * (main - 48), (matrix, main)
    # No box scrolls inside the page: the matrix is as tall as its rows.
    wrap = page.evaluate(
        "(() => { const w = document.querySelector('.wrap');"
        " return [w.scrollHeight, w.clientHeight, getComputedStyle(w).overflowY]; })()"
    )
    assert wrap[0] <= wrap[1] + 1 and wrap[2] == "visible", wrap
    # Required facts are the first rows.
    required = {a.id for a in story["golden"].assertions if a.required}
    rows = pg.visible_rows()
    assert set(rows[: len(required)]) == required
    pg.assert_clean()


def test_printing_gives_every_row_and_finding(browser, project: Path, tmp_path: Path) -> None:
    story = real_report(project, tmp_path / "report")
    pg = Page(browser, story["written"]["index.html"], viewport=(1400, 900))
    page = pg.page
    page.select_option("#f-kind", "quote")  # a filter set on screen does not cut the print
    page.emulate_media(media="print")
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    shown = page.eval_on_selector_all(
        "#matrix tr.r", "rs => rs.filter(r => getComputedStyle(r).display !== 'none').length"
    )
    assert shown == len(story["golden"].assertions)
    assert page.eval_on_selector_all("details", "ds => ds.every(d => d.open)")
    assert page.is_hidden("#filters") and page.is_hidden(".pager")
    pdf = page.pdf(path=str(tmp_path / "report.pdf"))
    assert len(pdf) > 20_000
    pg.assert_clean()
