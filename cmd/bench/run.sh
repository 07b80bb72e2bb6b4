#!/usr/bin/env bash
# cmd/bench/run.sh: issue 15's measurements in one run. It builds starcards
# and the bench tools, generates collections in steady state as of now
# (cmd/bench/gen), times whole commands as separate processes over paired
# runs (cmd/bench/timeit: median wall and CPU time, peak RSS, Go heap peak),
# prints each beside its target, and runs the floors and peers in the same
# run: --help plus a bare bbolt open for due, C sqlite3 + zip writing the
# same rows as the 10k export, and genanki-js (from npm) for the same notes.
#
#   cmd/bench/run.sh [--size full|small|tiny] [-n RUNS (3)] [--no-peers]
#                    [--no-growth] [--quick] [--no-install] [--keep]
#                    [--out FILE]
#
# --size full (the default) is issue 15's: 3,334 stories (~100k cards) / 1M log
# entries (generating it takes about a minute; the whole run 10–20 minutes
# on 2 cores); small and tiny are for trying the script. --quick leaves
# out the peers, the growth table and the answer-commit benchmark. Missing
# tools are installed with apt-get (GNU time is not needed: timeit reads
# the rusage) unless --no-install; a peer whose tool is missing is skipped,
# and said so.
# Everything is written under one temporary directory, removed at the end
# unless --keep. The report (Markdown tables) goes to standard output and,
# with --out, to FILE.
set -euo pipefail

size=full runs=3 peers=1 growth=1 commitbench=1 install=1 keep=0 out=
while [ $# -gt 0 ]; do
	case $1 in
	--size) size=$2; shift ;;
	-n) runs=$2; shift ;;
	--no-peers) peers=0 ;;
	--no-growth) growth=0 ;;
	--quick) peers=0 growth=0 commitbench=0 ;;
	--no-install) install=0 ;;
	--keep) keep=1 ;;
	--out) out=$2; shift ;;
	-h | --help) sed -n '2,25p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
	*) echo "run.sh: unknown argument $1 (see --help)" >&2; exit 2 ;;
	esac
	shift
done

cd "$(dirname "$0")/../.."
root=$PWD

say() { printf '%s\n' "$*" >&2; }
die() { say "run.sh: $*"; exit 1; }

# --- tools ---------------------------------------------------------------
command -v go >/dev/null || die "go is missing: install Go (see go.mod for the version)"
apt_updated=0
# want CMD PACKAGE: succeeds if CMD is there or could be installed.
want() {
	command -v "$1" >/dev/null && return 0
	if [ "$install" = 1 ] && command -v apt-get >/dev/null && [ "$(id -u)" = 0 ]; then
		if [ "$apt_updated" = 0 ]; then
			say "run.sh: apt-get update"
			apt-get update -qq >/dev/null || true
			apt_updated=1
		fi
		say "run.sh: installing $2 for $1"
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$2" >/dev/null || true
	fi
	command -v "$1" >/dev/null && return 0
	say "run.sh: $1 is missing (apt-get install $2); skipping what needs it"
	return 1
}

case $size in
full)
	L_STORIES=3334 L_REVIEWS=1000000 S_STORIES=334 S_REVIEWS=100000 IMPORT_N=1000
	G_REVIEWS="10000 100000" L_NAME="100k cards / 1M reviews" S_NAME="10k cards / 100k reviews" ;;
small)
	L_STORIES=334 L_REVIEWS=100000 S_STORIES=34 S_REVIEWS=10000 IMPORT_N=100
	G_REVIEWS="1000 10000" L_NAME="10k cards / 100k reviews" S_NAME="1k cards / 10k reviews" ;;
tiny)
	L_STORIES=20 L_REVIEWS=3000 S_STORIES=5 S_REVIEWS=600 IMPORT_N=10
	G_REVIEWS="300 1000" L_NAME="600 cards / 3k reviews" S_NAME="150 cards / 600 reviews" ;;
*) die "--size $size: want full, small or tiny" ;;
esac

work=$(mktemp -d "${TMPDIR:-/tmp}/starcards-bench.XXXXXX")
cleanup() { if [ "$keep" = 1 ]; then say "run.sh: kept $work"; else rm -rf "$work"; fi; }
trap cleanup EXIT
bin=$work/bin
mkdir -p "$bin"

