#!/usr/bin/env bash
# Records how the real iptables (1.8.9, nf_tables backend) treats every rule of
# scripts/kernel/iptables-corpus.txt, and how iptables-restore / iptables-save / iptables -S
# treat every scenario of scripts/kernel/iptables-rulesets.txt. Writes
#   src/engine/netfilter/__golden__/iptables-corpus.json
#   src/engine/netfilter/__golden__/iptables-rulesets.json
# Run as root on a machine with iptables-nft; it only touches an empty network namespace
# named nlA-corpus-$$ (no interfaces but lo, no traffic) and deletes it on exit.
#
# Corpus line format: `TABLE CHAIN RULE...` where RULE is split like a shell command line.
# Ruleset scenarios: blocks separated by lines `=== NAME`; each block is iptables-restore input.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
corpus=${CORPUS:-$here/iptables-corpus.txt}
rulesets=${RULESETS:-$here/iptables-rulesets.txt}
out_dir=$root/src/engine/netfilter/__golden__
ns=nlA-corpus-$$

[ "$(id -u)" = 0 ] || { echo "must run as root" >&2; exit 1; }
command -v jq >/dev/null || { echo "needs jq" >&2; exit 1; }
version=$(iptables -V)
case "$version" in *"v1.8.9 (nf_tables)"*) ;; *) echo "expected iptables v1.8.9 (nf_tables), got: $version" >&2; exit 1 ;; esac

cleanup() { ip netns del "$ns" 2>/dev/null || true; }
trap cleanup EXIT
ip netns add "$ns"
ipt() { ip netns exec "$ns" iptables "$@"; }

# Drop the "Try `iptables -h'..." hint and blank lines; keep everything else iptables printed.
clean_err() { grep -v -e "^Try \`iptables -h' or 'iptables --help' for more information.$" -e '^$' || true; }

tables=(raw mangle nat filter security)
user_chains=(MYCHAIN other-chain)

mkdir -p "$out_dir"
tmp=$(mktemp -d)
trap 'cleanup; rm -rf "$tmp"' EXIT

: >"$tmp/corpus.jsonl"
n=0
while IFS= read -r line || [ -n "$line" ]; do
  case "$line" in '' | '#'*) continue ;; esac
  table=${line%% *}
  rest=${line#* }
  chain=${rest%% *}
  rule=${rest#* }
  [ "$rule" = "$rest" ] && rule=''
  # Fresh table: flush every chain and delete user chains, then recreate the user chains.
  ipt -t "$table" -F >/dev/null 2>&1 || true
  ipt -t "$table" -X >/dev/null 2>&1 || true
  for c in "${user_chains[@]}"; do ipt -t "$table" -N "$c" >/dev/null 2>&1 || true; done
  eval "args=($rule)"
  set +e
  stderr=$(ipt -t "$table" -A "$chain" "${args[@]}" 2>&1 >/dev/null)
  rc=$?
  set -e
  listed=''
  if [ "$rc" = 0 ]; then
    listed=$(ipt -t "$table" -S "$chain" | grep -F -- "-A $chain " | head -n 1 || true)
    listed=${listed#"-A $chain "}
    [ "$listed" = "-A $chain" ] && listed=''
    nrules=$(ipt -t "$table" -S "$chain" | grep -c -F -- "-A $chain" || true)
  else
    nrules=0
  fi
  stderr=$(printf '%s\n' "$stderr" | clean_err)
  jq -cn --arg table "$table" --arg chain "$chain" --arg rule "$rule" --argjson rc "$rc" \
    --arg stderr "$stderr" --arg listed "$listed" --argjson nrules "$nrules" \
    '{table:$table, chain:$chain, rule:$rule, rc:$rc} + (if $rc == 0 then {listed:$listed, rules:$nrules} else {} end) + (if $stderr != "" then {stderr:$stderr} else {} end)' \
    >>"$tmp/corpus.jsonl"
  n=$((n + 1))
done <"$corpus"

for t in "${tables[@]}"; do ipt -t "$t" -F >/dev/null 2>&1 || true; ipt -t "$t" -X >/dev/null 2>&1 || true; done

jq -s --arg version "$version" --arg kernel "$(uname -r)" \
  '{generator:"scripts/kernel/record-iptables-corpus.sh", iptables:$version, kernel:$kernel, entries:.}' \
  "$tmp/corpus.jsonl" >"$out_dir/iptables-corpus.json"
echo "corpus: $n entries -> $out_dir/iptables-corpus.json"

# Ruleset scenarios: each in a fresh namespace so that tables created by one do not leak into the next.
: >"$tmp/rulesets.jsonl"
m=0
record_scenario() {
  local name=$1 file=$2
  ip netns del "$ns" 2>/dev/null || true
  ip netns add "$ns"
  set +e
  local stderr rc save
  stderr=$(ip netns exec "$ns" iptables-restore <"$file" 2>&1 >/dev/null)
  rc=$?
  set -e
  save=$(ip netns exec "$ns" iptables-save | grep -v '^#' || true)
  local s_outputs='{}'
  local t
  for t in "${tables[@]}"; do
    local s s_rc
    set +e
    s=$(ip netns exec "$ns" iptables -t "$t" -S 2>&1)
    s_rc=$?
    set -e
    s_outputs=$(jq -c --arg t "$t" --arg s "$s" --argjson rc "$s_rc" '. + {($t): {rc:$rc, out:$s}}' <<<"$s_outputs")
  done
  local missing missing_rc
  set +e
  missing=$(ip netns exec "$ns" iptables -t filter -S NOSUCHCHAIN 2>&1)
  missing_rc=$?
  set -e
  s_outputs=$(jq -c --arg s "$missing" --argjson rc "$missing_rc" '. + {"filter NOSUCHCHAIN": {rc:$rc, out:$s}}' <<<"$s_outputs")
  stderr=$(printf '%s\n' "$stderr" | clean_err)
  jq -cn --arg name "$name" --rawfile input "$file" --argjson rc "$rc" --arg stderr "$stderr" \
    --arg save "$save" --argjson listS "$s_outputs" \
    '{name:$name, input:$input, rc:$rc, stderr:$stderr, save:$save, listS:$listS}' >>"$tmp/rulesets.jsonl"
  m=$((m + 1))
}
if [ -f "$rulesets" ]; then
  name=''
  : >"$tmp/block"
  while IFS= read -r line || [ -n "$line" ]; do
    if [[ $line == '=== '* ]]; then
      [ -n "$name" ] && record_scenario "$name" "$tmp/block"
      name=${line#=== }
      : >"$tmp/block"
    else
      printf '%s\n' "$line" >>"$tmp/block"
    fi
  done <"$rulesets"
  [ -n "$name" ] && record_scenario "$name" "$tmp/block"
fi
jq -s --arg version "$version" '{generator:"scripts/kernel/record-iptables-corpus.sh", iptables:$version, scenarios:.}' \
  "$tmp/rulesets.jsonl" >"$out_dir/iptables-rulesets.json"
echo "rulesets: $m scenarios -> $out_dir/iptables-rulesets.json"
