fn main() {
    let path = std::env::args().nth(1).unwrap();
    let text = std::fs::read_to_string(&path).unwrap();
    let parsed = charter::syntax::parse_source(&path, &text);
    let mut sources = charter::diagnostics::render::Sources::new();
    sources.insert(path.clone(), text);
    print!("{}", charter::diagnostics::render::human(&parsed.diagnostics, &sources, false));
    if std::env::args().nth(2).is_some() { println!("{:#?}", parsed.tree.statements); }
    println!("{} top-level statements", parsed.tree.statements.len());
}
