//! The `explain` tool: a rule's page, or the list of rules.

use rmcp::model::{CallToolResult, ContentBlock};
use rmcp::schemars::{self, JsonSchema};
use serde::Deserialize;

use super::answer;
use crate::diagnostics::Rule;
use crate::diagnostics::rules as registry;

#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Args {
    /// A code (`C001`) or a kebab-case name (`concurrent-write-overlap`); omit it for the list of every rule.
    code: Option<String>,
}

fn level(rule: &Rule) -> &'static str {
    if rule.enabled_by_default {
        rule.severity.as_str()
    } else {
        "off by default"
    }
}

pub fn call(args: Args) -> CallToolResult {
    let Some(code) = args.code else {
        let list: Vec<String> = registry::all()
            .map(|rule| {
                format!(
                    "{} {} ({}): {}",
                    rule.code,
                    rule.name,
                    level(rule),
                    rule.summary
                )
            })
            .collect();
        return CallToolResult::success(vec![ContentBlock::text(list.join("\n"))]);
    };
    match registry::find(&code) {
        Some(rule) => CallToolResult::success(vec![ContentBlock::text(format!(
            "{} {} ({})\n\n{}\n\n{}",
            rule.code,
            rule.name,
            level(rule),
            rule.summary,
            rule.doc.trim_end()
        ))]),
        None => answer::error(format!(
            "no diagnostic is called `{code}`; call `explain` without a code for the list"
        )),
    }
}
