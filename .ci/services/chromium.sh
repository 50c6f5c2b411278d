# Browser for the web dashboard's Playwright tests (tests/web/test_browser.py): Debian's
# chromium, driven by the `playwright` Python package. Never `playwright install`: the tests
# launch /usr/bin/chromium itself. Sourced by .ci/run.
if [ ! -x /usr/bin/chromium ]; then
  echo "installing chromium from Debian for the browser tests" >&2
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi
export TACITUS_CHROMIUM=/usr/bin/chromium
