//! The vague-term list of U002: data, not code. The built-in list is
//! `data/vague-terms.tsv` (term, category, the measurable form to propose);
//! `charter.toml` adds terms with `[vague-terms] extra = [...]`.

use std::sync::OnceLock;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VagueTerm {
    pub term: String,
    pub category: String,
    /// The measurable alternative to propose in the help.
    pub hint: String,
}

const DATA: &str = include_str!("../../data/vague-terms.tsv");

/// The built-in terms, parsed once.
pub fn builtin() -> &'static [VagueTerm] {
    static TERMS: OnceLock<Vec<VagueTerm>> = OnceLock::new();
    TERMS.get_or_init(|| {
        DATA.lines()
            .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
            .filter_map(|l| {
                let mut parts = l.split('\t');
                let term = parts.next()?.trim().to_lowercase();
                let category = parts.next().unwrap_or("").trim().to_owned();
                let hint = parts.next().unwrap_or("").trim().to_owned();
                (!term.is_empty()).then_some(VagueTerm {
                    term,
                    category,
                    hint,
                })
            })
            .collect()
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_list_is_large_lowercase_and_unique() {
        let terms = super::builtin();
        assert!(terms.len() >= 60, "{} terms", terms.len());
        let mut seen = std::collections::BTreeSet::new();
        for t in terms {
            assert_eq!(t.term, t.term.to_lowercase());
            assert!(seen.insert(&t.term), "{} twice", t.term);
            assert!(!t.hint.is_empty(), "{} has no hint", t.term);
        }
    }
}
