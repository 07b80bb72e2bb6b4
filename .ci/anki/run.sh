#!/usr/bin/env bash
# The real-Anki tests: our .apkg through Anki's own importer (interop.py),
# and progress made in Anki brought back by starcards import (roundtrip.py).
#
#   .ci/anki/run.sh                 run both
#   .ci/anki/run.sh --fixtures      also rewrite export/ankipkg/testdata/anki-*.apkg
#
# The PyPI package anki (the real Anki library, Rust backend included) is
# installed into a venv cached under ${XDG_CACHE_HOME:-~/.cache}/starcards/,
# keyed by the pinned version, so later runs start at once. Without python3
# (with venv and pip) it says why and skips, unless CI=true: in CI a missing
# Python is a failure.
set -euo pipefail
ANKI_VERSION=25.9.2 # the pin; README "Studying in Anki" names it too
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"

skip() {
	if [[ "${CI:-}" == "true" ]]; then
		echo "anki tests: $1 (required in CI)" >&2
		exit 1
	fi
	echo "anki tests: skipped: $1" >&2
	exit 0
}

py="${PYTHON:-python3}"
command -v "$py" >/dev/null 2>&1 || skip "no $py on PATH"
"$py" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 9) else 1)' || skip "$py is older than 3.9"
"$py" -c 'import venv, ensurepip' 2>/dev/null || skip "$py has no venv/ensurepip module"

cache="${XDG_CACHE_HOME:-$HOME/.cache}/starcards"
venv="$cache/anki-$ANKI_VERSION-py$("$py" -c 'import sys; print("%d.%d" % sys.version_info[:2])')"
if ! "$venv/bin/python" -c "import anki" 2>/dev/null; then
	echo "anki tests: installing anki==$ANKI_VERSION into $venv" >&2
	rm -rf "$venv.tmp"
	mkdir -p "$cache"
	"$py" -m venv "$venv.tmp" || skip "cannot create a venv"
	if ! "$venv.tmp/bin/python" -m pip install --quiet --disable-pip-version-check "anki==$ANKI_VERSION"; then
		rm -rf "$venv.tmp"
		skip "pip cannot install anki==$ANKI_VERSION (no network or no wheel for this platform)"
	fi
	rm -rf "$venv"
	mv "$venv.tmp" "$venv"
	# The venv's scripts name its directory; the rename leaves python usable.
fi

work="$(mktemp -d "${TMPDIR:-/tmp}/starcards-anki.XXXXXX")"
trap 'rm -rf "$work"' EXIT
(cd "$root" && go build -o "$work/starcards" ./cmd/starcards && go build -o "$work/tool" ./cmd/ankitool)
export STARCARDS_BIN="$work/starcards" ANKI_TOOL="$work/tool" PYTHONPATH="$here"
export PYTHONWARNINGS=ignore
fixtures=""
if [[ "${1:-}" == "--fixtures" ]]; then
	fixtures="$root/export/ankipkg/testdata"
	mkdir -p "$fixtures"
fi
"$venv/bin/python" "$here/interop.py" "$work"
"$venv/bin/python" "$here/roundtrip.py" "$work" $fixtures
