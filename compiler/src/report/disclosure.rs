//! What the provider discloses at release (提供事業者GL 1.1 表4-1): the 運用管理規程
//! items (ア)–(サ) and the policies that cover them, and the answers of 表4-1 A and B
//! read from the model.
//!
//! Every answer is read through the helpers the rules use (`rules::operations_rules`,
//! `rules::location`, `rules::backup`, `rules::certification`), so a document never
//! says something the checker reads otherwise. Where the model is silent the cell
//! says 記載なし; the source declarations are named so a reader can find them.

use super::{Cx, Document, Table, cols, decl_title};
use crate::diag::{Lang, Severity, Text};
use crate::model::{ModelDecl, SymbolId};
use crate::rules::backup::{any_copy, copies, methods, most_generations};
use crate::rules::certification::{ALTERNATIVES, REQUIRED};
use crate::rules::location::{self, Disclosed, Role};
use crate::rules::operations_rules::{VERIFIED_ITEMS, covering, manager, operations_rules as rules_of};
use crate::rules::risk::not_applicable;
use crate::schema::{self, POLICY_ITEMS};
use crate::tr;

/// An item (ア)–(サ): its English label, and what it must contain (a short paraphrase of
/// 提供事業者GL 1.1 §5.1.6, guidelines.md §13).
struct ItemText {
    name: &'static str,
    en: &'static str,
    content_ja: &'static str,
    content_en: &'static str,
}

const ITEMS: &[ItemText] = &[
    ItemText {
        name: "basic_policy",
        en: "(ア) basic policy",
        content_ja: "両ガイドラインと個人情報保護法に従うこと、医療情報を他と分けて管理すること、セキュリティ方針とそれを支える組織",
        content_en: "following both guidelines and the personal-information law, keeping medical information apart, a security policy and the organisation behind it",
    },
    ItemText {
        name: "organization",
        en: "(イ) organisation of the service",
        content_ja: "最終的な管理責任者・システム管理者・運用責任者・個人情報の管理者の役割と任免、非常時の役割、再委託先の体制",
        content_en: "the final accountable manager and the system, operations and personal-information managers: roles, appointment, emergency duties; the subcontractors' organisation",
    },
    ItemText {
        name: "documents",
        en: "(ウ) management of contracts, manuals and other documents",
        content_ja: "契約書・マニュアルをすぐ確かめられる管理、不正な閲覧・操作を防ぐアクセス管理",
        content_en: "contracts and manuals kept so that they can be checked at once; access control against improper viewing or use",
    },
    ItemText {
        name: "equipment",
        en: "(エ) management of equipment",
        content_ja: "機器の管理責任の所在、台帳による所在の確認",
        content_en: "who is responsible for the equipment; its whereabouts checked against a register",
    },
    ItemText {
        name: "risk_controls",
        en: "(オ) operation of the risk controls",
        content_ja: "提供事業者が行うリスク対策の運用手順",
        content_en: "how the controls the provider runs are operated",
    },
    ItemText {
        name: "incidents",
        en: "(カ) response to and reporting of incidents",
        content_ja: "被害の拡大防止、非常時の代替手段、調査のためのログの保全、医療機関等への報告の時期と方法",
        content_en: "containing the damage, emergency alternatives, keeping logs for the investigation, when and how the institution is told",
    },
    ItemText {
        name: "media",
        en: "(キ) management of storage media",
        content_ja: "個人情報を含む記憶媒体の保管と取扱い、その記録",
        content_en: "keeping and handling media that hold personal information, and records of it",
    },
    ItemText {
        name: "crisis",
        en: "(ク) organisation in a crisis",
        content_ja: "医療機関等の危機 (サイバー攻撃など) の際の提供事業者の体制と役割",
        content_en: "the provider's organisation and tasks when the institution is in a crisis such as a cyber attack",
    },
    ItemText {
        name: "patients",
        en: "(ケ) explanation to patients",
        content_ja: "外部保存を患者等に説明する方法、またはそのための資料の提供",
        content_en: "how external storage is explained to patients, or material supplied for it",
    },
    ItemText {
        name: "audit",
        en: "(コ) audit policy",
        content_ja: "監査の方針・内容と記録の保管、利用する他事業者のシステムの監査 (またはその代わり)",
        content_en: "audit policy, content and records; audit (or a substitute) of other providers' systems used",
    },
    ItemText {
        name: "contact",
        en: "(サ) point of contact",
        content_ja: "医療機関等の管理者のための一つの窓口、その手段と受付時間",
        content_en: "one contact point for the institution's managers, its means and hours",
    },
];

