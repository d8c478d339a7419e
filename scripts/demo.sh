#!/usr/bin/env bash
# The daily use on the bundled sample scans: a fresh demo home, the watcher serving
# its hot folders, and the samples arriving there as a scanner and a phone save them.
set -uo pipefail
cd "$(dirname "$0")/.."
HOME_DIR=${PINDAI_DEMO_HOME:-demo-home}
PINDAI=.venv/bin/pindai

rm -rf "$HOME_DIR"
$PINDAI init --home "$HOME_DIR" >/dev/null
echo "== pindai doctor"
$PINDAI doctor >/dev/null && echo "semua alat tersedia / all tools present"
echo "== pindai profiles"
$PINDAI profiles --home "$HOME_DIR"

echo "== pindai watch (di latar belakang / in the background)"
$PINDAI -v watch --home "$HOME_DIR" 2> "$HOME_DIR/watch.log" &
watcher=$!
trap 'kill $watcher 2>/dev/null' EXIT
until [ -e "$HOME_DIR/inbox/adf/STATUS-pindai.txt" ]; do
  kill -0 $watcher 2>/dev/null || { cat "$HOME_DIR/watch.log"; exit 1; }
  sleep 0.2
done

# The scanner saves into the adf hot folder (a subfolder names the unit), the
# phone into ponsel; written under a temporary name and renamed, as scanners do.
drop() { cp "$1" "$2/.$(basename "$1").tmp" && mv "$2/.$(basename "$1").tmp" "$2/$(basename "$1")"; }
mkdir -p "$HOME_DIR/inbox/adf/Keuangan"
n=0
for f in samples/*; do
  case "$f" in
    *foto*|*.png) drop "$f" "$HOME_DIR/inbox/ponsel" ;;
    *keuangan*)   drop "$f" "$HOME_DIR/inbox/adf/Keuangan" ;;
    *)            drop "$f" "$HOME_DIR/inbox/adf" ;;
  esac
  n=$((n + 1))
done
echo "$n berkas contoh diletakkan di folder pindai / sample files dropped into the hot folders"

# Wait until every sample is filed or failed (the log has one JSON line per event;
# a batch split into several documents logs one line per document).
done_files() { grep -oE '"event": "(filed|failed|duplicate)", "file": "[^"]*"' "$HOME_DIR/watch.log" | sort -u | sed 's/.*"file"//' | sort -u | wc -l; }
until [ "$(done_files)" -ge "$n" ]; do
  kill -0 $watcher 2>/dev/null || { cat "$HOME_DIR/watch.log"; exit 1; }
  sleep 0.5
done
kill -TERM $watcher && wait $watcher
trap - EXIT

echo "== log (satu baris per peristiwa / one line per event)"
grep -oE '\{.*"event": "(filed|failed)".*\}' "$HOME_DIR/watch.log"
echo "== status (terlihat di folder bersama / visible in the share)"
cat "$HOME_DIR/inbox/adf/STATUS-pindai.txt"
echo "== arsip / archive"
find "$HOME_DIR/archive" -type f -name '*.pdf' | sort
echo "== gagal / failed (with reason files)"
for r in "$HOME_DIR"/inbox/*/GAGAL/*.alasan.txt; do [ -e "$r" ] && { echo "-- $r"; cat "$r"; }; done
echo "== pindai search rapat (sisi publik / public side)"
$PINDAI search --home "$HOME_DIR" rapat --limit 3
echo "== pindai search --exempt tugas (petugas PPID / PPID officers)"
$PINDAI search --home "$HOME_DIR" --exempt tugas --limit 3
echo "== pindai review (menunggu keputusan / waiting for a decision)"
COLUMNS=140 $PINDAI review --home "$HOME_DIR"
# The officer approves every confidently public suggestion, as after checking them.
public_ids=$($PINDAI review --home "$HOME_DIR" --json | .venv/bin/python -c '
import json, sys
print(" ".join(str(r["id"]) for r in map(json.loads, sys.stdin) if r["side"] == "public"))')
if [ -n "$public_ids" ]; then
  echo "== pindai review accept $public_ids"
  $PINDAI review accept --home "$HOME_DIR" $public_ids --reason "diperiksa dalam demo"
fi
echo "== pindai register dip (CSV)"
$PINDAI register dip --home "$HOME_DIR" --format csv | head -5
echo "== pindai register dik -o $HOME_DIR/daftar-dik.pdf"
$PINDAI register dik --home "$HOME_DIR" --format pdf -o "$HOME_DIR/daftar-dik.pdf"
echo "== pindai publish $HOME_DIR/situs-dip"
$PINDAI publish --home "$HOME_DIR" "$HOME_DIR/situs-dip"
echo "== pindai report -o $HOME_DIR/laporan.html"
$PINDAI report --home "$HOME_DIR" -o "$HOME_DIR/laporan.html"
echo "== pindai check"
$PINDAI check --home "$HOME_DIR"
echo "== demo selesai / demo done: $HOME_DIR"

# The officers' workspace on the demo home, with a demo officer account.
DEMO_USER=petugas
DEMO_PASS=demo-ppid-2024
echo "$DEMO_PASS" | $PINDAI user add "$DEMO_USER" --role officer --home "$HOME_DIR" >/dev/null
if [ -t 0 ] && [ -t 1 ]; then
  PORT=${PINDAI_DEMO_PORT:-8080}
  echo "== ruang kerja PPID / the officers' workspace"
  echo "   buka / open   http://127.0.0.1:$PORT/"
  echo "   akun / account $DEMO_USER   sandi / password $DEMO_PASS"
  echo "   Ctrl-C untuk berhenti / to stop"
  exec $PINDAI serve --home "$HOME_DIR" --bind "127.0.0.1:$PORT"
fi
# Without a terminal (CI, scripts): serve on a free port, check one page, stop.
PORT=$(.venv/bin/python -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
$PINDAI serve --home "$HOME_DIR" --bind "127.0.0.1:$PORT" > "$HOME_DIR/serve.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null' EXIT
echo "== ruang kerja / workspace: http://127.0.0.1:$PORT/ (tanpa terminal: diperiksa lalu berhenti / no terminal: checked, then stopped)"
.venv/bin/python - "http://127.0.0.1:$PORT" "$DEMO_USER" "$DEMO_PASS" <<'PY'
import http.cookiejar, re, sys, time, urllib.parse, urllib.request

url, user, password = sys.argv[1:4]
web = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
for _ in range(150):
    try:
        login = web.open(f"{url}/masuk", timeout=5)
        break
    except OSError:
        time.sleep(0.2)
else:
    sys.exit("pindai serve did not start")
print(f"GET /masuk -> {login.status}")
csrf = re.search(r'name="csrf" value="([^"]+)"', login.read().decode()).group(1)
form = urllib.parse.urlencode({"name": user, "password": password, "csrf": csrf}).encode()
inbox = web.open(f"{url}/masuk", data=form, timeout=30)
page = inbox.read().decode()
print(f"POST /masuk -> {inbox.url.removeprefix(url)} {inbox.status}")
if inbox.status != 200 or not inbox.url.endswith("/kotak-masuk") or "Kotak masuk" not in page:
    sys.exit("the inbox did not open after logging in")
rows = page.count('<tr class="row"')
print(f"kotak masuk / inbox: {rows} dokumen menunggu keputusan / waiting")
PY
status=$?
kill $server && wait $server 2>/dev/null
trap - EXIT
exit $status
