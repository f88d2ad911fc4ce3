#!/usr/bin/env bash
# Lays out the production install in DEST from a finished build (`npm run build`): build/,
# drizzle/ and the package files, then production dependencies only. CI, the Dockerfile and the
# systemd instructions all install through this script.
#   deploy/assemble.sh DEST
set -euo pipefail
dest=${1:?usage: deploy/assemble.sh DEST}
cd "$(dirname "$0")/.."
if [ ! -f build/server.js ] || [ ! -f build/cli.js ]; then
	echo "There is no finished build here: run npm run build first." >&2
	exit 1
fi
mkdir -p "$dest"
rm -rf "${dest:?}/build" "${dest:?}/drizzle"
cp -R build drizzle package.json package-lock.json .npmrc "$dest/"
cd "$dest"
npm ci --omit=dev --no-audit --no-fund
