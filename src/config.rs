//! `charter.toml`: the workspace's lint levels, extra vague terms and limits.
//!
//! ```toml
//! [levels]                      # by code or name: allow | warn | error
//! U002 = "error"
//! dead-deny = "warn"
//!
//! [vague-terms]
//! extra = ["snappy", "blazing"] # added to the built-in list of U002
//!
//! [limits]
//! pinned-implementation = 3     # O003: code-level details a goal may name
//! constraint-overload = 8       # O004: constraints one task may carry
//! ```
//! Unknown keys, codes and levels are errors with their line and column.

use std::collections::BTreeMap;

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use crate::diagnostics::{LineIndex, Severity};

/// What a configured level does to a rule's diagnostics.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Level {
    Allow,
    Warn,
    Error,
}

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Config {
    /// By rule code (`U002`), names already resolved to codes.
    pub levels: BTreeMap<String, Level>,
    pub extra_vague_terms: Vec<String>,
    /// O003: how many code-level details (function names, line numbers,
    /// file lists) a goal may name before it dictates the implementation.
    pub pinned_implementation_limit: usize,
    /// O004: how many constraints one task may carry.
    pub constraint_overload_limit: usize,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            levels: BTreeMap::new(),
            extra_vague_terms: Vec::new(),
            pinned_implementation_limit: 2,
            constraint_overload_limit: 12,
        }
    }
}

impl Config {
    /// The severity a rule's diagnostics get, or `None` when it is allowed (off).
    pub fn severity(&self, rule: &crate::diagnostics::Rule) -> Option<Severity> {
        match self.levels.get(rule.code) {
            Some(Level::Allow) => None,
            Some(Level::Warn) => Some(Severity::Warning),
            Some(Level::Error) => Some(Severity::Error),
            None if rule.enabled_by_default => Some(rule.severity),
            None => None,
        }
    }
}

/// Parses `charter.toml`'s text. Every error is reported, not only the
/// first: the message holds one `path:line:column: message` per line, each
/// after the first prefixed `error: ` as the command line prints them.
pub fn parse(path: &str, text: &str) -> Result<Config, String> {
    parse_all(path, text).map_err(|errors| errors.join("\nerror: "))
}

/// Parses `charter.toml`'s text, collecting every error (`path:line:column:
/// message`) in file order. The TOML parser recovers after a syntax error,
/// and each key is checked on its own, so one mistake does not hide the next.
pub fn parse_all(path: &str, text: &str) -> Result<Config, Vec<String>> {
    let index = LineIndex::new(text);
    let at = |offset: usize| {
        let lc = index.line_col(text, offset);
        format!("{path}:{}:{}", lc.line, lc.column)
    };
    let mut errors: Vec<(usize, String)> = Vec::new();
    let (root, syntax_errors) = DeTable::parse_recoverable(text);
    for e in syntax_errors {
        let offset = e.span().map_or(0, |s| s.start);
        errors.push((offset, e.message().trim().to_owned()));
    }
    let mut config = Config::default();
    let mut error = |offset: usize, message: String| errors.push((offset, message));
    for (section, value) in root.get_ref() {
        let offset = section.span().start;
        match section.get_ref().as_ref() {
            "levels" => {
                let Some(levels) = table(value, "levels", &mut error) else {
                    continue;
                };
                for (key, value) in levels {
                    let Some(rule) = crate::registry::find(key.get_ref()) else {
                        error(
                            key.span().start,
                            format!("`{}` is not a diagnostic code or name", key.get_ref()),
                        );
                        continue;
                    };
                    let level = match value.get_ref().as_str() {
                        Some("allow") => Level::Allow,
                        Some("warn") => Level::Warn,
                        Some("error") => Level::Error,
                        other => {
                            let shown = other.map_or_else(
                                || format!("a {}", value.get_ref().type_str()),
                                |o| format!("`{o}`"),
                            );
                            error(
                                value.span().start,
                                format!("{shown} is not a level; use `allow`, `warn` or `error`"),
                            );
                            continue;
                        }
                    };
                    config.levels.insert(rule.code.to_owned(), level);
                }
            }
            "vague-terms" => {
                let Some(terms) = table(value, "vague-terms", &mut error) else {
                    continue;
                };
                for (key, value) in terms {
                    if key.get_ref() != "extra" {
                        error(
                            key.span().start,
                            format!(
                                "unknown key `{}` in `[vague-terms]`; expected `extra`",
                                key.get_ref()
                            ),
                        );
                        continue;
                    }
                    let Some(items) = value.get_ref().as_array() else {
                        error(
                            value.span().start,
                            "`extra` must be a list of strings".to_owned(),
                        );
                        continue;
                    };
                    for item in items.iter() {
                        match item.get_ref().as_str() {
                            Some(term) => config.extra_vague_terms.push(term.to_lowercase()),
                            None => error(
                                item.span().start,
                                format!(
                                    "`extra` holds a {}, not a string",
                                    item.get_ref().type_str()
                                ),
                            ),
                        }
                    }
                }
            }
            "limits" => {
                let Some(limits) = table(value, "limits", &mut error) else {
                    continue;
                };
                for (key, value) in limits {
                    let slot = match key.get_ref().as_ref() {
                        "pinned-implementation" => &mut config.pinned_implementation_limit,
                        "constraint-overload" => &mut config.constraint_overload_limit,
                        other => {
                            error(
                                key.span().start,
                                format!(
                                    "unknown key `{other}` in `[limits]`; expected `pinned-implementation` or `constraint-overload`"
                                ),
                            );
                            continue;
                        }
                    };
                    let number = value
                        .get_ref()
                        .as_integer()
                        .and_then(|i| usize::from_str_radix(i.as_str(), i.radix()).ok());
                    match number {
                        Some(n) => *slot = n,
                        None => error(
                            value.span().start,
                            format!("`{}` must be a whole number, 0 or more", key.get_ref()),
                        ),
                    }
                }
            }
            other => error(
                offset,
                format!("unknown section `{other}`; expected `levels`, `vague-terms` or `limits`"),
            ),
        }
    }
    if errors.is_empty() {
        return Ok(config);
    }
    errors.sort_by_key(|(offset, _)| *offset);
    Err(errors
        .into_iter()
        .map(|(offset, message)| format!("{}: {message}", at(offset)))
        .collect())
}