fn item_text(name: &str) -> Option<&'static ItemText> {
    ITEMS.iter().find(|i| i.name == name)
}

impl Cx<'_> {
    fn not_stated(&self) -> String {
        self.t(tr!("記載なし", "not stated"))
    }
    /// Lines of a cell (a line break in every format).
    fn lines(&self, lines: Vec<String>) -> String {
        if lines.is_empty() { self.not_stated() } else { lines.join("\n") }
    }
    /// A declaration as the model names it: `kind name`.
    fn source(&self, d: &ModelDecl) -> String {
        match &d.name {
            Some(n) => format!("{} {}", d.kind.kind, n.text),
            None => d.kind.kind.to_string(),
        }
    }
    fn sources<'d>(&self, decls: impl IntoIterator<Item = &'d ModelDecl>) -> String {
        // In first-seen order, each once (a set beside the list keeps it linear).
        let mut seen: Vec<String> = Vec::new();
        let mut known = std::collections::HashSet::new();
        for d in decls {
            let s = self.source(d);
            if known.insert(s.clone()) {
                seen.push(s);
            }
        }
        seen.join(", ")
    }
}

/// The item's label as the language shows it: the schema's Japanese label, else the English.
fn item_label(cx: &Cx, name: &str) -> String {
    match cx.lang {
        Lang::Ja => POLICY_ITEMS.iter().find(|v| v.name == name).map_or(name, |v| v.ja).to_string(),
        Lang::En => item_text(name).map_or(name, |i| i.en).to_string(),
    }
}

fn item_cite(cx: &Cx, name: &str) -> String {
    if VERIFIED_ITEMS.contains(&name) {
        cx.t(tr!(
            "提供事業者GL 1.1 §5.1.6, 表4-1 B [V] (MIG-OPS-001)",
            "provider GL 1.1 §5.1.6, table 4-1 B [V] (MIG-OPS-001)"
        ))
    } else {
        cx.t(tr!(
            "提供事業者GL 1.1 §5.1.6 (読書メモ) [V2] (MIG-OPS-002)",
            "provider GL 1.1 §5.1.6 (reading memo) [V2] (MIG-OPS-002)"
        ))
    }
}

// ---- 運用管理規程 --------------------------------------------------------------------

/// 運用管理規程 (提供事業者GL 1.1 §5.1.6): per item (ア)–(サ), the policies whose
/// `covers` name it (the reading of MIG-OPS-001/002); then the items no policy covers.
pub(super) fn operations_rules(cx: &Cx) -> Document {
    let rules = rules_of(&cx.index);
    let columns = cols(&[
        tr!("事項", "Item"),
        tr!("含める内容", "What it contains"),
        tr!("規程", "Policy"),
        tr!("文書", "Document"),
        tr!("最終改訂日", "Revised"),
        tr!("承認者", "Approved by"),
        tr!("管理者", "Managers"),
        tr!("状況", "Status"),
        tr!("出典", "Source"),
    ]);
    let mut rows = Vec::new();
    let mut gaps = Vec::new();
    for item in POLICY_ITEMS {
        let by = covering(&cx.index, item.name);
        let text = item_text(item.name);
        let content = match (cx.lang, text) {
            (Lang::Ja, Some(t)) => t.content_ja.to_string(),
            (Lang::En, Some(t)) => t.content_en.to_string(),
            (_, None) => String::new(),
        };
        // One line per covering policy in every column, so that the lines match up.
        let per = |f: &dyn Fn(&ModelDecl) -> Option<String>| {
            by.iter().map(|p| f(p).unwrap_or_else(|| cx.not_stated())).collect::<Vec<_>>().join("\n")
        };
        let managers = if item.name == "organization" {
            let line = |key: &str, label: Text| {
                let who = manager(&rules, key).map_or_else(|| cx.not_stated(), str::to_string);
                format!("{}: {who}", cx.t(label))
            };
            [
                line("accountable_manager", tr!("最終的な管理責任者", "final accountable manager")),
                line("system_manager", tr!("システム管理者", "system manager")),
            ]
            .join("\n")
        } else {
            String::new()
        };
        let status = match by.is_empty() {
            true => cx.t(tr!("不足", "missing")),
            false => cx.t(tr!("記載あり", "covered")),
        };
        rows.push(vec![
            item_label(cx, item.name),
            content.clone(),
            per(&|p| Some(decl_title(p))),
            per(&|p| p.str("document").map(str::to_string)),
            per(&|p| p.date("revised").map(|d| d.to_string())),
            per(&|p| p.str("approved_by").map(str::to_string)),
            managers,
            status,
            item_cite(cx, item.name),
        ]);
        if by.is_empty() {
            let name = item.name;
            let add = match cx.lang {
                Lang::Ja => format!("{content}を規程に定め、その policy の `covers` に `{name}` を加える"),
                Lang::En => format!("set out {content} in a policy and add `{name}` to its `covers`"),
            };
            gaps.push(vec![item_label(cx, item.name), add, item_cite(cx, item.name)]);
        }
    }
    Document {
        id: "operations_rules",
        title: tr!("運用管理規程", "Operations management rules"),
        draft: false,
        tables: vec![
            Table { title: tr!("含める事項 (ア)〜(サ)", "Items (ア)–(サ)"), columns, rows },
            Table {
                title: tr!("不足している事項", "Items no policy covers"),
                columns: cols(&[tr!("事項", "Item"), tr!("加えること", "What to add"), tr!("出典", "Source")]),
                rows: gaps,
            },
        ],
    }
}

