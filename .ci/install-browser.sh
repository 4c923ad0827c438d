#!/usr/bin/env bash
# What the HTML report's tests need from Debian: Chromium for the browser tests (playwright-core
# drives /usr/bin/chromium; no browser download) and Graphviz for the DOT render test.
set -euo pipefail
if [ -x /usr/bin/chromium ] && [ -x /usr/bin/dot ]; then exit 0; fi
export DEBIAN_FRONTEND=noninteractive
apt-get update
apt-get install -y --no-install-recommends chromium graphviz fonts-dejavu-core
