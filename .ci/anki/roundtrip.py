"""Round trip through the real Anki: progress made in Anki comes back.

Usage: roundtrip.py WORKDIR [FIXTURE_DIR]

starcards export apkg --with-scheduling; Anki imports it (FSRS on),
answers our cards over simulated days through its own scheduler, suspends,
unsuspends and buries some, and exports a package: the new format first,
then, after more days, the legacy one, and last a .colpkg. Each time starcards import pulls it
back: our review log must hold every answer Anki recorded, our card states
must be Anki's, foreign notes are ignored, and a second pull adds nothing.

With FIXTURE_DIR, it also writes small packages Anki exported (both
formats) and the truths Anki reported about them, for the Go unit tests of
the reader.
"""

import json
import os
import random
import sys
import time

from anki.collection import Collection

from common import (
    run_quietly,
    check,
    dump,
    export_package,
    finish,
    fresh_collection,
    import_package,
    reopen,
    starcards,
    tool,
)

STATES = {0: "new", 1: "learning", 2: "review", 3: "relearning"}


def rated(row):
    rid, cid, ease, ivl, last_ivl, factor, taken, kind = row
    return 1 <= ease <= 4 and kind <= 3 and not (kind == 3 and factor == 0)


def simulate_day(col, rng, ours, answered, last, limit=40):
    """Answer what Anki's scheduler offers today; returns the answers given.

    As a person would, it never answers two Anki cards of one starcards
    card (the cloze cards of a phrase note) within a second: a review's id
    is its time in ms, and that is how a pull tells copies from answers."""
    n = 0
    while n < limit:
        card = col.sched.getCard()
        if card is None:
            break
        ease = rng.choices([1, 2, 3, 4], weights=[15, 15, 55, 15])[0]
        mine = ours.get(card.id)
        if mine in last and last[mine][0] != card.id:
            time.sleep(max(0, last[mine][1] + 1.05 - time.time()))
        col.sched.answerCard(card, ease)
        if mine:
            answered.add(card.id)
            last[mine] = (card.id, time.time())
        n += 1
    return n


def next_day(col):
    """Anki's next day: its day numbers count from col.crt, so moving crt
    back a day makes today the next day (the review times stay real)."""
    col.crt = col.crt - 86400
    col = reopen(col)
    col.decks.select(col.decks.id_for_name("STAR"))
    return col


def compare(col, db, ours, before, new_answers, label, now, first_new, queues):
    """Our collection against Anki's, after a pull."""
    mine = dump(db)
    by_card = {}
    for r in mine["reviews"]:
        by_card.setdefault(r["card"], []).append((r["time_ms"], r["rating"]))
    check(len(mine["reviews"]) == len(before["reviews"]) + new_answers,
          f"{label}: {len(mine['reviews'])} reviews in our log, want {len(before['reviews'])} + {new_answers} from Anki")
    rows = [r for r in col.db.all("select id, cid, ease, ivl, lastIvl, factor, time, type from revlog") if rated(r)]
    last = {}
    for r in rows:
        if r[1] not in ours:
            continue
        card = ours[r[1]]
        have = by_card.get(card, [])
        check(any(r[0] - 999 <= t <= r[0] and g == r[2] for t, g in have),
              f"{label}: Anki review {r[0]} (ease {r[2]}) of {card} not in our log")
        if card not in last or r[0] > last[card][0]:
            last[card] = (r[0], r[1])
    today = col.sched.today
    local_today = time.localtime(now - rollover(col) * 3600)
    for card, (rid, cid) in sorted(last.items()):
        c = col.get_card(cid)
        m = mine["cards"][card]
        lb = f"{label}: {card}"
        q = queues[cid]
        check(m["suspended"] == (q == -1), f"{lb}: suspended {m['suspended']}, Anki queue {q}")
        check((m["buried_until"] > now) == (q in (-2, -3)), f"{lb}: buried until {m['buried_until']}, Anki queue {q}")
        if rid < first_new:
            continue  # not answered in Anki this round: our state stays ours
        check(m["state"] == STATES[c.type], f"{lb}: state {m['state']}, Anki type {c.type}")
        check(m["reps"] == c.reps, f"{lb}: reps {m['reps']}, Anki {c.reps}")
        check(m["lapses"] == c.lapses, f"{lb}: lapses {m['lapses']}, Anki {c.lapses}")
        ms = c.memory_state
        if check(ms is not None, f"{lb}: Anki has no memory state (is FSRS on?)"):
            check(abs(m["stability"] - ms.stability) <= 1e-3 * max(1, ms.stability), f"{lb}: stability {m['stability']}, Anki {ms.stability}")
            check(abs(m["difficulty"] - ms.difficulty) <= 1e-3, f"{lb}: difficulty {m['difficulty']}, Anki {ms.difficulty}")
        due = c.odue if c.odid else c.due
        if c.type == 2 or (c.type in (1, 3) and due < 1_000_000_000):
            ours_days = days_between(local_today, time.localtime(m["due"] - rollover(col) * 3600))
            check(ours_days == due - today, f"{lb}: due in {ours_days} days, Anki in {due - today} (ivl {c.ivl})")
            if c.type == 2:
                check(m["scheduled_days"] == c.ivl, f"{lb}: interval {m['scheduled_days']}, Anki {c.ivl}")
        else:
            check(m["due"] == due, f"{lb}: due {m['due']}, Anki {due}")
    return mine


