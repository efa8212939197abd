#!/usr/bin/env bash
# Make sure Debian's nginx and redis-server are present for `make front` and the front-door test.
# Installs them with apt-get when missing and possible (as scripts/ensure_browser.sh does for chromium).
set -euo pipefail
if command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ]; then
  if command -v redis-server >/dev/null 2>&1; then exit 0; fi
fi
if command -v apt-get >/dev/null 2>&1; then
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then sudo="sudo -n"; else
      echo "nginx/redis-server missing and not root: install nginx-light and redis-server with apt-get" >&2; exit 0; fi
  fi
  echo "Installing Debian nginx-light and redis-server with apt-get ..."
  $sudo apt-get update -qq
  # the packages' own services are not used: `make front` and the test start their own, on loopback ports
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends nginx-light redis-server >/dev/null
  exit 0
fi
echo "nginx/redis-server missing and apt-get unavailable: install them to run the front door" >&2
exit 0  # the front-door test then says what is missing
