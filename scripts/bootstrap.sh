#!/usr/bin/env bash
# Idempotent set-up for a fresh Debian machine: system packages when missing, then the Python
# environment in .venv (reinstalled only when pyproject.toml changes). Sourced by scripts/demo
# and scripts/test; `bootstrap.sh test` also installs what only the tests need.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PROFILE="${1:-run}"

missing_packages() {
  command -v tesseract >/dev/null || echo tesseract-ocr
  tesseract --list-langs 2>/dev/null | grep -qx swe || echo tesseract-ocr-swe
  tesseract --list-langs 2>/dev/null | grep -qx eng || echo tesseract-ocr-eng
  tesseract --list-langs 2>/dev/null | grep -qx Latin || echo tesseract-ocr-script-latn  # knows §
  command -v pdftoppm >/dev/null || echo poppler-utils
  command -v age >/dev/null || echo age                # encrypted backup bundles
  python3 -c 'import ensurepip, venv' 2>/dev/null || echo python3-venv
  # Office, RTF and HTML to PDF (bot/office.py): Writer, Calc, Impress without the desktop
  local lo=/usr/lib/libreoffice/program
  [ -e $lo/libswlo.so ] || echo libreoffice-writer-nogui         # .doc .docx .odt .rtf .html
  [ -e $lo/libsclo.so ] || echo libreoffice-calc-nogui           # .xls .xlsx .ods
  [ -e $lo/libslideshowlo.so ] || echo libreoffice-impress-nogui # .ppt .pptx .odp
  fc-list 2>/dev/null | grep -qi 'Liberation Serif' || echo fonts-liberation2  # a text font
  compgen -G '/usr/lib/*/libarchive.so.13*' >/dev/null || echo libarchive13  # 7z, rar, tar
  if [ "$PROFILE" = test ]; then
    command -v dovecot >/dev/null || [ -x /usr/sbin/dovecot ] || echo dovecot-imapd  # tests/connectors
    command -v openssl >/dev/null || echo openssl        # self-signed certs for TLS tests
    command -v chromium >/dev/null || echo chromium      # browser tests of the web queue
    command -v docker-compose >/dev/null || echo docker-compose  # validates docker-compose.yml
    command -v initdb >/dev/null || compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null \
      || echo postgresql                                 # tests/postgres: a real server
  fi
}

install_packages() {
  local pkgs
  pkgs="$(missing_packages | sort -u | tr '\n' ' ')"
  [ -z "${pkgs// /}" ] && return 0
  echo "diariebot: installerar / installing: $pkgs" >&2
  local sudo=""
  [ "$(id -u)" = 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  # shellcheck disable=SC2086
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends $pkgs >/dev/null
}

python_env() {
  cd "$ROOT"
  [ -x .venv/bin/python ] || python3 -m venv .venv
  local stamp
  stamp="$(sha256sum pyproject.toml | cut -d' ' -f1)"
  if [ "$(cat .venv/.diariebot-installed 2>/dev/null)" != "$stamp" ]; then
    .venv/bin/pip install -q --disable-pip-version-check -U pip
    .venv/bin/pip install -q --disable-pip-version-check -e '.[dev]'
    echo "$stamp" > .venv/.diariebot-installed
  fi
}

# Matrix Synapse for the chat tests, in a venv of its own (its pins must not meet ours),
# under the user's cache so every clone and worktree shares it; made once.
SYNAPSE_SPEC='matrix-synapse>=1.100,<2'
synapse_env() {
  local venv="${DIARIEBOT_SYNAPSE_VENV:-${XDG_CACHE_HOME:-$HOME/.cache}/diariebot/synapse}"
  if [ "$(cat "$venv/.diariebot-installed" 2>/dev/null)" != "$SYNAPSE_SPEC" ]; then
    echo "diariebot: installerar / installing Synapse in $venv" >&2
    python3 -m venv "$venv"
    "$venv/bin/pip" install -q --disable-pip-version-check "$SYNAPSE_SPEC"
    echo "$SYNAPSE_SPEC" > "$venv/.diariebot-installed"
  fi
}

install_packages
python_env
if [ "$PROFILE" = test ]; then synapse_env; fi
export OMP_THREAD_LIMIT=1
