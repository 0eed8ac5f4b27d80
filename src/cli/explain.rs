//! `charter explain CODE|NAME`: a rule's documentation page.

use clap::Args;

use super::{EXIT_OK, EXIT_USAGE};
use crate::registry;

#[derive(Args, Debug)]
pub struct ExplainArgs {
    /// A code (`C001`) or a kebab-case name (`concurrent-write-overlap`).
    code: String,
}

pub fn run(args: ExplainArgs) -> u8 {
    match registry::find(&args.code) {
        Some(rule) => {
            println!("{} {} ({})\n", rule.code, rule.name, rule.severity.as_str());
            println!("{}", rule.summary);
            println!("\n{}", rule.doc.trim_end());
            EXIT_OK
        }
        None => {
            eprintln!("error: no diagnostic is called `{}`", args.code);
            let codes: Vec<&str> = registry::all().map(|r| r.code).collect();
            eprintln!("known codes: {}", codes.join(", "));
            EXIT_USAGE
        }
    }
}
