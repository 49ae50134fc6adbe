"""axe-core (vendored in tests/browser/vendor/axe-core/, MPL-2.0; no network at test time) run in the page: the
WCAG 2.0/2.1 A and AA rules, shared by the accessibility tests and the publication tests."""

from __future__ import annotations

import re
from pathlib import Path

AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def axe_version() -> str:
    return re.match(r"/\*! axe v(\S+)", AXE.read_text(encoding="utf-8")[:100]).group(1)


def axe_violations(page) -> list[dict]:
    """axe-core's WCAG 2.0/2.1 A and AA violations of the page as it is now."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(AXE.read_text(encoding="utf-8"))
    return page.evaluate(
        """async (tags) => {
            const result = await axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']});
            return result.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                                                 targets: v.nodes.map(n => n.target.join(' '))}));
        }""",
        WCAG_TAGS,
    )


def assert_no_violations(page, where: str) -> None:
    violations = axe_violations(page)
    lines = [
        f"  {v['id']} ({v['impact']}, {len(v['targets'])} elementen): {v['help']}\n    " + "\n    ".join(v["targets"])
        for v in violations
    ]
    assert not violations, f"axe-core {axe_version()}: overtredingen op {where}:\n" + "\n".join(lines)


def wait_until_quiet(page) -> None:
    """Dash has answered every callback: no element is marked loading any more."""
    page.wait_for_load_state("networkidle")
    page.wait_for_function("() => !document.querySelector('[data-dash-is-loading=\"true\"]')")
