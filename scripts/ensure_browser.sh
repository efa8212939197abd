#!/usr/bin/env bash
# Make sure Debian's chromium and chromium-driver are present for the browser tests.
# Installs them with apt-get when missing and possible; never downloads a browser build of its own.
set -euo pipefail
if command -v chromium >/dev/null 2>&1 && command -v chromedriver >/dev/null 2>&1; then
  exit 0
fi
if command -v apt-get >/dev/null 2>&1; then
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then sudo="sudo -n"; else
      echo "chromium/chromium-driver missing and not root: install them with apt-get" >&2; exit 0; fi
  fi
  echo "Installing Debian chromium and chromium-driver with apt-get ..."
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium chromium-driver >/dev/null
  exit 0
fi
# Without apt-get the browser tests report themselves as unable to run (and fail when CI=true).
echo "chromium/chromium-driver missing and apt-get unavailable: browser tests cannot run here" >&2