say "run.sh: building into $bin"
go build -o "$bin/starcards" ./cmd/starcards
go build -o "$bin/gen" ./cmd/bench/gen
go build -o "$bin/timeit" ./cmd/bench/timeit
go build -o "$bin/boltopen" ./cmd/bench/boltopen
sc=$bin/starcards

gen() { # gen FILE STORIES REVIEWS [NOW]
	"$bin/gen" -stories "$2" -reviews "$3" -now "${4:-}" -o "$1" -f
}

# --- report --------------------------------------------------------------
report=$work/report.md
emit() { printf '%s\n' "$*" | tee -a "$report"; }

# timeit CMD... ::: CMD...: fills T_WALL[i] T_CPU[i] T_RSS[i] T_HEAP[i] T_RUNS[i].
# Slow commands get fewer runs (timeit stops a round after -max).
T_WALL=() T_CPU=() T_RSS=() T_HEAP=() T_RUNS=()
measure() {
	local lines
	lines=$("$bin/timeit" -n "$runs" -max 90s -- "$@") || die "timing failed: $*"
	T_WALL=() T_CPU=() T_RSS=() T_HEAP=() T_RUNS=()
	while IFS=$'\t' read -r n wall cpu rss heap _; do
		T_RUNS+=("$n") T_WALL+=("$wall") T_CPU+=("$cpu") T_RSS+=("$rss") T_HEAP+=("$heap")
	done <<<"$lines"
}

# verdict MS CPU_MS TARGET_MS MB TARGET_MB: "ok", or what is missed. Time
# is judged on wall time; where only wall time misses, it says so (on a
# busy machine wall time is mostly waiting for a core).
verdict() {
	awk -v ms="$1" -v cpu="$2" -v tms="$3" -v mb="$4" -v tmb="$5" 'BEGIN {
		s = ""
		if (tms != "-" && ms + 0 > tms + 0) s = s sprintf("time %.1f×", ms / tms) (cpu + 0 <= tms + 0 ? " (CPU time meets it)" : "")
		if (tmb != "-" && mb != "<4" && mb + 0 > tmb + 0) s = s (s == "" ? "" : ", ") sprintf("memory %.1f×", mb / tmb)
		printf "%s", s == "" ? "ok" : "missed: " s
	}'
}

fmt_ms() { awk -v x="$1" 'BEGIN { if (x >= 1000) printf "%.2f s", x / 1000; else printf "%.1f ms", x }'; }

# row LABEL TARGET_TEXT TARGET_MS TARGET_MB I: one table row for result I.
row() {
	local i=$5 mem=${T_HEAP[$5]}
	emit "| $1 | $2 | $(fmt_ms "${T_WALL[$i]}") | $(fmt_ms "${T_CPU[$i]}") | ${T_RSS[$i]} MB | $mem MB | ${T_RUNS[$i]} | $(verdict "${T_WALL[$i]}" "${T_CPU[$i]}" "$3" "$mem" "$4") |"
}

header() {
	emit ""
	emit "$1"
	emit ""
	emit "| command | target | wall (median) | CPU (median) | peak RSS | Go heap peak | runs | |"
	emit "| --- | --- | --- | --- | --- | --- | --- | --- |"
}

cpu=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo 2>/dev/null || true)
emit "# starcards benchmarks ($size)"
emit ""
emit "$(date -u '+%Y-%m-%d %H:%M UTC'); $(nproc) cores (${cpu:-unknown CPU}), $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo); load average $(cut -d' ' -f1-3 /proc/loadavg); $(go version | cut -d' ' -f3); commit $(git rev-parse --short HEAD 2>/dev/null || echo unknown)."
emit "Command: \`cmd/bench/run.sh --size $size -n $runs\`. Whole commands as separate processes; paired runs (each command of a group in turn, up to $runs runs each after a warm-up; a warm-up of 3 s or more counts as a run; no new run after 90 s); wall and CPU (user + system) are medians, peak RSS the largest (it counts the collection's mapped pages), Go heap peak the largest heap GODEBUG=gctrace=1 shows. Memory targets are judged on the Go heap peak, times on wall time."

