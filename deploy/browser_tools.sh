#!/usr/bin/env bash
# What the browser tests need beside the Python environment: Debian's Chromium (Playwright drives
# it; browser downloads are impossible here) and axe-core from npm, pinned in package-lock.json.
# Idempotent: installs only what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
command -v npm >/dev/null 2>&1 || missing+=(npm)
if [ ${#missing[@]} -gt 0 ]; then
    if [ "$(id -u)" -ne 0 ] && ! command -v sudo >/dev/null 2>&1; then
        echo "browser tools: need root (or sudo) to apt-get install ${missing[*]}" >&2
        exit 1
    fi
    as_root=$([ "$(id -u)" -eq 0 ] && echo "" || echo sudo)
    echo "browser tools: apt-get install ${missing[*]}"
    $as_root apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $as_root apt-get install -y -qq "${missing[@]}" >/dev/null
fi

locked=$(node -p 'require("./package-lock.json").packages["node_modules/axe-core"].version')
installed=$(node -p 'try { require("./node_modules/axe-core/package.json").version } catch { "" }')
if [ "$locked" != "$installed" ]; then
    npm ci --no-audit --no-fund --loglevel=error
fi
echo "browser tools: $(/usr/bin/chromium --version 2>/dev/null), axe-core $(node -p 'require("./node_modules/axe-core/package.json").version')"