// ---- 表4-1 回答 ----------------------------------------------------------------------

/// One answer: the item, the answer, the declarations read, the citation.
struct Answer {
    item: Text,
    answer: String,
    sources: String,
    cite: &'static str,
}

/// 表4-1 回答 (提供事業者GL 1.1 表4-1): part A (the selection criteria the institution
/// checks) and part B (what is disclosed for a common understanding), answered from the model.
pub(super) fn selection_criteria(cx: &Cx) -> Document {
    let part_a = vec![
        storage_law(cx),
        policies(cx),
        backups(cx),
        organisation(cx),
        Answer {
            item: tr!(
                "実績等に基づく個人データ安全管理に関する信用度",
                "Trustworthiness in protecting personal data, from the record"
            ),
            answer: out_of_scope(cx),
            sources: String::new(),
            cite: "提供事業者GL 1.1 表4-1 A5 [V]",
        },
        Answer {
            item: tr!("財務諸表等に基づく経営の健全性", "Soundness of the business, from the financial statements"),
            answer: out_of_scope(cx),
            sources: String::new(),
            cite: "提供事業者GL 1.1 表4-1 A6 [V]",
        },
        certifications(cx),
        alternatives(cx),
    ];
    let rows_a = part_a
        .into_iter()
        .enumerate()
        .map(|(i, a)| vec![format!("A{}", i + 1), cx.t(a.item), a.answer, a.sources, a.cite.to_string()])
        .collect();
    let role = tr!("医療機関等との役割分担の明確化 (4.2)", "Division of roles with the institution (4.2)");
    let part_b = vec![
        (role.clone(), location(cx)),
        (role.clone(), foreign_law(cx)),
        (role, requests(cx)),
        (tr!("安全管理に係る評価 (4.3)", "Evaluation of safety management (4.3)"), evaluation(cx)),
        (
            tr!("リスクアセスメントの成果物 (5.1.1, 5.2.1)", "Output of the risk assessment (5.1.1, 5.2.1)"),
            overview(cx),
        ),
        (tr!("リスク対応の成果物 (5.1.5, 5.2.2)", "Output of the risk treatment (5.1.5, 5.2.2)"), treatment(cx)),
        (tr!("運用管理規程に含める事項 (5.1.6)", "Items of the 運用管理規程 (5.1.6)"), rules_summary(cx)),
    ];
    let rows_b = part_b
        .into_iter()
        .enumerate()
        .map(|(i, (group, a))| {
            vec![format!("B{}", i + 1), cx.t(group), cx.t(a.item), a.answer, a.sources, a.cite.to_string()]
        })
        .collect();
    Document {
        id: "selection_criteria",
        title: tr!("表4-1 回答", "Table 4-1 answers"),
        draft: false,
        tables: vec![
            Table {
                title: tr!(
                    "A 外部保存を受託する事業者の選定基準として確認する項目",
                    "A. What the institution checks when choosing a provider to store its records"
                ),
                columns: cols(&[
                    tr!("No", "No"),
                    tr!("項目", "Item"),
                    tr!("回答 (モデルから)", "Answer (from the model)"),
                    tr!("根拠 (宣言)", "Declarations read"),
                    tr!("出典", "Source"),
                ]),
                rows: rows_a,
            },
            Table {
                title: tr!("B 共通理解のために情報提供する項目", "B. What is disclosed for a common understanding"),
                columns: cols(&[
                    tr!("No", "No"),
                    tr!("区分", "Group"),
                    tr!("項目", "Item"),
                    tr!("回答 (モデルから)", "Answer (from the model)"),
                    tr!("根拠 (宣言)", "Declarations read"),
                    tr!("出典", "Source"),
                ]),
                rows: rows_b,
            },
        ],
    }
}

