#!/usr/bin/env bash
# The main job on the bundled sample scans: a fresh demo home, the samples dropped
# into its hot folder as a scanner would, then `pindai ingest` on them.
set -uo pipefail
cd "$(dirname "$0")/.."
HOME_DIR=${PINDAI_DEMO_HOME:-demo-home}
PINDAI=.venv/bin/pindai

rm -rf "$HOME_DIR"
$PINDAI init --home "$HOME_DIR" >/dev/null
inbox="$HOME_DIR/inbox/default"
cp samples/* "$inbox/"
echo "== pindai doctor"
$PINDAI doctor >/dev/null && echo "semua alat tersedia / all tools present"
echo "== pindai ingest ($(ls "$inbox" | wc -l) berkas contoh / sample files)"
$PINDAI ingest --home "$HOME_DIR" "$inbox"/*
status=$?
echo "== arsip / archive"
find "$HOME_DIR/archive" -type f -name '*.pdf' | sort
echo "== gagal / failed (with reason files)"
for r in "$HOME_DIR"/failed/*.alasan.txt; do [ -e "$r" ] && { echo "-- $r"; cat "$r"; }; done
# Exit status 2 means some input was quarantined: the bundle holds one bad file on
# purpose, so that is the expected outcome here. Anything else is a real failure.
if [ "$status" -ne 0 ] && [ "$status" -ne 2 ]; then exit "$status"; fi
echo "== demo selesai / demo done: $HOME_DIR"
