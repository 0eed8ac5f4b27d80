#!/usr/bin/env bash
# Runs the fuzz targets: `fuzz/run.sh [--dev] SECONDS [TARGET…]` (default:
# every target, 30 s each). `--dev` builds them without optimisation: a
# third of the build time (3.5 min against 11 min from scratch on a 2-core
# machine) for fewer runs a second, the trade for CI's smoke run; a long
# campaign wants the default, optimised build. Seeds each target's corpus with every `.charter` file
# of the repository (fixtures, standard library) at run time, so no copy of
# them is committed; the corpus directory keeps what the fuzzer finds.
# Needs a nightly toolchain and cargo-fuzz (`cargo install cargo-fuzz --locked`).
set -euo pipefail
cd "$(dirname "$0")"
build=()
if [ "${1:-}" = "--dev" ]; then
    build=(--dev)
    shift
fi
seconds="${1:-30}"
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
    targets=(parse check fmt plan)
fi
for target in "${targets[@]}"; do
    corpus="corpus/$target"
    mkdir -p "$corpus"
    # Content-named seeds: re-seeding never duplicates a file.
    find ../tests/fixtures ../stdlib-specs -name '*.charter' -print0 |
        while IFS= read -r -d '' seed; do
            cp "$seed" "$corpus/seed-$(sha1sum "$seed" | cut -c1-16)"
        done
    echo "--- fuzz $target for ${seconds}s"
    cargo +nightly fuzz run "${build[@]}" "$target" "$corpus" -- \
        -dict=charter.dict -max_total_time="$seconds" -max_len=65536 -timeout=10 -rss_limit_mb=2048 \
        -print_final_stats=1
done
