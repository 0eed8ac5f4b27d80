//! `textDocument/semanticTokens/full`: heads and modifier words as
//! keywords, definitions and references by what they name, strings,
//! numbers, comments (doc comments marked as documentation), operators.

use lsp_types::{
    SemanticToken, SemanticTokenModifier, SemanticTokenType, SemanticTokens, SemanticTokensLegend,
    SemanticTokensParams, SemanticTokensResult,
};

use super::document;
use crate::lsp::convert::LineMap;
use crate::lsp::index::{SymbolKind, WordRole, file_index};
use crate::lsp::server::Outcome;
use crate::lsp::session::Snapshot;
use crate::syntax::Span;
use crate::syntax::token::{CommentKind, Tok, comment_kind, lex};

/// The token types, in legend order; a token's type is its index here.
const TYPES: &[SemanticTokenType] = &[
    SemanticTokenType::KEYWORD,
    SemanticTokenType::MODIFIER,
    SemanticTokenType::STRING,
    SemanticTokenType::NUMBER,
    SemanticTokenType::COMMENT,
    SemanticTokenType::OPERATOR,
    SemanticTokenType::NAMESPACE,
    SemanticTokenType::TYPE,
    SemanticTokenType::CLASS,
    SemanticTokenType::FUNCTION,
    SemanticTokenType::EVENT,
    SemanticTokenType::VARIABLE,
    SemanticTokenType::INTERFACE,
    SemanticTokenType::PROPERTY,
    SemanticTokenType::ENUM_MEMBER,
];

const MODIFIERS: &[SemanticTokenModifier] = &[
    SemanticTokenModifier::DECLARATION,
    SemanticTokenModifier::DOCUMENTATION,
];

const DECLARATION: u32 = 1;
const DOCUMENTATION: u32 = 2;

pub fn legend() -> SemanticTokensLegend {
    SemanticTokensLegend {
        token_types: TYPES.to_vec(),
        token_modifiers: MODIFIERS.to_vec(),
    }
}

fn type_index(ty: &SemanticTokenType) -> u32 {
    TYPES.iter().position(|t| t == ty).unwrap_or(0) as u32
}

fn symbol_type(kind: SymbolKind) -> SemanticTokenType {
    match kind {
        SymbolKind::Spec => SemanticTokenType::NAMESPACE,
        SymbolKind::Template => SemanticTokenType::TYPE,
        SymbolKind::Agent => SemanticTokenType::CLASS,
        SymbolKind::Task => SemanticTokenType::FUNCTION,
        SymbolKind::Check => SemanticTokenType::EVENT,
        SymbolKind::Criterion => SemanticTokenType::VARIABLE,
        SymbolKind::Contract => SemanticTokenType::INTERFACE,
        SymbolKind::Metric => SemanticTokenType::PROPERTY,
    }
}

pub fn handle(
    snapshot: &Snapshot,
    params: SemanticTokensParams,
) -> Outcome<Option<SemanticTokensResult>> {
    let file = document(snapshot, &params.text_document.uri)?;
    let text = snapshot.text(file);
    let index = file_index(&snapshot.db, file);
    let mut tokens: Vec<(Span, u32, u32)> = Vec::new();
    for (tok, span) in lex(text) {
        let ty = match tok {
            Tok::Str => SemanticTokenType::STRING,
            Tok::Number => SemanticTokenType::NUMBER,
            Tok::LineComment | Tok::BlockComment => {
                let doc = comment_kind(span.text(text)) == CommentKind::Doc;
                let modifiers = if doc { DOCUMENTATION } else { 0 };
                tokens.push((span, type_index(&SemanticTokenType::COMMENT), modifiers));
                continue;
            }
            Tok::Lt | Tok::Le | Tok::Gt | Tok::Ge | Tok::EqEq => SemanticTokenType::OPERATOR,
            _ => continue,
        };
        tokens.push((span, type_index(&ty), 0));
    }
    for (span, role) in &index.words {
        let ty = match role {
            WordRole::Head => SemanticTokenType::KEYWORD,
            WordRole::Modifier => SemanticTokenType::MODIFIER,
            WordRole::EnumWord | WordRole::Code => SemanticTokenType::ENUM_MEMBER,
            WordRole::Metric => SemanticTokenType::PROPERTY,
        };
        tokens.push((*span, type_index(&ty), 0));
    }
    for d in &index.definitions {
        tokens.push((d.name_span, type_index(&symbol_type(d.kind)), DECLARATION));
    }
    for r in &index.references {
        tokens.push((r.span, type_index(&symbol_type(r.kind)), 0));
    }
    tokens.sort_by_key(|(span, _, _)| (span.start(), std::cmp::Reverse(span.end())));
    Ok(Some(SemanticTokensResult::Tokens(SemanticTokens {
        result_id: None,
        data: encode(text, &tokens),
    })))
}

/// Relative encoding, one token per line (clients need not support
/// multi-line tokens), overlapping tokens dropped.
fn encode(text: &str, tokens: &[(Span, u32, u32)]) -> Vec<SemanticToken> {
    let map = LineMap::new(text);
    let mut out = Vec::new();
    let (mut last_line, mut last_start) = (0u32, 0u32);
    let mut covered = 0usize;
    for &(span, ty, modifiers) in tokens {
        if span.start() < covered || span.end() <= span.start() {
            continue;
        }
        covered = span.end();
        let mut start = span.start();
        while start < span.end() {
            let line = map.line_of(start);
            let line_end = map.line_start(line + 1).min(span.end()).max(start);
            let piece_end = if line_end > start && text.as_bytes().get(line_end - 1) == Some(&b'\n')
            {
                line_end - 1
            } else {
                line_end
            };
            let from = map.position(start);
            let length = text
                .get(start..piece_end)
                .map_or(0, |s| s.encode_utf16().count()) as u32;
            if length > 0 {
                let delta_line = from.line - last_line;
                let delta_start = if delta_line == 0 {
                    from.character - last_start
                } else {
                    from.character
                };
                out.push(SemanticToken {
                    delta_line,
                    delta_start,
                    length,
                    token_type: ty,
                    token_modifiers_bitset: modifiers,
                });
                last_line = from.line;
                last_start = from.character;
            }
            if line_end <= start {
                break;
            }
            start = line_end;
        }
    }
    out
}