fn out_of_scope(cx: &Cx) -> String {
    cx.t(tr!("記載なし (モデルの対象外)", "not stated (outside what the model describes)"))
}

/// A site's country as the model gives it (following `part_of`), else 不明.
fn country_of(cx: &Cx, site: Option<&ModelDecl>) -> String {
    site.and_then(|s| cx.index.site_country(s)).unwrap_or_else(|| cx.t(tr!("国不明", "country unknown")))
}

/// A1: the assets storing 医療情報 and the countries of their sites (the reading of MIG-LOC-001).
fn storage_law(cx: &Cx) -> Answer {
    let stores: Vec<(&ModelDecl, Option<&ModelDecl>)> = location::stores(&cx.index).collect();
    let mut lines: Vec<String> = stores
        .iter()
        .map(|(a, s)| {
            let site = s.map(decl_title).unwrap_or_default();
            format!("{} — {site} ({})", decl_title(a), country_of(cx, *s))
        })
        .collect();
    if !stores.is_empty() {
        let abroad =
            stores.iter().filter(|(_, s)| s.and_then(|s| cx.index.site_country(s)).as_deref() != Some("JP")).count();
        lines.insert(
            0,
            match abroad {
                0 => cx.t(tr!(
                    "医療情報を保存する機器はすべて国内 (JP) にあり、国内法の適用を受ける",
                    "every asset storing 医療情報 is in Japan (JP), under Japanese law"
                )),
                n => cx.t(tr!(
                    "国内 (JP) と確認できない場所に医療情報を保存する機器が {n} 件ある (MIG-LOC-001)",
                    "{n} asset(s) store 医療情報 at a site not known to be in Japan (MIG-LOC-001)"
                )),
            },
        );
    }
    Answer {
        item: tr!(
            "保存された情報を格納する機器等が国内法の適用を受けること",
            "The equipment storing the information is under Japanese law"
        ),
        answer: cx.lines(lines),
        sources: cx.sources(stores.iter().flat_map(|(a, s)| std::iter::once(*a).chain(*s))),
        cite: "提供事業者GL 1.1 表4-1 A1 [V]",
    }
}

/// A policy line: its kind, title and revision date.
fn policy_line(cx: &Cx, p: &ModelDecl) -> String {
    let (kind, title) = (cx.enum_text(p, "kind"), decl_title(p));
    match p.date("revised") {
        Some(d) => cx.t(tr!("{kind}: {title} (改訂 {d})", "{kind}: {title} (revised {d})")),
        None => format!("{kind}: {title}"),
    }
}

/// A2: the basic policy and the handling rules (policies of kind security_policy or
/// operations_rules, and any policy covering (ア)).
fn policies(cx: &Cx) -> Answer {
    let basic = covering(&cx.index, "basic_policy");
    let found: Vec<&ModelDecl> = cx
        .index
        .all("policy")
        .iter()
        .copied()
        .filter(|p| {
            matches!(p.enum_value("kind"), Some("security_policy" | "operations_rules"))
                || basic.iter().any(|b| b.symbol == p.symbol)
        })
        .collect();
    Answer {
        item: tr!(
            "医療情報等の安全管理に係る基本方針・取扱規程等の整備状況",
            "The basic policy and handling rules for the safety of medical information"
        ),
        answer: cx.lines(found.iter().map(|p| policy_line(cx, p)).collect()),
        sources: cx.sources(found.iter().copied()),
        cite: "提供事業者GL 1.1 表4-1 A2 [V]",
    }
}

