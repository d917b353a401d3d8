#!/bin/sh
# The browser tests drive Debian's chromium. Install it when it is missing and
# this user can (root with apt-get); otherwise say how, and let the browser test
# fail with the same advice.
[ -x /usr/bin/chromium ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "casecast: installing Debian's chromium for the browser tests" >&2
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null && exit 0
fi
echo "casecast: the browser tests need /usr/bin/chromium: sudo apt-get install -y chromium" >&2
exit 0
