"""Shared helpers of the real-Anki tests: run with the venv's python."""

import json
import os
import re
import subprocess
import sys
import tempfile
from html.parser import HTMLParser

from anki.collection import (
    Collection,
    ExportAnkiPackageOptions,
    ImportAnkiPackageOptions,
    ImportAnkiPackageRequest,
)
from anki.import_export_pb2 import ImportAnkiPackageUpdateCondition

FAILURES = []


def check(cond, what):
    """Record a failed assertion; the script fails at the end with them all."""
    if not cond:
        FAILURES.append(what)
        if len(FAILURES) <= 40:
            print("FAIL:", what, file=sys.stderr)
    return cond


def run_quietly(fn, *args):
    """Run fn off the main thread: Anki prints a stack trace for every
    backend call that blocks the main thread over 200 ms."""
    import threading

    result = {}

    def target():
        try:
            fn(*args)
        except SystemExit as e:
            result["exit"] = e.code
        except BaseException as e:  # noqa: BLE001
            result["error"] = e

    t = threading.Thread(target=target)
    t.start()
    t.join()
    if "error" in result:
        raise result["error"]
    if result.get("exit"):
        sys.exit(result["exit"])


def finish(name):
    if FAILURES:
        print(f"{name}: {len(FAILURES)} failures", file=sys.stderr)
        sys.exit(1)
    print(f"{name}: ok")


def run(*args, env=None, check_rc=True):
    p = subprocess.run(list(args), capture_output=True, text=True, env=env)
    if check_rc and p.returncode != 0:
        print(f"command failed ({p.returncode}): {' '.join(args)}\n{p.stdout}{p.stderr}", file=sys.stderr)
        sys.exit(1)
    return p


def tool(*args):
    return run(os.environ["ANKI_TOOL"], *args)


def starcards(db, *args, check_rc=True):
    return run(os.environ["STARCARDS_BIN"], "--db", db, *args, check_rc=check_rc)


def dump(db):
    return json.loads(tool("dump", "-db", db).stdout)


def fresh_collection(workdir, name="anki"):
    d = tempfile.mkdtemp(dir=workdir, prefix=name + "-")
    return Collection(os.path.join(d, "collection.anki2"))


def reopen(col):
    path = col.path
    col.close()
    return Collection(path)


def import_package(col, path, with_scheduling):
    req = ImportAnkiPackageRequest(
        package_path=path,
        options=ImportAnkiPackageOptions(
            with_scheduling=with_scheduling,
            with_deck_configs=with_scheduling,
            merge_notetypes=False,
            update_notes=ImportAnkiPackageUpdateCondition.IMPORT_ANKI_PACKAGE_UPDATE_CONDITION_IF_NEWER,
            update_notetypes=ImportAnkiPackageUpdateCondition.IMPORT_ANKI_PACKAGE_UPDATE_CONDITION_IF_NEWER,
        ),
    )
    return col.import_anki_package(req)


def export_package(col, path, legacy):
    from anki.collection import ExportLimit  # noqa: F401  (type only)

    col.export_anki_package(
        out_path=path,
        options=ExportAnkiPackageOptions(
            with_scheduling=True, with_deck_configs=True, with_media=False, legacy=legacy
        ),
        limit=None,
    )


def cards_by_key(col):
    """(guid, ord) -> card id for every card of the collection."""
    out = {}
    for cid, guid, ord_ in col.db.all("select c.id, n.guid, c.ord from cards c join notes n on n.id = c.nid"):
        out[(guid, ord_)] = cid
    return out


def snapshot(col):
    """Everything an import could change, as comparable rows."""
    return {
        "notes": col.db.all("select id, guid, mid, flds, tags from notes order by id"),
        "cards": col.db.all(
            "select id, nid, did, ord, type, queue, due, ivl, factor, reps, lapses, left, odue, odid, flags, data from cards order by id"
        ),
        "revlog": col.db.all("select * from revlog order by id"),
        "decks": sorted(d.name for d in col.decks.all_names_and_ids()),
        "notetypes": sorted(m.name for m in col.models.all_names_and_ids()),
    }


TEMPLATE_ERROR = re.compile(r"template has a problem|templates/errors|\{\{|\}\}", re.I)


class _Markup(HTMLParser):
    """Collects the tags and attributes of rendered HTML, and its text."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags, self.attrs, self.text = set(), set(), []

    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)
        self.attrs.update(k for k, _ in attrs)

    def handle_data(self, data):
        self.text.append(data)


# Story text is escaped by starcards: none of the markup the hostile story
# holds (script, img, u, i tags, an onerror handler, a sound tag) may reach
# the rendered card as markup; it must show as text.
FORBIDDEN_TAGS = {"script", "img", "u", "i", "audio", "video", "object"}


def raw_markup(html):
    """What of a hostile story's markup survives as markup in html."""
    p = _Markup()
    p.feed(html)
    bad = sorted(p.tags & FORBIDDEN_TAGS) + sorted(a for a in p.attrs if a.startswith("on"))
    if "[sound:" in html:
        bad.append("[sound:")
    return bad


def render_checks(col, cid, label):
    card = col.get_card(cid)
    q, a = card.question(), card.answer()
    for side, html in (("question", q), ("answer", a)):
        check(not TEMPLATE_ERROR.search(html), f"{label}: {side} has a template error or raw braces: {html[:300]!r}")
        bad = raw_markup(html)
        check(not bad, f"{label}: {side} has raw markup from story text: {bad}")
        check(html.strip() != "", f"{label}: {side} is empty")
    return q, a