/// A3: each backup, judged over its copies as MIG-BKP-001/002 judge it (the most
/// generations of any copy, the union of the methods, an immutable or offline copy).
fn backups(cx: &Cx) -> Answer {
    let all = cx.index.all("backup");
    let lines = all
        .iter()
        .map(|b| {
            let parts = copies(b);
            let of = cx.titles(b.refs("of"));
            let gens = most_generations(&parts).map_or_else(|| cx.not_stated(), |(g, _)| g.to_string());
            let variants = Some(schema::BACKUP_METHODS);
            let methods = match methods(&parts) {
                m if m.is_empty() => cx.not_stated(),
                m => cx.join(m.into_iter().map(|v| cx.variant(variants, v))),
            };
            let mut safe = Vec::new();
            if any_copy(&parts, "immutable") {
                safe.push(cx.t(tr!("追記不能", "immutable")));
            }
            if any_copy(&parts, "offline") {
                safe.push(cx.t(tr!("オフライン", "offline")));
            }
            let safe = if safe.is_empty() { cx.t(tr!("なし", "none")) } else { cx.join(safe) };
            let tested = b.date("restore_tested").map_or_else(|| cx.not_stated(), |d| d.to_string());
            let interval = b.duration("interval").map_or_else(
                || cx.not_stated(),
                |d| match cx.lang {
                    Lang::Ja => d.ja(),
                    Lang::En => d.to_string(),
                },
            );
            let title = decl_title(b);
            cx.t(tr!(
                "{title} (対象 {of}): 最大 {gens} 世代、方式 {methods}、追記不能・オフラインのコピー {safe}、取得間隔 {interval}、復元試験 {tested}",
                "{title} (of {of}): up to {gens} generations, methods {methods}, immutable or offline copy: {safe}, every {interval}, restore tested {tested}"
            ))
        })
        .collect();
    Answer {
        item: tr!(
            "サイバー攻撃の被害を防ぐためのバックアップの取得と管理の状況",
            "Backups taken and managed against damage from cyber attacks"
        ),
        answer: cx.lines(lines),
        sources: cx.sources(all.iter().copied()),
        cite: "提供事業者GL 1.1 表4-1 A3 [V]; MHLW安全管理GL 6.0 システム運用編 18① [V]",
    }
}

/// A4: the managers the 運用管理規程 names (MIG-OPS-003's reading), the provider's
/// contact point and the policies with a contact chart.
fn organisation(cx: &Cx) -> Answer {
    let rules = rules_of(&cx.index);
    let mut lines = Vec::new();
    let mut read: Vec<&ModelDecl> = rules.clone();
    for (key, label) in [
        ("accountable_manager", tr!("最終的な管理責任者", "final accountable manager")),
        ("system_manager", tr!("システム管理者", "system manager")),
    ] {
        if let Some(who) = manager(&rules, key) {
            lines.push(format!("{}: {who}", cx.t(label)));
        }
    }
    let provider = cx.index.model.and_then(|m| m.reference("provider")).and_then(|p| cx.index.decl(p));
    if let Some(p) = provider
        && let Some(contact) = p.str("contact")
    {
        lines.push(cx.t(tr!("問い合わせ窓口: {contact}", "contact point: {contact}")));
        read.push(p);
    }
    for p in cx.index.all("policy").iter().copied().filter(|p| !p.refs("contacts").is_empty()) {
        let parties = cx.titles(p.refs("contacts"));
        let title = decl_title(p);
        lines.push(cx.t(tr!("連絡体制: {title} ({parties})", "contacts: {title} ({parties})")));
        read.push(p);
    }
    Answer {
        item: tr!(
            "医療情報等の安全管理に係る実施体制の整備状況",
            "The organisation in place for the safety of medical information"
        ),
        answer: cx.lines(lines),
        sources: cx.sources(read),
        cite: "提供事業者GL 1.1 表4-1 A4 [V]; §5.1.6 (イ) [V2]",
    }
}

/// The parties whose certifications the institution looks at: the provider, then its
/// subcontractors and maintainers, in model order.
fn certified_parties<'a>(cx: &Cx<'a>) -> Vec<&'a ModelDecl> {
    let provider = cx.index.model.and_then(|m| m.reference("provider"));
    let mut out: Vec<&ModelDecl> = provider.and_then(|p| cx.index.decl(p)).into_iter().collect();
    out.extend(cx.index.all("party").iter().copied().filter(|p| {
        p.symbol != provider && matches!(p.enum_value("role"), Some("provider" | "subcontractor" | "maintainer"))
    }));
    out
}

