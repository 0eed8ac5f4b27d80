//! Checks every statement of a file against the statement table: legal
//! heads (E004), argument counts and types (E003), literal syntax (E008),
//! repeated single statements (E002) and waivers (E009).
//!
//! Checking is per file and needs nothing outside it, so a template's
//! statements are checked once, in the template's own file.

use semver::{Version, VersionReq};
use smallvec::SmallVec;

use super::suggest::did_you_mean;
use super::table::{self, ArgSpec, ArgType, Context, StatementSpec};
use crate::analysis::glob::Glob;
use crate::analysis::quantity::{Dimension, Quantity};
use crate::diagnostics::{Diagnostic, Label, rules};
use crate::syntax::{Arg, PathSeparator, Span, Statement, Value, ValueKind};
use crate::text::FileId;

pub fn check_file(file: FileId, statements: &[Statement], out: &mut Vec<Diagnostic>) {
    Checker { file, out }.block(statements, Context::File, None);
}

struct Checker<'a> {
    file: FileId,
    out: &'a mut Vec<Diagnostic>,
}

impl Checker<'_> {
    fn error(
        &mut self,
        rule: &'static crate::diagnostics::Rule,
        span: Span,
        message: String,
    ) -> &mut Diagnostic {
        self.out
            .push(Diagnostic::new(rule, self.file, span, message));
        // Just pushed: the vector is not empty.
        self.out.last_mut().expect("a diagnostic was just pushed")
    }

    fn block(&mut self, statements: &[Statement], context: Context, owner: Option<&Statement>) {
        // The single statements given so far: a block has a few, kept
        // inline rather than allocated for every block.
        let mut seen: SmallVec<[(&str, Span); 8]> = SmallVec::new();
        for statement in statements {
            let Some(spec) = table::lookup(context, &statement.head.text) else {
                self.unknown_head(statement, context, owner);
                continue;
            };
            if !spec.repeatable {
                if let Some((_, first)) = seen.iter().find(|(h, _)| *h == spec.head) {
                    let first = *first;
                    let file = self.file;
                    self.error(
                        &rules::DUPLICATE_DEFINITION,
                        statement.head.span,
                        format!("`{}` is given twice in {}", spec.head, context.as_str()),
                    )
                    .with_primary_label_mut("given again here")
                    .labels
                    .push(Label::new(file, first, "first given here"));
                    continue;
                }
                seen.push((spec.head, statement.head.span));
            }
            self.statement(statement, spec);
        }
    }

    fn unknown_head(&mut self, statement: &Statement, context: Context, owner: Option<&Statement>) {
        let head = &statement.head.text;
        let mut message = format!(
            "unknown statement `{head}` in {}",
            describe_context(context, owner)
        );
        message.push_str(&did_you_mean(head, table::heads(context)));
        let homes: Vec<&str> = table::all()
            .filter(|s| s.head == *head && s.context != context && s.context != Context::Template)
            .map(|s| s.context.as_str())
            .collect();
        let help = if homes.is_empty() {
            format!(
                "statements allowed here: {}",
                table::heads(context)
                    .map(|h| format!("`{h}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        } else {
            format!(
                "`{head}` belongs in {}",
                homes
                    .iter()
                    .map(|h| format!("`{h}`"))
                    .collect::<Vec<_>>()
                    .join(" or ")
            )
        };
        let file = self.file;
        let diagnostic = self
            .error(&rules::UNKNOWN_STATEMENT, statement.head.span, message)
            .with_primary_label_mut("not allowed here");
        diagnostic.help = Some(help);
        // A misspelled head with one close legal head: the fix is that head.
        if let Some(near) = crate::semantic::suggest::closest(head, table::heads(context)) {
            diagnostic.fixes.push(crate::diagnostics::fix::Fix::replace(
                format!("replace `{head}` with `{near}`"),
                file,
                statement.head.span,
                near,
            ));
        }
    }

    fn statement(&mut self, statement: &Statement, spec: &'static StatementSpec) {
        // A statement holding input the lexer rejected, or one the parser
        // kept only in part, was reported there; checking its arguments
        // would only add guesses.
        let lexed_cleanly = !statement.partial
            && statement
                .args
                .iter()
                .chain(statement.modifiers.iter().flat_map(|m| &m.args))
                .flat_map(|a| &a.values)
                .all(|v| !matches!(v.kind, ValueKind::Error));
        if lexed_cleanly {
            self.positional(statement, spec);
            self.modifiers(statement, spec);
        }
        match (spec.block, &statement.block) {
            (Some(context), Some(block)) => self.block(&block.statements, context, Some(statement)),
            (Some(_), None) => {
                self.error(
                    &rules::TYPE_MISMATCH,
                    statement.head.span,
                    format!("`{}` needs a block", spec.head),
                )
                .help = Some(format!("write `{} {{ … }}`", source_head(statement)));
            }
            (None, Some(block)) => {
                self.error(
                    &rules::TYPE_MISMATCH,
                    block.span,
                    format!("`{}` takes no block", spec.head),
                );
            }
            (None, None) => {}
        }
        if spec.head == "waive" {
            self.waiver(statement);
        }
    }

    fn positional(&mut self, statement: &Statement, spec: &'static StatementSpec) {
        let mut args = statement.args.iter().peekable();
        for slot in spec.args {
            match args.peek() {
                Some(arg) if !slot.optional || fits_shape(slot.ty, &arg.values[0]) => {
                    self.arg(arg, slot, spec.head);
                    args.next();
                }
                Some(_) => {}
                None if slot.optional => {}
                None => {
                    if spec.head == "waive" {
                        continue; // E009 below says it better
                    }
                    let at = statement
                        .args
                        .last()
                        .map_or(statement.head.span, |a| a.span);
                    self.error(
                        &rules::TYPE_MISMATCH,
                        Span::at(at.end()),
                        format!(
                            "`{}` is missing an argument: expected {}",
                            spec.head,
                            slot.ty.describe()
                        ),
                    )
                    .primary_label = "expected here".into();
                }
            }
        }
        for extra in args {
            self.error(
                &rules::TYPE_MISMATCH,
                extra.span,
                format!("`{}` takes no further argument here", spec.head),
            )
            .help = Some(usage(spec));
        }
    }

    fn modifiers(&mut self, statement: &Statement, spec: &'static StatementSpec) {
        let mut seen: SmallVec<[&str; 4]> = SmallVec::new();
        for (i, modifier) in statement.modifiers.iter().enumerate() {
            let word = modifier.keyword.text.as_str();
            let Some(mspec) = spec.modifiers.iter().find(|m| m.word == word) else {
                self.error(
                    &rules::TYPE_MISMATCH,
                    modifier.keyword.span,
                    format!("`{word}` does not apply to `{}`", spec.head),
                )
                .help = Some(usage(spec));
                continue;
            };
            if seen.contains(&word) {
                self.error(
                    &rules::DUPLICATE_DEFINITION,
                    modifier.keyword.span,
                    format!("`{word}` is given twice"),
                );
                continue;
            }
            seen.push(word);
            if mspec.args.is_empty() {
                // A connective such as `when` in `approve … when touches GLOB`.
                if let Some(arg) = modifier.args.first() {
                    self.error(
                        &rules::TYPE_MISMATCH,
                        arg.span,
                        format!("`{word}` takes no value"),
                    );
                } else if statement.modifiers.get(i + 1).is_none() {
                    self.error(
                        &rules::TYPE_MISMATCH,
                        modifier.keyword.span,
                        format!("`{word}` must be followed by another modifier"),
                    )
                    .help = Some(usage(spec));
                }
                continue;
            }
            let mut args = modifier.args.iter();
            for slot in mspec.args {
                match args.next() {
                    Some(arg) => self.arg(arg, slot, spec.head),
                    None => {
                        let at = modifier
                            .args
                            .last()
                            .map_or(modifier.keyword.span, |a| a.span);
                        self.error(
                            &rules::TYPE_MISMATCH,
                            Span::at(at.end()),
                            format!(
                                "`{word}` is missing a value: expected {}",
                                slot.ty.describe()
                            ),
                        )
                        .primary_label = "expected here".into();
                        break;
                    }
                }
            }
            for extra in args {
                self.error(
                    &rules::TYPE_MISMATCH,
                    extra.span,
                    format!("`{word}` takes no further value"),
                );
            }
        }
        for mspec in spec.modifiers.iter().filter(|m| m.required) {
            if !seen.contains(&mspec.word) {
                self.error(
                    &rules::TYPE_MISMATCH,
                    statement.head.span,
                    format!("`{}` needs `{}`", spec.head, mspec.word),
                )
                .help = Some(usage(spec));
            }
        }
    }

    fn arg(&mut self, arg: &Arg, slot: &ArgSpec, head: &str) {
        if arg.values.len() > 1 && !slot.list {
            self.error(
                &rules::TYPE_MISMATCH,
                arg.span,
                format!("`{head}` takes a single value here, not a list"),
            );
            return;
        }
        for value in &arg.values {
            self.value(value, slot.ty);
        }
    }

    fn value(&mut self, value: &Value, ty: ArgType) {
        if matches!(value.kind, ValueKind::Error) {
            return; // reported by the lexer
        }
        if !fits_shape(ty, value) {
            let message = format!(
                "expected {}, found {}",
                ty.describe(),
                describe_value(value)
            );
            self.error(&rules::TYPE_MISMATCH, value.span, message);
            return;
        }
        match (&value.kind, ty) {
            (ValueKind::Str(text), ArgType::Glob) => {
                if let Err(e) = Glob::validate(text) {
                    self.error(
                        &rules::INVALID_LITERAL,
                        value.span,
                        format!("invalid glob `{text}`: {}", e.message),
                    );
                } else if text.starts_with('/') || text.is_empty() {
                    self.error(
                        &rules::INVALID_LITERAL,
                        value.span,
                        format!("invalid glob `{text}`: globs are relative to the repository root"),
                    )
                    .help = Some(format!("write `{}`", text.trim_start_matches('/')));
                } else if let Some(meant) = super::glob_form::canonical(text) {
                    self.error(
                        &rules::INVALID_LITERAL,
                        value.span,
                        format!(
                            "glob `{text}` matches no path as written; git reads it as `{meant}`"
                        ),
                    )
                    .help = Some(format!("write \"{meant}\""));
                }
            }
            (ValueKind::Str(text), ArgType::Semver) => {
                if let Err(e) = Version::parse(text) {
                    self.error(
                        &rules::INVALID_LITERAL,
                        value.span,
                        format!("invalid version `{text}`: {e}"),
                    )
                    .help = Some("a semantic version has three numbers: \"1.2.0\"".into());
                }
            }
            (ValueKind::Str(text), ArgType::SemverReq) => {
                if let Err(e) = VersionReq::parse(text) {
                    self.error(
                        &rules::INVALID_LITERAL,
                        value.span,
                        format!("invalid version requirement `{text}`: {e}"),
                    );
                }
            }
            (ValueKind::Number(text), ArgType::Quantity(_) | ArgType::AnyQuantity) => {
                self.quantity(value, text, ty)
            }
            (ValueKind::Path(path), ArgType::Enum(words)) => {
                let word = path.as_word().unwrap_or("");
                if !words.contains(&word) {
                    let message = format!(
                        "expected one of {}, found `{word}`{}",
                        quoted(words),
                        did_you_mean(word, words.iter().copied())
                    );
                    self.error(&rules::TYPE_MISMATCH, value.span, message);
                }
            }
            (ValueKind::Path(path), ArgType::Keyword(word)) if path.as_word() != Some(word) => {
                self.error(
                    &rules::TYPE_MISMATCH,
                    value.span,
                    format!("expected `{word}`, found `{}`", path.to_text()),
                );
            }
            (ValueKind::Path(path), ArgType::Dimension) => {
                let word = path.as_word().unwrap_or("");
                if Dimension::parse(word).is_none() {
                    let dims = ["duration", "size", "percent", "count"];
                    let message = format!(
                        "expected a dimension ({}), found `{word}`{}",
                        quoted(&dims),
                        did_you_mean(word, dims)
                    );
                    self.error(&rules::TYPE_MISMATCH, value.span, message);
                }
            }
            (ValueKind::Path(path), ArgType::CheckRef) => {
                let kind = path.segments[0].text.as_str();
                if crate::semantic::model::CheckKind::parse(kind).is_none() {
                    let kinds = ["test", "check", "coverage", "bench", "scan"];
                    let message = format!(
                        "`{kind}` is not a kind of check{}",
                        did_you_mean(kind, kinds)
                    );
                    self.error(&rules::UNRESOLVED_NAME, path.segments[0].span, message)
                        .help = Some(format!(
                        "checks are referenced as `kind.name`, with kind one of {}",
                        quoted(&kinds)
                    ));
                }
            }
            (ValueKind::Path(path), ArgType::Section) => self.section(path),
            _ => {}
        }
    }

    fn quantity(&mut self, value: &Value, text: &str, ty: ArgType) {
        match Quantity::parse(text) {
            Err(e) => {
                let at = value.span.start() + e.offset.min(text.len());
                self.error(
                    &rules::INVALID_LITERAL,
                    Span::new(at, value.span.end()),
                    format!("invalid quantity `{text}`: {}", e.message),
                );
            }
            Ok(q) => {
                if let ArgType::Quantity(expected) = ty
                    && q.dimension != expected
                {
                    let message = format!(
                        "expected a {}, found a {} `{text}`",
                        expected.as_str(),
                        q.dimension.as_str()
                    );
                    self.error(&rules::TYPE_MISMATCH, value.span, message);
                }
            }
        }
    }

    /// `require SECTION[.HEAD]`: the section must be a spec statement, the
    /// head one legal inside it.
    fn section(&mut self, path: &crate::syntax::Path) {
        let first = &path.segments[0];
        let Some(spec) = table::lookup(Context::Spec, &first.text) else {
            let message = format!(
                "`{}` is not a section of a spec{}",
                first.text,
                did_you_mean(&first.text, table::heads(Context::Spec))
            );
            self.error(&rules::UNRESOLVED_NAME, first.span, message);
            return;
        };
        match (path.segments.get(1), spec.block) {
            (None, _) => {}
            (Some(second), Some(block)) => {
                if table::lookup(block, &second.text).is_none() {
                    let message = format!(
                        "`{}` is not a statement of `{}`{}",
                        second.text,
                        first.text,
                        did_you_mean(&second.text, table::heads(block))
                    );
                    self.error(&rules::UNRESOLVED_NAME, second.span, message);
                }
            }
            (Some(second), None) => {
                self.error(
                    &rules::UNRESOLVED_NAME,
                    second.span,
                    format!("`{}` has no statements inside it", first.text),
                );
            }
        }
        if path.segments.len() > 2 {
            let extra = &path.segments[2];
            self.error(
                &rules::TYPE_MISMATCH,
                extra.span,
                "a section path has at most two parts: `block.statement`".into(),
            );
        }
    }

    fn waiver(&mut self, statement: &Statement) {
        let code = statement.args.first().and_then(|a| a.values.first());
        if let Some(Value {
            kind: ValueKind::Path(path),
            span,
        }) = code
        {
            let word = path.to_text();
            if let Some(rule) = crate::diagnostics::rules::find(&word)
                && (rule.code.starts_with('S') || rule.code.starts_with('E'))
            {
                self.error(
                    &rules::INVALID_WAIVER,
                    *span,
                    format!(
                        "{} is an error of the language and cannot be waived",
                        rule.code
                    ),
                )
                .help = Some("fix the error; only lints (U, O, C, G, D) can be waived".into());
            } else if crate::diagnostics::rules::find(&word).is_none() {
                let codes = crate::diagnostics::rules::all().map(|r| r.code);
                let message = format!(
                    "`waive {word}` names no diagnostic{}",
                    did_you_mean(&word, codes)
                );
                self.error(&rules::INVALID_WAIVER, *span, message).help =
                    Some("`charter explain CODE` lists what each code means".into());
            }
        }
        let has_reason = statement.args.get(1).is_some_and(
            |a| matches!(&a.values[0].kind, ValueKind::Str(s) if !s.trim().is_empty()),
        );
        if !has_reason {
            self.error(
                &rules::INVALID_WAIVER,
                statement.span,
                "a waiver needs a reason".into(),
            )
            .help = Some("write why the finding does not apply: `waive CODE \"reason\"`".into());
        }
    }
}

impl Diagnostic {
    fn with_primary_label_mut(&mut self, label: &str) -> &mut Diagnostic {
        self.primary_label = label.to_owned();
        self
    }
}

/// Whether a value has the right shape for a type; the finer checks
/// (units, globs, enum words) come after.
fn fits_shape(ty: ArgType, value: &Value) -> bool {
    let path = match &value.kind {
        ValueKind::Path(p) => Some(p),
        _ => None,
    };
    let word = path.and_then(|p| p.as_word());
    let dotted = |n: usize| {
        path.is_some_and(|p| {
            p.segments.len() == n && p.separators.iter().all(|s| *s == PathSeparator::Dot)
        })
    };
    match ty {
        ArgType::Name
        | ArgType::AgentRef
        | ArgType::Enum(_)
        | ArgType::Keyword(_)
        | ArgType::Dimension => word.is_some(),
        ArgType::Code => word.is_some(),
        ArgType::Text
        | ArgType::Glob
        | ArgType::FilePath
        | ArgType::Semver
        | ArgType::SemverReq => {
            matches!(value.kind, ValueKind::Str(_))
        }
        ArgType::Quantity(_) | ArgType::AnyQuantity => matches!(value.kind, ValueKind::Number(_)),
        ArgType::Compare => matches!(value.kind, ValueKind::Compare(_)),
        ArgType::CheckRef | ArgType::TaskRef => dotted(2),
        ArgType::TemplateRef | ArgType::Section => dotted(1) || dotted(2),
        ArgType::Metric => {
            path.is_some_and(|p| p.separators.iter().all(|s| *s == PathSeparator::Dot))
        }
        ArgType::Module => {
            matches!(value.kind, ValueKind::Str(_))
                || path.is_some_and(|p| {
                    p.segments.len() == 2 && p.separators[..] == [PathSeparator::Module]
                })
        }
    }
}

pub fn describe_value(value: &Value) -> String {
    match &value.kind {
        ValueKind::Str(_) => "a string".into(),
        ValueKind::Number(text) => match Quantity::parse(text) {
            Ok(q) if q.dimension == Dimension::Count => format!("the number `{text}`"),
            Ok(q) => format!("a {} `{text}`", q.dimension.as_str()),
            Err(_) => format!("`{text}`"),
        },
        ValueKind::Path(p) => match p.as_word() {
            Some(w) => format!("the name `{w}`"),
            None => format!("`{}`", p.to_text()),
        },
        ValueKind::Compare(op) => format!("the comparison `{}`", op.as_str()),
        ValueKind::Error => "an invalid token".into(),
    }
}

fn quoted(words: &[&str]) -> String {
    words
        .iter()
        .map(|w| format!("`{w}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn describe_context(context: Context, owner: Option<&Statement>) -> String {
    match (context, owner) {
        (Context::File, _) => "the top level of a file".into(),
        (_, Some(owner)) => format!("`{}`", source_head(owner)),
        (c, None) => format!("`{}`", c.as_str()),
    }
}

/// `agent data_layer`, `intent`: how a block is named in messages.
fn source_head(statement: &Statement) -> String {
    match statement.args.first().and_then(|a| a.values.first()) {
        Some(Value {
            kind: ValueKind::Path(p),
            ..
        }) if statement.block.is_some() || statement.head.text != "use" => {
            format!("{} {}", statement.head.text, p.to_text())
        }
        _ => statement.head.text.to_string(),
    }
}

/// `usage: coverage NAME COMPARISON PERCENT [of GLOB] from STRING [timeout DURATION]`.
fn usage(spec: &StatementSpec) -> String {
    let mut parts = vec![spec.head.to_owned()];
    for arg in spec.args {
        let name = type_placeholder(arg.ty);
        parts.push(if arg.optional {
            format!("[{name}]")
        } else if arg.list {
            format!("{name}, …")
        } else {
            name
        });
    }
    for m in spec.modifiers {
        let values: Vec<String> = m.args.iter().map(|a| type_placeholder(a.ty)).collect();
        let text = if values.is_empty() {
            m.word.to_owned()
        } else {
            format!("{} {}", m.word, values.join(" "))
        };
        parts.push(if m.required {
            text
        } else {
            format!("[{text}]")
        });
    }
    format!("usage: {}", parts.join(" "))
}

fn type_placeholder(ty: ArgType) -> String {
    match ty {
        ArgType::Keyword(w) => w.to_owned(),
        ArgType::Enum(words) => words.join("|"),
        ArgType::Name => "NAME".into(),
        ArgType::Text => "\"TEXT\"".into(),
        ArgType::Glob => "\"GLOB\"".into(),
        ArgType::FilePath => "\"PATH\"".into(),
        ArgType::Semver => "\"VERSION\"".into(),
        ArgType::SemverReq => "\"REQ\"".into(),
        ArgType::Quantity(d) => d.as_str().to_uppercase(),
        ArgType::AnyQuantity => "QUANTITY".into(),
        ArgType::Compare => "<=".into(),
        ArgType::CheckRef => "kind.name".into(),
        ArgType::TaskRef => "agent.task".into(),
        ArgType::AgentRef => "AGENT".into(),
        ArgType::TemplateRef => "TEMPLATE".into(),
        ArgType::Metric => "METRIC".into(),
        ArgType::Dimension => "DIMENSION".into(),
        ArgType::Code => "CODE".into(),
        ArgType::Module => "MODULE".into(),
        ArgType::Section => "SECTION".into(),
    }
}
