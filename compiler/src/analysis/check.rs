//! Schema checks and name resolution of one declaration: names and targets,
//! known and required properties, value types and ranges, references.

use super::{Analyzer, NameIndex, Occurrence, did_you_mean};
use crate::diag::{Diagnostic, Edit, FileId, Fix};
use crate::model::{Date, Duration, MProp, MVal, MValue, SymbolId, SymbolTable};
use crate::schema::{self, KindSchema, Naming, Prop, Ty};
use crate::syntax::{Block, Decl, DeclParts, EntryParts, Name, Path, Span, Value, ValueKind};
use crate::tr;

/// Checks declarations and resolves their references. It only reads the symbol
/// table; what it finds goes into its own lists, so several checkers can run on
/// separate threads and their findings be joined in declaration order.
#[derive(Clone)]
pub(super) struct Checker<'a> {
    symbols: &'a SymbolTable,
    /// Did-you-mean for unknown names, built at the first one (shared by the threads).
    names: &'a std::sync::OnceLock<NameIndex>,
    pub(super) diags: Vec<Diagnostic>,
    pub(super) occurrences: Vec<Occurrence>,
    /// Did-you-mean for unknown properties, by (property table, key): the same slip
    /// is often made many times.
    property_suggestions: rustc_hash::FxHashMap<(usize, String), Option<String>>,
}

