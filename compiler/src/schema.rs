//! The schema table: every declaration kind, the properties it accepts, their
//! types, whether they are required, and their documentation. The checker,
//! completion, hover and `docs/language.md` all read this one table.

/// The type of a property value.
#[derive(Debug)]
pub enum Ty {
    String,
    /// A string that must say something: empty or only spaces is an error
    /// (a waiver's reason and approver).
    Text,
    Bool,
    /// An integer in `min..=max`.
    Int {
        min: u64,
        max: u64,
    },
    /// `30d`, `6m`, `5y`
    Duration,
    /// `2027-03-31`, a real calendar date.
    Date,
    /// `1.2`, `6.0`
    Version,
    /// An ISO 3166-1 alpha-2 country code written as a name: `JP`, `US`.
    Country,
    /// A guideline rule id: `MIG-AUTH-001`.
    RuleId,
    /// A reference to a declaration of one of these kinds.
    Ref(&'static [&'static str]),
    /// One of these names.
    Enum(&'static [Variant]),
    /// `[a, b]`; a single element may be written without brackets.
    List(&'static Ty),
    /// A list of exactly this many elements.
    ListN(&'static Ty, usize),
    /// A level 1–5, written as the number or its Japanese label (index + 1).
    Level(&'static [&'static str]),
    /// A nested `{ ... }` with these properties.
    Record(&'static [Prop]),
}

impl Ty {
    /// The type's name, for messages.
    pub fn name(&self) -> (&'static str, &'static str) {
        match self {
            Ty::String => ("文字列", "a string"),
            Ty::Text => ("空でない文字列", "a non-empty string"),
            Ty::Bool => ("真偽値 (true / false)", "a boolean (true / false)"),
            Ty::Int { .. } => ("整数", "an integer"),
            Ty::Duration => ("期間", "a duration"),
            Ty::Date => ("日付", "a date"),
            Ty::Version => ("バージョン", "a version"),
            Ty::Country => ("国コード", "a country code"),
            Ty::RuleId => ("ルールID", "a rule id"),
            Ty::Ref(_) => ("名前", "a name"),
            Ty::Enum(_) => ("列挙値", "one of the listed values"),
            Ty::List(_) => ("リスト", "a list"),
            Ty::ListN(..) => ("決まった長さのリスト", "a list of fixed length"),
            Ty::Level(_) => ("1〜5 の段階", "a level from 1 to 5"),
            Ty::Record(_) => ("ブロック `{ … }`", "a block `{ … }`"),
        }
    }

    /// A short example value of a type, for help texts and the language reference.
    pub fn example(&self) -> String {
        self.value_with(&|kinds| kinds.first().map_or("name".into(), |k| format!("<{k}>")))
    }

    /// A value of the type that parses and type-checks (but for references, which
    /// `name` writes: a name of one of the kinds, if there is one), for text the
    /// editor inserts (a missing property, a declaration snippet).
    pub fn placeholder(&self, name: &dyn Fn(&'static [&'static str]) -> String) -> String {
        self.value_with(name)
    }

    fn value_with(&self, name: &dyn Fn(&'static [&'static str]) -> String) -> String {
        match self {
            Ty::String | Ty::Text => "\"…\"".into(),
            Ty::Bool => "true".into(),
            Ty::Int { min, .. } => min.max(&1).to_string(),
            Ty::Duration => "5y".into(),
            Ty::Date => "2027-03-31".into(),
            Ty::Version => "1.3".into(),
            Ty::Country => "JP".into(),
            Ty::RuleId => "MIG-AUTH-001".into(),
            Ty::Ref(kinds) => name(kinds),
            Ty::Enum(vs) => vs.first().map_or(String::new(), |v| v.name.to_string()),
            Ty::List(inner) => format!("[{}]", inner.value_with(name)),
            Ty::ListN(inner, n) => format!("[{}]", vec![inner.value_with(name); *n].join(", ")),
            Ty::Level(_) => "3".into(),
            Ty::Record(props) => {
                let inner: Vec<String> = props
                    .iter()
                    .filter(|p| p.required)
                    .map(|p| format!("{} {}", p.key, p.ty.value_with(name)))
                    .collect();
                format!("{{ {} }}", inner.join("; "))
            }
        }
    }
}

/// A value of an enumeration: its canonical name, Japanese label, and the
/// other spellings accepted for it (Japanese terms of the guidelines).
#[derive(Debug)]
pub struct Variant {
    pub name: &'static str,
    pub ja: &'static str,
    pub aliases: &'static [&'static str],
}

const fn v(name: &'static str, ja: &'static str) -> Variant {
    Variant { name, ja, aliases: &[] }
}
const fn va(name: &'static str, ja: &'static str, aliases: &'static [&'static str]) -> Variant {
    Variant { name, ja, aliases }
}

#[derive(Debug)]
pub struct Prop {
    pub key: &'static str,
    pub ty: Ty,
    pub required: bool,
    /// For nested blocks: may appear several times, each with an optional label.
    pub repeated: bool,
    pub doc_ja: &'static str,
    pub doc_en: &'static str,
}

const fn p(key: &'static str, ty: Ty, doc_ja: &'static str, doc_en: &'static str) -> Prop {
    Prop { key, ty, required: false, repeated: false, doc_ja, doc_en }
}
const fn req(key: &'static str, ty: Ty, doc_ja: &'static str, doc_en: &'static str) -> Prop {
    Prop { key, ty, required: true, repeated: false, doc_ja, doc_en }
}
const fn many(key: &'static str, props: &'static [Prop], doc_ja: &'static str, doc_en: &'static str) -> Prop {
    Prop { key, ty: Ty::Record(props), required: false, repeated: true, doc_ja, doc_en }
}

/// Whether a kind's declarations have a name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Naming {
    Required,
    Optional,
}

#[derive(Debug)]
pub struct KindSchema {
    pub kind: &'static str,
    pub ja: &'static str,
    pub naming: Naming,
    /// What `on TARGET` may name; `None` if the kind takes no target.
    pub target: Option<&'static [&'static str]>,
    pub target_required: bool,
    pub props: &'static [Prop],
    /// Mostly declared by the standard library (users may add their own).
    pub stdlib: bool,
    pub doc_ja: &'static str,
    pub doc_en: &'static str,
    pub example: &'static str,
}

impl KindSchema {
    pub fn prop(&self, key: &str) -> Option<&'static Prop> {
        self.props.iter().find(|p| p.key == key)
    }
    /// What a new declaration must state (an editor's snippet): the required properties,
    /// and a log's `retention` (required unless every `tier` states its own).
    pub fn must_state(&self) -> impl Iterator<Item = &'static Prop> + '_ {
        self.props.iter().filter(move |p| p.required || (self.kind == "log" && p.key == "retention"))
    }
}

pub fn kind(name: &str) -> Option<&'static KindSchema> {
    KINDS.iter().find(|k| k.kind == name)
}

/// Find an enum variant by its name, Japanese label or alias.
pub fn variant<'a>(variants: &'a [Variant], text: &str) -> Option<&'a Variant> {
    variants.iter().find(|v| v.name == text || v.ja == text || v.aliases.contains(&text))
}

// ---- enumerations ----------------------------------------------------------------

