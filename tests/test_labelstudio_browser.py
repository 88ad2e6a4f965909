"""An annotator in real headless Chromium: label a quote and its speaker, submit, pull.

Screenshots for docs/annotator-guide.md are written to docs/img/ only with
FACTCHECK_UPDATE_SCREENSHOTS=1 (otherwise to the test's temporary folder).
"""

from __future__ import annotations

import os
import re
import uuid
from pathlib import Path

import pytest

from factcheck.golden import load_story_golden
from factcheck.labelstudio import connect, export, pull, push
from factcheck.model import QuoteAssertion
from tests.test_labelstudio import Q1, STORY, story  # noqa: F401  (story is a fixture)

DOCS_IMG = Path(__file__).resolve().parent.parent / "docs" / "img"
CHROMIUM = "/usr/bin/chromium"
STATEMENT = 'Hidalgo: "We will build this bridge across the river by the spring of 2027"'

# Finds ``needle`` in the task text and returns where a mouse drag must start and end.
_RECT_JS = """(needle) => {
  const root = document.querySelector('.lsf-richtext__container');
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  let node;
  while ((node = walker.nextNode())) {
    const i = node.textContent.indexOf(needle);
    if (i < 0) continue;
    const range = document.createRange();
    range.setStart(node, i);
    range.setEnd(node, i + needle.length);
    const rects = Array.from(range.getClientRects()).filter(r => r.width > 0);
    const a = rects[0], b = rects[rects.length - 1];
    return {x1: a.left + 1, y1: a.top + a.height / 2, x2: b.right - 1, y2: b.top + b.height / 2};
  }
  return null;
}"""


# Where the relation labels (said_by, subject) are drawn, and the text's line boxes.
_RELATION_LABELS_JS = """() => {
  const box = (q) => ({left: q.left, top: q.top, right: q.right, bottom: q.bottom});
  const root = document.querySelector('.lsf-richtext__container');
  const lines = [];
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  let node;
  while ((node = walker.nextNode())) {
    if (!node.textContent.trim()) continue;
    const range = document.createRange();
    range.selectNodeContents(node);
    for (const q of range.getClientRects())
      if (q.width > 0) lines.push({...box(q), text: node.textContent.slice(0, 30)});
  }
  const svg = document.querySelector('.relations-overlay');
  const labels = Array.from(svg.querySelectorAll('g[transform]')).map(g => (
    {...box(g.querySelector('rect').getBoundingClientRect()), text: g.textContent}));
  return {lines, labels, overlay: box(svg.getBoundingClientRect())};
}"""


def _overlaps(a: dict, b: dict) -> bool:
    across = a["left"] < b["right"] and b["left"] < a["right"]
    return across and a["top"] < b["bottom"] and b["top"] < a["bottom"]


def drag_select(page, needle: str) -> None:
    box = page.evaluate(_RECT_JS, needle)
    assert box, f"{needle!r} not found in the task text"
    page.mouse.move(box["x1"], box["y1"])
    page.mouse.down()
    page.mouse.move(box["x2"], box["y2"], steps=8)
    page.mouse.up()


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).is_file():
        pytest.fail(f"{CHROMIUM} is missing: apt-get install chromium", pytrace=False)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run"],
        )  # fmt: skip
        try:
            yield b
        finally:
            b.close()


