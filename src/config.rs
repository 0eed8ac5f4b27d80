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

use serde::Deserialize;
use toml::Spanned;

use crate::diagnostics::Severity;
use crate::text::LineIndex;

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

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    #[serde(default)]
    levels: BTreeMap<Spanned<String>, Spanned<String>>,
    #[serde(default, rename = "vague-terms")]
    vague_terms: Option<RawVagueTerms>,
    #[serde(default)]
    limits: Option<RawLimits>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawVagueTerms {
    #[serde(default)]
    extra: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLimits {
    #[serde(rename = "pinned-implementation")]
    pinned_implementation: Option<usize>,
    #[serde(rename = "constraint-overload")]
    constraint_overload: Option<usize>,
}

/// Parses `charter.toml`'s text. Errors read `path:line:column: message`.
pub fn parse(path: &str, text: &str) -> Result<Config, String> {
    let index = LineIndex::new(text);
    let at = |offset: usize| {
        let lc = index.line_col(text, offset);
        format!("{path}:{}:{}", lc.line, lc.column)
    };
    let raw: RawConfig = toml::from_str(text).map_err(|e| {
        let place = e.span().map_or_else(|| path.to_owned(), |s| at(s.start));
        format!("{place}: {}", e.message().trim())
    })?;
    let mut config = Config::default();
    for (key, value) in raw.levels {
        let Some(rule) = crate::diagnostics::rules::find(key.get_ref()) else {
            return Err(format!(
                "{}: `{}` is not a diagnostic code or name",
                at(key.span().start),
                key.get_ref()
            ));
        };
        let level = match value.get_ref().as_str() {
            "allow" => Level::Allow,
            "warn" => Level::Warn,
            "error" => Level::Error,
            other => {
                return Err(format!(
                    "{}: `{other}` is not a level; use `allow`, `warn` or `error`",
                    at(value.span().start)
                ));
            }
        };
        config.levels.insert(rule.code.to_owned(), level);
    }
    if let Some(terms) = raw.vague_terms {
        config.extra_vague_terms = terms.extra.into_iter().map(|t| t.to_lowercase()).collect();
    }
    if let Some(limits) = raw.limits {
        if let Some(n) = limits.pinned_implementation {
            config.pinned_implementation_limit = n;
        }
        if let Some(n) = limits.constraint_overload {
            config.constraint_overload_limit = n;
        }
    }
    Ok(config)
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
}
