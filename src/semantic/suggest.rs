//! "Did you mean …?" suggestions.

/// The candidate closest to `word`, when it is close enough to be a likely typo:
/// a normalised Damerau–Levenshtein similarity of at least 0.6, or a
/// case-insensitive match.
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let mut best: Option<(&'a str, f64)> = None;
    for candidate in candidates {
        let score = if candidate.eq_ignore_ascii_case(word) {
            1.0
        } else {
            strsim::normalized_damerau_levenshtein(word, candidate)
        };
        if score >= 0.6 && best.is_none_or(|(_, s)| score > s) {
            best = Some((candidate, score));
        }
    }
    best.map(|(c, _)| c)
}

/// `; did you mean `x`?` or nothing.
pub fn did_you_mean<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> String {
    closest(word, candidates)
        .map(|c| format!("; did you mean `{c}`?"))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_near_misses_only() {
        assert_eq!(closest("writ", ["write", "deny", "read"]), Some("write"));
        assert_eq!(
            closest("port_model", ["data_layer.port_models", "port_models"]),
            Some("port_models")
        );
        assert_eq!(closest("zzz", ["write", "deny"]), None);
    }
}