/// Per party, the certifications of `which` it holds (labels), as lines.
fn cert_lines(cx: &Cx, which: &[&str]) -> (Vec<String>, Vec<&'static str>) {
    let variants = Some(schema::CERTIFICATIONS);
    let mut lines = Vec::new();
    let mut held_by_provider = Vec::new();
    for (i, p) in certified_parties(cx).into_iter().enumerate() {
        let held: Vec<&'static str> = p.enums("certifications").into_iter().filter(|c| which.contains(c)).collect();
        if i == 0 && cx.index.model.and_then(|m| m.reference("provider")) == p.symbol {
            held_by_provider = held.clone();
        }
        if held.is_empty() {
            continue;
        }
        let role = cx.enum_text(p, "role");
        let list = cx.join(held.into_iter().map(|c| cx.variant(variants, c)));
        lines.push(format!("{role} {}: {list}", decl_title(p)));
    }
    (lines, held_by_provider)
}

/// A7: the Privacy Mark or ISMS (提供事業者GL §4.4; MIG-CERT-001's reading).
fn certifications(cx: &Cx) -> Answer {
    let (lines, _) = cert_lines(cx, REQUIRED);
    Answer {
        item: tr!("プライバシーマーク認定または ISMS 認証の取得", "The Privacy Mark or ISMS certification"),
        answer: cx.lines(lines),
        sources: cx.sources(certified_parties(cx).into_iter().filter(|p| !p.enums("certifications").is_empty())),
        cite: "提供事業者GL 1.1 表4-1 A7, §4.4 [V]",
    }
}

/// A8: the alternatives (ISMAP, CSゴールドマーク, FedRAMP, SOC2, SOC3, external audit).
fn alternatives(cx: &Cx) -> Answer {
    let (mut lines, _) = cert_lines(cx, ALTERNATIVES);
    let (_, required) = cert_lines(cx, REQUIRED);
    if !required.is_empty() {
        lines.insert(
            0,
            cx.t(tr!(
                "提供事業者は Pマークまたは ISMS を取得しているため、代替は求められない",
                "the provider holds the Privacy Mark or ISMS, so no alternative is needed"
            )),
        );
    }
    Answer {
        item: tr!(
            "取得していない場合: ISMAP などのクラウド認証、または外部監査",
            "Where not held: ISMAP or another cloud certification, or an external audit"
        ),
        answer: cx.lines(lines),
        sources: cx.sources(certified_parties(cx).into_iter().filter(|p| !p.enums("certifications").is_empty())),
        cite: "提供事業者GL 1.1 表4-1 A8 [V]; MHLW安全管理GL 6.0 企画管理編 7⑥ g [V]",
    }
}

/// B1: where the sites of the assets storing 医療情報 are (region, country).
fn location(cx: &Cx) -> Answer {
    let mut sites: Vec<&ModelDecl> = Vec::new();
    for (_, s) in location::stores(&cx.index) {
        if let Some(s) = s
            && !sites.iter().any(|x| x.symbol == s.symbol)
        {
            sites.push(s);
        }
    }
    let lines = sites
        .iter()
        .map(|s| {
            let region = s.str("region").map(|r| format!("{r}, ")).unwrap_or_default();
            format!("{}: {region}{}", decl_title(s), country_of(cx, Some(s)))
        })
        .collect();
    Answer {
        item: tr!(
            "医療情報を保存する機器の設置場所 (地域、国)",
            "Where the equipment storing medical information is (region, country)"
        ),
        answer: cx.lines(lines),
        sources: cx.sources(sites),
        cite: "提供事業者GL 1.1 表4-1 B [V]; MHLW安全管理GL 6.0 企画管理編 7⑥ h [V]",
    }
}

