//! The standard library of templates, embedded in the binary so
//! `use std::NAME` resolves with nothing installed beside it.

/// `(NAME, source)` for every `stdlib-specs/NAME.charter`, sorted by name.
/// A test checks this table against the directory, so a new template cannot
/// be forgotten here.
pub static MODULES: &[(&str, &str)] = &[
    (
        "api_change",
        include_str!("../../stdlib-specs/api_change.charter"),
    ),
    (
        "dependency_upgrade",
        include_str!("../../stdlib-specs/dependency_upgrade.charter"),
    ),
    (
        "docs_maintenance",
        include_str!("../../stdlib-specs/docs_maintenance.charter"),
    ),
    (
        "migration",
        include_str!("../../stdlib-specs/migration.charter"),
    ),
    (
        "refactor",
        include_str!("../../stdlib-specs/refactor.charter"),
    ),
    (
        "security_remediation",
        include_str!("../../stdlib-specs/security_remediation.charter"),
    ),
    (
        "subsystem",
        include_str!("../../stdlib-specs/subsystem.charter"),
    ),
    (
        "test_expansion",
        include_str!("../../stdlib-specs/test_expansion.charter"),
    ),
];

/// The source of `std::NAME`.
pub fn source(name: &str) -> Option<&'static str> {
    MODULES
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, text)| *text)
}

/// The path bundled files are shown under in diagnostics and plans.
pub fn display_path(name: &str) -> String {
    format!("std/{name}.charter")
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_stdlib_file_is_embedded() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/stdlib-specs");
        let mut on_disk: Vec<String> = std::fs::read_dir(dir)
            .expect("stdlib-specs exists")
            .filter_map(|e| e.ok())
            .filter_map(|e| {
                e.file_name()
                    .to_str()
                    .and_then(|n| n.strip_suffix(".charter"))
                    .map(str::to_owned)
            })
            .collect();
        on_disk.sort();
        let embedded: Vec<&str> = super::MODULES.iter().map(|(n, _)| *n).collect();
        assert_eq!(on_disk, embedded);
    }
}
