//! `charter init`: a new spec from each template reports only its
//! placeholders (U010), each saying what to fill in, and init never
//! overwrites a file.

use crate::support;

#[test]
fn every_template_starts_a_spec_that_reports_only_its_placeholders() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("charter.toml"), "").unwrap();
    let mut templates: Vec<&str> = charter::db::stdlib::MODULES
        .iter()
        .map(|(n, _)| *n)
        .collect();
    templates.push("");
    for template in templates {
        let file = format!(
            "new_{}.charter",
            if template.is_empty() {
                "plain"
            } else {
                template
            }
        );
        let mut args = vec!["init"];
        if !template.is_empty() {
            args.extend(["--template", template]);
        }
        args.push(&file);
        let out = support::charter(&args, dir.path());
        assert_eq!(
            out.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let out = support::charter(&["check", "--format", "json", &file], dir.path());
        assert_eq!(
            out.status.code(),
            Some(0),
            "placeholders are warnings, not errors"
        );
        let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let diagnostics = json["diagnostics"].as_array().unwrap();
        assert!(
            diagnostics.len() >= 5,
            "{template}: the placeholders are reported"
        );
        for d in diagnostics {
            assert_eq!(
                d["code"], "U010",
                "{template}: only placeholders are reported, found {d}"
            );
            assert!(
                d["message"]
                    .as_str()
                    .unwrap()
                    .starts_with("placeholder to fill in: "),
                "{d}"
            );
        }
    }
}

#[test]
fn init_never_overwrites_and_names_unknown_templates() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("x.charter"), "keep me").unwrap();
    let out = support::charter(&["init", "--template", "refactor", "x.charter"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        std::fs::read_to_string(dir.path().join("x.charter")).unwrap(),
        "keep me"
    );
    let out = support::charter(&["init", "--template", "refactr", "y.charter"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("refactor"));
    assert!(!dir.path().join("y.charter").exists());
}
