//! C006 mutable-contract.

use super::LintContext;
use crate::diagnostics::{Diagnostic, Label};

pub use crate::diagnostics::rules::MUTABLE_CONTRACT as RULE;

pub fn check(cx: &LintContext<'_>, out: &mut Vec<Diagnostic>) {
    let spec = cx.spec;
    if spec.contracts.is_empty() {
        return;
    }
    let scopes = cx.scopes();
    for contract in &spec.contracts {
        let (Some(schema), Some(to)) = (&contract.schema, contract.to) else {
            continue;
        };
        let Some(consumer) = spec.agents.get(to) else {
            continue;
        };
        let path = schema.value.as_str();
        for (w, scope) in scopes.tasks.iter().enumerate() {
            if !scope.may_write(scopes, path) {
                continue;
            }
            let Some(&c) = consumer
                .tasks
                .iter()
                .find(|&&c| cx.schedule.concurrent(w, c))
            else {
                continue;
            };
            // `may_write` found an allow entry matching the path.
            let Some(entry) = scope.allow.iter().find(|e| scopes.matches(e.glob, path)) else {
                continue;
            };
            let writer = &spec.tasks[w];
            let (id_w, id_c) = (spec.task_id(w), spec.task_id(c));
            let at = entry.loc(writer);
            let label = match entry.at {
                Some(g) => format!("`{id_w}` may write `{path}` through `{}`", g.pattern),
                None => format!("`{id_w}` has no `write` anywhere: it may write `{path}`"),
            };
            let agent = &spec.agents[writer.agent].name;
            out.push(
                Diagnostic::new(
                    &RULE,
                    at.file,
                    at.span,
                    format!(
                        "`{id_w}` may change `{path}`, the schema of contract `{}`, while `{id_c}` consumes it",
                        contract.name
                    ),
                )
                .with_primary_label(label)
                .with_label(Label::new(
                    schema.loc.file,
                    schema.loc.span,
                    format!("frozen while any task of `{}` runs", consumer.name),
                ))
                .with_label(Label::new(
                    spec.tasks[c].loc.file,
                    spec.tasks[c].loc.span,
                    format!("`{id_c}` may run at the same time as `{id_w}`"),
                ))
                .with_help(format!(
                    "freeze the schema with `deny \"{path}\"` in agent `{agent}`, or add `after {id_w}` to `{id_c}`"
                )),
            );
        }
    }
}
