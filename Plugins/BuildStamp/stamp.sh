#!/bin/sh
# Writes OUT/BuildStamp.swift with the commit of the package at SOURCE ("unknown" outside a git
# checkout, "+changes" appended when the work tree differs from it). Rewrites only on change.
set -eu
source=$1 out=$2
commit=$(git -C "$source" rev-parse --short=12 HEAD 2>/dev/null || echo unknown)
if [ "$commit" != unknown ] && ! git -C "$source" diff --quiet HEAD -- 2>/dev/null; then
  commit="$commit+changes"
fi
mkdir -p "$out"
new="$out/BuildStamp.swift.new"
printf '/// Written by the BuildStamp plugin at build time.\nenum BuildStamp {\n    static let commit = "%s"\n}\n' "$commit" >"$new"
if cmp -s "$new" "$out/BuildStamp.swift"; then rm -f "$new"; else mv "$new" "$out/BuildStamp.swift"; fi
