#!/usr/bin/env python
"""Page weight: what a first visit to a questionnaire page downloads, raw and gzipped.

Each page is fetched through Flask's test client (no server, no database
needed), then everything it pulls in, recursively:

* from the HTML: stylesheets and icons (<link href>), scripts (<script src>),
  images (<img src>, srcset);
* from JavaScript modules: static imports and re-exports (``import ... from "./x.js"``,
  ``import "./x.js"``, ``export ... from``) and dynamic ``import("./x.js")``;
* from CSS: ``@import`` and every ``url(...)`` (fonts, background images).

Every resource is counted once per page (a first visit has an empty cache),
with its raw size and its size gzipped at level 6 (what a typical nginx
``gzip on`` sends). HTTP headers are not counted. A resource the CSS names but
the app does not serve is listed as missing and not counted: a browser fetches a
CSS image or font only when an element uses it, so that is worth checking by hand.

Exit status: 0 when every page is under the target and every resource the HTML
links to exists; 1 otherwise.

    .venv/bin/python bench/page_weight.py
    .venv/bin/python bench/page_weight.py /q/fgc-family /q/lac-review-child/paged
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
from datetime import datetime
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parent
RESULTS_DIR = BENCH_DIR / "results"

# The heaviest pages, and the same in a right-to-left and an Ethiopic-script language (issue 11:
# any language stays under the target; its words come from the shipped catalogues).
DEFAULT_PAGES = ("/q/cp-conference-parent", "/q/lac-review-child/child", "/q/lac-review-child/young",
                 "/q/lac-review-child/child?lang=ar", "/q/cp-conference-parent?lang=am")
#: Target for a page and everything it loads, gzipped. 1 KB = 1024 bytes here.
TARGET_KB = 150
GZIP_LEVEL = 6
ORIGIN = "http://localhost"
#: A page loading more than this many resources is a bug in this script or the page.
MAX_RESOURCES = 500

JS_IMPORT = re.compile(
    r"""(?:\bimport|\bexport)\s*(?:[\w*${}\s,]+?\s*from\s*)?["']([^"']+)["']"""  # import x from "y", import "y"
    r"""|\bimport\s*\(\s*["']([^"']+)["']\s*\)"""  # import("y")
)
CSS_URL = re.compile(r"""url\(\s*(["']?)([^"')]+)\1\s*\)""")
CSS_IMPORT = re.compile(r"""@import\s+(["'])([^"']+)\1""")
FONT_EXTENSIONS = (".woff2", ".woff", ".ttf", ".otf", ".eot")


class LinkFinder(HTMLParser):
    """Resources an HTML page loads, as (kind, url)."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {name: value or "" for name, value in attrs}
        if tag == "link":
            rel = attributes.get("rel", "").lower().split()
            href = attributes.get("href")
            if not href:
                return
            if "stylesheet" in rel:
                self.found.append(("css", href))
            elif "icon" in rel or "apple-touch-icon" in rel:
                self.found.append(("image", href))
            elif "modulepreload" in rel:
                self.found.append(("js", href))
            elif "preload" in rel:
                self.found.append((attributes.get("as") or "other", href))
        elif tag == "script" and attributes.get("src"):
            self.found.append(("js", attributes["src"]))
        elif tag in ("img", "source", "input") and (attributes.get("src") or attributes.get("srcset")):
            if attributes.get("src"):
                self.found.append(("image", attributes["src"]))
            for candidate in (attributes.get("srcset") or "").split(","):
                if candidate.strip():
                    self.found.append(("image", candidate.split()[0]))


def kind_of(url: str, default: str) -> str:
    path = urlsplit(url).path.lower()
    if path.endswith(FONT_EXTENSIONS):
        return "font"
    if path.endswith(".css"):
        return "css"
    if path.endswith((".js", ".mjs")):
        return "js"
    if path.endswith((".svg", ".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif", ".ico")):
        return "image"
    return default


def references(kind: str, url: str, body: bytes) -> list[tuple[str, str, bool]]:
    """What a fetched resource loads in turn: (kind, absolute url, required)."""
    text = body.decode("utf-8", errors="replace")
    found: list[tuple[str, str, bool]] = []
    if kind == "html":
        finder = LinkFinder()
        finder.feed(text)
        found = [(k, urljoin(url, href), True) for k, href in finder.found]
    elif kind == "js":
        for match in JS_IMPORT.finditer(text):
            target = match.group(1) or match.group(2)
            if target.startswith(("./", "../", "/")):  # bare specifiers need an import map: not used here
                found.append(("js", urljoin(url, target), True))
    elif kind == "css":
        for match in CSS_IMPORT.finditer(text):
            found.append(("css", urljoin(url, match.group(2)), True))
        for match in CSS_URL.finditer(text):
            target = match.group(2).strip()
            if target.startswith(("data:", "#")):
                continue
            # CSS images and fonts load only when an element uses them: missing ones are reported, not fatal.
            found.append((kind_of(target, "image"), urljoin(url, target), False))
    return found


def gzipped_size(body: bytes) -> int:
    return len(gzip.compress(body, compresslevel=GZIP_LEVEL, mtime=0))


def weigh_page(client, page: str) -> dict[str, Any]:
    start = urljoin(ORIGIN, page)
    queue: list[tuple[str, str, bool, str]] = [("html", start, True, "")]
    seen: set[str] = set()
    resources: list[dict[str, Any]] = []
    missing: list[dict[str, Any]] = []
    while queue and len(seen) < MAX_RESOURCES:
        kind, url, required, referrer = queue.pop(0)
        split = urlsplit(url)
        if f"{split.scheme}://{split.netloc}" != ORIGIN:
            missing.append({"url": url, "kind": kind, "from": referrer, "status": "other origin", "required": required})
            continue
        path = split.path + (f"?{split.query}" if split.query else "")
        if path in seen:
            continue
        seen.add(path)
        response = client.get(path)
        body = response.get_data()
        status = response.status_code
        response.close()
        if status != 200:
            missing.append({"url": path, "kind": kind, "from": referrer, "status": status, "required": required})
            continue
        resources.append({"url": path, "kind": kind, "raw": len(body), "gzip": gzipped_size(body),
                          "content_type": response.headers.get("Content-Type", "")})
        for next_kind, next_url, next_required in references(kind, url, body):
            queue.append((next_kind, next_url, next_required, path))
    totals: dict[str, dict[str, int]] = {}
    for resource in resources:
        for key in (resource["kind"], "total"):
            entry = totals.setdefault(key, {"count": 0, "raw": 0, "gzip": 0})
            entry["count"] += 1
            entry["raw"] += resource["raw"]
            entry["gzip"] += resource["gzip"]
    return {"page": page, "resources": resources, "missing": missing, "totals": totals,
            "under_target": totals.get("total", {}).get("gzip", 0) < TARGET_KB * 1024}


def kb(size: int) -> str:
    return f"{size / 1024:.1f}"


def print_page(result: dict[str, Any]) -> None:
    print(f"\n{result['page']}")
    print(f"  {'resource':52}{'kind':>7}{'raw KB':>10}{'gzip KB':>10}")
    for resource in result["resources"]:
        print(f"  {resource['url'][:52]:52}{resource['kind']:>7}{kb(resource['raw']):>10}{kb(resource['gzip']):>10}")
    for kind, entry in sorted(result["totals"].items(), key=lambda item: (item[0] == "total", item[0])):
        label = f"{'TOTAL' if kind == 'total' else kind} ({entry['count']} file{'s' if entry['count'] != 1 else ''})"
        print(f"  {label:>59}{kb(entry['raw']):>10}{kb(entry['gzip']):>10}")
    for item in result["missing"]:
        severity = "MISSING" if item["required"] else "not served (only loaded if used)"
        print(f"  {severity}: {item['url']} ({item['kind']}, status {item['status']}, from {item['from']})")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("pages", nargs="*", default=list(DEFAULT_PAGES), help="paths to weigh")
    parser.add_argument("--output", type=Path, help="JSON file (default bench/results/page-weight-<timestamp>.json)")
    args = parser.parse_args(argv)

    sys.path.insert(0, str(ROOT))
    from feedback_app import create_app

    # Pages are rendered without touching the database; an in-memory one keeps the instance folder untouched.
    app = create_app({"TESTING": True, "SECRET_KEY": "page-weight", "SQLALCHEMY_DATABASE_URI": "sqlite://",
                      "RATELIMIT_ENABLED": False})
    results = []
    with app.test_client() as client:
        for page in args.pages:
            results.append(weigh_page(client, page))
            print_page(results[-1])

    print(f"\nSummary (target: under {TARGET_KB} KB gzipped per page, first visit; gzip level {GZIP_LEVEL}; "
          "1 KB = 1024 bytes)")
    print(f"  {'page':40}{'files':>7}{'raw KB':>10}{'gzip KB':>10}   target")
    failed = False
    for result in results:
        total = result["totals"].get("total", {"count": 0, "raw": 0, "gzip": 0})
        broken = [item for item in result["missing"] if item["required"]]
        verdict = "met" if result["under_target"] else "MISSED"
        if broken:
            verdict += f", {len(broken)} MISSING"
        failed |= not result["under_target"] or bool(broken)
        print(f"  {result['page']:40}{total['count']:>7}{kb(total['raw']):>10}{kb(total['gzip']):>10}   {verdict}")

    output = args.output or RESULTS_DIR / f"page-weight-{datetime.now():%Y%m%d-%H%M%S}.json"
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(json.dumps({"started": datetime.now().isoformat(timespec="seconds"), "target_kb": TARGET_KB,
                                  "kb": 1024, "gzip_level": GZIP_LEVEL, "pages": results}, indent=2) + "\n")
    print(f"\nJSON: {output}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