def rollover(col):
    return col.get_config("rollover", 4)


def days_between(a, b):
    da = time.mktime((a.tm_year, a.tm_mon, a.tm_mday, 12, 0, 0, 0, 0, -1))
    db = time.mktime((b.tm_year, b.tm_mon, b.tm_mday, 12, 0, 0, 0, 0, -1))
    return round((db - da) / 86400)


def pull(db, path, label):
    p = starcards(db, "import", path)
    print(f"{label}: {p.stdout.strip()}")
    return p.stdout


def count_line(out, what):
    for line in out.splitlines():
        line = line.strip()
        if line.endswith(what) or line.endswith(what.replace("reviews ", "review ").replace("cards ", "card ")):
            return int(line.split()[0])
    return 0


def main(workdir, fixtures=None):
    db = os.path.join(workdir, "roundtrip.db")
    tool("seed", "-db", db, "-days", "12", "-seed", "11", "-retention", "0.9")
    pkg = os.path.join(workdir, "ours.apkg")
    starcards(db, "export", "apkg", "--with-scheduling", "-o", pkg)
    # The manifest of the same collection maps Anki cards to ours.
    mpath = os.path.join(workdir, "ours-manifest.json")
    tool("export", "-db", db, "-o", os.path.join(workdir, "manifest.apkg"), "-manifest", mpath, "-with-scheduling")
    with open(mpath) as f:
        manifest = json.load(f)

    col = fresh_collection(workdir, "roundtrip")
    col.set_config("fsrs", True)
    import_package(col, pkg, True)
    keys = {(g, o): cid for cid, g, o in col.db.all("select c.id, n.guid, c.ord from cards c join notes n on n.id = c.nid")}
    ours = {keys[(mc["guid"], mc["ord"])]: mc["card"] for mc in manifest["cards"]}
    # A note of the user's own, not from starcards.
    basic = col.models.by_name("Basic")
    note = col.new_note(basic)
    note["Front"], note["Back"] = "capital of France", "Paris"
    col.add_note(note, col.decks.id("Geography"))
    foreign = len(note.cards())

    rng = random.Random(5)
    last = {}
    for legacy, days in ((False, 4), (True, 2)):
        label = "legacy export" if legacy else "new-format export"
        before = dump(db)
        first_new = int(time.time() * 1000)
        start = col.db.scalar("select count() from revlog where cid in (%s)" % ",".join(map(str, ours)))
        answered = set()
        for _ in range(days):
            col = next_day(col)
            simulate_day(col, rng, ours, answered, last)
        # Suspension and burying follow Anki's.
        picked = sorted(answered)
        if len(picked) >= 3:
            col.sched.suspend_cards([picked[0]])
            col.sched.bury_cards([picked[1]], manual=True)
        suspended = [cid for cid in ours if col.get_card(cid).queue == -1 and cid != (picked[0] if picked else None)]
        col.sched.unsuspend_cards(suspended[:1])
        new_answers = col.db.scalar("select count() from revlog where cid in (%s)" % ",".join(map(str, ours))) - start
        check(new_answers > 0, f"{label}: Anki answered none of our cards")
        out = os.path.join(workdir, f"from-anki-{int(legacy)}.apkg")
        export_package(col, out, legacy)
        now = int(time.time())
        # The queues as exported (Anki unburies on its next day).
        queues = dict(col.db.all("select id, queue from cards"))
        text = pull(db, out, label)
        check(count_line(text, "reviews added to the log") == new_answers,
              f"{label}: report says {count_line(text, 'reviews added to the log')} reviews added, Anki made {new_answers}")
        check(count_line(text, "cards of other notes ignored") == foreign,
              f"{label}: report says {count_line(text, 'cards of other notes ignored')} foreign cards, want {foreign}")
        after = compare(col, db, ours, before, new_answers, label, now, first_new, queues)
        text = pull(db, out, label + " (again)")
        check("nothing new" in text, f"{label}: second pull changed something: {text}")
        check(dump(db) == after, f"{label}: second pull changed the collection")
        print(f"{label}: {days} days in Anki, {new_answers} answers of {len(answered)} of our cards came back")
        if fixtures:
            write_fixture(col, fixtures, legacy, ours, manifest)
    # A whole-collection package (.colpkg, new format) of the same state
    # holds no new review (Anki may unbury on export: its day moved on).
    colpkg = os.path.join(workdir, "collection.colpkg")
    path = col.path
    col.export_collection_package(colpkg, include_media=False, legacy=False)
    col = Collection(path)
    before = dump(db)
    text = pull(db, colpkg, "colpkg")
    check("new format (collection.anki21b)" in text and "added to the log" not in text and "scheduled as in Anki" not in text,
          f"colpkg: pull brought something new: {text}")
    check(count_line(text, "reviews already in the log") == len(before["reviews"]),
          f"colpkg: {count_line(text, 'reviews already in the log')} reviews known, want {len(before['reviews'])}")
    after = dump(db)
    check(after["reviews"] == before["reviews"], "colpkg: pull changed the review log")
    for card, m in after["cards"].items():
        check(dict(m, buried_until=0) == dict(before["cards"][card], buried_until=0), f"colpkg: pull changed {card}")
    col.close()
    finish("roundtrip")