pub const SERVICE_FORMS: &[Variant] = &[
    va("application", "アプリケーション提供", &["A"]),
    va("platform", "プラットフォーム提供", &["P"]),
    va("infrastructure", "インフラ提供", &["I"]),
];
pub const PARTY_ROLES: &[Variant] = &[
    va("provider", "対象事業者", &["提供事業者"]),
    va("institution", "医療機関等", &["医療機関"]),
    va("subcontractor", "再委託先", &["委託先"]),
    v("maintainer", "保守事業者"),
    v("other", "その他"),
];
pub const CERTIFICATIONS: &[Variant] = &[
    va("isms", "ISMS認証 (ISO/IEC 27001)", &["iso27001"]),
    va("pmark", "プライバシーマーク", &["Pマーク"]),
    v("ismap", "ISMAP"),
    v("iso27017", "ISO/IEC 27017"),
    v("iso27018", "ISO/IEC 27018"),
    v("soc2", "SOC2"),
    v("soc3", "SOC3"),
    v("fedramp", "FedRAMP"),
    v("cs_gold", "JASA CSゴールドマーク"),
    v("external_audit", "外部監査 (システム監査技術者・CISA)"),
];
/// Whose system a site, asset, flow or network is (see `rules::scope`).
pub const SCOPES: &[Variant] = &[
    va("provider", "対象事業者", &["提供事業者"]),
    va("institution", "医療機関等", &["医療機関"]),
    v("third_party", "第三者"),
];
pub const SITE_KINDS: &[Variant] = &[
    v("datacenter", "データセンター"),
    v("cloud_region", "クラウドリージョン"),
    v("facility", "施設"),
    v("room", "部屋・区画"),
    v("office", "事業所"),
    v("home", "自宅"),
    v("mobile", "移動中・院外"),
];
pub const PHYSICAL_MEASURES: &[Variant] = &[
    v("locked", "施錠"),
    v("entry_control", "入退室管理"),
    v("entry_log", "入退室記録"),
    v("cctv", "監視カメラ"),
    v("guard", "警備員"),
];
pub const ASSET_KINDS: &[Variant] = &[
    v("server", "サーバ"),
    v("storage", "ストレージ"),
    v("application", "アプリケーション"),
    v("terminal", "端末PC"),
    v("tablet", "タブレット"),
    v("smartphone", "スマートフォン"),
    v("printer", "プリンタ"),
    v("network_device", "ネットワーク機器"),
    v("portable_media", "可搬媒体"),
    v("medical_device", "医療機器"),
    v("external_system", "外部システム"),
];
pub const USB_POLICIES: &[Variant] =
    &[v("blocked", "使用禁止"), v("registered_only", "登録媒体のみ"), v("allowed", "制限なし")];
pub const PATCHING: &[Variant] =
    &[v("automatic", "自動適用"), v("managed", "計画的に適用"), v("vendor", "ベンダーが適用"), v("none", "適用しない")];
pub const NETWORK_KINDS: &[Variant] = &[
    va("closed", "閉域網・専用線", &["専用線", "閉域網"]),
    v("ip_vpn", "IP-VPN"),
    v("ipsec_vpn", "IPsec-VPN"),
    v("tls", "TLS (インターネット経由)"),
    v("ssl_vpn_client", "SSL-VPN (クライアント型)"),
    v("ssl_vpn_clientless", "SSL-VPN (クライアントレス型)"),
    v("internet", "インターネット (保護なし)"),
    v("lan", "構内LAN"),
    v("wireless_lan", "無線LAN"),
    v("mobile", "モバイル回線"),
];
pub const WIRELESS_AUTH: &[Variant] = &[
    v("ieee8021x", "IEEE 802.1X"),
    v("eap_tls", "IEEE 802.1X + 証明書 (EAP-TLS)"),
    v("wpa3_sae", "WPA3-SAE"),
    v("wpa2_psk", "WPA2-PSK"),
    v("open", "認証なし"),
];
pub const IPSEC_ENCRYPTION: &[Variant] = &[
    v("des", "DES"),
    va("triple_des", "3DES (トリプルDES)", &["tdes"]),
    v("aes128", "AES-128 (CBC)"),
    v("aes256", "AES-256 (CBC)"),
    v("aes128_gcm", "AES-128-GCM"),
    v("aes256_gcm", "AES-256-GCM"),
    v("chacha20_poly1305", "ChaCha20-Poly1305"),
];
pub const IPSEC_INTEGRITY: &[Variant] =
    &[v("md5", "MD5"), v("sha1", "SHA-1"), v("sha256", "SHA-256"), v("sha384", "SHA-384"), v("sha512", "SHA-512")];
pub const CIPHER_PROFILES: &[Variant] = &[
    va("cryptrec_high", "高セキュリティ型 (CRYPTREC)", &["高セキュリティ型"]),
    va("cryptrec_recommended", "推奨セキュリティ型 (CRYPTREC)", &["推奨セキュリティ型"]),
    va("cryptrec_exception", "セキュリティ例外型 (CRYPTREC)", &["セキュリティ例外型"]),
    v("other", "その他"),
];
pub const MEDICAL_CLASSES: &[Variant] = &[
    va("patient_identifiable", "医療情報 (患者個人を識別できる)", &["医療情報"]),
    va("anonymized", "匿名加工情報", &["匿名化"]),
    v("non_medical", "医療情報以外"),
];
pub const ACTOR_CATEGORIES: &[Variant] = &[
    v("doctor", "医師"),
    v("nurse", "看護師"),
    v("clerk", "医療事務"),
    v("patient", "患者"),
    v("technician", "技師"),
    v("operator", "運用担当者"),
    v("maintainer", "保守担当者"),
    v("developer", "開発担当者"),
    v("administrator", "システム管理者"),
    v("system", "システム (自動処理)"),
];
pub const PHASES: &[Variant] = &[
    va("development", "開発", &["開発フェーズ"]),
    va("operation", "運用", &["運用フェーズ"]),
    va("termination", "契約終了", &["契約終了フェーズ"]),
];
pub const ACTIONS: &[Variant] = &[
    va("view", "閲覧", &["参照"]),
    v("create", "作成"),
    va("edit", "更新", &["編集"]),
    v("delete", "削除"),
    v("print", "印刷"),
    v("export", "出力"),
    v("import", "取込"),
    v("transfer", "送信"),
    v("backup", "バックアップ"),
    v("restore", "復元"),
    v("maintain", "保守作業"),
];
pub const RANKS: &[Variant] = &[v("S", "S"), v("A", "A"), v("B", "B"), v("C", "C"), v("D", "D")];
pub const TREATMENTS: &[Variant] = &[
    va("reduce", "低減", &["リスク低減"]),
    va("avoid", "回避", &["リスク回避"]),
    va("share", "共有", &["リスク共有", "移転", "リスク移転", "transfer"]),
    va("retain", "保有", &["リスク保有", "受容", "リスク受容", "accept"]),
];
pub const CONTROL_CATEGORIES: &[Variant] =
    &[v("organizational", "組織的"), v("human", "人的"), v("physical", "物理的"), v("technical", "技術的")];
