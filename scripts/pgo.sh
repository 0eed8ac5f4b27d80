#!/usr/bin/env bash
# Builds `charter` optimised with a profile of its own runs (profile-guided
# optimisation, as rustc and rust-analyzer ship): `scripts/pgo.sh [--install]`.
#
#   1. an instrumented build of the `dist` profile (Cargo.toml: the release
#      profile with fat LTO in one codegen unit), in target/pgo/instrumented;
#   2. its runs over the training work: `bench --train` (the benchmark's
#      workspaces, every lint firing, plans, drawings, formatting; see
#      examples/bench/train.rs) and `lsp_bench` (the language server);
#   3. `llvm-profdata merge` of their profiles (target/pgo/charter.profdata);
#   4. a `dist` build that uses the profile: target/pgo/charter, or, with
#      `--install`, installed as `cargo install --path .` does.
#
# The profile is made afresh on every run and never committed: it is build
# output, and it only fits the compiler and the source it was made with.
# Needs rustup's `llvm-tools` component (added here when missing), for an
# `llvm-profdata` of the compiler's LLVM. 9 minutes on a 2-core machine
# (each build 3.5-5 minutes). Figures: docs/performance.md, stop 42.
set -euo pipefail
cd "$(dirname "$0")/.."

install=no
case "${1:-}" in
    "") ;;
    --install) install=yes ;;
    -h | --help)
        sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'
        exit 0
        ;;
    *)
        echo "error: unknown argument \`$1\`" >&2
        echo "usage: scripts/pgo.sh [--install]" >&2
        exit 2
        ;;
esac

host=$(rustc -vV | sed -n 's/^host: //p')
profdata="$(rustc --print sysroot)/lib/rustlib/$host/bin/llvm-profdata"
if [ ! -x "$profdata" ]; then
    echo "--- adding rustup's llvm-tools component (llvm-profdata)"
    rustup component add llvm-tools
fi
[ -x "$profdata" ] || { echo "error: no llvm-profdata at $profdata" >&2; exit 1; }

work="${CARGO_TARGET_DIR:-$PWD/target}/pgo"
profiles="$work/profiles"
rm -rf "$profiles"
mkdir -p "$profiles"
# `--target`, although it is the host: RUSTFLAGS then reach the binary and
# its dependencies only, not the build scripts and procedural macros the
# compiler runs (which would otherwise be instrumented and profiled too).
build() { # RUSTFLAG TARGET_DIR [cargo args...]
    local flag=$1 dir=$2
    shift 2
    RUSTFLAGS="${RUSTFLAGS:-} $flag" cargo "$@" --profile dist --locked --target "$host" \
        --target-dir "$dir"
}

echo "--- instrumented build"
build "-Cprofile-generate=$profiles" "$work/instrumented" build --bin charter
instrumented="$work/instrumented/$host/dist/charter"

echo "--- training"
# `%m`: every run merges into one file per binary, rather than a file per
# process (4 MB each).
export LLVM_PROFILE_FILE="$profiles/charter-%m.profraw"
cargo run --locked --quiet --example bench -- --train --charter "$instrumented"
cargo run --locked --quiet --example lsp_bench -- --runs 5 --charter "$instrumented" >/dev/null
unset LLVM_PROFILE_FILE
"$profdata" merge -o "$work/charter.profdata" "$profiles"

echo "--- optimised build"
use="-Cprofile-use=$work/charter.profdata"
build "$use" "$work/optimised" build --bin charter
cp "$work/optimised/$host/dist/charter" "$work/charter"
echo "built $work/charter"
if [ "$install" = yes ]; then
    # The same flags and target directory: cargo reuses the build above.
    build "$use" "$work/optimised" install --path . --force
fi