impl<'a> Checker<'a> {
    pub(super) fn new(symbols: &'a SymbolTable, names: &'a std::sync::OnceLock<NameIndex>) -> Checker<'a> {
        Checker { symbols, names, diags: Vec::new(), occurrences: Vec::new(), property_suggestions: Default::default() }
    }

    /// "Did you mean …?" for an unknown name that should be of one of `kinds`.
    fn suggest_name(&self, text: &str, kinds: &[&str]) -> Option<String> {
        self.names.get_or_init(|| NameIndex::new(self.symbols)).suggest(text, kinds)
    }

    /// Check one declaration of `kind`: its `on` target and its properties.
    pub(super) fn check_decl(
        &mut self,
        file: FileId,
        decl: Decl<'_>,
        kind: &'static KindSchema,
    ) -> (Option<MVal>, Vec<MProp>) {
        let k = kind.kind;
        let mut target = None;
        let parts = decl.parts();
        let recovered = decl.recovered();
        if kind.naming == Naming::Required && parts.name.is_none() && !recovered {
            self.diags.push(
                Diagnostic::error("MIG2010", tr!("`{k}` には名前が必要です", "`{k}` needs a name"))
                    .primary(file, parts.kind.span, tr!("名前がありません", "no name"))
                    .help(tr!(
                        "`{k} 名前 \"タイトル\" {{ … }}` のように書きます。",
                        "write `{k} name \"title\" {{ … }}`"
                    )),
            );
        }
        // `on TARGET`
        match (kind.target, parts.target) {
            (None, Some(t)) => {
                self.diags.push(
                    Diagnostic::error("MIG2011", tr!("`{k}` は `on` を取りません", "`{k}` takes no `on` target"))
                        .primary(file, t.span(), tr!("`on` は使えません", "remove this `on`")),
                )
            }
            (Some(kinds), None) if kind.target_required && !recovered => {
                let ks = kinds.join(" / ");
                self.diags.push(
                    Diagnostic::error("MIG2011", tr!("`{k}` には `on 対象` が必要です", "`{k}` needs an `on` target"))
                        .primary(file, parts.kind.span, tr!("対象がありません", "no target"))
                        .help(tr!("`on` で対象 ({ks}) を指定してください。", "name its target ({ks}) with `on`")),
                );
            }
            (Some(kinds), Some(t)) => {
                target = self.resolve(file, t, kinds).map(|s| MVal { value: MValue::Ref(s), span: t.span() });
            }
            _ => {}
        }
        let mut props = self.check_entries(file, kind.props, parts.body, Owner::Decl(kind, &parts));
        self.exclusive(file, k, &mut props);
        if k == "log" && !recovered && parts.body.is_some_and(|b| !b.recovered()) {
            self.log_retention(file, &parts);
        }
        (target, props)
    }

    /// A log states its retention on itself or on every `tier`: where neither says it,
    /// `retention` is missing as a required property is (MIG2003), at the log's name
    /// (no tiers) or at each tier that lacks it. Read from the text, so that a
    /// retention whose value was reported already counts as given.
    fn log_retention(&mut self, file: FileId, parts: &DeclParts<'_>) {
        let Some(body) = parts.body else { return };
        let mut tiers: Vec<(Span, bool)> = Vec::new();
        for entry in body.entries() {
            let e = entry.parts();
            match (e.key.text, &e.value.kind) {
                ("retention", _) => return,
                ("tier", ValueKind::Block(b)) if !b.recovered() => {
                    tiers.push((head_span(&e), b.entries().any(|f| f.parts().key.text == "retention")));
                }
                // A tier whose block was not read: it may hold a retention.
                ("tier", _) => return,
                _ => {}
            }
        }
        let missing = |span: Span, ja: &str, en: &str| {
            Diagnostic::error(
                "MIG2003",
                tr!("必須のプロパティ `retention` がありません", "missing required property `retention`"),
            )
            .primary(file, span, tr!("{ja}", "{en}"))
            .help(tr!(
                "ログ自体に `retention 5y` と書くか、各 `tier` に保存期間を書いてください。",
                "add `retention 5y` to the log, or a retention to every `tier`"
            ))
        };
        if tiers.is_empty() {
            let span = parts.name.map_or(parts.kind.span, |n| n.span);
            let d = missing(
                span,
                "この log に `retention` (保存期間) がありません",
                "this log has no `retention` (how long it is kept)",
            );
            self.diags.push(d);
            return;
        }
        for (span, has) in tiers {
            if !has {
                let d = missing(
                    span,
                    "この `tier` にも log 自体にも `retention` (保存期間) がありません",
                    "neither this `tier` nor the log states a `retention`",
                );
                self.diags.push(d);
            }
        }
    }

    /// Check a block's entries against `props`; used for declarations and nested
    /// records. A missing block (the header's error was reported) counts as recovered.
    fn check_entries(
        &mut self,
        file: FileId,
        props: &'static [Prop],
        block: Option<Block<'_>>,
        owner: Owner<'_>,
    ) -> Vec<MProp> {
        let n = block.map_or(0, |b| b.entries().count());
        let mut out: Vec<MProp> = Vec::with_capacity(n);
        let mut seen: Vec<(&'static str, Span)> = Vec::with_capacity(n);
        for entry in block.into_iter().flat_map(|b| b.entries()) {
            let parts = entry.parts();
            let key = parts.key.text;
            let Some(prop) = props.iter().find(|p| p.key == key) else {
                self.unknown_property(file, props, &parts, &owner);
                continue;
            };
            if !prop.repeated {
                if let Some((_, first)) = seen.iter().find(|(k, _)| *k == prop.key) {
                    let first = *first;
                    self.diags.push(
                        Diagnostic::error("MIG2009", tr!("`{key}` が2回書かれています", "`{key}` is given twice"))
                            .primary(file, parts.key.span, tr!("2回目", "given again here"))
                            .secondary(file, first, tr!("最初の指定", "first given here"))
                            .help(tr!(
                                "1つにまとめてください。複数の値はリスト `[a, b]` で書きます。",
                                "keep one; several values are written as a list `[a, b]`"
                            )),
                    );
                    continue;
                }
                if let Some(l) = parts.label {
                    self.diags.push(
                        Diagnostic::error(
                            "MIG2013",
                            tr!("`{key}` にはラベルを付けられません", "`{key}` takes no label"),
                        )
                        .primary(
                            file,
                            l.span,
                            tr!("このラベルは不要です", "remove this label"),
                        ),
                    );
                }
                seen.push((prop.key, parts.key.span));
            }
            if let Some(value) = self.check_value(file, prop, &prop.ty, &parts.value, &parts) {
                out.push(MProp {
                    key: prop.key,
                    label: parts.label.map(Name::to_ident),
                    title: parts.title.map(|t| t.value().into_owned()),
                    value,
                    span: entry.span(),
                    key_span: parts.key.span,
                });
            } else if prop.required {
                // Counted as present: its value was reported already.
                seen.push((prop.key, parts.key.span));
            }
        }
        // Where entries were lost to a syntax error, a "missing" one may be among them.
        let recovered = block.is_none_or(|b| b.recovered());
        for prop in props.iter().filter(|p| p.required && !recovered) {
            if seen.iter().any(|(k, _)| *k == prop.key) || out.iter().any(|p| p.key == prop.key) {
                continue;
            }
            let key = prop.key;
            let (doc_ja, doc_en) = (prop.doc_ja, prop.doc_en);
            let example = Ty::example(&prop.ty);
            let fix = block.and_then(|b| {
                let line = crate::rules::fixes::property_line(prop, self.symbols);
                let edit = Edit::line_in_block(file, b.file_text(), b.span(), &line)?;
                Some(Fix::repair(tr!("`{key}` を追加する", "add `{key}`"), vec![edit]))
            });
            let (span, what) = match &owner {
                Owner::Decl(kind, decl) => {
                    let k = kind.kind;
                    (decl.name.map_or(decl.kind.span, |n| n.span), tr!("この {k} ", "this {k}"))
                }
                Owner::Nested(entry) => {
                    let k = entry.key.text;
                    (head_span(entry), tr!("この `{k}` ブロック", "this `{k}` block"))
                }
            };
            let (wja, wen) = (&what.ja, &what.en);
            self.diags.push(
                Diagnostic::error(
                    "MIG2003",
                    tr!("必須のプロパティ `{key}` がありません", "missing required property `{key}`"),
                )
                .primary(file, span, tr!("{wja}に `{key}` ({doc_ja}) がありません", "{wen} has no `{key}` ({doc_en})"))
                .help(tr!("`{key} {example}` のように追加してください。", "add it, e.g. `{key} {example}`"))
                .fixes(fix),
            );
        }
        out
    }

    /// Properties that may not be given together ([`crate::schema::EXCLUSIVE`]):
    /// the one written second is reported and dropped.
    fn exclusive(&mut self, file: FileId, kind: &str, props: &mut Vec<MProp>) {
        for &(_, a, b) in crate::schema::EXCLUSIVE.iter().filter(|(k, _, _)| *k == kind) {
            let (Some(ia), Some(ib)) = (props.iter().position(|p| p.key == a), props.iter().position(|p| p.key == b))
            else {
                continue;
            };
            let (first, second) = if props[ia].span.start <= props[ib].span.start { (ia, ib) } else { (ib, ia) };
            let (fk, sk) = (props[first].key, props[second].key);
            let (first_span, second_span) = (props[first].key_span, props[second].key_span);
            self.diags.push(
                Diagnostic::error(
                    "MIG2021",
                    tr!("`{fk}` と `{sk}` は同時に書けません", "`{fk}` and `{sk}` cannot be given together"),
                )
                .primary(file, second_span, tr!("`{fk}` と重なる指定", "conflicts with `{fk}`"))
                .secondary(file, first_span, tr!("最初の指定", "first given here"))
                .help(tr!(
                    "`via NET` は `route [NET]` と同じ意味です。どちらか1つにしてください (経路が複数の区間なら route)。",
                    "`via NET` means `route [NET]`: keep one of them (route, when the path has several hops)"
                )),
            );
            props.remove(second);
        }
    }

    fn unknown_property(&mut self, file: FileId, props: &'static [Prop], entry: &EntryParts<'_>, owner: &Owner<'_>) {
        let key = entry.key.text;
        // The same slip is often made many times: its suggestion is worked out once.
        let memo_key = (props.as_ptr() as usize, key.to_string());
        let suggestion = match self.property_suggestions.get(&memo_key) {
            Some(s) => s.clone(),
            None => {
                let s = did_you_mean(key, props.iter().map(|p| p.key));
                self.property_suggestions.insert(memo_key, s.clone());
                s
            }
        };
        let whose = match owner {
            Owner::Decl(k, _) => {
                let kk = k.kind;
                tr!("`{kk}`", "`{kk}`")
            }
            Owner::Nested(e) => {
                let kk = e.key.text;
                tr!("`{kk}` ブロック", "the `{kk}` block")
            }
        };
        let (wja, wen) = (&whose.ja, &whose.en);
        let mut d =
            Diagnostic::error("MIG2002", tr!("{wja} に不明なプロパティ `{key}`", "unknown property `{key}` in {wen}"))
                .primary(file, entry.key.span, tr!("このプロパティはありません", "no such property"));
        d = match suggestion {
            Some(s) => d.help(tr!("`{s}` のことですか?", "did you mean `{s}`?")).replace_fix(file, entry.key.span, &s),
            None => {
                let all = props.iter().map(|p| p.key).collect::<Vec<_>>().join(", ");
                d.help(tr!("使えるプロパティ: {all}", "the properties are: {all}"))
            }
        };
        self.diags.push(d);
    }

    /// Check one value against its type; `None` (with a diagnostic) if it does not fit.
    fn check_value(
        &mut self,
        file: FileId,
        prop: &'static Prop,
        ty: &'static Ty,
        value: &Value<'_>,
        entry: &EntryParts<'_>,
    ) -> Option<MVal> {
        let span = value.span;
        let ok = |v: MValue| Some(MVal { value: v, span });
        match (ty, &value.kind) {
            // Already reported by the parser.
            (_, ValueKind::Invalid) => None,
            (Ty::String, ValueKind::String(s)) => ok(MValue::Str(s.to_string())),
            (Ty::Text, ValueKind::String(s)) if s.trim().is_empty() => {
                self.empty_text(file, prop, span);
                None
            }
            (Ty::Text, ValueKind::String(s)) => ok(MValue::Str(s.to_string())),
            (Ty::Bool, ValueKind::Bool(b)) => ok(MValue::Bool(*b)),
            (Ty::Version, ValueKind::Version(v)) => ok(MValue::Version(v.clone())),
            (Ty::RuleId, ValueKind::RuleId(r)) => ok(MValue::RuleId(r.to_string())),
            (Ty::Duration, ValueKind::Duration { amount, unit }) => {
                ok(MValue::Duration(Duration { amount: *amount, unit: *unit }))
            }
            (Ty::Int { min, max }, ValueKind::Integer(n)) => self.int_in_range(file, prop, span, *n, *min, *max),
            // A level is an integer 1–5 (or its label, below).
            (Ty::Level(_), ValueKind::Integer(n)) => self.int_in_range(file, prop, span, *n, 1, 5),
            (Ty::Date, ValueKind::Date { year, month, day }) => match Date::new(*year, *month, *day) {
                Some(d) => ok(MValue::Date(d)),
                None => {
                    let shown = format!("{year:04}-{month:02}-{day:02}");
                    self.diags.push(
                        Diagnostic::error("MIG2005", tr!("{shown} は存在しない日付です", "{shown} is not a real date"))
                            .primary(file, span, tr!("この日付はありません", "no such date"))
                            .help(tr!(
                                "YYYY-MM-DD 形式で実在する日付を書いてください。",
                                "write a real date as YYYY-MM-DD"
                            )),
                    );
                    None
                }
            },
            (Ty::Country, ValueKind::Ref(path)) if is_country(*path) => ok(MValue::Country(path.text().to_string())),
            (Ty::Ref(kinds), ValueKind::Ref(path)) => {
                self.resolve(file, *path, kinds).map(|s| MVal { value: MValue::Ref(s), span })
            }
            (Ty::Enum(variants), ValueKind::Ref(path)) if path.single().is_some() => {
                let text = path.text();
                match schema::variant(variants, text) {
                    Some(v) => ok(MValue::Enum(v.name)),
                    None => {
                        let key = prop.key;
                        let names = variants.iter().map(|v| v.name).collect::<Vec<_>>();
                        let suggestion = did_you_mean(
                            text,
                            variants.iter().flat_map(|v| {
                                std::iter::once(v.name).chain(std::iter::once(v.ja)).chain(v.aliases.iter().copied())
                            }),
                        );
                        let all = names.join(", ");
                        let mut d = Diagnostic::error(
                            "MIG2012",
                            tr!("`{key}` に `{text}` は指定できません", "`{text}` is not a valid `{key}`"),
                        )
                        .primary(file, span, tr!("不明な値", "unknown value"));
                        d = match suggestion {
                            Some(s) => d
                                .help(tr!(
                                    "`{s}` のことですか? 使える値: {all}",
                                    "did you mean `{s}`? the values are: {all}"
                                ))
                                .replace_fix(file, span, &s),
                            None => d.help(tr!("使える値: {all}", "the values are: {all}")),
                        };
                        self.diags.push(d);
                        None
                    }
                }
            }
            (Ty::Level(labels), ValueKind::Ref(path)) if path.single().is_some() => {
                let text = path.text();
                match labels.iter().position(|l| *l == text) {
                    Some(i) => ok(MValue::Int(i as u64 + 1)),
                    None => {
                        let key = prop.key;
                        let all = labels
                            .iter()
                            .enumerate()
                            .map(|(i, l)| format!("{} {l}", i + 1))
                            .collect::<Vec<_>>()
                            .join(", ");
                        self.diags.push(
                            Diagnostic::error(
                                "MIG2012",
                                tr!("`{key}` に `{text}` は指定できません", "`{text}` is not a valid `{key}`"),
                            )
                            .primary(file, span, tr!("不明な段階", "unknown level"))
                            .help(tr!(
                                "1〜5 の数か、次のラベルで書きます: {all}",
                                "write 1 to 5, or one of the labels: {all}"
                            )),
                        );
                        None
                    }
                }
            }
            (Ty::ListN(inner, n), ValueKind::List(list)) => {
                let items: Vec<Value<'_>> = list.values().collect();
                if items.len() != *n {
                    let (key, len) = (prop.key, items.len());
                    self.diags.push(
                        Diagnostic::error(
                            "MIG2005",
                            tr!(
                                "`{key}` には {n} 個の値が必要です ({len} 個あります)",
                                "`{key}` needs exactly {n} values, not {len}"
                            ),
                        )
                        .primary(file, span, tr!("{n} 個ではありません", "not {n} values")),
                    );
                    return None;
                }
                let vals: Vec<MVal> =
                    items.iter().filter_map(|v| self.check_value(file, prop, inner, v, entry)).collect();
                (vals.len() == *n).then_some(MVal { value: MValue::List(vals), span })
            }
            (Ty::List(inner), ValueKind::List(list)) => {
                let vals: Vec<MVal> =
                    list.values().filter_map(|v| self.check_value(file, prop, inner, &v, entry)).collect();
                ok(MValue::List(vals))
            }
            // A single element may stand for a one-element list.
            (Ty::List(inner), _) => {
                let v = self.check_value(file, prop, inner, value, entry)?;
                ok(MValue::List(vec![v]))
            }
            (Ty::Record(props), ValueKind::Block(block)) => {
                let entries = self.check_entries(file, props, Some(*block), Owner::Nested(entry));
                ok(MValue::Record(entries))
            }
            _ => {
                self.type_mismatch(file, prop, ty, value);
                None
            }
        }
    }

    /// An empty (or blank) string where something must be said: a waiver's reason
    /// or approver. The value is dropped, so the waiver accepts nothing.
    fn empty_text(&mut self, file: FileId, prop: &Prop, span: Span) {
        let key = prop.key;
        let (doc_ja, doc_en) = (prop.doc_ja, prop.doc_en);
        let (ex_ja, ex_en) = match key {
            "reason" => ("閉域網の整備完了まで IPsec-VPN を使用", "IPsec VPN until the closed network is ready"),
            "approved_by" => ("さくらクリニック 院長", "Director, Sakura Clinic"),
            _ => ("…", "…"),
        };
        self.diags.push(
            Diagnostic::error("MIG2019", tr!("`{key}` が空です", "`{key}` is empty"))
                .primary(file, span, tr!("空の {key} は書けません", "an empty {key} is not allowed"))
                .help(tr!(
                    "{doc_ja}を書いてください (例 `{key} \"{ex_ja}\"`)。空のままでは、この適用除外は何も除外しません。",
                    "write {doc_en}, e.g. `{key} \"{ex_en}\"`; until then this waiver accepts nothing"
                )),
        );
    }

    fn int_in_range(&mut self, file: FileId, prop: &Prop, span: Span, n: u64, min: u64, max: u64) -> Option<MVal> {
        if (min..=max).contains(&n) {
            return Some(MVal { value: MValue::Int(n), span });
        }
        let key = prop.key;
        self.diags.push(
            Diagnostic::error(
                "MIG2005",
                tr!("`{key}` の値 {n} は範囲外です ({min}〜{max})", "`{key}` must be from {min} to {max}, not {n}"),
            )
            .primary(
                file,
                span,
                tr!("{min}〜{max} の整数が必要です", "expected an integer from {min} to {max}"),
            ),
        );
        None
    }

    fn type_mismatch(&mut self, file: FileId, prop: &Prop, ty: &Ty, value: &Value<'_>) {
        let key = prop.key;
        let (exp_ja, exp_en) = Ty::name(ty);
        let example = Ty::example(ty);
        let (found_ja, found_en) = value.kind.describe();
        let mut d = Diagnostic::error(
            "MIG2004",
            tr!(
                "`{key}` には {exp_ja} が必要ですが、{found_ja} が書かれています",
                "`{key}` expects {exp_en}, found {found_en}"
            ),
        )
        .primary(file, value.span, tr!("{exp_ja} ではありません", "not {exp_en}"));
        d = match (ty, &value.kind) {
            (Ty::Ref(_) | Ty::Enum(_), ValueKind::String(s)) if !s.is_empty() => {
                d.help(tr!("名前は引用符なしで書きます: `{key} {s}`", "names are written without quotes: `{key} {s}`"))
            }
            (Ty::Country, _) => match country_guess(&value.kind) {
                Some(c) => d.help(tr!(
                    "`{c}` のことですか? 国コードは ISO 3166 の2文字を大文字で書きます。",
                    "did you mean `{c}`? country codes are ISO 3166 two-letter codes in capitals"
                )),
                None => d.help(tr!(
                    "ISO 3166 の2文字の国コードを引用符なしで書きます (例 `JP`)。",
                    "write an ISO 3166 two-letter country code without quotes, e.g. `JP`"
                )),
            },
            (Ty::Int { .. }, ValueKind::Version(_)) => {
                d.help(tr!("整数で書いてください (例 `{example}`)。", "write an integer, e.g. `{example}`"))
            }
            (Ty::Duration, ValueKind::Integer(n)) => d.help(tr!(
                "単位を付けてください: `{n}d` (日)、`{n}m` (月)、`{n}y` (年)。",
                "add a unit: `{n}d` (days), `{n}m` (months), `{n}y` (years)"
            )),
            _ => d.help(tr!("例: `{key} {example}`", "for example `{key} {example}`")),
        };
        self.diags.push(d);
    }

    /// Resolve a reference to a symbol of one of `kinds`, recording the occurrence.
    /// A name that several kinds share resolves among the kinds accepted here; if
    /// two of them are, the reference is ambiguous (`flow::受付` says which).
    fn resolve(&mut self, file: FileId, path: Path<'_>, kinds: &'static [&'static str]) -> Option<SymbolId> {
        // A path is looked up as written (`::` touches its names), without building a string.
        let text = path.text();
        let span = path.span();
        let symbols = self.symbols;
        let Some(first) = symbols.lookup(text) else {
            if let Some(found) = self.resolve_qualified(file, path, kinds) {
                return found;
            }
            self.unknown_name(file, span, text, kinds);
            return None;
        };
        let shared = symbols.shared_with(Some(first));
        let sid = if shared.is_empty() {
            first
        } else {
            let mut matching =
                symbols.lookup_all(text).filter(|&s| symbols.get(s).is_some_and(|s| kinds.contains(&s.kind.kind)));
            match (matching.next(), matching.next()) {
                (Some(one), None) => one,
                (Some(a), Some(b)) => {
                    let all: Vec<SymbolId> = [a, b].into_iter().chain(matching).collect();
                    self.ambiguous(file, span, text, &all);
                    return None;
                }
                (None, _) => first,
            }
        };
        self.occurrences.push(Occurrence { file, span, symbol: sid, definition: false, kinds });
        let sym = &symbols.symbols[sid.0 as usize];
        if kinds.contains(&sym.kind.kind) {
            return Some(sid);
        }
        self.wrong_kind(file, span, text, kinds, &symbols.lookup_all(text).collect::<Vec<_>>());
        None
    }

    /// `KIND::name` (`flow::受付`): the declaration of that kind and name, for a
    /// name that several kinds share. `None` when the path is not of this form.
    fn resolve_qualified(
        &mut self,
        file: FileId,
        path: Path<'_>,
        kinds: &'static [&'static str],
    ) -> Option<Option<SymbolId>> {
        let mut segments = path.segments();
        let (k, name) = (segments.next()?, segments.next()?);
        if segments.next().is_some() {
            return None;
        }
        let kind = schema::kind(k.text)?;
        let symbols = self.symbols;
        let Some(sid) = symbols.lookup_kind(name.text, kind.kind) else {
            self.unknown_name(file, path.span(), path.text(), &[kind.kind]);
            return Some(None);
        };
        // The name is what a rename changes.
        self.occurrences.push(Occurrence { file, span: name.span, symbol: sid, definition: false, kinds });
        if kinds.contains(&kind.kind) {
            return Some(Some(sid));
        }
        self.wrong_kind(file, path.span(), path.text(), kinds, &[sid]);
        Some(None)
    }

    /// A reference to a name declared only as kinds not accepted here.
    fn wrong_kind(&mut self, file: FileId, span: Span, text: &str, kinds: &[&str], declared: &[SymbolId]) {
        let symbols = self.symbols;
        let declared: Vec<_> = declared.iter().filter_map(|&s| symbols.get(s)).collect();
        let found = declared.iter().map(|s| Analyzer::kind_label(s.kind)).collect::<Vec<_>>();
        let (found_ja, found_en) = (found.join("・"), found.join(" and "));
        let expected = kinds.iter().filter_map(|k| schema::kind(k)).map(Analyzer::kind_label).collect::<Vec<_>>();
        let (exp_ja, exp_en) = (expected.join(" または "), expected.join(" or "));
        let mut d = Diagnostic::error(
            "MIG2007",
            tr!(
                "`{text}` は {found_ja} です。ここには {exp_ja} が必要です",
                "`{text}` is declared as {found_en}, but {exp_en} is expected here"
            ),
        )
        .primary(file, span, tr!("{exp_ja} ではありません", "not {exp_en}"));
        for s in declared {
            let k = Analyzer::kind_label(s.kind);
            d = d.secondary(s.file, s.name_span, tr!("{k} として定義", "defined here as {k}"));
        }
        self.diags.push(d.help(tr!("ここには {exp_ja} の名前を書いてください。", "name {exp_en} here")));
    }

    /// A reference whose name is declared as two (or more) of the kinds accepted here.
    fn ambiguous(&mut self, file: FileId, span: Span, text: &str, candidates: &[SymbolId]) {
        let symbols = self.symbols;
        let candidates: Vec<_> = candidates.iter().filter_map(|&s| symbols.get(s)).collect();
        let labels = candidates.iter().map(|s| Analyzer::kind_label(s.kind)).collect::<Vec<_>>();
        let (ja, en) = (labels.join(" と "), labels.join(" and "));
        let example = candidates.first().map_or_else(String::new, |s| format!("{}::{text}", s.kind.kind));
        let mut d = Diagnostic::error(
            "MIG2020",
            tr!(
                "`{text}` は {ja} のどちらも指せます",
                "`{text}` is ambiguous: it names {en}, and both are accepted here"
            ),
        )
        .primary(file, span, tr!("どの宣言か決まりません", "which declaration is meant?"));
        for s in &candidates {
            let k = Analyzer::kind_label(s.kind);
            d = d.secondary(s.file, s.name_span, tr!("{k} として定義", "declared here as {k}"));
        }
        self.diags.push(d.help(tr!(
            "種類を付けて `{example}` のように書くか、どちらかの名前を変えてください。",
            "qualify it with its kind, e.g. `{example}`, or rename one of them"
        )));
    }

    fn unknown_name(&mut self, file: FileId, span: Span, text: &str, kinds: &[&str]) {
        let suggestion = self.suggest_name(text, kinds);
        let expected = kinds.iter().filter_map(|k| schema::kind(k)).map(Analyzer::kind_label).collect::<Vec<_>>();
        let (exp_ja, exp_en) = (expected.join(" または "), expected.join(" or "));
        let mut d = Diagnostic::error("MIG2006", tr!("`{text}` が見つかりません", "cannot find `{text}`")).primary(
            file,
            span,
            tr!("この名前の {exp_ja} はありません", "no {exp_en} of this name"),
        );
        if let Some(s) = suggestion {
            d = d.help(tr!("`{s}` のことですか?", "did you mean `{s}`?")).replace_fix(file, span, &s);
        } else if let Some((k, name)) =
            text.split_once("::").filter(|(k, n)| schema::kind(k).is_some() && !n.contains("::"))
        {
            d = d.help(tr!(
                "`{k}::{name}` は種類 {k} の `{name}` を指します。`{k} {name} {{ … }}` を宣言するか、ほかの種類の `{name}` なら種類を書き換えてください。",
                "`{k}::{name}` names the {k} `{name}`; declare it (`{k} {name} {{ … }}`), or write the kind of the `{name}` you mean"
            ));
        } else if text.contains("::") && !text.starts_with("std::") {
            d = d.help(tr!(
                "`::` で区切った名前は標準ライブラリ (`std::…`) だけです。",
                "only standard-library names (`std::…`) contain `::`"
            ));
        } else {
            let kind0 = kinds.first().copied().unwrap_or("party");
            d = d.help(tr!(
                "`{kind0} {text} {{ … }}` を宣言するか、宣言のあるファイルを import してください。",
                "declare it (`{kind0} {text} {{ … }}`) or import the file that does"
            ));
        }
        self.diags.push(d);
    }
}