pub const LOG_FIELDS: &[Variant] = &[
    v("login_time", "ログイン時刻"),
    v("logout_time", "ログアウト時刻"),
    v("duration", "アクセス時間"),
    v("records_touched", "操作した医療情報"),
    v("user_id", "利用者ID"),
    v("terminal", "端末"),
    v("operation", "操作内容"),
    v("result", "成否"),
];
pub const TIME_SOURCES: &[Variant] = &[
    v("ntp", "NTP (標準時刻と同期)"),
    v("gps", "GPS"),
    v("cloud_time", "クラウドの時刻同期サービス"),
    v("local_clock", "機器内蔵時計のみ"),
];
pub const BACKUP_METHODS: &[Variant] = &[
    v("disk", "ディスク"),
    v("tape", "テープ"),
    v("snapshot", "スナップショット"),
    v("replication", "レプリケーション"),
    v("object_storage", "オブジェクトストレージ"),
    v("worm", "追記不能媒体 (WORM)"),
    v("optical", "光学メディア"),
];
pub const DISPOSAL_METHODS: &[Variant] = &[
    va("crypto_erase", "暗号化消去", &["暗号消去"]),
    v("overwrite", "上書き消去"),
    v("degauss", "磁気消去"),
    v("physical_destruction", "物理破壊"),
    v("cloud_delete", "クラウド上の削除"),
];
pub const POLICY_KINDS: &[Variant] = &[
    v("operations_rules", "運用管理規程"),
    v("security_policy", "情報セキュリティ基本方針"),
    v("bcp", "事業継続計画 (BCP)"),
    v("incident_procedure", "非常時・インシデント対応手順"),
    v("manual", "利用者マニュアル"),
    v("contract", "契約書"),
    v("sla", "SLA"),
    v("other", "その他の文書"),
];
/// The eleven items (ア)–(サ) of an 運用管理規程 (提供事業者GL 1.1 §5.1.6; [V2]).
pub const POLICY_ITEMS: &[Variant] = &[
    va("basic_policy", "(ア) 基本方針", &["ア"]),
    va("organization", "(イ) 提供体制", &["イ"]),
    va("documents", "(ウ) 契約書・マニュアル等の文書管理", &["ウ"]),
    va("equipment", "(エ) 機器等の管理", &["エ"]),
    va("risk_controls", "(オ) リスク対応策の運用", &["オ"]),
    va("incidents", "(カ) 事故時の対応・報告", &["カ"]),
    va("media", "(キ) 記憶媒体の管理", &["キ"]),
    va("crisis", "(ク) 危機管理対応時の体制", &["ク"]),
    va("patients", "(ケ) 患者等への説明", &["ケ"]),
    va("audit", "(コ) 監査方針", &["コ"]),
    va("contact", "(サ) 問い合わせ窓口", &["サ"]),
];
pub const GUIDELINES: &[Variant] = &[
    v("meti_mic", "医療情報を取り扱う情報システム・サービスの提供事業者における安全管理ガイドライン"),
    v("mhlw", "医療情報システムの安全管理に関するガイドライン"),
];
pub const VERIFICATION: &[Variant] = &[
    va("verified", "原典で確認済み [V]", &["V"]),
    va("draft", "意見募集案でのみ確認 [V-draft]", &["V_draft"]),
    va("secondary", "二次資料でのみ確認 [V2]", &["V2"]),
    va("unverified", "未確認 [U]", &["U"]),
    va("proposal", "migc の提案 [PROPOSAL]", &["PROPOSAL"]),
];
pub const BINDINGS: &[Variant] = &[va("person", "本人", &["利用者"]), va("device", "機器", &["端末"])];
pub const FACTORS: &[Variant] = &[
    va("knowledge", "知識", &["知識認証"]),
    va("possession", "所持", &["物理", "所持認証"]),
    va("biometric", "生体", &["生体認証"]),
];

/// 影響度 1–5 (labels from the provider GL reading memo, guidelines.md §13 [V2]).
pub const IMPACT_LEVELS: &[&str] = &["極めて小さい", "小さい", "中程度", "大きい", "極めて大きい"];
/// 顕在化率 1–5.
pub const LIKELIHOOD_LEVELS: &[&str] = &["極めて低い", "低い", "中程度", "高い", "極めて高い"];

const RANK_ROW: Ty = Ty::ListN(&Ty::Enum(RANKS), 5);
const PARTY: &[&str] = &["party"];
const SITE: &[&str] = &["site"];
const ASSET: &[&str] = &["asset"];
const DATA: &[&str] = &["data"];
const CONTROL: &[&str] = &["control"];

// ---- nested blocks -------------------------------------------------------------------

const RESPONSIBLE_PARTIES: &[Prop] = &[
    req("normal", Ty::List(&Ty::Ref(PARTY)), "通常時の担当", "who does it in normal times"),
    req("emergency", Ty::List(&Ty::Ref(PARTY)), "非常時の担当", "who does it in an emergency"),
];

const ALTERNATIVE_PROPS: &[Prop] = &[
    req(
        "route",
        Ty::List(&Ty::Ref(&["network"])),
        "経由するネットワークの並び (最初の区間から順に)",
        "the networks it goes over, in order, first hop first",
    ),
    COMMON_DESCRIPTION,
];
const RETURN_PROPS: &[Prop] = &[
    req("data", Ty::List(&Ty::Ref(DATA)), "返却するデータ", "the data returned"),
    p("to", Ty::Ref(PARTY), "返却先", "who receives it"),
    p("format", Ty::String, "返却形式 (例 \"SS-MIX2\", \"CSV\")", "the format, e.g. \"SS-MIX2\""),
    p("within", Ty::Duration, "契約終了からの期限", "deadline after contract end"),
];
const TRANSFER_PROPS: &[Prop] = &[
    req("data", Ty::List(&Ty::Ref(DATA)), "移行するデータ", "the data transferred"),
    p("to", Ty::Ref(PARTY), "移行先の事業者", "the receiving provider"),
    p("format", Ty::String, "移行形式", "the format"),
    p("within", Ty::Duration, "契約終了からの期限", "deadline after contract end"),
];
const DISPOSE_PROPS: &[Prop] = &[
    req(
        "target",
        Ty::List(&Ty::Ref(&["asset", "data"])),
        "廃棄・消去する機器またはデータ",
        "the assets or data disposed of",
    ),
    p("method", Ty::Enum(DISPOSAL_METHODS), "消去・廃棄の方法", "how it is erased or destroyed"),
    p("evidence", Ty::String, "残す証跡 (例 \"データ消去証明書\")", "the evidence kept, e.g. a certificate of erasure"),
    p("within", Ty::Duration, "契約終了からの期限", "deadline after contract end"),
    p("by", Ty::Ref(PARTY), "実施者", "who carries it out"),
];

const DISCLOSURE_PROPS: &[Prop] = &[
    req(
        "covers",
        Ty::List(&Ty::Ref(&["party", "site", "asset"])),
        "開示した対象: 国外法の適用を受けうる組織 (契約先・運営者・親会社)、国外の場所や機器",
        "what was disclosed: the organisations foreign law may reach (contracting party, operator, parent), sites or assets abroad",
    ),
    req(
        "document",
        Ty::String,
        "開示に使った文書 (例 \"表4-1 情報提供シート 第2版\")",
        "the document used, e.g. the table 4-1 sheet",
    ),
    req(
        "date",
        Ty::Date,
        "開示した日 (モデルの as_of 以前であること)",
        "when it was disclosed (on or before the model's as_of)",
    ),
    p(
        "to",
        Ty::List(&Ty::Ref(PARTY)),
        "開示した相手の医療機関等 (記録として)",
        "the institutions it was disclosed to (for the record)",
    ),
];

/// Properties of a kind that may not be given together: `(kind, a, b)`. The one
/// written second is an error (MIG2021) and is dropped from the model.
pub const EXCLUSIVE: &[(&str, &str, &str)] = &[("flow", "via", "route")];

const COMMON_DESCRIPTION: Prop = p("description", Ty::String, "説明", "a description");
const SCOPE: Prop = p(
    "scope",
    Ty::Enum(SCOPES),
    "誰のシステムか (provider 対象事業者 / institution 医療機関等 / third_party 第三者)。省略時は managed_by・operated_by・設置場所から導く。書いた値が優先",
    "whose system it is (provider / institution / third_party); when omitted it is derived from managed_by, operated_by and the site; a stated scope wins",
);

/// A tier of a log: where one copy of it is kept, for how long, how protected.
const LOG_TIER_PROPS: &[Prop] = &[
    p("stored_at", Ty::Ref(ASSET), "この段の保存先", "where this tier is stored"),
    p("retention", Ty::Duration, "この段の保存期間", "how long this tier is kept"),
    p(
        "tamper_proof",
        Ty::Bool,
        "この段の改ざん防止 (追記不能など)",
        "whether this tier is protected against tampering",
    ),
    p("access_restricted", Ty::Bool, "この段へのアクセス制限", "whether access to this tier is restricted"),
    p("offline", Ty::Bool, "ネットワークから切り離して保管するか", "whether this tier is kept offline"),
    COMMON_DESCRIPTION,
];

/// A copy of a backup: where it is kept, by which methods, how protected.
const BACKUP_COPY_PROPS: &[Prop] = &[
    p("stored_at", Ty::List(&Ty::Ref(SITE)), "このコピーの保管場所", "where this copy is kept"),
    p("methods", Ty::List(&Ty::Enum(BACKUP_METHODS)), "このコピーの方式", "the methods of this copy"),
    p("immutable", Ty::Bool, "追記不能 (改変できない) コピーか", "whether this copy cannot be altered"),
    p("offline", Ty::Bool, "ネットワークから切り離したコピーか", "whether this copy is kept offline"),
    p("generations", Ty::Int { min: 1, max: 100_000 }, "このコピーで保持する世代数", "generations this copy keeps"),
    p("retention", Ty::Duration, "このコピーの保存期間", "how long this copy is kept"),
    p("interval", Ty::Duration, "このコピーの取得間隔", "how often this copy is taken"),
    COMMON_DESCRIPTION,
];

