#!/usr/bin/env bash
# Install (or upgrade) pindai on an office server, as root: only what runs pindai (no browser, no
# test tools), the service user and groups, the home, the systemd units (watcher, workspace,
# nightly timer) and an example Samba share for the scanners.
#
#   sudo scripts/install.sh               # install, or upgrade an installed pindai, and start it
#   sudo scripts/install.sh --no-start    # install, enable nothing yet
#   scripts/install.sh --dry-run          # print what it would do; changes nothing (no root needed)
#
# Settings (environment): PINDAI_PREFIX (/opt/pindai: the code and its .venv), PINDAI_HOME
# (/srv/pindai), PINDAI_USER (pindai), PINDAI_BIND (127.0.0.1:8080: the workspace, behind a proxy).
set -euo pipefail
SRC=$(cd "$(dirname "$0")/.." && pwd)
PREFIX=${PINDAI_PREFIX:-/opt/pindai}
HOME_DIR=${PINDAI_HOME:-/srv/pindai}
SVC_USER=${PINDAI_USER:-pindai}
BIND=${PINDAI_BIND:-127.0.0.1:8080}
UNITS=(pindai.service pindai-web.service pindai-nightly.service pindai-nightly.timer)
SYSTEMD_DIR=${PINDAI_SYSTEMD_DIR:-/etc/systemd/system}
DRY=0
START=1

# Only what runs pindai: OCR, PDF tools, fonts for the registers, Python's venv. Not chromium,
# not chromium-driver (the test suite's browser), not the [test] extras.
DEBIAN_PACKAGES=(
  tesseract-ocr tesseract-ocr-ind tesseract-ocr-eng tesseract-ocr-osd
  ghostscript qpdf poppler-utils pngquant unpaper fonts-dejavu-core
  python3-venv
)

usage() { sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; }
for arg in "$@"; do
  case "$arg" in
    --dry-run|-n) DRY=1 ;;
    --no-start) START=0 ;;
    -h|--help) usage; exit 0 ;;
    *) echo "install: pilihan tidak dikenal / unknown option: $arg (see --help)" >&2; exit 2 ;;
  esac
done

say() { echo "install: $*" >&2; }
# Every change goes through run: printed, and carried out unless --dry-run.
run() {
  echo "+ $*"
  [ "$DRY" = 1 ] || "$@"
}

if [ "$DRY" = 0 ] && [ "$(id -u)" != 0 ]; then
  say "jalankan sebagai root / run as root: sudo $0 $*  (or --dry-run to see what it would do)"
  exit 1
fi
[ "$DRY" = 1 ] && say "--dry-run: nothing is changed; these are the steps"

upgrade=0
[ -x "$PREFIX/.venv/bin/pindai" ] && upgrade=1
[ "$upgrade" = 1 ] && say "pindai is installed in $PREFIX: upgrading it"

# 1. Debian packages
missing=()
for p in "${DEBIAN_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  run env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  run env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
else
  say "Debian packages: all present"
fi

# 2. Service user and groups: ppid (PPID officers read the restricted side), scanner (desk
# staff and the Samba share write the hot folders).
for g in ppid scanner; do
  getent group "$g" >/dev/null || run groupadd --system "$g"
done
if ! id "$SVC_USER" >/dev/null 2>&1; then
  run useradd --system --home-dir "$HOME_DIR" --no-create-home --shell /usr/sbin/nologin -g ppid -G scanner "$SVC_USER"
fi

# 3. The code and its Python environment (no test extras), pinned by requirements.lock.
if [ "$upgrade" = 1 ] && [ "$START" = 1 ]; then
  for u in pindai pindai-web; do
    command -v systemctl >/dev/null && systemctl is-active -q "$u" 2>/dev/null && run systemctl stop "$u"
  done
fi
run install -d -m 0755 "$PREFIX"
if [ "$SRC" != "$PREFIX" ]; then
  # The package sources, not the checkout's tests, benchmarks or local homes.
  run tar -C "$SRC" -cf "$PREFIX/.pindai-src.tar" --exclude='__pycache__' pyproject.toml requirements.lock \
    README.md CHANGES.md pindai deploy scripts
  run tar -C "$PREFIX" -xf "$PREFIX/.pindai-src.tar"
  run rm -f "$PREFIX/.pindai-src.tar"