@pytest.mark.labelstudio
@pytest.mark.browser
def test_annotator_labels_a_quote_in_chromium(labelstudio, browser, story, tmp_path):  # noqa: F811
    settings, new_id = story
    shots = DOCS_IMG if os.environ.get("FACTCHECK_UPDATE_SCREENSHOTS") == "1" else tmp_path
    shots.mkdir(parents=True, exist_ok=True)
    admin = labelstudio.users[0]
    ls = connect(labelstudio.url, admin.token)
    title = f"ui-{uuid.uuid4().hex[:8]}"
    pushed = push(settings, STORY, ls, title=title, predictions=False)  # a fresh, empty task
    (task,) = [t for t in ls.tasks.list(project=pushed.project) if t.data["source_id"] == new_id]

    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    try:
        page.goto(f"{labelstudio.url}/user/login/")
        page.fill("#email", admin.email)
        page.fill("#password", admin.password)
        page.click("button[type=submit]")
        page.wait_for_url(lambda u: "/user/login" not in u)

        page.goto(f"{labelstudio.url}/projects/{pushed.project}/data?task={task.id}")
        page.locator(".lsf-richtext__container").wait_for()
        page.screenshot(path=str(shots / "labelstudio-task.png"))

        page.locator(".lsf-label", has_text="QUOTE").click()
        drag_select(page, Q1)
        page.keyboard.press("Escape")
        page.locator(".lsf-label", has_text="SPEAKER").click()
        drag_select(page, "Anne Hidalgo")
        page.keyboard.press("Escape")

        # Select the quote: its per-region fields appear.
        page.locator(".htx-highlight", has_text="We will build").first.click()
        statement = page.locator("textarea[name=statement]")
        statement.fill(STATEMENT)
        statement.press("Shift+Enter")
        page.locator("input[name=required]").check()
        page.screenshot(path=str(shots / "labelstudio-regions.png"))

        # said_by: quote -> speaker.
        page.get_by_role("button", name="Create Relation").click()
        page.locator(".htx-highlight", has_text="Anne Hidalgo").first.click()
        page.locator(".lsf-panel-tabs__tab", has_text="Relations").first.click()
        page.locator(".lsf-relations__item").first.hover()
        page.get_by_role("button", name="Show Relation Labels").click()
        page.get_by_text("Select labels").click()
        page.get_by_text("said_by", exact=True).last.click()
        page.keyboard.press("Escape")
        page.screenshot(path=str(shots / "labelstudio-relation.png"))

        # The relation's label is drawn whole and between the lines, never over the words
        # (the config's <Style>); Label Studio's own layout put it on the line above.
        drawn = page.evaluate(_RELATION_LABELS_JS)
        (label,) = drawn["labels"]
        assert label["text"] == "said_by"
        over = [ln["text"] for ln in drawn["lines"] if _overlaps(label, ln)]
        assert not over, f"the said_by label covers the text {over}"
        ov = drawn["overlay"]
        assert ov["left"] <= label["left"] and label["right"] <= ov["right"], "label clipped"
        assert ov["top"] <= label["top"] and label["bottom"] <= ov["bottom"], "label clipped"

        # The Relations list names regions by number and label only (Label Studio 1.23 shows
        # no region text there); the Regions tab gives each number its words.
        item = page.locator(".lsf-relations__item").first.inner_text()
        numbers = dict((lab, num) for num, lab in re.findall(r"(\d+)\s+(QUOTE|SPEAKER)", item))
        assert set(numbers) == {"QUOTE", "SPEAKER"}, item
        page.locator(".lsf-panel-tabs__tab", has_text="Regions").first.click()
        regions = page.locator(".lsf-outliner-item")
        regions.first.wait_for()
        words = {
            regions.nth(i).locator(".lsf-outliner-item__index").inner_text().strip():
            regions.nth(i).locator(".lsf-outliner-item__text").inner_text()
            for i in range(regions.count())
        }  # fmt: skip
        assert words[numbers["QUOTE"]].startswith("We will build this bridge"), words
        assert words[numbers["SPEAKER"]] == "Anne Hidalgo", words
        page.screenshot(path=str(shots / "labelstudio-regions-list.png"))

        with page.expect_response(
            lambda r: "/annotations" in r.url and r.request.method == "POST"
        ) as resp:
            page.locator("button[aria-label='Submit current annotation']").click()
        assert resp.value.status == 201
    finally:
        page.close()

    # The exported annotation has the exact spans, in code points of the task text.
    text = task.data["text"]
    (exported,) = export(ls, pushed.project)
    (ann,) = exported["annotations"]
    spans = {r["value"]["labels"][0]: r["value"] for r in ann["result"] if r["type"] == "labels"}
    q = spans["QUOTE"]
    assert text[q["start"] : q["end"]] == q["text"] == Q1
    assert text[spans["SPEAKER"]["start"] : spans["SPEAKER"]["end"]] == "Anne Hidalgo"

    result = pull(settings, STORY, ls, title=title)
    golden = load_story_golden(settings, STORY)
    (quote,) = [
        a for a in golden.assertions if isinstance(a, QuoteAssertion) and a.id in result.added
    ]
    assert quote.text == Q1 and quote.statement == STATEMENT and quote.required is True
    assert quote.speaker in result.entities and quote.evidence[0].source == new_id
    assert quote.provenance.by == admin.email and quote.provenance.annotation == ann["id"]