// ---- the table ---------------------------------------------------------------------------

pub const KINDS: &[KindSchema] = &[
    KindSchema {
        kind: "model",
        ja: "モデル",
        naming: Naming::Required,
        target: None,
        target_required: false,
        props: &[
            req(
                "editions",
                Ty::List(&Ty::Ref(&["edition"])),
                "準拠するガイドラインの版",
                "the guideline editions the service follows",
            ),
            req(
                "form",
                Ty::Enum(SERVICE_FORMS),
                "提供形態 (提供事業者GL 2章)",
                "the form of service (provider GL ch.2)",
            ),
            req(
                "provider",
                Ty::Ref(PARTY),
                "対象事業者 (このモデルの提供者。医療機関等の契約先)",
                "the provider this model describes (the party the institutions contract with)",
            ),
            p(
                "customers",
                Ty::List(&Ty::Ref(PARTY)),
                "サービスを利用する医療機関等",
                "the medical institutions served",
            ),
            p(
                "as_of",
                Ty::Date,
                "このモデルが事実を表す日付 (期限の判定に使う)",
                "the date the model describes; deadlines are judged against it",
            ),
            p(
                "review_cycle",
                Ty::Duration,
                "リスクアセスメントの見直し周期",
                "how often the risk assessment is reviewed",
            ),
            p(
                "matrix",
                Ty::Ref(&["matrix"]),
                "リスク評価に使うマトリクス (省略時 std::matrix::default)",
                "the risk matrix used (default std::matrix::default)",
            ),
            many(
                "disclosure",
                DISCLOSURE_PROPS,
                "医療機関等に行った情報提供 (国外法の適用可能性・設置場所; 表4-1 B)",
                "a disclosure made to the institutions (foreign-law exposure, location; table 4-1 B)",
            ),
            COMMON_DESCRIPTION,
        ],
        stdlib: false,
        doc_ja: "サービス全体。準拠する版、提供形態、提供者、利用する医療機関等を述べる。",
        doc_en: "The service as a whole: targeted editions, form of service, provider and customers.",
        example: "model cloud_ehr \"クラウド型電子カルテ\" {\n  editions [std::edition::meti_mic_1_1, std::edition::mhlw_6_0]\n  form     application\n  provider example_saas\n  as_of    2026-11-01\n\n  disclosure 国外法 {\n    covers   [cloud_vendor]\n    document \"表4-1 情報提供シート 第2版\"\n    date     2026-04-01\n  }\n}",
    },
    KindSchema {
        kind: "party",
        ja: "組織",
        naming: Naming::Required,
        target: None,
        target_required: false,
        props: &[
            req("role", Ty::Enum(PARTY_ROLES), "役割", "the organisation's role"),
            req("country", Ty::Country, "所在国 (ISO 3166 の2文字)", "country of incorporation (ISO 3166 alpha-2)"),
            p(
                "parent",
                Ty::Ref(PARTY),
                "親会社 (party として宣言した組織。その国と、さらにその親会社をたどる; 表4-1)",
                "the parent company, declared as a party (its country and its own parent are followed; table 4-1)",
            ),
            p(
                "parent_country",
                Ty::Country,
                "親会社の所在国 (親会社を party として宣言しない場合; 国外法の適用可能性; 表4-1)",
                "country of the parent company, when it is not declared as a party (foreign-law exposure; table 4-1)",
            ),
            p("certifications", Ty::List(&Ty::Enum(CERTIFICATIONS)), "第三者認証", "third-party certifications"),
            p("contact", Ty::String, "問い合わせ窓口", "contact point"),
            COMMON_DESCRIPTION,
        ],
        stdlib: false,
        doc_ja: "組織: 対象事業者、医療機関等、再委託先、保守事業者。設立国と親会社 (国外法の適用可能性; 表4-1) を述べる。",
        doc_en: "An organisation: the provider, a medical institution, a subcontractor or a maintainer, with its country of incorporation and its parent (foreign-law exposure; table 4-1).",
        example: "party example_saas \"株式会社サンプルヘルス\" {\n  role           provider\n  country        JP\n  certifications [isms, pmark]\n}",
    },
    KindSchema {
        kind: "site",
        ja: "設置場所",
        naming: Naming::Required,
        target: None,
        target_required: false,
        props: &[
            req("kind", Ty::Enum(SITE_KINDS), "場所の種類", "what kind of place"),
            p("country", Ty::Country, "国 (ISO 3166 の2文字)", "country (ISO 3166 alpha-2)"),
            p("region", Ty::String, "地域", "region"),
            p(
                "operated_by",
                Ty::Ref(PARTY),
                "運営する組織 (データセンター・クラウドリージョンの運営者)",
                "the organisation that runs the place (the operator of a data centre or cloud region)",
            ),
            p("part_of", Ty::Ref(SITE), "含まれる場所 (例 診察室 → 診療所)", "the site this one is part of"),
            p("physical", Ty::List(&Ty::Enum(PHYSICAL_MEASURES)), "物理的対策", "physical security measures"),
            SCOPE,
            COMMON_DESCRIPTION,
        ],
        stdlib: false,
        doc_ja: "場所: データセンター、クラウドリージョン、診療所の診察室・受付・待合室など。",
        doc_en: "A place: a data centre or cloud region, a clinic and its rooms.",
        example: "site tokyo \"東京リージョン\" {\n  kind        cloud_region\n  country     JP\n  operated_by cloud_vendor\n}",
    },
    KindSchema {
        kind: "asset",
        ja: "機器・構成要素",
        naming: Naming::Required,
        target: None,
        target_required: false,
        props: &[
            req("kind", Ty::Enum(ASSET_KINDS), "機器・構成要素の種類", "what kind of component"),
            req("at", Ty::Ref(SITE), "設置場所", "where it is"),
            p("managed_by", Ty::Ref(PARTY), "管理する組織", "the organisation that manages it"),
            p("runs_on", Ty::Ref(ASSET), "動作する基盤 (アプリケーション → サーバ)", "the asset it runs on"),
            p("stores", Ty::List(&Ty::Ref(DATA)), "保存するデータ", "the data it stores"),
            p(
                "processes",
                Ty::List(&Ty::Ref(DATA)),
                "保存せずに処理するデータ (情報流の端でなくても)",
                "data it processes without storing it (also when no flow ends at it)",
            ),
            p("encrypted", Ty::Bool, "保存データの暗号化", "whether stored data is encrypted"),
            p("portable", Ty::Bool, "持ち出し可能な機器・媒体か", "whether it is portable"),
            p("registered", Ty::Bool, "機器台帳に登録済みか", "whether it is in the asset register"),
            p("usb_storage", Ty::Enum(USB_POLICIES), "USBストレージの扱い", "USB storage policy"),
            p("patching", Ty::Enum(PATCHING), "セキュリティパッチの適用", "how security patches are applied"),
            p(
                "services_minimized",
                Ty::Bool,
                "不要なソフトウェア・サービスを停止しているか",
                "whether unneeded software and services are stopped",
            ),
            p(
                "source_restriction",
                Ty::Bool,
                "接続元を制限しているか (ネットワーク機器)",
                "whether connecting sources are restricted (network devices)",
            ),
            p(
                "remote_maintenance",
                Ty::Bool,
                "リモートメンテナンス (保守) を受ける機器として一覧に載せているか",
                "whether it is listed as a device under remote maintenance",
            ),
            p("mdm", Ty::Bool, "MDMで管理されているか", "whether it is under MDM"),
            p("byod", Ty::Bool, "医療機関等が管理しない私物端末か", "whether it is a personal (BYOD) device"),
            p(
                "shared",
                Ty::Bool,
                "複数の人が使う共用の機器か (受付PC など)。共用の機器に結び付いた認証方式は本人の所持要素に数えない",
                "whether several people use it (a reception PC); a method bound to a shared device is not a factor the person holds",
            ),
            p(
                "introduced",
                Ty::Date,
                "導入日、または機器の入替えを伴う直近の更新日 (二要素認証の判定に使う)",
                "when it was introduced, or last renewed with equipment replacement (used by the MFA rule)",
            ),
            p(
                "next_renewal",
                Ty::Date,
                "機器の入替えを伴う次の更新の予定日",
                "when its next renewal with equipment replacement is planned",
            ),
            SCOPE,
            COMMON_DESCRIPTION,
        ],
        stdlib: false,
        doc_ja: "機器・構成要素: サーバ、ストレージ、アプリケーション、端末、タブレット、プリンタ、ネットワーク機器、可搬媒体。",
        doc_en: "A device or component: server, storage, application, terminal, tablet, printer, network device, portable media.",
        example: "asset ehr_db \"電子カルテDB\" {\n  kind       storage\n  at         tokyo\n  managed_by example_saas\n  stores     [診療録]\n  encrypted  true\n}",
    },
    KindSchema {
        kind: "network",
        ja: "ネットワーク",
        naming: Naming::Required,
        target: None,
        target_required: false,
        props: &[
            req("kind", Ty::Enum(NETWORK_KINDS), "回線・接続方式", "the kind of link"),
            p("between", Ty::List(&Ty::Ref(SITE)), "結ぶ場所", "the sites it connects"),
            p("operated_by", Ty::Ref(PARTY), "回線を管理する組織", "who operates the link"),
            p("ike", Ty::Bool, "IPsec の鍵交換に IKE を使うか", "whether IPsec keys are exchanged with IKE"),
            p("tls", Ty::List(&Ty::Version), "有効な TLS のバージョン", "enabled TLS versions"),
            p(
                "client_certificates",
                Ty::Bool,
                "TLS クライアント証明書による認証",
                "TLS client-certificate authentication",
            ),
            p("replaces_vpn", Ty::Bool, "VPN の代わりに TLS を使う接続か", "whether TLS is used in place of a VPN"),
            p("source_restriction", Ty::Bool, "接続元制限", "whether connecting sources are restricted"),
            p(
                "wireless_auth",
                Ty::Enum(WIRELESS_AUTH),
                "無線LANの認証方式 (端末を証明書で認証する IEEE 802.1X は eap_tls。ieee8021x は証明書かどうかを言わない)",
                "wireless authentication (IEEE 802.1X with certificates is eap_tls; ieee8021x does not say whether certificates are used)",
            ),
            p(
                "ike_version",
                Ty::Int { min: 1, max: 2 },
                "IPsec の IKE のバージョン (1 または 2)",
                "the IKE version of the IPsec VPN (1 or 2)",
            ),
            p(
                "ipsec_encryption",
                Ty::List(&Ty::Enum(IPSEC_ENCRYPTION)),
                "IPsec で許可する暗号アルゴリズム",
                "the encryption algorithms the IPsec VPN allows",
            ),
            p(
                "ipsec_integrity",
                Ty::List(&Ty::Enum(IPSEC_INTEGRITY)),
                "IPsec で許可する完全性 (ハッシュ) アルゴリズム",
                "the integrity (hash) algorithms the IPsec VPN allows",
            ),
            p(
                "dh_groups",
                Ty::List(&Ty::Int { min: 1, max: 32 }),
                "IKE で許可する Diffie-Hellman グループ番号 (例 14, 19)",
                "the Diffie-Hellman group numbers IKE allows (e.g. 14, 19)",
            ),
            p(
                "cipher_profile",
                Ty::Enum(CIPHER_PROFILES),
                "TLS の暗号設定 (CRYPTREC TLS暗号設定ガイドラインの設定基準)",
                "the TLS cipher configuration (the CRYPTREC TLS guideline's profile)",
            ),
            SCOPE,
            COMMON_DESCRIPTION,
        ],
        stdlib: false,
        doc_ja: "ネットワーク: 閉域網、IP-VPN、IPsec-VPN、インターネット経由の TLS、SSL-VPN、構内LAN、無線LAN。",
        doc_en: "A link: closed network, IP-VPN, IPsec VPN, TLS over the internet, SSL-VPN, LAN, wireless LAN.",
        example: "network clinic_line \"クリニック接続回線\" {\n  kind    ipsec_vpn\n  between [sakura, tokyo]\n  ike     true\n}",
    },
    KindSchema {
        kind: "data",
        ja: "情報",
        naming: Naming::Required,
        target: None,
        target_required: false,
        props: &[
            req("class", Ty::Enum(MEDICAL_CLASSES), "情報の分類 (医療情報か)", "classification (is it 医療情報)"),
            p(
                "record",
                Ty::Ref(&["record"]),
                "法定保存年限のある記録の種類",
                "the record kind, which gives the legal retention",
            ),
            p("retention", Ty::Duration, "実際の保存期間", "how long it is actually kept"),
            p(
                "replaces_paper",
                Ty::Bool,
                "紙の記録に代わる電子保存か (e-文書法)",
                "whether it replaces a paper record (e-文書法)",
            ),
            p("authenticity", Ty::List(&Ty::Ref(CONTROL)), "真正性を確保する対策", "controls that ensure authenticity"),
            p("legibility", Ty::List(&Ty::Ref(CONTROL)), "見読性を確保する対策", "controls that ensure legibility"),
            p("preservation", Ty::List(&Ty::Ref(CONTROL)), "保存性を確保する対策", "controls that ensure preservation"),
            COMMON_DESCRIPTION,
        ],
        stdlib: false,
        doc_ja: "情報の分類: 診療録、処方箋、レセプト、検査画像など。",
        doc_en: "A class of information: medical records, prescriptions, claims, images.",
        example: "data 診療録 \"診療録\" {\n  class  patient_identifiable\n  record std::record::medical_record\n}",
    },
    KindSchema {
        kind: "actor",
        ja: "利用者",
        naming: Naming::Required,
        target: None,
        target_required: false,
        props: &[
            req("category", Ty::Enum(ACTOR_CATEGORIES), "職種・役割", "job or role"),
            req("party", Ty::Ref(PARTY), "所属する組織", "the organisation the person belongs to"),
            p(
                "shared_account",
                Ty::Bool,
                "この役割の人が複数人で共用するアカウントでログインするか",
                "whether people in this role sign in with an account shared by several people",
            ),
            COMMON_DESCRIPTION,
        ],
        stdlib: false,
        doc_ja: "人の役割: 医師、看護師、医療事務、患者、運用担当者、保守担当者。",
        doc_en: "A role of a person: doctor, nurse, clerk, patient, operator, maintainer.",
        example: "actor 医師 \"医師\" {\n  category doctor\n  party    sakura_clinic\n}",
    },
    KindSchema {
        kind: "flow",
        ja: "情報流",
        naming: Naming::Required,
        target: None,
        target_required: false,
        props: &[
            req("phase", Ty::Enum(PHASES), "フェーズ", "phase"),
            req(
                "who",
                Ty::List(&Ty::Ref(&["actor"])),
                "誰が (Who)。複数の役割が使う情報流は `[医師, 看護師]` のように並べる",
                "who; a flow used by several roles lists them: `[医師, 看護師]`",
            ),
            req("from", Ty::Ref(&["asset"]), "どこの機器から (Where / Which)", "from which asset"),
            req("to", Ty::Ref(&["asset"]), "どの機器へ", "to which asset"),
            req("carries", Ty::List(&Ty::Ref(DATA)), "何を (What)", "what data"),
            p("actions", Ty::List(&Ty::Enum(ACTIONS)), "どうする (How)", "what is done"),
            p(
                "via",
                Ty::Ref(&["network"]),
                "経由するネットワーク (`route [NET]` と同じ。route とは同時に書けない)",
                "over which network (the same as `route [NET]`; not together with route)",
            ),
            p(
                "route",
                Ty::List(&Ty::Ref(&["network"])),
                "経由するネットワークの並び (最初の区間から順に)",
                "the networks it goes over, in order, first hop first",
            ),
            many(
                "alternative",
                ALTERNATIVE_PROPS,
                "代わりの経路 (障害時の切り替え先など)。ネットワークの規則はこの経路も判定する",
                "an alternative route (a failover, say); the network rules judge it too",
            ),
            p("auth", Ty::List(&Ty::Ref(&["auth_method"])), "利用者認証の方式", "how the person authenticates"),
            p("remote", Ty::Bool, "医療機関等の外部からのアクセスか", "whether it is access from outside"),
            p("vdi", Ty::Bool, "仮想デスクトップ等を経由するか", "whether it goes through VDI or similar"),
            SCOPE,
            COMMON_DESCRIPTION,
        ],
        stdlib: false,
        doc_ja: "情報流: 誰が、どこから、どの機器で、何の情報を、どうするか (提供事業者GL 5.1.1)。",
        doc_en: "An information flow: who, from where, on which device, what data, doing what (provider GL 5.1.1).",
        example: "flow 診察 \"診察室で診療録を閲覧・更新\" {\n  phase   operation\n  who     医師\n  from    exam_pc\n  to      ehr_app\n  carries [診療録]\n  actions [view, edit]\n  via     clinic_line\n  auth    [std::auth::password, std::auth::smartcard]\n}",
    },
    KindSchema {
        kind: "risk",
        ja: "リスク",
        naming: Naming::Required,
        target: Some(&["flow", "asset"]),
        target_required: true,
        props: &[
            req("threat", Ty::Ref(&["threat"]), "脅威 (表5-1)", "the threat (table 5-1)"),
            p("impact", Ty::Level(IMPACT_LEVELS), "影響度 1〜5", "impact, 1 to 5"),
            p("likelihood", Ty::Level(LIKELIHOOD_LEVELS), "顕在化率 1〜5", "likelihood, 1 to 5"),
            p(
                "rank",
                Ty::Enum(RANKS),
                "記載したランク (導出値と一致する必要がある)",
                "the stated rank (must agree with the derived one)",
            ),
            p("treatment", Ty::Enum(TREATMENTS), "リスク対応の選択肢 (表5-3)", "treatment option (table 5-3)"),
            p("controls", Ty::List(&Ty::Ref(CONTROL)), "対策", "controls"),
            p("residual_impact", Ty::Level(IMPACT_LEVELS), "対策後の影響度", "impact after controls"),
            p("residual_likelihood", Ty::Level(LIKELIHOOD_LEVELS), "対策後の顕在化率", "likelihood after controls"),
            p("not_applicable", Ty::String, "該当しない理由 (評価しない場合)", "why the threat does not apply"),
            p(
                "requests",
                Ty::List(&Ty::Ref(&["request"])),
                "このリスクへの対応として医療機関等に求める事項 (request)",
                "what the institutions are asked to do about this risk (requests)",
            ),
            COMMON_DESCRIPTION,
        ],
        stdlib: false,
        doc_ja: "リスク: 情報流または機器に対する1つの脅威の評価と対応。",
        doc_en: "One threat assessed on one flow or asset, and its treatment.",
        example: "risk R01 on 診察 {\n  threat     std::threat::unauthorized_access\n  impact     4\n  likelihood 3\n  treatment  reduce\n  controls   [mfa]\n}",
    },
    KindSchema {
        kind: "control",
        ja: "対策",
        naming: Naming::Required,
        target: None,
        target_required: false,
        props: &[
            req("category", Ty::Enum(CONTROL_CATEGORIES), "対策の分類", "category"),
            p("owner", Ty::Ref(PARTY), "実施する組織", "who carries it out"),
            COMMON_DESCRIPTION,
        ],
        stdlib: false,
        doc_ja: "対策: 組織的・人的・物理的・技術的な安全管理措置。",
        doc_en: "A measure: organisational, human, physical or technical.",
        example: "control mfa \"多要素認証\" {\n  category technical\n  owner    example_saas\n}",
    },
    KindSchema {
        kind: "log",
        ja: "ログ",
        naming: Naming::Required,
        target: None,
        target_required: false,
        props: &[
            req("of", Ty::List(&Ty::Ref(ASSET)), "記録する対象の機器・システム", "the assets whose access is logged"),
            p("stored_at", Ty::Ref(ASSET), "ログの保存先", "where the log is stored"),
            p("fields", Ty::List(&Ty::Enum(LOG_FIELDS)), "記録する項目", "what is recorded"),
            p(
                "retention",
                Ty::Duration,
                "保存期間 (`tier` を書くときは各段の保存期間でもよい; どちらかは必須)",
                "how long it is kept (with `tier`s, each tier may state its own; one or the other is required)",
            ),
            p("tamper_proof", Ty::Bool, "改ざん防止", "whether it is protected against tampering"),
            p("access_restricted", Ty::Bool, "ログへのアクセス制限", "whether access to the log is restricted"),
            p("time_source", Ty::Enum(TIME_SOURCES), "時刻源", "time source"),
            p("reviewed_every", Ty::Duration, "定期確認の周期", "how often it is reviewed"),
            many(
                "tier",
                LOG_TIER_PROPS,
                "保存の段 (検索用・長期保存など)。段ごとに保存先・保存期間・改ざん防止・アクセス制限を書く",
                "a storage tier (searchable, long-term, …), each with its store, retention, tamper protection and access restriction",
            ),
            COMMON_DESCRIPTION,
        ],
        stdlib: false,
        doc_ja: "ログ: 何を、どこに、どれだけの期間記録するか。",
        doc_en: "A log: what is recorded, where, and for how long.",
        example: "log access_log \"アクセスログ\" {\n  of           [ehr_app]\n  fields       [login_time, duration, records_touched]\n  retention    5y\n  tamper_proof true\n  time_source  ntp\n}",
    },
    KindSchema {
        kind: "backup",
        ja: "バックアップ",
        naming: Naming::Required,
        target: None,
        target_required: false,
        props: &[
            req("of", Ty::List(&Ty::Ref(&["data", "asset"])), "対象", "what is backed up"),
            p("generations", Ty::Int { min: 1, max: 100_000 }, "保持する世代数", "generations kept"),
            p("methods", Ty::List(&Ty::Enum(BACKUP_METHODS)), "方式", "methods"),
            p("immutable", Ty::Bool, "追記不能 (改変できない) コピーがあるか", "whether a copy cannot be altered"),
            p("offline", Ty::Bool, "ネットワークから切り離したコピーがあるか", "whether a copy is kept offline"),
            p("interval", Ty::Duration, "取得間隔", "how often it is taken"),
            p("stored_at", Ty::List(&Ty::Ref(SITE)), "保管場所", "where copies are kept"),
            p("restore_tested", Ty::Date, "最後に復元を試験した日", "when restoring was last tested"),
            many(
                "copy",
                BACKUP_COPY_PROPS,
                "バックアップのコピー (同一リージョン・別リージョン・オフライン媒体など)。コピーごとに保管場所・方式・世代を書く",
                "a copy of the backup (same region, other region, offline media, …), each with its sites, methods and generations",
            ),
            COMMON_DESCRIPTION,
        ],
        stdlib: false,
        doc_ja: "バックアップ: 対象、世代、方式、追記不能・オフラインのコピー、復元試験。",
        doc_en: "A backup: of what, generations, methods, immutable or offline copies, restore tests.",
        example: "backup ehr_backup \"電子カルテDBのバックアップ\" {\n  of             [ehr_db]\n  generations    7\n  methods        [snapshot, object_storage]\n  immutable      true\n  restore_tested 2026-09-15\n}",
    },
    KindSchema {
        kind: "responsibility",
        ja: "責任分界",
        naming: Naming::Optional,
        target: Some(&["duty"]),
        target_required: true,
        props: &[
            req(
                "normal",
                Ty::List(&Ty::Ref(PARTY)),
                "通常時の担当 (複数なら共同)",
                "who does it in normal times (several: shared)",
            ),
            req("emergency", Ty::List(&Ty::Ref(PARTY)), "非常時の担当", "who does it in an emergency"),
            p("detail", Ty::Record(RESPONSIBLE_PARTIES), "作業ごとの細目", "a finer split for one part of the duty"),
            p(
                "for",
                Ty::List(&Ty::Ref(&["asset", "site", "flow", "network"])),
                "この分担が適用されるシステム・場所・情報流・回線 (省略時はモデル全体)",
                "the systems, sites, flows or networks this split applies to (omitted: the whole model)",
            ),
            COMMON_DESCRIPTION,
        ],
        stdlib: false,
        doc_ja: "責任分界: 標準ライブラリの責務 (std::duty) ごとに、通常時と非常時の担当を述べる。",
        doc_en: "The responsibility split: for a duty of the catalog (std::duty), who does it in normal times and in an emergency.",
        example: "responsibility on std::duty::backup {\n  normal    example_saas\n  emergency [example_saas, sakura_clinic]\n}",
    },
    KindSchema {
        kind: "request",
        ja: "医療機関等に求める事項",
        naming: Naming::Required,
        target: None,
        target_required: false,
        props: &[
            req("to", Ty::List(&Ty::Ref(PARTY)), "求める相手 (医療機関等)", "the parties asked (the institutions)"),
            p(
                "about",
                Ty::List(&Ty::Ref(&["site", "asset", "flow", "network", "data"])),
                "対象の場所・機器・情報流・回線・情報",
                "the sites, assets, flows, networks or data it concerns",
            ),
            p("duty", Ty::Ref(&["duty"]), "関係する責務 (std::duty)", "the duty it belongs to (std::duty)"),
            COMMON_DESCRIPTION,
        ],
        stdlib: false,
        doc_ja: "医療機関等に求める事項 (提供事業者GL 1.1 §5.1.5、表4-1 B「医療機関等の運用管理規程に定める必要がある事項」): 誰に、何について、何を求めるか。",
        doc_en: "Something the provider asks the institutions to do (provider GL 1.1 §5.1.5; table 4-1 B, what the institution's operating rules must contain): asked of whom, about what, what.",
        example: "request 端末管理 \"医療機関等に求める事項: 端末の管理\" {\n  to          [sakura_clinic]\n  about       [受付PC]\n  duty        std::duty::terminal_management\n  description \"OS のパッチ適用と画面ロックを医療機関等が行う\"\n}",
    },
    KindSchema {
        kind: "termination",
        ja: "契約終了時の取扱い",
        naming: Naming::Optional,
        target: None,
        target_required: false,
        props: &[
            many("return", RETURN_PROPS, "医療機関等へのデータ返却", "data returned to the institution"),
            many("transfer", TRANSFER_PROPS, "他事業者へのデータ移行", "data transferred to another provider"),
            many("dispose", DISPOSE_PROPS, "データ・機器の消去・廃棄", "erasure or destruction of data and assets"),
            COMMON_DESCRIPTION,
        ],
        stdlib: false,
        doc_ja: "契約終了時に、何をどの形式で返却・移行し、何をどう消去・廃棄し、どの証跡を残すか。",
        doc_en: "At contract end: what is returned or transferred, how, and what is erased or destroyed with what evidence.",
        example: "termination 契約終了 {\n  return 返却 {\n    data   [診療録]\n    format \"SS-MIX2\"\n    within 30d\n  }\n  dispose 消去 {\n    target   [ehr_db]\n    method   crypto_erase\n    evidence \"データ消去証明書\"\n    within   60d\n  }\n}",
    },
    KindSchema {
        kind: "account_policy",
        ja: "アカウント・パスワードの規程",
        naming: Naming::Required,
        target: None,
        target_required: false,
        props: &[
            p("min_length", Ty::Int { min: 1, max: 1024 }, "パスワードの最小文字数", "minimum password length"),
            p(
                "char_classes",
                Ty::Int { min: 1, max: 4 },
                "混在させる文字種の数 (英大文字・英小文字・数字・記号)",
                "character classes required (upper, lower, digits, symbols)",
            ),
            p("reuse_banned", Ty::Bool, "パスワードの使い回しを禁止しているか", "whether password reuse is banned"),
            p(
                "lockout",
                Ty::Bool,
                "認証の失敗が続いたらアカウントをロックするか",
                "whether repeated failures lock the account",
            ),
            p(
                "periodic_change",
                Ty::Duration,
                "パスワードの定期変更を求める場合の周期 (求めないなら書かない)",
                "how often a password change is required (omit when none is)",
            ),
            p(
                "screen_lock",
                Ty::Duration,
                "端末を離れたとき自動で画面をロックするまでの時間",
                "idle time after which a terminal locks its screen",
            ),
            p(
                "remove_unused_accounts",
                Ty::Bool,
                "不要になったアカウント (退職・異動・初期アカウント等) を削除しているか",
                "whether accounts no longer needed (leavers, movers, default accounts) are removed",
            ),
            COMMON_DESCRIPTION,
        ],
        stdlib: false,
        doc_ja: "医療情報を扱うシステムのアカウントとパスワードの規程: 文字数、文字種、使い回しの禁止、アカウントロック、定期変更、画面ロック、不要なアカウントの削除。",
        doc_en: "The account and password rules of the systems that handle 医療情報: length, character classes, reuse ban, lockout, periodic change, screen lock, removal of unneeded accounts.",
        example: "account_policy 認証規程 \"アカウント・パスワード規程\" {\n  min_length             13\n  char_classes           3\n  reuse_banned           true\n  lockout                true\n  screen_lock            10min\n  remove_unused_accounts true\n}",
    },
    KindSchema {
        kind: "policy",
        ja: "規程・文書",
        naming: Naming::Required,
        target: None,
        target_required: false,
        props: &[
            req("kind", Ty::Enum(POLICY_KINDS), "文書の種類", "what document"),
            p(
                "covers",
                Ty::List(&Ty::Enum(POLICY_ITEMS)),
                "含める事項 (運用管理規程 (ア)〜(サ))",
                "the required items it covers ((ア)–(サ))",
            ),
            p("approved_by", Ty::String, "承認者", "who approved it"),
            p("revised", Ty::Date, "最終改訂日", "last revision date"),
            p("document", Ty::String, "文書の所在", "where the document is"),
            p(
                "contacts",
                Ty::List(&Ty::Ref(PARTY)),
                "連絡体制図・BCP に連絡先を載せた組織",
                "the organisations whose contacts it lists (contact chart, BCP)",
            ),
            p(
                "security_updates_by",
                Ty::Ref(PARTY),
                "セキュリティアップデートの適用の責任を負う組織 (契約・SLA)",
                "who is responsible for applying security updates (contract, SLA)",
            ),
            p(
                "accountable_manager",
                Ty::String,
                "最終的な管理責任者 (氏名または役職; 運用管理規程 (イ))",
                "the final accountable manager (name or role; 運用管理規程 (イ))",
            ),
            p(
                "system_manager",
                Ty::String,
                "システム管理者 (氏名または役職; 運用管理規程 (イ))",
                "the system manager (name or role; 運用管理規程 (イ))",
            ),
            COMMON_DESCRIPTION,
        ],
        stdlib: false,
        doc_ja: "運用管理規程などの文書と、それが含める事項。",
        doc_en: "The 運用管理規程 and other documents, and the items they cover.",
        example: "policy 運用管理規程 \"運用管理規程 第3版\" {\n  kind        operations_rules\n  covers      [basic_policy, organization, incidents]\n  approved_by \"代表取締役\"\n  revised     2026-04-01\n}",
    },
    KindSchema {
        kind: "waiver",
        ja: "適用除外",
        naming: Naming::Required,
        target: Some(&[
            "model",
            "party",
            "site",
            "asset",
            "network",
            "data",
            "actor",
            "flow",
            "risk",
            "control",
            "log",
            "backup",
            "responsibility",
            "termination",
            "policy",
            "duty",
        ]),
        target_required: true,
        props: &[
            req("rule", Ty::RuleId, "除外するルールの ID", "the id of the rule waived"),
            req("reason", Ty::Text, "理由", "why"),
            req("approved_by", Ty::Text, "承認者", "who approved it"),
            req("until", Ty::Date, "期限", "until when it holds"),
            COMMON_DESCRIPTION,
        ],
        stdlib: false,
        doc_ja: "ルールの適用除外。対象、理由、承認者、期限を必ず書く。期限を過ぎると指摘が再び出る。",
        doc_en: "An accepted exception to a rule, with target, reason, approver and expiry; after expiry the finding returns.",
        example: "waiver W01 on maintenance_line {\n  rule        MIG-NET-001\n  reason      \"閉域網の整備完了まで IPsec-VPN を使用\"\n  approved_by \"さくらクリニック 院長\"\n  until       2027-03-31\n}",
    },
    // ---- kinds the standard library declares (users may add their own) ----
    KindSchema {
        kind: "matrix",
        ja: "リスクマトリクス",
        naming: Naming::Required,
        target: None,
        target_required: false,
        props: &[
            req("impact_5", RANK_ROW, "影響度5 の行: 顕在化率1〜5 のランク", "ranks for impact 5, likelihood 1 to 5"),
            req("impact_4", RANK_ROW, "影響度4 の行", "ranks for impact 4"),
            req("impact_3", RANK_ROW, "影響度3 の行", "ranks for impact 3"),
            req("impact_2", RANK_ROW, "影響度2 の行", "ranks for impact 2"),
            req("impact_1", RANK_ROW, "影響度1 の行", "ranks for impact 1"),
            p(
                "s_controls",
                Ty::Int { min: 0, max: 100 },
                "ランクS に必要な対策の数 (既定 2)",
                "controls an S risk needs (default 2)",
            ),
            p(
                "a_controls",
                Ty::Int { min: 0, max: 100 },
                "ランクA に必要な対策の数 (既定 1)",
                "controls an A risk needs (default 1)",
            ),
            req("verified", Ty::Enum(VERIFICATION), "確認状況", "how well it was verified"),
            p("source", Ty::String, "出典", "source"),
            COMMON_DESCRIPTION,
        ],
        stdlib: true,
        doc_ja: "影響度 × 顕在化率 → ランク S〜D のマトリクスと、ランクごとに必要な対策の数 (提供事業者GL 5.1.2–5.1.3)。",
        doc_en: "A risk matrix: impact × likelihood → rank S–D, and how many controls each rank needs (provider GL 5.1.2–5.1.3).",
        example: "matrix 当社基準 \"当社のリスク基準\" {\n  impact_5 [B, A, S, S, S]\n  impact_4 [C, B, A, S, S]\n  impact_3 [D, C, B, A, A]\n  impact_2 [D, D, C, B, B]\n  impact_1 [D, D, D, C, C]\n  s_controls 2\n  a_controls 1\n  verified   proposal\n}",
    },
    KindSchema {
        kind: "edition",
        ja: "ガイドラインの版",
        naming: Naming::Required,
        target: None,
        target_required: false,
        props: &[
            req("guideline", Ty::Enum(GUIDELINES), "ガイドライン", "which guideline"),
            req("version", Ty::Version, "版", "edition number"),
            p("published", Ty::Date, "公表日", "publication date"),
            req("verified", Ty::Enum(VERIFICATION), "本文の確認状況", "how well its text was verified"),
            p("source", Ty::String, "出典", "source"),
            COMMON_DESCRIPTION,
        ],
        stdlib: true,
        doc_ja: "ガイドラインの版 (std::edition)。",
        doc_en: "A guideline edition (std::edition).",
        example: "edition mhlw_6_0 \"医療情報システムの安全管理に関するガイドライン 第6.0版\" {\n  guideline mhlw\n  version   6.0\n  verified  verified\n}",
    },
    KindSchema {
        kind: "threat",
        ja: "脅威",
        naming: Naming::Required,
        target: None,
        target_required: false,
        props: &[
            p("catalog_id", Ty::String, "脅威カタログ上の番号", "number in the threat catalog"),
            p("source", Ty::String, "出典", "source"),
            COMMON_DESCRIPTION,
        ],
        stdlib: true,
        doc_ja: "脅威 (std::threat は 提供事業者GL 表5-1 の11の脅威)。独自の脅威も宣言できる。",
        doc_en: "A threat (std::threat holds the 11 of provider GL table 5-1); models may add their own.",
        example: "threat 内部不正 \"委託先従業員による内部不正\" {\n  description \"運用担当者が権限を濫用して医療情報を持ち出す\"\n}",
    },
    KindSchema {
        kind: "record",
        ja: "記録の種類",
        naming: Naming::Required,
        target: None,
        target_required: false,
        props: &[
            req("retention", Ty::Duration, "法定保存年限", "legal retention period"),
            req("statute", Ty::String, "根拠法令", "the statute that sets it"),
            p("starts", Ty::String, "起算日", "when the period starts"),
            p("scope", Ty::String, "適用範囲", "where it applies"),
            req("verified", Ty::Enum(VERIFICATION), "確認状況", "how well it was verified"),
            p("source", Ty::String, "出典", "source"),
            COMMON_DESCRIPTION,
        ],
        stdlib: true,
        doc_ja: "法定保存年限のある記録の種類 (std::record)。",
        doc_en: "A record kind with a legal retention period (std::record).",
        example: "record medical_record \"診療録\" {\n  retention 5y\n  statute   \"医師法24条2項\"\n  verified  verified\n}",
    },
    KindSchema {
        kind: "auth_method",
        ja: "認証方式",
        naming: Naming::Required,
        target: None,
        target_required: false,
        props: &[
            req(
                "factor",
                Ty::Enum(FACTORS),
                "認証要素の種類 (知識・所持・生体)",
                "factor type (knowledge, possession, biometric)",
            ),
            p(
                "bound_to",
                Ty::Enum(BINDINGS),
                "何に結び付いた要素か: 本人 (person, 既定) か機器 (device)。共用の機器に結び付いた所持要素は本人の要素に数えない",
                "what the factor is bound to: the person (person, default) or a device (device); a possession factor bound to a shared device is not the person's",
            ),
            COMMON_DESCRIPTION,
        ],
        stdlib: true,
        doc_ja: "利用者認証の方式と、その認証要素の種類 (std::auth)。",
        doc_en: "An authentication method and its factor type (std::auth).",
        example: "auth_method vein \"手のひら静脈認証\" {\n  factor biometric\n}",
    },
    KindSchema {
        kind: "duty",
        ja: "責務",
        naming: Naming::Required,
        target: None,
        target_required: false,
        props: &[p("source", Ty::String, "出典", "source"), COMMON_DESCRIPTION],
        stdlib: true,
        doc_ja: "責任分界で担当を決める責務 (std::duty)。",
        doc_en: "A duty whose owner the responsibility split must name (std::duty).",
        example: "duty log_review \"ログの定期確認\" {\n  description \"アクセスログを定期的に確認する\"\n}",
    },
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_and_keys_are_unique_and_targets_exist() {
        let mut seen = std::collections::HashSet::new();
        for k in KINDS {
            assert!(seen.insert(k.kind), "duplicate kind {}", k.kind);
            let mut keys = std::collections::HashSet::new();
            for p in k.props {
                assert!(keys.insert(p.key), "duplicate key {}.{}", k.kind, p.key);
                check_refs(&p.ty);
            }
            for t in k.target.unwrap_or(&[]) {
                assert!(kind(t).is_some(), "{} targets unknown kind {t}", k.kind);
            }
        }
    }

    fn check_refs(ty: &Ty) {
        match ty {
            Ty::Ref(kinds) => {
                for k in *kinds {
                    assert!(kind(k).is_some(), "reference to unknown kind {k}");
                }
            }
            Ty::List(inner) | Ty::ListN(inner, _) => check_refs(inner),
            Ty::Record(props) => props.iter().for_each(|p| check_refs(&p.ty)),
            _ => {}
        }
    }
}