/// B2: the organisations holding stored 医療情報 that are incorporated abroad or have a
/// foreign parent (the reading of MIG-LOC-002/003), whether a disclosure covers them,
/// and the model's disclosures.
fn foreign_law(cx: &Cx) -> Answer {
    let holders = location::holders(&cx.index);
    let mut lines = Vec::new();
    let mut read: Vec<&ModelDecl> = Vec::new();
    for h in &holders {
        let role = match h.role {
            Role::Contracting => cx.t(tr!("契約先", "contracting party")),
            Role::Manager => cx.t(tr!("機器の管理者", "asset manager")),
            Role::Operator(_) => cx.t(tr!("設置場所の運営者", "site operator")),
        };
        read.push(h.party);
        let name = decl_title(h.party);
        let mut subjects: Vec<SymbolId> = h.party.symbol.into_iter().collect();
        let mut exposure = Vec::new();
        if let Some(c) = location::country(h.party, "country").filter(|c| c != "JP") {
            exposure.push(cx.t(tr!("設立国 {c}", "incorporated in {c}")));
        }
        if let Some(fp) = location::foreign_parent(&cx.index, h.party) {
            let c = fp.country.clone();
            exposure.push(match fp.parent {
                Some(p) => {
                    read.push(p);
                    let pn = decl_title(p);
                    cx.t(tr!("親会社 {pn} ({c})", "parent {pn} ({c})"))
                }
                None => cx.t(tr!("親会社の所在国 {c}", "parent in {c}")),
            });
            subjects.extend(fp.chain);
        }
        if exposure.is_empty() {
            continue;
        }
        let status = match location::disclosed(&cx.index, cx.as_of, &subjects) {
            Disclosed::Settled => cx.t(tr!("開示済み", "disclosed")),
            Disclosed::Late(..) => cx.t(tr!("基準日より後に開示予定", "disclosure dated after the as-of date")),
            Disclosed::Not => cx.t(tr!("開示の記載なし", "no disclosure stated")),
        };
        let exposure = cx.join(exposure);
        lines.push(format!("{name} ({role}): {exposure} — {status}"));
    }
    if lines.is_empty() && !holders.is_empty() {
        lines.push(cx.t(tr!(
            "医療情報を預かる組織 (契約先・管理者・運営者) とその親会社はすべて国内 (JP) の法人",
            "every organisation holding 医療情報 (contracting party, managers, operators) and its parents are incorporated in Japan (JP)"
        )));
    }
    let (model, list) = location::disclosures(&cx.index);
    for d in &list {
        let covers = cx.titles(d.covers.iter().copied());
        let document = d.document.map_or_else(|| cx.not_stated(), str::to_string);
        let date = d.date.map_or_else(|| cx.not_stated(), |(date, _)| date.to_string());
        let label = &d.name;
        lines.push(cx.t(tr!(
            "開示 {label}: {document} ({date}; 対象 {covers})",
            "disclosure {label}: {document} ({date}; covers {covers})"
        )));
    }
    let mut sources = cx.sources(read);
    if let Some(m) = model.filter(|_| !list.is_empty()) {
        let labels = list.iter().map(|d| d.name.clone()).collect::<Vec<_>>().join(", ");
        let s = format!("{} {{ disclosure {labels} }}", cx.source(m));
        sources = if sources.is_empty() { s } else { format!("{sources}, {s}") };
    }
    Answer {
        item: tr!("受託事業者に対する国外法の適用可能性", "Whether foreign law may reach the provider"),
        answer: cx.lines(lines),
        sources,
        cite: "提供事業者GL 1.1 表4-1 B [V]; MHLW安全管理GL 6.0 企画管理編 7⑥ i [V]",
    }
}

/// B3: what the institution's own 運用管理規程 must contain: the model's `request`s,
/// then the duties the 責任分界表 gives a medical institution (normal time, emergency).
fn requests(cx: &Cx) -> Answer {
    let all = cx.index.all("request");
    let mut lines: Vec<String> = all
        .iter()
        .map(|r| {
            let to = cx.titles(r.refs("to"));
            match to.is_empty() {
                true => decl_title(r),
                false => format!("{} → {to}", decl_title(r)),
            }
        })
        .collect();
    let institutions: Vec<&ModelDecl> =
        cx.index.all("party").iter().copied().filter(|p| p.enum_value("role") == Some("institution")).collect();
    let mut read: Vec<&ModelDecl> = all.to_vec();
    for r in cx.index.all("responsibility") {
        let borne: Vec<String> = institutions
            .iter()
            .filter_map(|p| {
                let when = cx.when_responsible(r, p.symbol?);
                (!when.is_empty()).then(|| format!("{} ({when})", decl_title(p)))
            })
            .collect();
        if !borne.is_empty() {
            let duty = cx.duty_of(r);
            let label = cx.t(tr!("責任分界表", "Responsibility matrix"));
            lines.push(format!("{label}: {duty} — {}", cx.join(borne)));
            read.push(r);
        }
    }
    Answer {
        item: tr!(
            "医療機関等の運用管理規程に定める必要がある事項",
            "What the institution's own 運用管理規程 must contain"
        ),
        answer: cx.lines(lines),
        sources: cx.sources(read),
        cite: "提供事業者GL 1.1 表4-1 B, §5.1.5 [V]",
    }
}

