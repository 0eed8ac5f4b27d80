//! `charter export PLAN --to github-actions|argo [-o FILE]`.

use charter::workspace::stdio::{errln, out};
use std::path::{Path, PathBuf};

use clap::{Args, ValueEnum};

use super::{EXIT_OK, EXIT_USAGE};
use charter::export::{ExportContext, Target};
use charter::plan::input::LoadedPlan;

#[derive(Args, Debug)]
pub struct ExportArgs {
    /// The plan (`charter build SPEC -o plan.json`), as committed in the repository.
    plan: PathBuf,
    /// The engine to export to.
    #[arg(long, value_enum)]
    to: Engine,
    /// Write here (atomically) instead of to stdout.
    #[arg(short, long)]
    output: Option<PathBuf>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum Engine {
    /// A GitHub Actions workflow (`.github/workflows/NAME.yml`).
    GithubActions,
    /// An Argo Workflows `Workflow`.
    Argo,
}

/// The plan's path as the exported document names it: relative paths as
/// written (with `/`), an absolute one by its file name only, so the output
/// does not depend on where the command ran.
fn shown_path(path: &Path) -> String {
    if path.is_absolute() {
        return path
            .file_name()
            .map_or_else(|| "plan.json".into(), |n| n.to_string_lossy().into_owned());
    }
    let text = path.to_string_lossy().replace('\\', "/");
    text.trim_start_matches("./").to_string()
}

pub fn run(args: ExportArgs) -> u8 {
    let loaded = match LoadedPlan::read(&args.plan) {
        Ok(p) => p,
        Err(e) => {
            errln!("error: {e}");
            return EXIT_USAGE;
        }
    };
    let ctx = ExportContext {
        plan: &loaded.doc,
        plan_path: shown_path(&args.plan),
        plan_sha256: loaded.sha256.clone(),
    };
    let target = match args.to {
        Engine::GithubActions => Target::GithubActions,
        Engine::Argo => Target::Argo,
    };
    let text = match charter::export::export(target, &ctx) {
        Ok(t) => t,
        Err(e) => {
            errln!("error: {e}");
            return EXIT_USAGE;
        }
    };
    match &args.output {
        None => {
            out!("{text}");
            EXIT_OK
        }
        Some(path) => match super::atomic::write_atomically(path, text.as_bytes()) {
            Ok(()) => EXIT_OK,
            Err(e) => {
                errln!("error: {e}");
                EXIT_USAGE
            }
        },
    }
}
