//! The hostile inputs of issue 16, generated at any scale: one source of
//! truth for the benchmark (`examples/hostile`, full size) and the tests
//! (`tests/it/hostile.rs`, reduced).

/// One hostile input: files to write into an empty workspace and the
/// `charter` arguments to run on them.
pub struct Input {
    pub name: &'static str,
    pub files: Vec<(String, String)>,
    pub args: Vec<&'static str>,
}

fn spec_file(body: String) -> Vec<(String, String)> {
    vec![
        ("charter.toml".into(), String::new()),
        ("s.charter".into(), body),
    ]
}

fn check(name: &'static str, files: Vec<(String, String)>) -> Input {
    Input {
        name,
        files,
        args: vec!["check", "s.charter"],
    }
}

/// Every input, with its repeated part scaled by `n(full)`.
pub fn all(n: impl Fn(usize) -> usize) -> Vec<Input> {
    let mut inputs = Vec::new();
    let q16 = "?".repeat(16);
    inputs.push(check(
        "two globs `*a` + 16 `?` / `*b` + 16 `?`",
        spec_file(format!(
            "spec s {{\n    agent a {{ write \"*a{q16}\"; task t {{ goal \"x\" }} }}\n    \
             agent b {{ write \"*b{q16}\"; task t {{ goal \"y\" }} }}\n}}\n"
        )),
    ));
    let long = "?".repeat(n(40_000));
    inputs.push(check(
        "one glob of 40,000 `?`",
        spec_file(format!(
            "spec s {{\n    agent a {{ write \"{long}\"; task t {{ goal \"x\" }} }}\n    \
             agent b {{ write \"**\"; task t {{ goal \"y\" }} }}\n}}\n"
        )),
    ));
    let k = n(10_000);
    let mut chain = String::from("template t0 { autonomy supervised }\n");
    for i in 1..k {
        chain.push_str(&format!("template t{i} extends t{} {{ }}\n", i - 1));
    }
    chain.push_str(&format!(
        "spec s extends t{} {{ agent a {{ task t {{ goal \"x\" }} }} }}\n",
        k - 1
    ));
    inputs.push(check("`extends` chain of 10,000", spec_file(chain)));
    let k = n(10_000);
    let mut files = vec![("charter.toml".to_owned(), String::new())];
    files.push((
        "s.charter".into(),
        "use \"m1.charter\"\nspec s { agent a { task t { goal \"x\" } } }\n".into(),
    ));
    for i in 1..k {
        let next = if i + 1 < k {
            format!("use \"m{}.charter\"\n", i + 1)
        } else {
            String::new()
        };
        files.push((
            format!("m{i}.charter"),
            format!("{next}template t{i} {{ }}\n"),
        ));
    }
    inputs.push(check("import chain of 10,000", files));
    let k = n(100_000);
    let mut tasks = String::from("spec s {\n    agent a {\n");
    for i in 0..k {
        tasks.push_str(&format!(
            "        task t{i} {{ goal \"Port module {i}\" }}\n"
        ));
    }
    tasks.push_str("    }\n}\n");
    inputs.push(check("100,000 tasks in one agent", spec_file(tasks)));
    let mut after =
        String::from("spec s {\n    agent a {\n        task t0 { goal \"Port module 0\" }\n");
    for i in 1..k {
        after.push_str(&format!(
            "        task t{i} {{ goal \"Port module {i}\"; after a.t{} }}\n",
            i - 1
        ));
    }
    after.push_str("    }\n    agent b {\n        task u { goal \"Document it\" }\n    }\n}\n");
    inputs.push(check("`after` chain of 100,000", spec_file(after)));
    let globs: Vec<String> = (0..k).map(|i| format!("\"src/m{i}/**\"")).collect();
    inputs.push(check(
        "`write` list of 100,000 globs",
        spec_file(format!(
            "spec s {{\n    boundaries {{ write {} }}\n    agent a {{ write {}; task t {{ goal \"x\" }} }}\n    \
             agent b {{ write \"src/**\"; task t {{ goal \"y\" }} }}\n}}\n",
            globs.join(", "),
            globs.join(", ")
        )),
    ));
    let mut agents = String::from("spec s {\n");
    for i in 0..k {
        agents.push_str(&format!(
            "    agent a{i} {{ write \"svc/a{i}/**\"; task t {{ goal \"Port module {i}\" }} }}\n"
        ));
    }
    agents.push_str("}\n");
    inputs.push(check(
        "100,000 agents with disjoint globs",
        spec_file(agents),
    ));
    inputs.push(check(
        "100,000 unclosed `[`",
        spec_file(format!(
            "spec s {{\n    title \"x\"\n{}}}\n",
            "[\n".repeat(k)
        )),
    ));
    inputs.push(check(
        "100,000 unclosed `(`",
        spec_file(format!(
            "spec s {{\n    title \"x\"\n{}\n}}\n",
            "(".repeat(k)
        )),
    ));
    inputs.push(check(
        "8,000 `[` on one line",
        spec_file(format!(
            "spec s {{ title \"x\" }}\n{}\n",
            "[".repeat(n(8_000))
        )),
    ));
    inputs.push(check(
        "64 KB line of `\\q` escapes",
        spec_file(format!(
            "spec s {{ title \"{}\" }}\n",
            "\\q".repeat(n(32_768))
        )),
    ));
    let q22 = "?".repeat(22);
    inputs.push(check(
        "deny set too complex to decide (E011)",
        spec_file(format!(
            "spec s {{\n    boundaries {{ write \"?{q22}*\"; deny \"*a{q22}\", \"*[!a]{q22}\" }}\n    \
             agent a {{ task t {{ goal \"x\" }} }}\n}}\n"
        )),
    ));
    inputs
}
