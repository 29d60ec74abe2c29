# Shared by scripts/test and scripts/example: system packages and a fresh virtualenv.
# shellcheck shell=bash

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
    echo "error: need root (or sudo) to run: $*" >&2; return 1; fi
}

apt_install() {
  echo "==> apt-get install -y $*"
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "$@"
}

# The same search as deckbuild.browser.find_browser, without needing Python packages.
have_browser() {
  [ -n "${DECKBUILD_BROWSER:-}" ] && [ -x "$DECKBUILD_BROWSER" ] && return 0
  local cache="${PLAYWRIGHT_BROWSERS_PATH:-${XDG_CACHE_HOME:-$HOME/.cache}/ms-playwright}"
  compgen -G "$cache/chromium-*/chrome-linux*/chrome" >/dev/null && return 0
  local name
  for name in chromium chromium-browser google-chrome google-chrome-stable; do
    command -v "$name" >/dev/null && return 0
  done
  return 1
}

ensure_browser() {
  have_browser || apt_install chromium
}

pick_python() {
  local candidate
  for candidate in ${PYTHON:-} python3.13 python3.12 python3.11 python3; do
    if command -v "$candidate" >/dev/null &&
       "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
      echo "$candidate"; return 0
    fi
  done
  echo "error: deckbuild needs Python 3.11 or newer (set PYTHON=/path/to/python3.11)" >&2
  return 1
}

# fresh_venv DIR EXTRAS: remove DIR, create it anew, install this checkout into it.
fresh_venv() {
  local python
  python="$(pick_python)"
  echo "==> fresh virtualenv $1 ($python)"
  rm -rf "$1"
  "$python" -m venv "$1"
  "$1/bin/python" -m pip install -q --upgrade pip
  "$1/bin/python" -m pip install -q -e ".$2"
}
