//! `charter graph SPEC [--format mermaid|dot]`: the task graph for people.

use charter::workspace::stdio::{errln, out};
use std::path::PathBuf;

use clap::{Args, ValueEnum};

use super::EXIT_OK;
use charter::semantic::schedule::Schedule;
use charter::workspace::spec as spec_input;

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum GraphFormat {
    Mermaid,
    Dot,
}

#[derive(Args, Debug)]
pub struct GraphArgs {
    /// The `.charter` file holding the spec.
    spec: PathBuf,
    #[arg(long, value_enum, default_value_t = GraphFormat::Mermaid)]
    format: GraphFormat,
    /// Which spec to draw when the file defines several.
    #[arg(long = "spec", value_name = "NAME")]
    spec_name: Option<String>,
}

/// Draws the graph even when the spec has errors (a cycle or a conflict is
/// exactly what one wants to see); the diagnostics are summarised on stderr.
pub fn run(args: GraphArgs) -> u8 {
    let loaded = match spec_input::load(&args.spec) {
        Ok(loaded) => loaded,
        Err(failure) => return spec_input::report(failure),
    };
    let spec = match loaded.spec(args.spec_name.as_deref()) {
        Ok(spec) => spec,
        Err(failure) => return spec_input::report(failure),
    };
    let schedule = Schedule::of(spec);
    let conflicts = charter::lints::conflicting_tasks(&loaded.db, spec, &schedule);
    let text = match args.format {
        GraphFormat::Mermaid => charter::plan::mermaid(spec, &schedule, &conflicts),
        GraphFormat::Dot => charter::plan::dot(spec, &schedule, &conflicts),
    };
    out!("{text}");
    let errors = loaded.diagnostics.iter().filter(|d| d.is_error()).count();
    if errors > 0 {
        errln!("note: the spec has {errors} error(s); run `charter check` to see them");
    }
    EXIT_OK
}