fi
[ -x "$PREFIX/.venv/bin/python" ] || run python3 -m venv "$PREFIX/.venv"
run "$PREFIX/.venv/bin/python" -m pip install -q --disable-pip-version-check -c "$PREFIX/requirements.lock" "$PREFIX"
run "$PREFIX/.venv/bin/pindai" doctor

# 4. The home: restricted folders 0750/0640 for the service user and the ppid group; hot
# folders writable by the scanner group. An existing home is kept (its catalogue is migrated
# by pindai itself at the next start).
run install -d -o "$SVC_USER" -g ppid -m 0755 "$HOME_DIR"
if [ ! -e "$HOME_DIR/pindai.toml" ]; then
  run runuser -u "$SVC_USER" -- "$PREFIX/.venv/bin/pindai" init --home "$HOME_DIR" --group ppid
  run chgrp -R scanner "$HOME_DIR/inbox"
  run find "$HOME_DIR/inbox" -type d -exec chmod 2770 {} +
else
  say "home $HOME_DIR kept (pindai.toml present)"
fi
run install -d -o "$SVC_USER" -g ppid -m 0750 "$HOME_DIR/nightly"

# 5. systemd units: the watcher, the workspace and the nightly batch with its timer.
for u in "${UNITS[@]}"; do
  run install -m 0644 "$SRC/deploy/$u" "$SYSTEMD_DIR/$u"
done
if [ "$PREFIX" != /opt/pindai ] || [ "$HOME_DIR" != /srv/pindai ] || [ "$SVC_USER" != pindai ] \
   || [ "$BIND" != 127.0.0.1:8080 ]; then
  for u in "${UNITS[@]}"; do
    run sed -i -e "s#/opt/pindai#$PREFIX#g" -e "s#/srv/pindai#$HOME_DIR#g" -e "s#^User=pindai#User=$SVC_USER#" \
      -e "s#--bind 127.0.0.1:8080#--bind $BIND#" "$SYSTEMD_DIR/$u"
  done
fi
if command -v systemd-analyze >/dev/null; then
  # Checks the units as installed: unknown keys, bad paths, a missing ExecStart binary.
  run systemd-analyze verify "${UNITS[@]/#/$SYSTEMD_DIR/}"
fi
if [ "$START" = 1 ] && command -v systemctl >/dev/null && [ -d /run/systemd/system ]; then
  run systemctl daemon-reload
  run systemctl enable --now pindai.service pindai-web.service pindai-nightly.timer
  [ "$upgrade" = 1 ] && run systemctl restart pindai.service pindai-web.service
elif [ "$START" = 1 ]; then
  say "systemd is not running here: start the units at the next boot, or run: $PREFIX/.venv/bin/pindai watch"
fi

# 6. Samba: an example share per hot folder, SMB2 or newer (what ADF scanners speak today).
run install -d -m 0755 /etc/pindai
run install -m 0644 "$SRC/deploy/smb.conf.example" /etc/pindai/smb.conf.example

cat <<EOF

pindai $( [ "$upgrade" = 1 ] && echo "diperbarui / upgraded" || echo "terpasang / installed" ): code $PREFIX, home $HOME_DIR, user $SVC_USER.
Next steps:
  1. An officer account for the workspace (the password is asked twice):
       runuser -u $SVC_USER -- $PREFIX/.venv/bin/pindai user add siti --role officer --home $HOME_DIR
     Officers' OS accounts (if any) join the ppid group: usermod -aG ppid siti
  2. The workspace listens on $BIND: put the TLS proxy in front (deploy/nginx-pindai.conf.example).
  3. Scanners: add the shares of /etc/pindai/smb.conf.example to /etc/samba/smb.conf, then for each
     scanner an account in the scanner group with a Samba password:
       useradd --system --no-create-home --shell /usr/sbin/nologin -G scanner scanner-adf1
       smbpasswd -a scanner-adf1
       systemctl reload smbd
  4. Check: systemctl status pindai pindai-web; systemctl list-timers pindai-nightly.timer
EOF
