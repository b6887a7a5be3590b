#!/usr/bin/env bash
# Install everything the tests need into .venv and run every check: ruff, mypy and
# the whole pytest suite (unit, integration through the real broker on SQLite and
# PostgreSQL, end-to-end, browser).
set -euo pipefail
cd "$(dirname "$0")/.."

python="${PYTHON:-python3}"
[ -x .venv/bin/python ] || "$python" -m venv .venv
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet -e '.[test,local]'

# The companion web app is tested in Debian's headless Chromium.
if ! command -v chromium >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ]; then
    (apt-get update -qq && apt-get install -y -qq chromium chromium-driver >/dev/null) ||
      echo "warning: could not install chromium; browser tests will be skipped (fail under RUJUKAN_REQUIRE_BROWSER)" >&2
  else
    echo "warning: chromium is missing and this is not root; browser tests will be skipped" >&2
  fi
fi

# The reports' PDF text is checked with poppler's pdftotext (Debian's poppler-utils).
if ! command -v pdftotext >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ]; then
    (apt-get update -qq && apt-get install -y -qq --no-install-recommends poppler-utils >/dev/null) ||
      echo "warning: could not install poppler-utils; the report PDF test will fail" >&2
  else
    echo "warning: pdftotext is missing and this is not root; the report PDF test will fail" >&2
  fi
fi

# promtool checks the alert rules in compose/prometheus/ (Debian's prometheus package).
if ! command -v promtool >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ]; then
    (apt-get update -qq && apt-get install -y -qq --no-install-recommends prometheus >/dev/null) ||
      echo "warning: could not install prometheus; the promtool test will be skipped" >&2
  else
    echo "warning: promtool is missing and this is not root; its test will be skipped" >&2
  fi
fi

.venv/bin/ruff check .
.venv/bin/ruff format --check .
.venv/bin/mypy
# Three workers, each module on one worker (module-scoped networks are started once): the
# tests mostly wait on the broker and the services they start, so three share two cores.
.venv/bin/pytest -q -n "${RUJUKAN_TEST_WORKERS:-3}" --dist loadfile "$@"
