#!/usr/bin/env bash
# The newest glibc symbol version any ELF file in a folder needs (its "glibc floor"), read from
# the files' own dynamic symbol tables (objdump -T: GLIBC_x.y version needs).
#   glibc_floor.sh DIR            → prints e.g. 2.28
#   glibc_floor.sh DIR 2.31       → also lists files that need more than 2.31, exit 1 if any
set -euo pipefail
dir="${1:?用法：glibc_floor.sh 文件夹 [上限]}"
limit="${2:-}"
report="$(mktemp)"
trap 'rm -f "$report"' EXIT
# (A pipe, not process substitution: a build root without /dev/fd runs this too.)
find "$dir" -type f -print0 | while IFS= read -r -d '' f; do
  head -c 4 "$f" 2>/dev/null | grep -q $'\x7fELF' || continue
  v="$(objdump -T "$f" 2>/dev/null | grep -oE 'GLIBC_[0-9]+\.[0-9]+(\.[0-9]+)?' | sed 's/GLIBC_//' | sort -V | tail -1 || true)"
  if [ -n "$v" ]; then printf '%s %s\n' "$v" "${f#"$dir"/}" >> "$report"; fi
done
floor="$(cut -d' ' -f1 "$report" | sort -V | tail -1)"
echo "${floor:-0}"
if [ -n "$limit" ]; then
  over="$(awk -v lim="$limit" '{ split($1,a,"."); split(lim,b,"."); if (a[1]>b[1] || (a[1]==b[1] && a[2]+0>b[2]+0)) print }' "$report" | sort -V)"
  if [ -n "$over" ]; then
    echo "需要高于 glibc $limit 的文件：" >&2
    echo "$over" >&2
    exit 1
  fi
fi
