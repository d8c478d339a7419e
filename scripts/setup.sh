#!/usr/bin/env bash
# Install everything pindai needs on a Debian machine: the Debian packages (as root
# or through sudo) and the Python environment in .venv. Idempotent and quiet when
# everything is already there.
set -euo pipefail
cd "$(dirname "$0")/.."

DEBIAN_PACKAGES=(
  tesseract-ocr tesseract-ocr-ind tesseract-ocr-eng tesseract-ocr-osd  # OCR + languages
  ghostscript qpdf poppler-utils                                       # PDF tools (OCRmyPDF, pdf2image, pdftotext)
  pngquant unpaper                                                     # OCRmyPDF optional tools
  fonts-dejavu-core                                                    # fonts for generated test/sample scans and register PDFs
  chromium chromium-driver                                             # headless browser test of the published DIP site
  postgresql                                                           # the catalogue on PostgreSQL: tests start their own server (#19)
  redis-server                                                         # the Celery broker: tests start their own server (#19)
)

say() { [ "${PINDAI_SETUP_QUIET:-}" = 1 ] || echo "setup: $*" >&2; }

missing=()
for p in "${DEBIAN_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ! python3 -c 'import venv, ensurepip' 2>/dev/null; then missing+=(python3-venv); fi

if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then SUDO=(); elif command -v sudo >/dev/null; then SUDO=(sudo); else
    echo "setup: these Debian packages are missing: ${missing[*]}" >&2
    echo "setup: run as root: apt-get install -y ${missing[*]}" >&2
    exit 1
  fi
  say "installing Debian packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  "${SUDO[@]}" apt-get update -qq
  "${SUDO[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# Byte-compile pindai's own modules (quick when up to date): pip does not compile an
# editable install, and with PYTHONDONTWRITEBYTECODE set, as on the CI machines, every
# pindai process would compile them again (50 ms a process start; #2).
compile_pindai() { .venv/bin/python -m compileall -q pindai >/dev/null || true; }

# Python environment: rebuilt only when pyproject.toml or the lock file change.
stamp=.venv/.pindai-setup
want=$(cat pyproject.toml requirements.lock | sha256sum | cut -d' ' -f1)
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
  compile_pindai
  exit 0
fi
say "preparing Python environment in .venv"
[ -x .venv/bin/python ] || python3 -m venv .venv
# A failed pip must not be recorded as a finished set-up (the next run would skip it): with
# pipefail, the pipeline fails when pip does.
if ! .venv/bin/python -m pip install -q --disable-pip-version-check -c requirements.lock -e '.[test]' 2>&1 \
    | { grep -v "is ignored: it is neither a file nor a directory" >&2 || true; }; then
  echo "setup: pip install failed; see the lines above, then run it again" >&2
  exit 1
fi
.venv/bin/python -c 'import pindai, ocrmypdf, cv2, pikepdf.pdfa, tesserocr, fastapi, pypdfium2, psycopg, celery' \
  || { echo "setup: Python install failed" >&2; exit 1; }
compile_pindai
echo "$want" > "$stamp"
say "ready"
