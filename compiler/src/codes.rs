//! The registry of front-end diagnostic codes (syntax `MIG1xxx`, names and types
//! `MIG2xxx`). Guideline rules (`MIG-AREA-NNN`) have their own registry.

pub struct CodeInfo {
    pub code: &'static str,
    pub ja: &'static str,
    pub en: &'static str,
}

const fn c(code: &'static str, ja: &'static str, en: &'static str) -> CodeInfo {
    CodeInfo { code, ja, en }
}

pub const CODES: &[CodeInfo] = &[
    c("MIG1001", "構文エラー", "syntax error"),
    c("MIG1002", "閉じられていない括弧", "unclosed bracket"),
    c("MIG1003", "対応のない閉じ括弧", "unmatched closing bracket"),
    c("MIG1004", "閉じられていない文字列", "unterminated string"),
    c("MIG1005", "不正なエスケープ", "invalid escape"),
    c("MIG1006", "入れ子が深すぎる", "nesting too deep"),
    c("MIG1007", "整数が大きすぎる", "integer too large"),
    c("MIG1008", "UTF-8 でないファイル", "file is not UTF-8"),
    c("MIG1009", "バイナリファイル", "binary file"),
    c("MIG1010", "大きすぎるファイル", "file too large"),
    c("MIG1011", "読めないファイル", "unreadable file"),
    c("MIG1012", "通常のファイルでない", "not a regular file"),
    c("MIG2001", "不明な宣言の種類", "unknown declaration kind"),
    c("MIG2002", "不明なプロパティ", "unknown property"),
    c("MIG2003", "必須プロパティがない", "missing required property"),
    c("MIG2004", "値の型が違う", "value of the wrong type"),
    c("MIG2005", "値が範囲外・存在しない日付", "value out of range or not a real date"),
    c("MIG2006", "不明な名前", "unknown name"),
    c("MIG2007", "参照先の種類が違う", "reference to the wrong kind"),
    c("MIG2008", "名前の重複", "duplicate name"),
    c("MIG2009", "プロパティの重複", "duplicate property"),
    c("MIG2010", "名前がない", "missing name"),
    c("MIG2011", "`on` の対象がない・使えない", "missing or unexpected `on` target"),
    c("MIG2012", "不明な列挙値", "unknown enumeration value"),
    c("MIG2013", "ラベルを付けられないプロパティ", "label on a property that takes none"),
    c("MIG2014", "本文未確認の版を対象にしている", "targets an edition whose text is unverified"),
    c("MIG2015", "mig.toml の不明な版", "unknown edition in mig.toml"),
    c("MIG2016", "model が2つ以上ある", "more than one model"),
    c("MIG2017", "二次資料でのみ確認した版を対象にしている", "targets an edition known from secondary sources"),
    c("MIG2018", "mig.toml と model の版が違う", "editions of mig.toml and the model differ"),
    c("MIG2019", "空の文字列 (適用除外の理由・承認者)", "empty text (a waiver's reason or approver)"),
    c("MIG2020", "どの宣言か決まらない参照 (同名の種類違い)", "ambiguous reference (one name, several kinds)"),
    c(
        "MIG2021",
        "同時に書けないプロパティ (flow の via と route)",
        "properties that exclude each other (a flow's via and route)",
    ),
    c("MIG2101", "import 先がない", "import not found"),
    c("MIG2102", "プロジェクト外への import", "import outside the project"),
    c("MIG2103", "import の循環", "import cycle"),
    c("MIG2104", ".mig でないファイルの import", "import of a non-.mig file"),
    c("MIG3001", "該当する指摘のない適用除外", "waiver that matches no finding"),
    c("MIG3002", "適用除外の不明なルール", "waiver names an unknown rule"),
    c("MIG3003", "基準日 as_of がない", "no as_of date"),
    c("MIG3004", "mig.toml の不明なルール", "unknown rule in mig.toml"),
    c("MIG3005", "model がない", "no model"),
    c("MIG3006", "読み込まれない .mig ファイル", ".mig file not loaded"),
    c("MIG3007", "記入が必要な箇所 (migc init のひな形)", "place to fill in (migc init template)"),
];

pub fn info(code: &str) -> Option<&'static CodeInfo> {
    CODES.iter().find(|c| c.code == code)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every `"MIGnnnn"` literal in the compiler's source is registered, and every
    /// registered code is used.
    #[test]
    fn every_code_in_the_source_is_registered() {
        let src = concat!(
            include_str!("syntax/parser.rs"),
            include_str!("syntax/literal.rs"),
            include_str!("analysis.rs"),
            include_str!("analysis/check.rs"),
            include_str!("analysis/project.rs"),
            include_str!("rules/mod.rs"),
            include_str!("rules/waivers.rs"),
        );
        let mut used = std::collections::BTreeSet::new();
        for (i, _) in src.match_indices("\"MIG") {
            let code = &src[i + 1..i + 8];
            if code[3..].bytes().all(|b| b.is_ascii_digit()) {
                used.insert(code.to_string());
            }
        }
        for code in &used {
            assert!(info(code).is_some(), "{code} is used but not in CODES");
        }
        for c in CODES {
            assert!(used.contains(c.code), "{} is registered but never used", c.code);
        }
    }
}