/// The value as a table, or an error saying the section must be one.
fn table<'a, 'i>(
    value: &'a Spanned<DeValue<'i>>,
    name: &str,
    error: &mut impl FnMut(usize, String),
) -> Option<&'a DeTable<'i>> {
    let table = value.get_ref().as_table();
    if table.is_none() {
        error(
            value.span().start,
            format!("`{name}` must be a table (`[{name}]`)"),
        );
    }
    table
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn levels_by_code_or_name() {
        let config = parse(
            "charter.toml",
            "[levels]\nE001 = \"warn\"\nunknown-statement = \"allow\"\n",
        )
        .unwrap();
        assert_eq!(config.levels.get("E001"), Some(&Level::Warn));
        assert_eq!(config.levels.get("E004"), Some(&Level::Allow));
    }

    #[test]
    fn unknown_keys_are_errors_with_positions() {
        let err = parse(
            "charter.toml",
            "[levels]\nE001 = \"warn\"\n\n[limtis]\nx = 1\n",
        )
        .unwrap_err();
        assert!(err.starts_with("charter.toml:4:"), "{err}");
        let err = parse("charter.toml", "[levels]\nX999 = \"warn\"\n").unwrap_err();
        assert!(err.starts_with("charter.toml:2:1:"), "{err}");
        let err = parse("charter.toml", "[levels]\nE001 = \"loud\"\n").unwrap_err();
        assert!(
            err.starts_with("charter.toml:2:8:") && err.contains("`loud`"),
            "{err}"
        );
    }

    #[test]
    fn every_error_is_reported_in_file_order() {
        let text = "[levels]\nX999 = \"warn\"\nE001 = \"loud\"\n\n[limits]\nconstraint-overload = -1\nfoo = 2\n\n[vague-terms]\nextra = [\"ok\", 3]\n\n[limtis]\n";
        let errors = parse_all("charter.toml", text).unwrap_err();
        let places: Vec<&str> = errors
            .iter()
            .map(|e| e.split(": ").next().unwrap())
            .collect();
        assert_eq!(
            places,
            [
                "charter.toml:2:1",
                "charter.toml:3:8",
                "charter.toml:6:23",
                "charter.toml:7:1",
                "charter.toml:10:16",
                "charter.toml:12:2",
            ],
            "{errors:#?}"
        );
        // A syntax error does not hide the key errors after it.
        let errors =
            parse_all("c.toml", "[levels\nX1 = \"warn\"\n[levels]\nE001 = 1\n").unwrap_err();
        assert!(errors.len() >= 2, "{errors:#?}");
    }
}
