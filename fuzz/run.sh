#!/usr/bin/env bash
# Runs the fuzz targets: `fuzz/run.sh [--dev] SECONDS [TARGET…]` (default:
# every target, 30 s each). `--dev` builds them without optimisation: a
# third of the build time (3.5 min against 11 min from scratch on a 2-core
# machine) for fewer runs a second, the trade for CI's smoke run; a long
# campaign wants the default, optimised build. Seeds each target's corpus
# with every `.charter` file of the repository (fixtures, standard library)
# at run time, so no copy of them is committed; the corpus directory keeps
# what the fuzzer finds.
#
# The targets are built first, then fuzzed FUZZ_JOBS at a time (default:
# one per core; a libFuzzer run uses one core), each into its own log,
# printed when it ends. The script fails when any target fails, naming it.
# Needs a nightly toolchain and cargo-fuzz (`cargo install cargo-fuzz --locked`).
set -euo pipefail
cd "$(dirname "$0")"
build=()
# How long one input may run before libFuzzer calls it a hang. The seed
# that exhausts the glob witness search's budget (E011's hostile fixture)
# checks in under 0.1 s optimised but took 11-14 s unoptimised and
# instrumented on a slow 2-core virtual machine, so `--dev` allows a
# minute, which still ends a real hang well inside CI's time.
timeout=10
if [ "${1:-}" = "--dev" ]; then
    build=(--dev)
    timeout=60
    shift
fi
seconds="${1:-30}"
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
    targets=(parse check fmt plan)
fi
jobs="${FUZZ_JOBS:-$(nproc)}"

for target in "${targets[@]}"; do
    corpus="corpus/$target"
    mkdir -p "$corpus"
    # Content-named seeds: re-seeding never duplicates a file.
    find ../tests/fixtures ../stdlib-specs -name '*.charter' -print0 |
        while IFS= read -r -d '' seed; do
            cp "$seed" "$corpus/seed-$(sha1sum "$seed" | cut -c1-16)"
        done
done

# One build for every target, so the runs below only start binaries
# (`cargo fuzz build` without a target builds them all, linking in parallel).
if [ $# -eq 0 ]; then
    cargo +nightly fuzz build "${build[@]}"
else
    for target in "${targets[@]}"; do
        cargo +nightly fuzz build "${build[@]}" "$target"
    done
fi

logs=$(mktemp -d)
declare -A running=()
# An interrupted or failed script leaves no fuzzer running.
trap 'kill "${!running[@]}" 2>/dev/null || true; rm -rf "$logs"' EXIT
fuzz() {
    local target=$1
    cargo +nightly fuzz run "${build[@]}" "$target" "corpus/$target" -- \
        -dict=charter.dict -max_total_time="$seconds" -max_len=65536 -timeout="$timeout" -rss_limit_mb=2048 \
        -print_final_stats=1 >"$logs/$target" 2>&1
}

# Start up to $jobs runs; when one ends, print its log and start the next.
failed=()
finish_one() {
    local pid status=0 target
    wait -n -p pid "${!running[@]}" || status=$?
    target=${running[$pid]}
    unset "running[$pid]"
    echo "--- fuzz $target for ${seconds}s"
    cat "$logs/$target"
    if [ "$status" -ne 0 ]; then
        failed+=("$target")
    fi
}
for target in "${targets[@]}"; do
    while [ ${#running[@]} -ge "$jobs" ]; do
        finish_one
    done
    fuzz "$target" &
    running[$!]=$target
done
while [ ${#running[@]} -gt 0 ]; do
    finish_one
done

if [ ${#failed[@]} -gt 0 ]; then
    echo "error: fuzzing failed for: ${failed[*]} (its log is above)" >&2
    exit 1
fi
