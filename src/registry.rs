//! Every rule Charter knows, in one table: the syntax and meaning rules of
//! [`crate::diagnostics::rules`] and every lint of [`crate::lints`]. `explain`,
//! SARIF, configuration and waivers all read it.

use crate::diagnostics::Rule;

/// All rules, in code order (S, E, then lints by code).
pub fn all() -> impl Iterator<Item = &'static Rule> {
    crate::diagnostics::rules::ALL
        .iter()
        .copied()
        .chain(crate::lints::LINTS.iter().map(|l| l.rule))
        .chain(crate::lints::drift::RULES.iter().copied())
}

/// A rule by code (`C001`, any case) or kebab-case name (`concurrent-write-overlap`).
pub fn find(code_or_name: &str) -> Option<&'static Rule> {
    all().find(|r| r.code.eq_ignore_ascii_case(code_or_name) || r.name == code_or_name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_and_names_are_unique_and_well_formed() {
        let mut seen = std::collections::BTreeSet::new();
        for rule in all() {
            assert!(seen.insert(rule.code), "duplicate code {}", rule.code);
            assert!(seen.insert(rule.name), "duplicate name {}", rule.name);
            let kebab = rule
                .name
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
            assert!(kebab, "{} is not kebab-case", rule.name);
            assert_eq!(find(rule.name), Some(rule));
            assert_eq!(find(&rule.code.to_lowercase()), Some(rule));
        }
    }
}
