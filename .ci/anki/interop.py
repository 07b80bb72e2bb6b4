"""Our .apkg through the real Anki's package importer.

Usage: interop.py WORKDIR

Seeds a starcards collection with a history (the sample and a story full
of markup), exports it with and without scheduling together with the
manifest of what each package holds, imports each into a fresh Anki
collection, and checks what Anki read against the manifest and our
collection. Importing a package a second time must change nothing.
"""

import json
import os
import sys

from common import (
    run_quietly,
    check,
    cards_by_key,
    dump,
    finish,
    fresh_collection,
    import_package,
    render_checks,
    snapshot,
    tool,
)


def main(workdir):
    db = os.path.join(workdir, "interop.db")
    tool("seed", "-db", db, "-days", "12", "-seed", "7", "-retention", "0.87")
    ours = dump(db)
    for with_sched in (False, True):
        name = "with scheduling" if with_sched else "without scheduling"
        pkg = os.path.join(workdir, f"interop-{int(with_sched)}.apkg")
        mpath = pkg + ".json"
        args = ["export", "-db", db, "-o", pkg, "-manifest", mpath]
        if with_sched:
            args.append("-with-scheduling")
        tool(*args)
        with open(mpath) as f:
            m = json.load(f)
        col = fresh_collection(workdir, "interop")
        log = import_package(col, pkg, with_sched)
        check(len(log.log.new) == m["notes"], f"{name}: {len(log.log.new)} notes new, want {m['notes']}")
        check(col.note_count() == m["notes"], f"{name}: {col.note_count()} notes, want {m['notes']}")
        check(col.card_count() == len(m["cards"]), f"{name}: {col.card_count()} cards, want {len(m['cards'])}")
        decks = sorted(d.name for d in col.decks.all_names_and_ids() if d.name != "Default")
        check(decks == m["decks"], f"{name}: decks {decks}, want {m['decks']}")
        tags = sorted(col.tags.all())
        want_tags = [t for t in m["tags"] if with_sched or t != "leech"]
        check(tags == want_tags, f"{name}: tags {tags}, want {want_tags}")
        mapped = {mc["card"] for mc in m["cards"]}
        # One Anki card per starcards card, mapped by guid and ordinal.
        check(len(m["cards"]) == len(mapped) == len(ours["cards"]),
              f"{name}: {len(m['cards'])} Anki cards for {len(mapped)} of our {len(ours['cards'])} cards, want one each")
        missing = sorted(set(ours["cards"]) - mapped)
        check(not missing, f"{name}: our cards without an Anki card: {missing[:5]}")
        keys = cards_by_key(col)
        today = col.sched.today
        for mc in m["cards"]:
            label = f"{name}: card {mc['card']} ord {mc['ord']}"
            cid = keys.get((mc["guid"], mc["ord"]))
            if not check(cid is not None, f"{label}: not in Anki's collection"):
                continue
            render_checks(col, cid, label)
            card = col.get_card(cid)
            revlog = col.db.scalar("select count() from revlog where cid = ?", cid)
            if not with_sched:
                check((card.type, card.queue) == (0, 0), f"{label}: type/queue {(card.type, card.queue)}, want new")
                check(revlog == 0, f"{label}: {revlog} revlog rows, want none")
                continue
            check(card.type == mc["type"], f"{label}: type {card.type}, want {mc['type']}")
            check(card.queue == mc["queue"], f"{label}: queue {card.queue}, want {mc['queue']}")
            want_due = mc["due"]
            if mc["type"] == 2 or (mc["queue"] == 3):
                want_due += today  # Anki shifts day numbers to its own today
            check(card.due == want_due, f"{label}: due {card.due}, want {want_due}")
            check(card.ivl == mc["ivl"], f"{label}: ivl {card.ivl}, want {mc['ivl']}")
            check(revlog == mc["revlog"], f"{label}: {revlog} revlog rows, want {mc['revlog']}")
            ms = card.memory_state
            mine = ours["cards"][mc["card"]]
            if mc["stability"]:
                if check(ms is not None and ms.stability > 0, f"{label}: no FSRS memory state in Anki"):
                    check(abs(ms.stability - mc["stability"]) <= 1e-3 * max(1, mc["stability"]),
                          f"{label}: stability {ms.stability}, want {mc['stability']}")
                    check(abs(ms.difficulty - mc["difficulty"]) <= 1e-3,
                          f"{label}: difficulty {ms.difficulty}, want {mc['difficulty']}")
                    # …and equal to our collection's, within the rounding.
                    check(abs(ms.stability - mine["stability"]) <= 1e-3 * max(1, mine["stability"]),
                          f"{label}: stability {ms.stability}, ours {mine['stability']}")
                    check(abs(ms.difficulty - mine["difficulty"]) <= 2e-3,
                          f"{label}: difficulty {ms.difficulty}, ours {mine['difficulty']}")
        if with_sched:
            total = col.db.scalar("select count() from revlog")
            check(total == m["revlog"], f"{name}: {total} revlog rows, want {m['revlog']}")
            for d in col.decks.all_names_and_ids():
                if d.name.startswith("STAR"):
                    dr = col.decks.config_dict_for_deck_id(d.id).get("desiredRetention")
                    check(abs(dr - m["desired_retention"]) < 1e-6,
                          f"{name}: deck {d.name} desired retention {dr}, want {m['desired_retention']}")
        before = snapshot(col)
        log = import_package(col, pkg, with_sched)
        after = snapshot(col)
        check(len(log.log.new) == 0, f"{name}: second import added {len(log.log.new)} notes")
        for k in before:
            check(before[k] == after[k], f"{name}: second import changed {k}")
        col.close()
        print(f"interop {name}: {m['notes']} notes, {len(m['cards'])} Anki cards for {len(ours['cards'])} starcards cards, "
              f"{m['revlog']} revlog rows checked")
    finish("interop")


if __name__ == "__main__":
    run_quietly(main, sys.argv[1])