# --- collections ---------------------------------------------------------
say "run.sh: generating collections"
big=$work/large.db old=$work/large-month-old.db small=$work/small.db
gen "$big" "$L_STORIES" "$L_REVIEWS"
gen "$old" "$L_STORIES" "$L_REVIEWS" 720h
gen "$small" "$S_STORIES" "$S_REVIEWS"
"$bin/gen" -stories "$L_STORIES" -yaml "$work/stories"
card=story-0001/section/situation story=story-0001
out_file=$work/out

# --- the targets ---------------------------------------------------------
header "## $L_NAME (unless stated)"

measure "$sc" --help ::: "$bin/boltopen" "$big" ::: "$sc" --db "$big" due ::: "$sc" --db "$old" due
floor=$(awk -v a="${T_WALL[0]}" -v b="${T_WALL[1]}" 'BEGIN { print a + b }')
floor3=$(awk -v f="$floor" 'BEGIN { print 3 * f }')
row "floor: \`--help\`" "—" - - 0
row "floor: bare bbolt open (\`boltopen\`)" "—" - - 1
row "\`due\`" "≤ 3× floor ($(fmt_ms "$floor3"))" "$floor3" 150 2
row "\`due\`, month-old copy" "≤ 3× floor ($(fmt_ms "$floor3"))" "$floor3" 150 3
due_ratio=$(awk -v d="${T_WALL[2]}" -v o="${T_WALL[3]}" -v f="$floor" -v dc="${T_CPU[2]}" -v oc="${T_CPU[3]}" -v fc="$(awk -v a="${T_CPU[0]}" -v b="${T_CPU[1]}" 'BEGIN { print a + b }')" \
	'BEGIN { printf "%.1f× (today) and %.1f× (month-old) its floor in wall time, %.1f× and %.1f× in CPU time", d / f, o / f, dc / fc, oc / fc }')

measure "$sc" --db "$big" show "$card"
row "\`show CARD\`" "≤ 10 ms" 10 150 0

measure "$sc" --db "$big" stats ::: "$sc" --db "$big" stats --json
row "\`stats\`" "≤ 300 ms" 300 150 0
row "\`stats --json\`" "≤ 300 ms" 300 150 1

measure "$sc" --db "$big" list --json
row "\`list --json\`" "≤ 300 ms, streamed" 300 150 0

measure "$sc" --db "$big" export tsv --force -o "$out_file.tsv"
row "\`export tsv\`" "≤ 150 MB" - 150 0

measure "$sc" --db "$big" export apkg --force --with-scheduling -o "$out_file.apkg"
row "\`export apkg --with-scheduling\`, whole collection" "≤ 4 s, ≤ 300 MB" 4000 300 0

measure "$sc" --db "$big" export apkg --force --with-scheduling --story "$story" -o "$out_file-story.apkg"
row "the same, one story" "≤ 50 ms" 50 150 0

measure "$sc" --db "$small" export apkg --force --with-scheduling -o "$out_file-small.apkg"
row "the same, $S_NAME" "≤ 0.7 s, ≤ 100 MB" 700 100 0
ours_small=${T_WALL[0]}