/// A likely country code for a misspelt one: `jp`, `japan`, `日本`, `"JP"`.
fn country_guess(value: &ValueKind<'_>) -> Option<String> {
    let text = match value {
        ValueKind::Ref(p) => p.text().to_string(),
        ValueKind::String(s) => s.to_string(),
        _ => return None,
    };
    let known = [("japan", "JP"), ("日本", "JP"), ("usa", "US"), ("america", "US"), ("米国", "US"), ("アメリカ", "US")];
    if let Some((_, c)) = known.iter().find(|(n, _)| text.eq_ignore_ascii_case(n)) {
        return Some((*c).to_string());
    }
    (text.len() == 2 && text.bytes().all(|b| b.is_ascii_alphabetic())).then(|| text.to_ascii_uppercase())
}

/// Whose block is being checked: a declaration's body, or a nested block.
#[derive(Clone, Copy)]
enum Owner<'a> {
    Decl(&'static KindSchema, &'a DeclParts<'a>),
    Nested(&'a EntryParts<'a>),
}

/// `key label` of a nested block, for labels that point at the block.
fn head_span(entry: &EntryParts<'_>) -> Span {
    let end = entry.label.map_or(entry.key.span.end, |l| l.span.end);
    Span { start: entry.key.span.start, end }
}

fn is_country(path: Path<'_>) -> bool {
    path.single().is_some_and(|t| t.text.len() == 2 && t.text.bytes().all(|b| b.is_ascii_uppercase()))
}
