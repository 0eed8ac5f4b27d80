#!/usr/bin/env bash
# Runs the fuzz targets: `fuzz/run.sh SECONDS [TARGET…]` (default: every
# target, 30 s each). Seeds each target's corpus with every `.charter` file
# of the repository (fixtures, standard library) at run time, so no copy of
# them is committed; the corpus directory keeps what the fuzzer finds.
# Needs a nightly toolchain and cargo-fuzz (`cargo install cargo-fuzz --locked`).
set -euo pipefail
cd "$(dirname "$0")"
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
    cargo +nightly fuzz run "$target" "$corpus" -- \
        -dict=charter.dict -max_total_time="$seconds" -max_len=65536 -timeout=10 -rss_limit_mb=2048 \
        -print_final_stats=1
done