mapfile -t names < <(ls "$work/stories"/*.yaml)
fresh=$work/fresh.db
measure sh -c 'rm -f "$0"; exec "$@"' "$fresh" "$sc" --db "$fresh" import "${names[@]:0:$IMPORT_N}"
row "\`import\`, $IMPORT_N new stories" "≤ 0.7 s" 700 150 0

again=$work/again.db
"$sc" --db "$again" import "${names[@]:0:$IMPORT_N}" >/dev/null 2>&1
before=$(stat -c %s "$again")
measure "$sc" --db "$again" import "${names[@]:0:$IMPORT_N}"
after=$(stat -c %s "$again")
row "re-import, the same $IMPORT_N unchanged" "≤ 0.15 s, no growth" 150 150 0
growth_note="re-import grew the file from $((before / 1048576)) MB to $((after / 1048576)) MB after a warm-up and ${T_RUNS[0]} timed re-imports"

measure sh -c 'rm -f "$0"; exec "$@"' "$fresh" "$sc" --db "$fresh" import "${names[@]}"
row "\`import\`, ${#names[@]} stories" "≤ 150 MB" - 150 0

if "$sc" plan --help >/dev/null 2>&1 && grep -q '^func BenchmarkForecast' scheduler/*_test.go; then
	# In-process: the forecast is a simulation inside plan, not a command.
	fc=$(go test ./scheduler -run '^$' -bench '^BenchmarkForecast$' -benchtime 5x 2>&1 |
		awk '/^BenchmarkForecast/ { for (i = 1; i <= NF; i++) { if ($(i+1) == "ns/op") w = $i / 1e6; if ($(i+1) == "cpu-ms/op") c = $i }; printf "%.1f ms | %s | | | 5 | %s", w, (c == "" ? "" : c " ms"), (w <= 200 ? "ok" : sprintf("missed: time %.1f×", w / 200)) }')
	emit "| the plan forecast (\`go test ./scheduler -bench Forecast -benchtime 5x\`, in-process) | ≤ 200 ms for 500 cards over 30 days | ${fc:-failed | | | | | } |"
else
	emit "| the plan forecast | ≤ 200 ms for 500 cards over 30 days | not measured: no \`plan\` command in this build | | | | | |"
fi

emit ""
emit "\`due\` is ${due_ratio} (floor: \`--help\` + bare bbolt open, $(fmt_ms "$floor") wall); $growth_note."

if [ "$commitbench" = 1 ]; then
# One answer: in-process (a process would time its start), on a copy of the
# same collection.
say "run.sh: answer commit benchmark"
commit=$(go test ./cmd/starcards -run '^$' -bench 'AnswerCommit' -benchtime 300x -size "$([ "$size" = full ] && echo full || echo small)" -coll "$big" 2>&1 |
	awk '/^BenchmarkAnswerCommit/ { f50 = ""; for (i = 1; i <= NF; i++) { if ($(i+1) == "p50-ms") p50 = $i; if ($(i+1) == "p99-ms") p99 = $i; if ($(i+1) == "floor-p50-ms") f50 = $i; if ($(i+1) == "floor-p99-ms") f99 = $i }; sub(/^BenchmarkAnswerCommit\//, "", $1); sub(/-[0-9]+$/, "", $1); printf "%s%s: p50 %s ms, p99 %s ms", sep, $1, p50, p99; if (f50 != "") printf " (in step with it, a bare bbolt commit on the same disk: p50 %s ms, p99 %s ms)", f50, f99; sep = "; " }')
emit "Committing one answer (\`go test ./cmd/starcards -bench AnswerCommit -benchtime 300x -coll …\`; target one bbolt commit, p99 ≤ 2 ms, the collection held open): ${commit:-failed}."

fi

# --- peers and floors ----------------------------------------------------
if [ "$peers" = 1 ]; then
	emit ""
	emit "## Peers and floors, $S_NAME"
	emit ""
	emit "| what | wall (median) | CPU (median) | peak RSS | runs | ours ÷ it |"
	emit "| --- | --- | --- | --- | --- | --- |"
	# sqlite3 writing the same rows as our --with-scheduling export (its
	# .dump: schema, rows, then indexes), then zip.
	if want sqlite3 sqlite3 && want zip zip && want unzip unzip; then
		mkdir -p "$work/floor"
		unzip -p "$out_file-small.apkg" collection.anki2 >"$work/floor/ours.anki2"
		sqlite3 "$work/floor/ours.anki2" .dump >"$work/floor/rows.sql"
		printf '{}' >"$work/floor/media"
		cat >"$work/floor/write.sh" <<-'EOF'
			set -e
			cd "$1"
			rm -f collection.anki2 floor.apkg
			sqlite3 collection.anki2 <rows.sql
			zip -q floor.apkg collection.anki2 media
		EOF
		measure "$sc" --db "$small" export apkg --force --with-scheduling -o "$out_file-small.apkg" ::: bash "$work/floor/write.sh" "$work/floor"
		emit "| ours: \`export apkg --with-scheduling\` | $(fmt_ms "${T_WALL[0]}") | $(fmt_ms "${T_CPU[0]}") | ${T_RSS[0]} MB | ${T_RUNS[0]} | |"
		ratio=$(awk -v a="${T_WALL[0]}" -v b="${T_WALL[1]}" -v ac="${T_CPU[0]}" -v bc="${T_CPU[1]}" 'BEGIN { printf "%.2f× wall, %.2f× CPU", a / b, ac / bc }')
		emit "| C \`sqlite3\` writing the same rows, then \`zip\` ($(sqlite3 --version | cut -d' ' -f1)) | $(fmt_ms "${T_WALL[1]}") | $(fmt_ms "${T_CPU[1]}") | ${T_RSS[1]} MB | ${T_RUNS[1]} | $ratio (target ≤ 1.5×) |"
	fi
	# genanki-js writing the same notes (no scheduling: it has none).
	if want node nodejs && want npm npm; then
		modules=${XDG_CACHE_HOME:-$HOME/.cache}/starcards-bench/npm
		if [ ! -d "$modules/node_modules/genanki-js" ]; then
			say "run.sh: npm install genanki-js@2.0.0 into $modules"
			mkdir -p "$modules"
			(cd "$modules" && npm install --no-audit --no-fund --silent genanki-js@2.0.0 >/dev/null) || say "run.sh: npm install failed"
		fi
		if [ -d "$modules/node_modules/genanki-js" ]; then
			"$sc" --db "$small" export tsv --force -o "$work/notes.tsv" >/dev/null 2>&1
			measure "$sc" --db "$small" export apkg --force -o "$out_file-plain.apkg" ::: node "$root/cmd/bench/genanki.mjs" "$modules/node_modules" "$work/notes.tsv" "$work/genanki.apkg"
			ratio=$(awk -v a="${T_WALL[0]}" -v b="${T_WALL[1]}" -v ac="${T_CPU[0]}" -v bc="${T_CPU[1]}" 'BEGIN { printf "%.2f× wall (%.1f× faster), %.2f× CPU (%.1f× faster)", a / b, b / a, ac / bc, bc / ac }')
			emit "| ours: \`export apkg\` (no scheduling) | $(fmt_ms "${T_WALL[0]}") | $(fmt_ms "${T_CPU[0]}") | ${T_RSS[0]} MB | ${T_RUNS[0]} | |"
			emit "| genanki-js 2.0.0 (node $(node --version)), the same notes | $(fmt_ms "${T_WALL[1]}") | $(fmt_ms "${T_CPU[1]}") | ${T_RSS[1]} MB | ${T_RUNS[1]} | $ratio |"
		fi
	fi
fi

# --- growth --------------------------------------------------------------
if [ "$growth" = 1 ]; then
	say "run.sh: growth collections"
	set -- $G_REVIEWS
	g1=$work/growth-1.db g2=$work/growth-2.db
	gen "$g1" "$L_STORIES" "$1"
	gen "$g2" "$L_STORIES" "$2"
	cards_l=$((L_STORIES * 30)) cards_s=$((S_STORIES * 30))
	emit ""
	emit "## Growth: wall time (and CPU time), medians, by collection size"
	emit ""
	emit "| command | $cards_l cards / $1 reviews | $cards_l / $2 | $cards_l / $L_REVIEWS | $cards_s / $S_REVIEWS |"
	emit "| --- | --- | --- | --- | --- |"
	grow() { # grow LABEL ARGS... (@DB@ in ARGS is the collection)
		local label=$1 cells="" db
		shift
		for db in "$g1" "$g2" "$big" "$small"; do
			local args=()
			for a in "$@"; do args+=("${a//@DB@/$db}"); done
			measure "$sc" "${args[@]}"
			cells="$cells | $(fmt_ms "${T_WALL[0]}") ($(fmt_ms "${T_CPU[0]}") CPU)"
		done
		emit "| $label$cells |"
	}
	grow "\`due\`" --db @DB@ due
	grow "\`show CARD\`" --db @DB@ show "$card"
	grow "\`export apkg --with-scheduling --story\`" --db @DB@ export apkg --force --with-scheduling --story "$story" -o "$out_file-g.apkg"
	grow "\`stats --json\`" --db @DB@ stats --json
	grow "\`list --json\`" --db @DB@ list --json
fi

if [ -n "$out" ]; then
	cp "$report" "$out"
	say "run.sh: report written to $out"
fi
