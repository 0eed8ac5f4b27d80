//! `charter build SPEC [-o FILE]`: compile one spec to its JSON plan.

use charter::workspace::stdio::{errln, out};
use std::path::PathBuf;

use clap::Args;

use super::{EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, output};
use charter::semantic::schedule::Schedule;
use charter::workspace::spec as spec_input;

#[derive(Args, Debug)]
pub struct BuildArgs {
    /// The `.charter` file holding the spec.
    spec: PathBuf,
    /// Write the plan here (atomically) instead of to stdout.
    #[arg(short, long)]
    output: Option<PathBuf>,
    /// Which spec to compile when the file defines several.
    #[arg(long = "spec", value_name = "NAME")]
    spec_name: Option<String>,
    /// Check the spec and its imports on N threads (default: as many as
    /// `charter check` takes for that many files, so one for a closure of a
    /// few; 1 checks them one after another). The output is the same for any N.
    #[arg(short, long, value_name = "N")]
    jobs: Option<charter::check::Jobs>,
    #[command(flatten)]
    report: output::ReportArgs,
}

pub fn run(args: BuildArgs) -> u8 {
    let loaded = match spec_input::load_with(&args.spec, args.jobs) {
        Ok(loaded) => loaded,
        Err(failure) => return spec_input::report(failure),
    };
    let blocking = loaded
        .diagnostics
        .iter()
        .any(|d| args.report.fails(d.severity));
    // Without `-o` the plan is stdout, so the findings, in any format, go
    // to stderr: both stay parseable.
    if args.output.is_some() {
        args.report.emit(&loaded.db, &loaded.diagnostics);
    } else {
        args.report.emit_to_stderr(&loaded.db, &loaded.diagnostics);
    }
    if blocking {
        errln!("error: the plan was not built: fix the errors above first");
        return EXIT_FINDINGS;
    }
    let spec = match loaded.spec(args.spec_name.as_deref()) {
        Ok(spec) => spec,
        Err(failure) => return spec_input::report(failure),
    };
    let schedule = Schedule::of(spec);
    let plan = charter::plan::compile(spec, &schedule, &loaded.plan_sources());
    let json = charter::plan::to_json(&plan);
    match &args.output {
        None => {
            out!("{json}");
            EXIT_OK
        }
        Some(path) => match super::atomic::write_atomically(path, json.as_bytes()) {
            Ok(()) => {
                errln!("wrote the plan of `{}` to {}", spec.name, path.display());
                EXIT_OK
            }
            Err(message) => {
                errln!("error: {message}");
                EXIT_USAGE
            }
        },
    }
}
