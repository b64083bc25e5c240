#!/usr/bin/env bash
# Runs the adapters' tests against the newest release of each peer major they declare, so that a peer range
# such as `openai: ^6 || ^7` is a tested promise rather than a hope:
#
#   openai 6 (newest)                            -> packages/openai's tests     on this node (20.19+)
#   openai 7 (newest; engines: node >= 22)       -> packages/openai's tests     on node 24
#   @langchain/core 1 + @langchain/openai 1      -> packages/langchain's tests  on node 24
#     (the newest @langchain/openai 1 needs node >= 22 and openai 7)
#   ai 6 + its @ai-sdk providers (newest)        -> packages/ai-sdk's tests     on this node (20.19+)
#   ai 7 + its @ai-sdk providers (newest; engines: node >= 22)
#                                                -> packages/ai-sdk's tests     on node 24
#
# Each case runs in a scratch copy of the worktree (its files, uncommitted changes included, and its
# node_modules), where `npm install` puts the peer version into the workspace under test; the copy is then
# deleted. The worktree itself is never installed into: the script fails if its package-lock.json or any
# package.json changed while it ran.
#
# Usage: scripts/test-peer-versions.sh [case...]   cases: openai-6 openai-7 langchain-1 ai-sdk-6 ai-sdk-7 (default: all)
# Environment: PEER_NODE24 overrides the command that runs node 24 (default `npx -y -p node@24 --`).
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
read -r -a node24 <<<"${PEER_NODE24:-npx -y -p node@24 --}"

# name | node ("current" or "24") | workspace folder, whose tests run (with its own vitest.config.ts) | peer packages (name@range, resolved to the newest)
all_cases=(
  "openai-6|current|packages/openai|openai@^6"
  "openai-7|24|packages/openai|openai@^7"
  "langchain-1|24|packages/langchain|@langchain/core@^1 @langchain/openai@^1"
  "ai-sdk-6|current|packages/ai-sdk|ai@^6 @ai-sdk/provider@^3 @ai-sdk/anthropic@^3 @ai-sdk/openai-compatible@^2"
  "ai-sdk-7|24|packages/ai-sdk|ai@^7 @ai-sdk/provider@^4 @ai-sdk/anthropic@^4 @ai-sdk/openai-compatible@^3"
)

selected=("$@")
fingerprint() {
  # The lockfile and every manifest: what an install would change.
  (cd "$root" && git ls-files -z --cached --others --exclude-standard -- package-lock.json 'package.json' '*/package.json' |
    xargs -0 sha256sum)
}
before="$(fingerprint)"

scratch_root="$(mktemp -d "${TMPDIR:-/tmp}/llmcompiler-peers.XXXXXX")"
trap 'rm -rf "$scratch_root"' EXIT

# The newest version of `name` within `range`, from the registry (release versions only).
newest() {
  local name="$1" range="$2"
  npm view "$name@$range" version --json | node -e '
    let text = "";
    process.stdin.on("data", (chunk) => (text += chunk)).on("end", () => {
      const parsed = JSON.parse(text);
      const versions = (Array.isArray(parsed) ? parsed : [parsed]).filter((version) => /^\d+\.\d+\.\d+$/.test(version));
      const key = (version) => version.split(".").map(Number);
      versions.sort((a, b) => { const [x, y] = [key(a), key(b)]; return x[0] - y[0] || x[1] - y[1] || x[2] - y[2]; });
      if (versions.length === 0) process.exit(1);
      console.log(versions.at(-1));
    });'
}

# The version of `name` that code in `dir` imports (node_modules lookup, walking up).
resolved_version() {
  node -e '
    const { existsSync, readFileSync } = require("node:fs");
    const { dirname, join } = require("node:path");
    const [dir, name] = process.argv.slice(1);
    for (let at = dir; ; at = dirname(at)) {
      const manifest = join(at, "node_modules", name, "package.json");
      if (existsSync(manifest)) { console.log(JSON.parse(readFileSync(manifest, "utf8")).version); break; }
      if (dirname(at) === at) { console.log("missing"); break; }
    }' "$1" "$2"
}

# A copy of the worktree: tracked and untracked (not ignored) files as they are now, and every node_modules.
make_scratch() {
  local scratch="$1"
  mkdir -p "$scratch"
  (cd "$root" && git ls-files -z --cached --others --exclude-standard |
    while IFS= read -r -d '' file; do [[ -e "$file" ]] && printf '%s\0' "$file"; done |
    tar --null -T - -cf -) | tar -xf - -C "$scratch"
  (cd "$root" && find . -maxdepth 3 -name node_modules -type d -prune -print0) |
    while IFS= read -r -d '' modules; do mkdir -p "$scratch/$(dirname "$modules")" && cp -a "$root/$modules" "$scratch/$modules"; done
}

summary=()
failed=0
for entry in "${all_cases[@]}"; do
  IFS='|' read -r name node workspace peers <<<"$entry"
  if [[ ${#selected[@]} -gt 0 && ! " ${selected[*]} " == *" $name "* ]]; then continue; fi
  runner=()
  [[ "$node" == "24" ]] && runner=("${node24[@]}")

  specs=()
  for peer in $peers; do
    peer_name="${peer%@*}"
    specs+=("$peer_name@$(newest "$peer_name" "${peer##*@}")")
  done
  echo "== peer versions: $name: ${specs[*]} in $workspace, node $("${runner[@]}" node --version)"

  scratch="$scratch_root/$name"
  make_scratch "$scratch"
  (cd "$scratch" && "${runner[@]}" npm install --no-audit --no-fund --ignore-scripts --save-dev -w "$workspace" "${specs[@]}" >/dev/null)

  installed=()
  for spec in "${specs[@]}"; do
    peer_name="${spec%@*}"
    version="$(resolved_version "$scratch/$workspace" "$peer_name")"
    installed+=("$peer_name@$version")
    if [[ "$spec" != "$peer_name@$version" ]]; then
      echo "   $workspace resolves $peer_name to $version, not ${spec##*@}" >&2
      exit 1
    fi
  done

  if (cd "$scratch" && "${runner[@]}" npx vitest run --root "$workspace"); then
    summary+=("ok    $name: ${installed[*]} (node $("${runner[@]}" node --version))")
  else
    summary+=("FAIL  $name: ${installed[*]} (node $("${runner[@]}" node --version))")
    failed=1
  fi
  rm -rf "$scratch"
done

echo "== peer versions: summary"
printf '   %s\n' "${summary[@]}"

if [[ "$(fingerprint)" != "$before" ]]; then
  echo "The worktree's package-lock.json or a package.json changed during the peer tests:" >&2
  diff <(echo "$before") <(fingerprint) >&2 || true
  exit 1
fi
exit "$failed"