def write_fixture(col, outdir, legacy, ours, manifest):
    """A small package Anki exported, three of our notes and the foreign
    one, and what Anki says of its cards, for the reader's unit tests."""
    from anki.collection import ExportAnkiPackageOptions, NoteIdsLimit

    # Three notes of the sample story that Anki reviewed, of kinds whose
    # card ids are stable (follow-up ids, principles, sections), so that
    # the script tests keep matching the sample; and the foreign note.
    reviewed = {}
    for cid, card in sorted(ours.items(), key=lambda kv: kv[1]):
        kind = card.split("/")[1]
        if card.startswith("webhook-drop-rate/") and kind in ("followup", "angle", "section") and col.get_card(cid).reps > 0:
            reviewed.setdefault(kind, col.get_card(cid).nid)
    nids = list(reviewed.values())
    basic = [nid for nid in col.db.list("select id from notes") if col.get_note(nid).note_type()["name"] == "Basic"]
    nids += basic
    name = "legacy" if legacy else "latest"
    if not legacy:
        col.export_anki_package(
            out_path=os.path.join(outdir, "anki-foreign.apkg"),
            options=ExportAnkiPackageOptions(with_scheduling=True, with_deck_configs=False, with_media=False, legacy=False),
            limit=NoteIdsLimit(note_ids=basic),
        )
    path = os.path.join(outdir, f"anki-{name}.apkg")
    col.export_anki_package(
        out_path=path,
        options=ExportAnkiPackageOptions(with_scheduling=True, with_deck_configs=False, with_media=False, legacy=legacy),
        limit=NoteIdsLimit(note_ids=nids),
    )
    cards = []
    for cid, nid, ord_, ctype, queue, due, ivl, reps, lapses in col.db.all(
        "select id, nid, ord, type, queue, due, ivl, reps, lapses from cards where nid in (%s) order by id" % ",".join(map(str, nids))
    ):
        c = col.get_card(cid)
        ms = c.memory_state
        cards.append({
            "id": cid, "guid": col.get_note(nid).guid, "ord": ord_, "card": ours.get(cid, ""),
            "type": ctype, "queue": queue, "due": due, "ivl": ivl, "reps": reps, "lapses": lapses,
            "stability": ms.stability if ms else 0, "difficulty": ms.difficulty if ms else 0,
            "revlog": col.db.list("select id from revlog where cid = ? order by id", cid),
        })
    truth = {"crt": col.crt, "today": col.sched.today, "rollover": col.get_config("rollover", 4), "cards": cards}
    with open(path + ".json", "w") as f:
        json.dump(truth, f, indent=1)


if __name__ == "__main__":
    run_quietly(main, sys.argv[1], sys.argv[2] if len(sys.argv) > 2 else None)