/// B4: the result of migc's check (the 点検結果).
fn evaluation(cx: &Cx) -> Answer {
    let a = cx.analysis;
    let (e, w, n) = (a.count(Severity::Error), a.count(Severity::Warning), a.count(Severity::Note));
    let waived = a.rule_stats.waived;
    Answer {
        item: tr!("評価の結果", "The result of the evaluation"),
        answer: cx.t(tr!(
            "migc による点検: エラー {e} 件、警告 {w} 件、注記 {n} 件 (適用除外 {waived} 件の後)。詳細は点検結果 (findings)。独立した内部監査部門・第三者による評価ではない",
            "checked by migc: {e} error(s), {w} warning(s), {n} note(s) after {waived} waived finding(s); see the check results (findings). Not an evaluation by an independent audit department or third party"
        )),
        sources: cx.index.model.map(|m| cx.source(m)).unwrap_or_default(),
        cite: "提供事業者GL 1.1 表4-1 B, §4.3 [V]",
    }
}

/// B5: the 全体構成図.
fn overview(cx: &Cx) -> Answer {
    let (sites, assets) = (cx.index.all("site").len(), cx.index.all("asset").len());
    Answer {
        item: tr!("医療情報システム等の全体構成図", "The overall configuration diagram"),
        answer: cx.t(tr!(
            "全体構成図 overview.svg (同じ図を overview.mmd, overview.dot): 設置場所 {sites} 件、機器 {assets} 件",
            "overview.svg (the same picture as overview.mmd, overview.dot): {sites} site(s), {assets} asset(s)"
        )),
        sources: String::new(),
        cite: "提供事業者GL 1.1 表4-1 B, §5.1.1, §5.2.1 [V]",
    }
}

/// B6: the リスク対応一覧.
fn treatment(cx: &Cx) -> Answer {
    let assessed: Vec<&&ModelDecl> = cx.index.all("risk").iter().filter(|r| !not_applicable(r)).collect();
    let (n, retained) =
        (assessed.len(), assessed.iter().filter(|r| r.enum_value("treatment") == Some("retain")).count());
    Answer {
        item: tr!("リスク対応一覧", "The risk treatment list"),
        answer: cx.t(tr!(
            "リスク対応一覧 (risk_treatment): 対応したリスク {n} 件、うち保有して開示するもの {retained} 件",
            "risk treatment (risk_treatment): {n} risk(s) treated, {retained} retained and to disclose"
        )),
        sources: String::new(),
        cite: "提供事業者GL 1.1 表4-1 B, §5.1.5, §5.2.2 [V]",
    }
}

/// B7: the items (ア)–(サ) the policies cover, and the missing ones.
fn rules_summary(cx: &Cx) -> Answer {
    let covered: Vec<&str> =
        POLICY_ITEMS.iter().map(|i| i.name).filter(|i| !covering(&cx.index, i).is_empty()).collect();
    let (n, total) = (covered.len(), POLICY_ITEMS.len());
    let mut lines = vec![cx.t(tr!(
        "{total} 事項のうち {n} 事項を記載 (運用管理規程 operations_rules)",
        "{n} of the {total} items covered (operations rules: operations_rules)"
    ))];
    let missing: Vec<String> =
        POLICY_ITEMS.iter().filter(|i| !covered.contains(&i.name)).map(|i| item_label(cx, i.name)).collect();
    if !missing.is_empty() {
        let list = cx.join(missing);
        lines.push(cx.t(tr!("不足: {list}", "missing: {list}")));
    }
    let policies: Vec<&ModelDecl> =
        cx.index.all("policy").iter().copied().filter(|p| !p.enums("covers").is_empty()).collect();
    Answer {
        item: tr!("運用管理規程に含める事項 (ア)〜(サ)", "The items (ア)–(サ) of the 運用管理規程"),
        answer: lines.join("\n"),
        sources: cx.sources(policies),
        cite: "提供事業者GL 1.1 表4-1 B, §5.1.6: (ア)〜(エ) [V], (オ)〜(サ) [V2]",
    }
}

#[cfg(test)]
mod tests {
    use super::{ITEMS, POLICY_ITEMS};

    #[test]
    fn every_item_has_its_text() {
        let names: Vec<&str> = ITEMS.iter().map(|i| i.name).collect();
        let items: Vec<&str> = POLICY_ITEMS.iter().map(|i| i.name).collect();
        assert_eq!(names, items);
    }
}
