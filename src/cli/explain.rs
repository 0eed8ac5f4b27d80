//! `charter explain [CODE|NAME]`: a rule's documentation page, or the list
//! of every rule when no code is given.

use charter::workspace::stdio::{errln, outln};
use clap::Args;

use super::{EXIT_OK, EXIT_USAGE};
use charter::diagnostics::rules as registry;

#[derive(Args, Debug)]
pub struct ExplainArgs {
    /// A code (`C001`) or a kebab-case name (`concurrent-write-overlap`);
    /// without one, every rule is listed.
    code: Option<String>,
}

pub fn run(args: ExplainArgs) -> u8 {
    let Some(code) = args.code else {
        for rule in registry::all() {
            let level = if rule.enabled_by_default {
                rule.severity.as_str()
            } else {
                "off"
            };
            outln!(
                "{}  {:<28} {:<8} {}",
                rule.code,
                rule.name,
                level,
                rule.summary
            );
        }
        return EXIT_OK;
    };
    match registry::find(&code) {
        Some(rule) => {
            let level = if rule.enabled_by_default {
                rule.severity.as_str()
            } else {
                "off by default"
            };
            outln!("{} {} ({level})\n", rule.code, rule.name);
            outln!("{}", rule.summary);
            outln!("\n{}", rule.doc.trim_end());
            EXIT_OK
        }
        None => {
            errln!("error: no diagnostic is called `{code}`");
            errln!("`charter explain` with no argument lists every code");
            EXIT_USAGE
        }
    }
}
