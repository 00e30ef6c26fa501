#!/usr/bin/env python3
"""Generate a large, valid, seeded `.mig` model for benchmarks and rule tests.

    python3 bench/gen_model.py --seed 1 --lines 100000 --out DIR [--violations N]

The model describes a cloud 電子カルテ / 医事会計 SaaS provider and its many customer
institutions (clinics and hospitals). It uses every declaration kind of
compiler/src/schema.rs, in realistic proportions: risks and flows dominate, because each
flow that carries 医療情報 is assessed against the 11 threats of 表5-1. It also uses the
modelling constructs of issue 6: flows over ordered routes (wireless LAN → LAN → closed line)
with an IPsec failover `alternative` in hospitals, several actors (`who [..]`), shared
reception PCs, a log kept in tiers (hot + immutable archive) and a backup in copies, scope
derived from managed_by/operated_by (an institution's server looked after by a maintainer),
a `request` per institution referenced by risks, and the lab system's boundary
(`responsibility … { for [..] }`).

Output (DIR is created; *.mig, mig.toml and planted.tsv already in DIR are replaced):
  DIR/mig.toml        [project] entry = ["model.mig"]
  DIR/model.mig       the model declaration; imports every other file
  DIR/<area>[_NN].mig one file per area (parties, sites, ..., risks), split into
                      numbered files of about --file-lines lines
  DIR/planted.tsv     the problems planted by --violations (only the header without it)

Without --violations the model follows every guideline rule of migc: `migc check
--deny-warnings` reports no error and no warning (and no note: no risk is retained). The
few exceptions it needs are accepted with waivers that match a finding.

Determinism: the output depends only on the arguments (same bytes on every run and
machine). Only the standard library of Python 3.11 is used; no hash(), no clock.

--violations N plants N realistic problems, each aimed at one guideline rule (single-factor
login, log kept 1 year, one backup generation, clientless SSL-VPN, an S-rank risk with one
control, a forgotten responsibility, an expired waiver, a PSK wireless LAN, IKEv1, ...); every
rule of `migc rules` but MIG-SCOPE-001 and MIG-PAT-001, and the waiver checks MIG3001/MIG3002,
can be planted. The model stays valid for the language
(schema and names). planted.tsv has one row per expected finding: the problem number,
`primary` (the rule the problem is aimed at) or `also` (a further finding the same change
causes, e.g. MIG-NET-001 when a closed line becomes an SSL-VPN), the rule, and the file and
line range of the declaration the finding must point at (its primary location or a label).
bench/verify_planted.py checks them against `migc check --format json`.
"""

from __future__ import annotations

import argparse
import os
import random
import sys

AS_OF = "2026-11-01"

# ---------------------------------------------------------------------------------------------
# Declarations and rendering
# ---------------------------------------------------------------------------------------------


class KV:
    """`key value  // comment`"""

    __slots__ = ("key", "value", "comment")

    def __init__(self, key, value, comment=None):
        self.key, self.value, self.comment = key, value, comment


class Block:
    """`key [label] ["title"] { entries }`"""

    __slots__ = ("key", "label", "title", "entries")

    def __init__(self, key, entries, label=None, title=None):
        self.key, self.entries, self.label, self.title = key, entries, label, title


class Decl:
    __slots__ = ("kind", "name", "title", "target", "doc", "entries", "area", "tags",
                 "removed", "before", "file", "line", "end_line", "meta")

    def __init__(self, kind, name, title=None, target=None, doc=None, entries=None,
                 area=None, tags=(), before=None):
        self.kind, self.name, self.title, self.target = kind, name, title, target
        self.doc = doc or []
        self.entries = entries or []
        self.area = area
        self.tags = set(tags)
        self.removed = False
        self.before = before or []  # `//` comment lines before the declaration
        self.file = None
        self.line = None      # the header line, set by write()
        self.end_line = None  # the closing brace
        self.meta = {}        # generator bookkeeping (not rendered)

    def get(self, key):
        for e in self.entries:
            if isinstance(e, KV) and e.key == key:
                return e
        return None

    def set(self, key, value, comment=None):
        e = self.get(key)
        if e is None:
            self.entries.append(KV(key, value, comment))
        else:
            e.value, e.comment = value, comment

    def drop(self, key):
        self.entries = [e for e in self.entries if not (isinstance(e, KV) and e.key == key)]


def q(text):
    """A string literal."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def width_of(text):
    """Display width: East Asian characters take two columns."""
    return sum(2 if ord(c) >= 0x2E80 else 1 for c in text)


def lst(items, width=88, indent="    "):
    """A list value; long lists are wrapped over several lines."""
    items = list(items)
    one = "[" + ", ".join(items) + "]"
    if width_of(one) <= width:
        return one
    lines, cur = [], ""
    for it in items:
        piece = it + ","
        if cur and width_of(cur) + 1 + width_of(piece) > width:
            lines.append(cur)
            cur = piece
        else:
            cur = piece if not cur else cur + " " + piece
    if cur:
        lines.append(cur)
    return "[\n" + "\n".join(indent + ln for ln in lines) + "\n  ]"


def render_entries(entries, indent):
    out = []
    kvs = [e for e in entries if isinstance(e, KV)]
    width = max((len(e.key) for e in kvs), default=0)
    for e in entries:
        if isinstance(e, KV):
            value = e.value
            if "\n" in value:  # a wrapped list: re-indent its lines
                value = value.replace("\n    ", "\n" + indent + "  ").replace("\n  ]", "\n" + indent + "]")
            line = f"{indent}{e.key.ljust(width)} {value}"
            if e.comment:
                line += "   // " + e.comment
            out.append(line)
        else:
            head = e.key
            if e.label:
                head += " " + e.label
            if e.title:
                head += " " + q(e.title)
            out.append(f"{indent}{head} {{")
            out.extend(render_entries(e.entries, indent + "  "))
            out.append(indent + "}")
    return out


def render_decl(d):
    out = [f"// {c}" if c else "//" for c in d.before]
    out += [f"/// {line}" for line in d.doc]
    head = d.kind
    if d.name:
        head += " " + d.name
    if d.title:
        head += " " + q(d.title)
    if d.target:
        head += " on " + d.target
    out.append(head + " {")
    out.extend(render_entries(d.entries, "  "))
    out.append("}")
    return "\n".join(out).split("\n")  # wrapped lists span several lines


# ---------------------------------------------------------------------------------------------
# Vocabulary
# ---------------------------------------------------------------------------------------------

THREATS = [
    ("unauthorized_access", "不正な閲覧・操作"),
    ("eavesdropping_spoofing", "ネットワーク上の盗聴・なりすまし"),
    ("advanced_cyber_attack", "高度サイバー攻撃"),
    ("ransomware", "ランサムウェア感染"),
    ("information_leakage", "情報の窃取・漏洩"),
    ("tampering_destruction", "情報の改竄・破壊"),
    ("system_outage", "医療情報システム等の停止"),
    ("technical_vulnerability", "技術的脆弱性の混入"),
    ("device_loss_theft", "機器や記憶媒体の持ち出し時の紛失・盗難"),
    ("physical_intrusion", "施設への物理的侵入"),
    ("disaster", "災害等"),
]

# Two different factor types each (knowledge + possession, or with biometric).
AUTH_COMBOS = [
    (["std::auth::password", "std::auth::smartcard"], "職員証 (ICカード) + パスワード"),
    (["std::auth::pin", "std::auth::hpki_card"], "HPKIカード + PIN"),
    (["std::auth::password", "std::auth::authenticator_app"], None),
    (["std::auth::passphrase", "std::auth::fido_key"], None),
    (["std::auth::password", "std::auth::otp_token"], None),
    (["std::auth::pin", "職員証ICカード"], "職員証 (FeliCa) + PIN"),
    (["std::auth::smartcard", "std::auth::fingerprint"], None),
    (["std::auth::password", "std::auth::face"], None),
    (["std::auth::pin", "std::auth::vein"], "静脈認証 + PIN"),
]

# (base ja, base ascii)
INST_BASES = [
    ("さくら", "sakura"), ("ひまわり", "himawari"), ("あおば", "aoba"), ("みどり", "midori"),
    ("つばさ", "tsubasa"), ("かえで", "kaede"), ("すずらん", "suzuran"), ("中央", "chuo"),
    ("駅前", "ekimae"), ("港南", "konan"), ("山手", "yamate"), ("若葉", "wakaba"),
    ("青葉台", "aobadai"), ("城北", "johoku"), ("白浜", "shirahama"), ("松原", "matsubara"),
    ("桜台", "sakuradai"), ("富士見", "fujimi"), ("東雲", "shinonome"), ("朝日", "asahi"),
]
# (type ja, type ascii, is hospital)
INST_TYPES = [
    ("内科クリニック", "naika", False), ("整形外科", "seikei", False), ("小児科", "shonika", False),
    ("眼科", "ganka", False), ("皮膚科", "hifuka", False), ("耳鼻科", "jibika", False),
    ("病院", "hospital", True), ("総合病院", "general_hospital", True),
]
PREFS = ["東京都", "神奈川県", "埼玉県", "千葉県", "大阪府", "兵庫県", "愛知県", "福岡県",
         "北海道", "宮城県", "広島県", "静岡県"]
DEPTS = [("内科", "int"), ("外科", "surg"), ("整形外科", "orth"), ("小児科", "ped"),
         ("循環器内科", "cardio"), ("消化器内科", "gastro"), ("眼科", "eye"), ("産婦人科", "obgy"),
         ("泌尿器科", "uro"), ("脳神経外科", "neuro"), ("皮膚科", "derm"), ("精神科", "psy")]

NA_REASONS = {
    "device_loss_theft": [
        "据置型の端末だけを使い、院外へ持ち出さない。",
        "情報流の両端が施錠された部屋またはデータセンター内にあり、持ち出す機器がない。",
    ],
    "physical_intrusion": [
        "情報流の両端がクラウド事業者のデータセンター内にあり、施設リスクは asset 側で評価する。",
    ],
    "disaster": [
        "災害によるサービス停止は system_outage と DR 構成のリスクで評価済み。",
    ],
    "eavesdropping_spoofing": [
        "同一ラック内の閉じたセグメントだけで完結し、ネットワークを経由しない。",
    ],
}

# ---------------------------------------------------------------------------------------------
# The generator
# ---------------------------------------------------------------------------------------------


def rank_of(impact, likelihood):
    """The default matrix (stdlib/matrix.mig, guidelines.md §7 [PROPOSAL]); the model's own
    `matrix 当社基準` has the same grid."""
    s = impact * likelihood
    if s >= 20:
        return "S"
    if s >= 15:
        return "A"
    if s >= 10:
        return "B"
    if s >= 5:
        return "C"
    return "D"


class Gen:
    def __init__(self, seed, target_lines):
        self.r = random.Random(seed)
        self.target = target_lines
        self.decls = []
        self.lines = 0
        self.risk_no = 0
        self.waiver_no = 0
        self.customers = []
        self.units = 0
        self.names = set()
        self.flow_names = set()
        self.flow_decls = {}
        self.waivers_on = {}  # target name -> [waiver decls]
        self.failover_of = {}  # a unit's closed line -> its failover IPsec VPN

    # -- bookkeeping ----------------------------------------------------------------------
    def add(self, d):
        if d.name is not None:
            assert d.name not in self.names, d.name
            self.names.add(d.name)
        self.decls.append(d)
        self.lines += len(render_decl(d)) + 1
        return d

    def pick(self, seq):
        return seq[self.r.randrange(len(seq))]

    def chance(self, p):
        return self.r.random() < p

    # -- fixed, provider-wide part ------------------------------------------------------------
    def global_part(self):
        r = self.r
        big = self.target >= 20000
        compact = self.target < 4000  # a complete but small model
        self.compact = compact
        # user-declared kinds the stdlib mostly provides
        self.add(Decl("edition", "mhlw_5_2", "医療情報システムの安全管理に関するガイドライン 第5.2版", area="custom",
                      before=["旧版: 既存の契約書がこの版の節番号を引用しているため、参照用に宣言する。"],
                      doc=["MHLW 第5.2版。既存契約の別紙が参照する。モデルはこの版には準拠を宣言しない。"],
                      entries=[KV("guideline", "mhlw"), KV("version", "5.2"), KV("verified", "unverified"),
                               KV("description", q("既存契約の別紙が引用する旧版。本文の節番号は 6.0 で読み替える。"))]))
        self.add(Decl("matrix", "当社基準", "ミライカルテ リスク評価基準", area="custom",
                      doc=["当社のリスク基準。格子は std::matrix::default と同じで、S は対策2つ以上、A は1つ以上を必須とする。"],
                      entries=[KV("impact_5", "[C, B, A, S, S]"), KV("impact_4", "[D, C, B, A, S]"),
                               KV("impact_3", "[D, C, C, B, A]"), KV("impact_2", "[D, D, C, C, B]"),
                               KV("impact_1", "[D, D, D, D, C]"), KV("s_controls", "2"), KV("a_controls", "1"),
                               KV("verified", "proposal"),
                               KV("source", q("情報セキュリティ委員会 決定 (2026-04)"))]))
        self.add(Decl("threat", "内部不正", "委託先・運用担当者による内部不正", area="custom",
                      doc=["表5-1 にない独自の脅威: 正当な権限を持つ者による持ち出し・目的外利用。"],
                      entries=[KV("catalog_id", q("X-01")),
                               KV("description", q("運用担当者や再委託先の従業員が権限を濫用して医療情報を閲覧・持ち出す。"))]))
        self.add(Decl("threat", "誤送信", "紹介状・検査結果の誤送信", area="custom",
                      doc=["独自の脅威: 宛先の取り違えによる医療情報の誤送信。"],
                      entries=[KV("catalog_id", q("X-02")), KV("source", q("社内インシデント記録 2025年度"))]))
        self.add(Decl("record", "健診結果", "健康診断個人票", area="custom",
                      doc=["事業者健診の健康診断個人票 (健診機関から受託して保存する分)。"],
                      entries=[KV("retention", "5y"), KV("statute", q("労働安全衛生規則51条")),
                               KV("scope", q("事業者が実施する一般健康診断")), KV("verified", "unverified"),
                               KV("description", q("健診機関からの受託分だけを扱う。条文は未確認。"))]))
        self.add(Decl("auth_method", "職員証ICカード", "職員証 (FeliCa ICカード)", area="custom",
                      doc=["医療機関が発行する FeliCa 方式の職員証 (所持)。入退室管理と共用。"],
                      entries=[KV("factor", "possession"),
                               KV("description", q("カード単独ではログインできない。PIN またはパスワードと組み合わせる。"))]))
        self.add(Decl("duty", "地域連携接続管理", "地域医療連携ネットワークとの接続管理", area="custom",
                      doc=["std::duty にない独自の責務: 地域医療連携ネットワークへの接続設定と同意管理。"],
                      entries=[KV("source", q("社内整理 [PROPOSAL]")),
                               KV("description", q("地域連携基盤への接続設定、患者同意の管理、接続先の変更の届出。"))]))

        # parties
        self.provider = "mirai_karte"
        self.add(Decl("party", "mirai_karte", "株式会社ミライカルテ", area="parties",
                      before=["==== 提供事業者と委託先 ===="],
                      doc=["対象事業者 (このモデルの提供者)。クラウド型電子カルテ・医事会計を提供する。"],
                      entries=[KV("role", "provider"), KV("country", "JP"),
                               KV("certifications", "[isms, pmark, iso27017]"),
                               KV("contact", q("カスタマーサポート 0120-000-000 (平日 9-18 時、非常時は24時間)")),
                               KV("description", q("本社: 東京都千代田区。運用センターと開発拠点を持つ。"))]))
        self.add(Decl("party", "ニンバスクラウド", "ニンバスクラウド株式会社", area="parties",
                      doc=["IaaS を提供する再委託先 (国内法人・国内データセンター)。"],
                      entries=[KV("role", "subcontractor"), KV("country", "JP"), KV("parent_country", "JP"),
                               KV("certifications", "[isms, ismap, iso27017, soc2]"),
                               KV("description", q("東京・大阪の2リージョンを利用する。"))]))
        self.add(Decl("party", "jns_carrier", "日本ネットワークサービス株式会社", area="parties",
                      doc=["閉域網 (IP-VPN・専用線・閉域SIM) を提供する通信事業者。"],
                      entries=[KV("role", "other"), KV("country", "JP"), KV("certifications", "[isms]")]))
        self.add(Decl("party", "保守サービス", "東日本メディカル保守株式会社", area="parties",
                      doc=["医療機関の院内ネットワーク機器と端末の保守事業者。"],
                      entries=[KV("role", "maintainer"), KV("country", "JP"), KV("certifications", "[pmark]")]))
        self.add(Decl("party", "kanto_lab", "関東臨床検査センター株式会社", area="parties",
                      doc=["検体検査の受託事業者。検査結果を電子カルテへ配信する。"],
                      entries=[KV("role", "other"), KV("country", "JP"), KV("certifications", "[isms]")]))

        # sites
        self.add(Decl("site", "nimbus_tokyo", "ニンバスクラウド 東京リージョン", area="sites",
                      before=["==== データセンター・拠点 ===="],
                      doc=["本番環境を置くクラウドリージョン。"],
                      entries=[KV("kind", "cloud_region"), KV("country", "JP"), KV("region", q("東京")),
                               KV("operated_by", "ニンバスクラウド"),
                               KV("physical", "[locked, entry_control, entry_log, cctv, guard]")],
                      tags=["medical_site"]))
        self.add(Decl("site", "nimbus_osaka", "ニンバスクラウド 大阪リージョン", area="sites",
                      doc=["バックアップと DR 環境を置くクラウドリージョン。"],
                      entries=[KV("kind", "cloud_region"), KV("country", "JP"), KV("region", q("大阪")),
                               KV("operated_by", "ニンバスクラウド"),
                               KV("physical", "[locked, entry_control, entry_log, cctv, guard]")],
                      tags=["medical_site"]))
        self.add(Decl("site", "本社運用センター", "ミライカルテ 運用センター", area="sites",
                      doc=["運用担当者が監視・障害対応を行う部屋。ICカードで入退室を記録する。"],
                      entries=[KV("kind", "office"), KV("country", "JP"), KV("region", q("東京都千代田区")),
                               KV("operated_by", "mirai_karte"),
                               KV("physical", "[locked, entry_control, entry_log, cctv]")]))
        self.add(Decl("site", "dev_office", "ミライカルテ 開発拠点", area="sites",
                      entries=[KV("kind", "office"), KV("country", "JP"), KV("region", q("福岡県福岡市")),
                               KV("operated_by", "mirai_karte"), KV("physical", "[locked, entry_control]")]))
        self.add(Decl("site", "保守センター", "保守事業者 リモート保守センター", area="sites",
                      entries=[KV("kind", "office"), KV("country", "JP"), KV("operated_by", "保守サービス"),
                               KV("physical", "[locked, entry_control, entry_log]")]))
        self.add(Decl("site", "lab_center", "関東臨床検査センター 検査棟", area="sites",
                      entries=[KV("kind", "facility"), KV("country", "JP"), KV("operated_by", "kanto_lab"),
                               KV("physical", "[locked, entry_control]")]))

        # networks
        self.add(Decl("network", "ops_line", "運用センター専用線", area="networks",
                      doc=["運用センターとクラウドを結ぶ専用線 (閉域)。"],
                      entries=[KV("kind", "closed"), KV("between", "[本社運用センター, nimbus_tokyo]"),
                               KV("operated_by", "jns_carrier"), KV("tls", "[1.2, 1.3]"),
                               KV("source_restriction", "true")], tags=["line"]))
        self.add(Decl("network", "リージョン間閉域網", "リージョン間閉域網 (東京 ⇔ 大阪)", area="networks",
                      entries=[KV("kind", "closed"), KV("between", "[nimbus_tokyo, nimbus_osaka]"),
                               KV("operated_by", "ニンバスクラウド"), KV("tls", "[1.3]"),
                               KV("source_restriction", "true")], tags=["line"]))
        self.add(Decl("network", "保守回線", "保守センター接続回線 (IP-VPN)", area="networks",
                      entries=[KV("kind", "ip_vpn"), KV("between", "[保守センター, nimbus_tokyo]"),
                               KV("operated_by", "jns_carrier"), KV("tls", "[1.3]"),
                               KV("source_restriction", "true")], tags=["line"]))
        self.add(Decl("network", "lab_link", "検査センター連携 (インターネット経由 TLS)", area="networks",
                      doc=["検査結果の配信。相互TLS (クライアント証明書) で VPN の代わりとする。"],
                      entries=[KV("kind", "tls"), KV("between", "[lab_center, nimbus_tokyo]"),
                               KV("tls", "[1.3]"), KV("client_certificates", "true"),
                               KV("replaces_vpn", "true"), KV("source_restriction", "true")], tags=["tls"]))
        if not compact:  # the compact model has no flow over lab_link: a waiver would match nothing (MIG3001)
            self.waiver("lab_link", "MIG-NET-001",
                        "検査センター側の閉域網接続が整うまで、相互TLS (TLS 1.3 + クライアント証明書) で代替する",
                        "情報セキュリティ委員会 委員長", "2027-09-30")
        self.add(Decl("network", "dev_line", "開発拠点接続回線", area="networks",
                      entries=[KV("kind", "ip_vpn"), KV("between", "[dev_office, nimbus_tokyo]"),
                               KV("operated_by", "jns_carrier"), KV("tls", "[1.3]"),
                               KV("source_restriction", "true")], tags=["line"]))

        # data
        data = [
            ("診療録", "診療録", "patient_identifiable", "std::record::insurance_medical_record", "10y", True),
            ("処方箋", "処方箋・処方内容", "patient_identifiable", "std::record::insurance_care_records", "5y", True),
            ("検査結果", "検体検査の結果", "patient_identifiable", "std::record::insurance_care_records", "5y", True),
            ("画像", "エックス線写真・検査画像", "patient_identifiable", "std::record::insurance_care_records", "5y", True),
            ("看護記録", "看護記録", "patient_identifiable", "std::record::hospital_care_records", "5y", True),
            ("手術記録", "手術記録", "patient_identifiable", "std::record::hospital_care_records", "5y", True),
            ("紹介状", "診療情報提供書 (紹介状)", "patient_identifiable", "std::record::regional_support_hospital_records", "5y", False),
            ("レセプト", "診療報酬明細書", "patient_identifiable", "std::record::insurance_care_records", "5y", False),
            ("問診票", "問診票", "patient_identifiable", "std::record::insurance_care_records", "5y", False),
            ("患者基本情報", "患者基本情報 (氏名・保険証情報)", "patient_identifiable", None, "10y", False),
            ("健診データ", "健康診断の結果", "patient_identifiable", "健診結果", "5y", False),
            ("予約情報", "診療予約", "patient_identifiable", None, "1y", False),
            ("統計データ", "匿名加工した統計データ", "anonymized", None, None, False),
            ("テストデータ", "合成テストデータ", "anonymized", None, None, False),
            ("プログラム", "プログラム・設定ファイル", "non_medical", None, None, False),
            ("設定情報", "ネットワーク機器の設定", "non_medical", None, None, False),
            ("監視データ", "稼働監視・性能データ", "non_medical", None, None, False),
        ]
        if compact:
            data = [x for x in data if x[0] not in ("健診データ", "予約情報", "統計データ")]
        if big:
            extra = [("内視鏡画像", "内視鏡画像"), ("心電図", "心電図波形"), ("病理所見", "病理診断の所見"),
                     ("輸血記録", "輸血の記録"), ("麻酔記録", "麻酔記録"), ("リハビリ記録", "リハビリテーション実施記録"),
                     ("栄養指導記録", "栄養指導の記録"), ("服薬指導記録", "服薬指導の記録"), ("透析記録", "透析の記録"),
                     ("検査オーダ", "検査オーダ"), ("放射線レポート", "画像診断レポート"), ("同意書", "説明・同意書")]
            for n, t in extra:
                data.append((n, t, "patient_identifiable", "std::record::insurance_care_records", "5y", False))
        self.medical_data, self.all_data = [], []
        first = True
        for name, title, cls, rec, ret, paper in data:
            e = [KV("class", cls)]
            if rec:
                e.append(KV("record", rec))
            if ret:
                e.append(KV("retention", ret))
            if paper:
                e += [KV("replaces_paper", "true"), KV("authenticity", "[電子署名, 改ざん検知, アクセス権限管理]"),
                      KV("legibility", "[見読性確保]"), KV("preservation", "[不変バックアップ, DRサイト]")]
            tags = ["data"]
            if cls == "patient_identifiable":
                self.medical_data.append(name)
                if rec and ret and rec != "健診結果":
                    tags.append("record_data")
            self.all_data.append(name)
            self.add(Decl("data", name, title, area="data", tags=tags,
                          before=["==== 情報の分類 ===="] if first else None,
                          doc=[f"{title}。"] if self.chance(0.6) else None, entries=e))
            first = False

        # controls
        self.controls = {}
        cat = [
            ("mfa", "多要素認証", "technical", ["unauthorized_access", "eavesdropping_spoofing", "advanced_cyber_attack"]),
            ("アクセス権限管理", "職種別アクセス権限・アカウント管理", "technical", ["unauthorized_access", "information_leakage", "内部不正"]),
            ("アクセスログ監視", "アクセスログの定期確認", "organizational", ["unauthorized_access", "information_leakage", "内部不正"]),
            ("tls_high", "通信の暗号化 (TLS 高セキュリティ型)", "technical", ["eavesdropping_spoofing", "information_leakage"]),
            ("closed_network", "閉域網接続・接続元制限", "technical", ["eavesdropping_spoofing", "advanced_cyber_attack", "ransomware"]),
            ("edr", "EDR による端末・サーバの監視", "technical", ["ransomware", "advanced_cyber_attack"]),
            ("脆弱性診断", "定期的な脆弱性診断", "technical", ["technical_vulnerability", "advanced_cyber_attack"]),
            ("パッチ管理", "セキュリティパッチの計画的適用", "organizational", ["technical_vulnerability", "ransomware"]),
            ("不変バックアップ", "追記不能バックアップ", "technical", ["ransomware", "tampering_destruction", "disaster", "system_outage"]),
            ("DRサイト", "大阪リージョンへの DR", "technical", ["disaster", "system_outage"]),
            ("冗長化", "サーバ・回線の冗長化", "technical", ["system_outage", "disaster"]),
            ("保存データ暗号化", "保存データの暗号化", "technical", ["information_leakage", "device_loss_theft", "physical_intrusion"]),
            ("mdm", "モバイル端末管理 (MDM)", "technical", ["device_loss_theft", "information_leakage"]),
            ("持出し管理", "機器・媒体の持出し管理", "organizational", ["device_loss_theft", "information_leakage", "内部不正"]),
            ("dc_physical", "データセンターの物理的対策", "physical", ["physical_intrusion", "disaster"]),
            ("職員教育", "安全管理の教育・訓練", "human", ["unauthorized_access", "information_leakage", "内部不正", "誤送信"]),
            ("委託先管理", "再委託先の管理・監査", "organizational", ["内部不正", "system_outage", "information_leakage"]),
            ("コードレビュー", "セキュアコーディングとコードレビュー", "organizational", ["technical_vulnerability"]),
            ("改ざん検知", "改ざん検知 (ハッシュ・監査証跡)", "technical", ["tampering_destruction"]),
            ("電子署名", "電子署名 (HPKI)", "technical", ["tampering_destruction"]),
            ("見読性確保", "見読性の確保 (縮退運転時の参照・印刷)", "technical", ["system_outage"]),
            ("インシデント訓練", "インシデント対応訓練", "human", ["ransomware", "system_outage", "advanced_cyber_attack"]),
            ("waf", "WAF による攻撃の遮断", "technical", ["advanced_cyber_attack", "technical_vulnerability"]),
            ("宛先確認", "送信前の宛先の二重確認", "organizational", ["誤送信", "information_leakage"]),
        ]
        if compact:
            keep = {"mfa", "アクセス権限管理", "tls_high", "closed_network", "edr", "パッチ管理", "不変バックアップ",
                    "DRサイト", "保存データ暗号化", "mdm", "dc_physical", "職員教育", "脆弱性診断", "改ざん検知",
                    "電子署名", "見読性確保", "宛先確認"}
            cat = [c for c in cat if c[0] in keep]
        first = True
        for name, title, c, threats in cat:
            owner = "ニンバスクラウド" if name == "dc_physical" else self.provider
            self.control(name, title, c, owner, threats, before=["==== 対策 (提供事業者) ===="] if first else None)
            first = False

        # assets of the service
        self.apps = [("ehr_app", "電子カルテアプリケーション", ["診療録", "処方箋", "検査結果", "画像", "看護記録", "手術記録", "紹介状", "問診票", "患者基本情報"]),
                     ("医事会計app", "医事会計アプリケーション", ["レセプト", "患者基本情報", "予約情報"])]
        if big:
            self.apps += [("pacs_app", "画像管理 (PACS)", ["画像"]),
                          ("予約app", "Web 予約システム", ["予約情報", "患者基本情報"]),
                          ("健診app", "健診システム", ["健診データ", "患者基本情報"])]
        self.add(Decl("asset", "ap_server", "アプリケーションサーバ群", area="assets",
                      before=["==== サービス基盤 (東京リージョン) ===="],
                      entries=[KV("kind", "server"), KV("at", "nimbus_tokyo"), KV("managed_by", self.provider),
                               KV("registered", "true"), KV("patching", "managed")], tags=["server"]))
        for name, title, _ in self.apps:
            self.add(Decl("asset", name, title, area="assets", doc=[f"{title} (SaaS)。"],
                          entries=[KV("kind", "application"), KV("at", "nimbus_tokyo"), KV("managed_by", self.provider),
                                   KV("runs_on", "ap_server"), KV("registered", "true"), KV("patching", "managed")]))
        self.add(Decl("asset", "ehr_db", "本番データベース", area="assets",
                      doc=["医療情報を保存する本番 DB。保存データは暗号化する。"],
                      entries=[KV("kind", "storage"), KV("at", "nimbus_tokyo"), KV("managed_by", self.provider),
                               KV("stores", lst(self.medical_data)), KV("encrypted", "true"), KV("registered", "true"),
                               KV("patching", "managed")], tags=["storage"]))
        self.add(Decl("asset", "backup_storage", "バックアップ用オブジェクトストレージ", area="assets",
                      entries=[KV("kind", "storage"), KV("at", "nimbus_osaka"), KV("managed_by", self.provider),
                               KV("stores", lst(self.medical_data)), KV("encrypted", "true"), KV("registered", "true"),
                               KV("patching", "vendor")], tags=["storage"]))
        self.add(Decl("asset", "log_server", "ログ収集サーバ", area="assets",
                      entries=[KV("kind", "server"), KV("at", "nimbus_tokyo"), KV("managed_by", self.provider),
                               KV("stores", "[設定情報]" if compact else "[監視データ]"), KV("encrypted", "true"), KV("registered", "true"),
                               KV("patching", "managed")], tags=["server"]))
        self.add(Decl("asset", "踏み台VDI", "運用用踏み台 (仮想デスクトップ)", area="assets",
                      entries=[KV("kind", "server"), KV("at", "nimbus_tokyo"), KV("managed_by", self.provider),
                               KV("registered", "true"), KV("patching", "managed")], tags=["server"]))
        self.add(Decl("asset", "dev_env", "開発・検証環境", area="assets",
                      entries=[KV("kind", "server"), KV("at", "nimbus_tokyo"), KV("managed_by", self.provider),
                               KV("stores", "[テストデータ, プログラム]"), KV("encrypted", "true"),
                               KV("registered", "true"), KV("patching", "automatic")], tags=["server"]))
        self.add(Decl("asset", "検査センターシステム", "検査センターの結果配信システム", area="assets",
                      entries=[KV("kind", "external_system"), KV("at", "lab_center"), KV("managed_by", "kanto_lab")]))
        n_ops = 2 + self.target // 40000
        self.ops_pcs = []
        for i in range(1, n_ops + 1):
            self.ops_pcs.append(f"ops_pc{i}")
            self.terminal(f"ops_pc{i}", f"運用端末{i}", "本社運用センター", self.provider)
        self.terminal("dev_pc1", "開発端末", "dev_office", self.provider)
        self.terminal("保守端末", "保守端末", "保守センター", "保守サービス")
        self.add(Decl("asset", "backup_media", "オフライン保管用テープ", area="assets",
                      entries=[KV("kind", "portable_media"), KV("at", "nimbus_osaka"), KV("managed_by", self.provider),
                               KV("stores", lst(["診療録", "処方箋", "検査結果"])), KV("encrypted", "true"),
                               KV("portable", "true"), KV("registered", "true")], tags=["portable_media"]))

        # provider actors
        for name, title, cat_, party in [("運用担当者", "運用担当者", "operator", self.provider),
                                         ("システム管理者", "システム管理者", "administrator", self.provider),
                                         ("開発担当者", "開発担当者", "developer", self.provider),
                                         ("保守担当者", "保守事業者の作業員", "maintainer", "保守サービス"),
                                         ("batch", "バッチ処理 (サービスアカウント)", "system", self.provider)]:
            self.add(Decl("actor", name, title, area="actors",
                          entries=[KV("category", cat_), KV("party", party)]))

        # logs and backups of the service
        self.add(Decl("asset", "log_archive", "ログ長期保管用ストレージ (オブジェクトロック)", area="assets",
                      entries=[KV("kind", "storage"), KV("at", "nimbus_osaka"), KV("managed_by", self.provider),
                               KV("stores", "[設定情報]" if compact else "[監視データ]"), KV("encrypted", "true"),
                               KV("registered", "true"), KV("patching", "vendor")], tags=["storage"]))
        # Two tiers: searchable for a year, then an immutable archive kept beyond the legal period.
        e = [x for x in self.log_entries([a for a, _, _ in self.apps], "5y")
             if x.key not in ("stored_at", "retention", "tamper_proof", "access_restricted")]
        e += [Block("tier", [KV("stored_at", "log_server"), KV("retention", "1y"), KV("access_restricted", "true")],
                    label="hot", title="検索用"),
              Block("tier", [KV("stored_at", "log_archive"), KV("retention", "6y"), KV("tamper_proof", "true"),
                             KV("access_restricted", "true")], label="archive", title="長期保存 (改変不能)")]
        self.add(Decl("log", "app_access_log", "アプリケーションのアクセスログ", area="operations",
                      before=["==== ログ ===="],
                      doc=["医療情報へのアクセスを、誰が・いつ・どの患者の情報を操作したかまで記録する。"],
                      entries=e, tags=["log", "tiered"]))
        audit = self.add(Decl("log", "db_audit_log", "データベース監査ログ", area="operations",
                              entries=self.log_entries(["ehr_db", "backup_storage"], "6y"), tags=["log"]))
        audit.meta["server"] = "backup_storage"
        self.add(Decl("log", "ops_log", "運用作業ログ", area="operations",
                      entries=self.log_entries(["踏み台VDI", "ap_server"], "5y"), tags=["log"]))
        self.add(Decl("backup", "db_backup", "本番DBのバックアップ", area="operations",
                      before=["==== バックアップ ===="],
                      doc=["日次スナップショット + 大阪リージョンへの複製 (追記不能) + 月次のオフラインテープ。"],
                      entries=[KV("of", "[ehr_db]"), KV("interval", "1d"), KV("restore_tested", "2026-09-15"),
                               Block("copy", [KV("stored_at", "[nimbus_tokyo]"), KV("methods", "[snapshot]"),
                                              KV("generations", "14"), KV("retention", "14d")],
                                     label="snapshot", title="同一リージョンのスナップショット"),
                               Block("copy", [KV("stored_at", "[nimbus_osaka]"), KV("methods", "[object_storage, worm]"),
                                              KV("immutable", "true"), KV("generations", "12"), KV("retention", "1y")],
                                     label="archive", title="別リージョン・追記不能"),
                               Block("copy", [KV("stored_at", "[nimbus_osaka]"), KV("methods", "[tape]"),
                                              KV("offline", "true"), KV("generations", "4")],
                                     label="offline", title="月次のオフラインテープ")],
                      tags=["backup", "copies"]))
        self.add(Decl("backup", "config_backup", "設定・プログラムのバックアップ", area="operations",
                      entries=self.backup_entries("[プログラム, ap_server]", "[nimbus_osaka]"), tags=["backup"]))

        # policies
        items = "[basic_policy, organization, documents, equipment, risk_controls, incidents, media, crisis, patients, audit, contact]"
        self.add(Decl("policy", "運用管理規程", "医療情報システム運用管理規程 第4版", area="policies",
                      doc=["提供事業者GL 1.1 §5.1.6 の (ア)〜(サ) をすべて含む。"],
                      entries=[KV("kind", "operations_rules"), KV("covers", lst(items[1:-1].split(", "))),
                               KV("approved_by", q("代表取締役")), KV("revised", "2026-04-01"),
                               KV("document", q("社内規程集 SEC-001"))], tags=["policy"]))
        docs = [("基本方針", "情報セキュリティ基本方針", "security_policy"),
                ("bcp", "事業継続計画 (サイバー攻撃を含む)", "bcp"),
                ("インシデント手順", "非常時・インシデント対応手順", "incident_procedure"),
                ("利用者マニュアル", "利用者マニュアル", "manual"),
                ("標準SLA", "サービスレベル合意書", "sla"),
                ("サービス仕様適合開示書", "サービス仕様適合開示書", "other")]
        for name, title, kind in docs[:3] if compact else docs:
            self.add(Decl("policy", name, title, area="policies",
                          entries=[KV("kind", kind), KV("approved_by", q("情報セキュリティ委員会")),
                                   KV("revised", f"2026-0{self.r.randint(1, 9)}-01")]))

        # provider flows
        self.flow("開発_テストデータ", "合成テストデータの投入", "development", "開発担当者", "dev_pc1", "dev_env",
                  ["テストデータ"], ["create", "import"], "dev_line", None, risks=False)
        self.flow("リリース", "本番環境へのリリース", "development", "開発担当者", "dev_env", "ehr_app",
                  ["プログラム"], ["transfer"], "dev_line", None, risks=False)
        if compact:
            self.flow("障害調査", "障害調査のための医療情報の参照 (承認制)", "operation", "運用担当者", "ops_pc1", "踏み台VDI",
                      ["診療録", "患者基本情報"], ["view"], "ops_line", None)
            return
        self.flow("バックアップ取得", "本番DBのバックアップ取得", "operation", "batch", "ehr_db", "backup_storage",
                  self.medical_data[:6], ["backup"], "リージョン間閉域網", None, system=True)
        self.flow("障害調査", "障害調査のための医療情報の参照 (承認制)", "operation", "運用担当者", "ops_pc1", "踏み台VDI",
                  ["診療録", "患者基本情報"], ["view"], "ops_line", None)
        self.flow("検査結果受信", "検査センターからの検査結果の受信", "operation", "batch", "検査センターシステム", "ehr_app",
                  ["検査結果"], ["import"], "lab_link", None, system=True)
        self.add(Decl("asset", "返却媒体", "契約終了時のデータ返却用 暗号化ディスク", area="assets",
                      entries=[KV("kind", "portable_media"), KV("at", "本社運用センター"), KV("managed_by", self.provider),
                               KV("encrypted", "true"), KV("portable", "true"), KV("registered", "true")],
                      tags=["portable_media"]))
        self.flow("返却データ作成", "契約終了時の返却データの作成 (SS-MIX2 形式)", "termination", "運用担当者", "ehr_db",
                  "返却媒体", self.medical_data[:8], ["export"], "ops_line", None)
        self.flow("リストア", "バックアップからの復元", "operation", "システム管理者", "ops_pc1", "ehr_db",
                  self.medical_data[:6], ["restore"], "ops_line", None)

    # -- builders ----------------------------------------------------------------------------
    def control(self, name, title, category, owner, threats, before=None):
        d = self.add(Decl("control", name, title, area="controls", before=before,
                          doc=[f"{title}。"] if self.chance(0.5) else None,
                          entries=[KV("category", category), KV("owner", owner)]))
        if self.chance(0.4):
            d.entries.append(KV("description", q(f"{title}を実施し、その記録を保管する。")))
        for t in threats:
            self.controls.setdefault(t, []).append(name)
        return d

    def terminal(self, name, title, site, manager, kind="terminal", tags=()):
        e = [KV("kind", kind), KV("at", site), KV("managed_by", manager), KV("registered", "true"),
             KV("usb_storage", "blocked"), KV("patching", "managed" if kind == "terminal" else "automatic")]
        if kind in ("tablet", "smartphone"):
            e += [KV("portable", "true"), KV("encrypted", "true"), KV("mdm", "true")]
        return self.add(Decl("asset", name, title, area="assets", entries=e, tags=("terminal",) + tuple(tags)))

    def log_entries(self, of, retention):
        return [KV("of", lst(of)), KV("stored_at", "log_server"),
                KV("fields", "[login_time, logout_time, duration, records_touched, user_id, terminal, operation, result]"),
                KV("retention", retention), KV("tamper_proof", "true"), KV("access_restricted", "true"),
                KV("time_source", "ntp"), KV("reviewed_every", "1m")]

    def backup_entries(self, of, stored_at):
        d = f"2026-{self.r.randint(6, 10):02d}-{self.r.randint(1, 28):02d}"
        return [KV("of", of), KV("generations", str(self.r.choice([7, 14, 30]))),
                KV("methods", "[snapshot, object_storage, tape]"), KV("immutable", "true"), KV("offline", "true"),
                KV("interval", self.r.choice(["1d", "12h"])), KV("stored_at", stored_at), KV("restore_tested", d)]

    def waiver(self, target, rule, reason, approver, until):
        self.waiver_no += 1
        d = self.add(Decl("waiver", f"W{self.waiver_no:04d}", None, target, area="waivers",
                          entries=[KV("rule", rule), KV("reason", q(reason)), KV("approved_by", q(approver)),
                                   KV("until", until)], tags=["waiver"]))
        self.waivers_on.setdefault(target, []).append(d)
        return d

    def flow(self, name, title, phase, who, frm, to, carries, actions, via, auth, remote=False, vdi=False,
             system=False, risks=True, unit=None, route=None, alternatives=()):
        """`via` is the one-hop route; `route` an ordered list of networks, `alternatives` the
        failover routes (each a list)."""
        if auth is None:
            if system:
                auth = (["std::auth::client_certificate", "std::auth::passphrase"], "サービスアカウントの証明書 + 鍵のパスフレーズ")
            else:
                auth = self.pick(AUTH_COMBOS)
        methods, comment = auth
        who = lst(who) if isinstance(who, list) else who
        e = [KV("phase", phase), KV("who", who), KV("from", frm), KV("to", to), KV("carries", lst(carries)),
             KV("actions", lst(actions))]
        if route:
            e.append(KV("route", lst(route)))
        elif via:
            e.append(KV("via", via))
        e.append(KV("auth", lst(methods), comment if self.chance(0.5) else None))
        if remote:
            e += [KV("remote", "true"), KV("vdi", "true" if vdi else "false")]
        for alt in alternatives:
            e.append(Block("alternative", [KV("route", lst(alt))], label="障害時"))
        if self.chance(0.25):
            e.append(KV("description", q(f"{title}。操作はアクセスログに記録し、月次で確認する。")))
        self.flow_names.add(name)
        medical = any(c in self.medical_data for c in carries)
        tags = (["flow"] + (["human_flow"] if not system else []) + (["remote_flow"] if remote else [])
                + (["medical_flow"] if medical else []))
        d = self.add(Decl("flow", name, title, area="flows", doc=[f"{title}。"] if self.chance(0.7) else None,
                          entries=e, tags=tags))
        self.flow_decls[name] = d
        if risks and medical:
            self.risks_for(d, title, carries, portable=("tablet" in frm or "タブレット" in frm or remote),
                           unit=unit)
        elif risks:
            for t in ("technical_vulnerability", "system_outage"):
                self.risk(name, title, t, 2, 2, unit)
        return d

    def risks_for(self, flow, title, carries, portable, unit):
        for t, _ in THREATS:
            if t == "device_loss_theft" and not portable and self.chance(0.8):
                self.risk_na(flow.name, t, self.pick(NA_REASONS[t]))
                continue
            if t in NA_REASONS and t != "device_loss_theft" and self.chance(0.15):
                self.risk_na(flow.name, t, self.pick(NA_REASONS[t]))
                continue
            impact = self.r.choice([3, 4, 4, 5, 5]) if t != "technical_vulnerability" else self.r.choice([3, 4])
            likelihood = self.r.choice([1, 2, 2, 3, 3, 4])
            self.risk(flow.name, title, t, impact, likelihood, unit)
        if self.chance(0.12):
            self.risk(flow.name, title, "内部不正", 4, 2, unit)
        if "紹介状" in carries or ("検査結果" in carries and self.chance(0.3)):
            self.risk(flow.name, title, "誤送信", 3, 2, unit)

    def risk(self, target, title, threat, impact, likelihood, unit):
        self.risk_no += 1
        path = threat if threat in ("内部不正", "誤送信") else f"std::threat::{threat}"
        rank = rank_of(impact, likelihood)
        pool = list(self.controls.get(threat, []))
        if unit and threat in unit.get("controls", {}):
            pool = unit["controls"][threat] + pool
        e = [KV("threat", path), KV("impact", str(impact)), KV("likelihood", str(likelihood))]
        if self.chance(0.6):
            e.append(KV("rank", rank))
        # No `retain`: a retained risk is a MIG-RISK-005 note (to disclose); --violations plants some.
        treatment = "share" if threat == "disaster" and self.chance(0.3) else "reduce"
        e.append(KV("treatment", treatment, "既存の対策で低減済み" if rank == "D" and self.chance(0.2) else None))
        n = {"S": 3, "D": 1}.get(rank, 2)
        n = min(len(pool), n + (1 if self.chance(0.3) else 0))
        chosen = []
        for c in pool:
            if len(chosen) >= n:
                break
            if c not in chosen and (self.chance(0.7) or len(pool) - pool.index(c) <= n - len(chosen)):
                chosen.append(c)
        e.append(KV("controls", lst(chosen)))
        if self.chance(0.5):
            e += [KV("residual_impact", str(impact)), KV("residual_likelihood", str(max(1, likelihood - 1)))]
        doc = None
        if self.chance(0.35):
            tja = dict(THREATS).get(threat, threat)
            doc = [f"{title}: {tja}"]
        tags = ["risk"] + (["flow_risk"] if target in self.flow_names else [])
        return self.add(Decl("risk", f"R{self.risk_no:06d}", None, target, area="risks", doc=doc, entries=e,
                             tags=tags))

    def risk_na(self, target, threat, reason):
        self.risk_no += 1
        return self.add(Decl("risk", f"R{self.risk_no:06d}", None, target, area="risks",
                             entries=[KV("threat", f"std::threat::{threat}"), KV("not_applicable", q(reason))],
                             tags=["risk_na"]))

    # -- one customer institution ---------------------------------------------------------------
    def unit(self):
        r = self.r
        self.units += 1
        i = self.units
        bja, ben = self.pick(INST_BASES)
        tja, ten, hospital = self.pick([t for t in INST_TYPES if not (self.compact and t[2])])
        ja = self.chance(0.65)
        party = f"{bja}{tja}_{i:03d}" if ja else f"{ben}_{ten}_{i:03d}"
        sp = f"{bja}{i:03d}" if ja else f"{ben}{i:03d}"
        pref = self.pick(PREFS)

        def n(jname, ename):
            return f"{sp}_{jname}" if ja else f"{sp}_{ename}"

        corp = "医療法人社団" if not hospital else self.pick(["医療法人", "社会医療法人", "医療法人財団"])
        self.customers.append(party)
        self.add(Decl("party", party, f"{corp}{bja}会 {bja}{tja}", area="parties",
                      before=[f"---- 利用医療機関 {i:03d} ----"] if i % 10 == 1 else None,
                      doc=[f"{pref}の{'病院' if hospital else '無床診療所'}。"],
                      entries=[KV("role", "institution"), KV("country", "JP"),
                               KV("contact", q(f"{bja}{tja} 事務長"))]))
        unit = {"party": party, "controls": {}}

        # sites
        fac = n("施設", "facility")
        self.add(Decl("site", fac, f"{bja}{tja}", area="sites",
                      entries=[KV("kind", "facility"), KV("country", "JP"), KV("region", q(pref)),
                               KV("operated_by", party), KV("physical", "[locked, entry_control]")]))
        rooms = []
        if hospital:
            depts = r.sample(DEPTS, r.randint(3, 7))
            room_specs = [(f"{dj}外来", f"{de}_opd", "診察室") for dj, de in depts]
            room_specs += [(f"病棟{k}", f"ward{k}", "病棟") for k in range(1, r.randint(2, 4) + 1)]
            room_specs += [("受付", "reception", "受付"), ("検査室", "lab", "検査室"), ("サーバ室", "server_room", "サーバ室")]
        else:
            depts = [(tja.replace("クリニック", ""), ten)]
            room_specs = [(f"診察室{k}", f"exam{k}", "診察室") for k in range(1, r.randint(1, 3) + 1)]
            room_specs += [("受付", "reception", "受付"), ("待合室", "waiting", "待合室")]
            if self.chance(0.5):
                room_specs.append(("検査室", "lab", "検査室"))
        for rj, re_, role in room_specs:
            name = n(rj, re_)
            phys = "[locked, entry_control, entry_log, cctv]" if role == "サーバ室" else "[locked]"
            self.add(Decl("site", name, f"{bja}{tja} {rj}", area="sites",
                          entries=[KV("kind", "room"), KV("part_of", fac), KV("physical", phys)]))
            rooms.append((name, rj, role))
        homecare = self.chance(0.3)
        if homecare:
            self.add(Decl("site", n("訪問先", "visit"), "訪問診療先 (患者宅)", area="sites",
                          entries=[KV("kind", "mobile"), KV("country", "JP"), KV("region", q(pref))]))

        # networks
        line = n("接続回線", "line")
        lkind = r.choice(["closed", "ip_vpn", "ip_vpn", "ipsec_vpn"])
        if self.compact:  # the one institution of a compact model still waits for its closed line (a waiver)
            lkind = "ipsec_vpn"
        e = [KV("kind", lkind), KV("between", lst([fac, "nimbus_tokyo"])), KV("operated_by", "jns_carrier")]
        if lkind == "ipsec_vpn":
            e.append(KV("ike", "true"))
        e += [KV("tls", "[1.2, 1.3]"), KV("source_restriction", "true")]
        self.add(Decl("network", line, f"{bja}{tja} 接続回線", area="networks", entries=e, tags=["line"]))
        if lkind == "ipsec_vpn":
            self.waiver(line, "MIG-NET-001", "閉域網 (IP-VPN) への切替工事が完了するまで IPsec-VPN (IKEv2) を使用する",
                        f"{bja}{tja} 院長", self.pick(["2027-03-31", "2027-06-30", "2027-09-30"]))
        lan = n("院内LAN", "lan")
        self.add(Decl("network", lan, "院内LAN", area="networks",
                      entries=[KV("kind", "lan"), KV("between", lst([r_[0] for r_ in rooms[:4]])),
                               KV("operated_by", party), KV("source_restriction", "true")], tags=["line"]))
        wlan = n("無線LAN", "wlan")
        self.add(Decl("network", wlan, "院内無線LAN", area="networks",
                      entries=[KV("kind", "wireless_lan"), KV("operated_by", party),
                               KV("wireless_auth", "eap_tls"),
                               KV("source_restriction", "true"),
                               KV("description", q("タブレットを院内で接続する (IEEE 802.1X + 端末証明書)。電子カルテへの通信は院内LANから接続回線 (閉域) を経由する。"))],
                      tags=["wlan"]))
        # A hospital keeps an IPsec VPN over the internet as the failover of its closed line.
        backup_vpn = None
        if hospital and not self.compact and lkind != "ipsec_vpn":
            backup_vpn = n("予備VPN", "backup_vpn")
            self.add(Decl("network", backup_vpn, f"{bja}{tja} 予備回線 (IPsec-VPN)", area="networks",
                          doc=["接続回線の障害時に自動で切り替わる、インターネット経由の IPsec-VPN。"],
                          entries=[KV("kind", "ipsec_vpn"), KV("between", lst([fac, "nimbus_tokyo"])),
                                   KV("operated_by", party), KV("ike", "true"), KV("ike_version", "2"),
                                   KV("ipsec_encryption", "[aes256_gcm]"), KV("ipsec_integrity", "[sha256]"),
                                   KV("dh_groups", "[14, 19]"), KV("source_restriction", "true")],
                          tags=["backup_vpn"]))
            self.failover_of[line] = backup_vpn
        sim = None
        if homecare:
            sim = n("閉域SIM", "sim")
            self.add(Decl("network", sim, "訪問診療用 閉域SIM", area="networks",
                          entries=[KV("kind", "closed"), KV("between", lst([n("訪問先", "visit"), "nimbus_tokyo"])),
                                   KV("operated_by", "jns_carrier"), KV("tls", "[1.3]"),
                                   KV("source_restriction", "true")], tags=["line"]))

        # unit controls
        for cj, ce, ct, cat, threats in [
            ("入退室管理", "entry_mgmt", "入退室管理・施錠", "physical", ["physical_intrusion", "device_loss_theft"]),
            ("職員研修", "training", "職員の安全管理研修", "human", ["unauthorized_access", "information_leakage", "誤送信"]),
            ("離席ロック", "screen_lock", "離席時の画面ロック", "technical", ["unauthorized_access"]),
        ][: r.randint(2, 3)]:
            name = n(cj, ce)
            self.add(Decl("control", name, f"{bja}{tja} {ct}", area="controls",
                          entries=[KV("category", cat), KV("owner", party)]))
            for t in threats:
                unit["controls"].setdefault(t, []).append(name)

        # assets
        router = n("ルータ", "router")
        self.add(Decl("asset", router, "院内ルータ (VPN終端)", area="assets",
                      entries=[KV("kind", "network_device"), KV("at", rooms[-1][0] if hospital else rooms[0][0]),
                               KV("managed_by", "保守サービス"), KV("registered", "true"), KV("patching", "vendor")]))
        terms = {}
        k = 0
        for name, rj, role in rooms:
            if role in ("待合室", "サーバ室"):
                continue
            k += 1
            kind = "tablet" if role == "病棟" else "terminal"
            tname = n(f"{rj}端末", f"{name.split('_', 1)[1]}_pc")
            t = self.terminal(tname, f"{rj}の端末", name, party, kind=kind)
            if role == "受付":  # clerks share the reception PC; each signs in with a personal IC card
                t.entries.append(KV("shared", "true"))
                self.lines += 1
            terms.setdefault(role, []).append(tname)
        printer = n("プリンタ", "printer")
        self.add(Decl("asset", printer, "受付プリンタ", area="assets",
                      entries=[KV("kind", "printer"), KV("at", rooms[0][0]), KV("managed_by", party),
                               KV("registered", "true"), KV("patching", "vendor")]))
        waiting = [x for x in rooms if x[2] == "待合室"]
        monshin = None
        if waiting or self.chance(0.5):
            monshin = n("問診タブレット", "monshin_tablet")
            self.terminal(monshin, "問診タブレット", (waiting or rooms)[0][0], party, kind="tablet")
        labdev = None
        if "検査室" in terms:
            labdev = n("検査装置", "analyzer")
            self.add(Decl("asset", labdev, "検体検査装置", area="assets",
                          entries=[KV("kind", "medical_device"), KV("at", [x for x in rooms if x[2] == "検査室"][0][0]),
                                   KV("managed_by", "保守サービス"), KV("registered", "true"), KV("patching", "vendor")]))
        srv = None
        if hospital:
            srv = n("院内サーバ", "onprem_server")
            room = [x for x in rooms if x[2] == "サーバ室"][0][0]
            self.add(Decl("asset", srv, "院内キャッシュサーバ (画像・診療録の縮退運転用)", area="assets",
                          doc=["クラウド停止時にも直近の診療録と画像を参照できるよう、院内に複製を置く。"],
                          entries=[KV("kind", "server"), KV("at", room), KV("managed_by", "保守サービス"),
                                   KV("stores", "[診療録, 画像]"), KV("encrypted", "true"), KV("registered", "true"),
                                   KV("patching", "vendor")], tags=["server"]))
            self.add(Decl("backup", n("院内バックアップ", "onprem_backup"), "院内サーバのバックアップ", area="operations",
                          entries=self.backup_entries(f"[{srv}]", lst([room, "nimbus_osaka"])), tags=["backup"]))
        mobile = None
        if homecare:
            mobile = n("訪問タブレット", "visit_tablet")
            self.terminal(mobile, "訪問診療用タブレット", n("訪問先", "visit"), party, kind="tablet")
            self.risk(mobile, "訪問診療用タブレット", "device_loss_theft", 4, 3, unit)
        media = None
        if self.chance(0.3):
            media = n("紹介状媒体", "referral_media")
            self.add(Decl("asset", media, "紹介状用の暗号化USBメモリ (登録媒体)", area="assets",
                          entries=[KV("kind", "portable_media"), KV("at", rooms[0][0]), KV("managed_by", party),
                                   KV("stores", "[紹介状]"), KV("encrypted", "true"), KV("portable", "true"),
                                   KV("registered", "true")], tags=["portable_media"]))
            self.risk(media, "紹介状用USBメモリ", "device_loss_theft", 4, 2, unit)

        # actors
        actors = {}
        for role, aj, ae, cat in [("doctor", "医師", "doctor", "doctor"), ("nurse", "看護師", "nurse", "nurse"),
                                  ("clerk", "医療事務", "clerk", "clerk"), ("tech", "技師", "technician", "technician"),
                                  ("patient", "患者", "patient", "patient")]:
            if role == "tech" and not labdev:
                continue
            if role == "nurse" and not hospital and self.chance(0.3):
                continue
            name = n(aj, ae)
            self.add(Decl("actor", name, f"{bja}{tja} {aj}", area="actors",
                          entries=[KV("category", cat), KV("party", party)]))
            actors[role] = name

        # log, contract, termination
        all_terms = [t for v in terms.values() for t in v] + ([monshin] if monshin else [])
        unit_log = self.add(Decl("log", n("端末ログ", "terminal_log"), f"{bja}{tja} 端末・院内サーバの操作ログ", area="operations",
                                 entries=self.log_entries(all_terms + ([srv] if srv else []),
                                                          self.pick(["5y", "5y", "6y", "10y"])), tags=["log", "unit_log"]))
        if srv:
            unit_log.meta["server"] = srv
        self.add(Decl("policy", n("契約書", "contract"), f"{bja}{tja} とのサービス利用契約", area="policies",
                      entries=[KV("kind", "contract"), KV("approved_by", q(f"{bja}{tja} 理事長")),
                               KV("revised", f"202{r.randint(4, 6)}-{r.randint(1, 12):02d}-01"),
                               KV("document", q(f"契約管理台帳 C-{i:04d}"))]))
        self.add(Decl("termination", n("契約終了", "termination"), f"{bja}{tja} との契約終了時", area="termination",
                      entries=[Block("return", [KV("data", lst(self.medical_data)), KV("to", party),
                                                KV("format", q(r.choice(["SS-MIX2", "CSV", "SS-MIX2 + PDF"]))),
                                                KV("within", "30d")], label="返却"),
                               Block("dispose", [KV("target", lst(self.medical_data[:6])), KV("method", "crypto_erase"),
                                                 KV("evidence", q("データ消去証明書")), KV("within", "60d"),
                                                 KV("by", self.provider)], label="消去")],
                      tags=["termination"]))
        onsite = [x for x in (srv, media) if x]
        if onsite:  # the institution's own devices holding 医療情報 (the cloud copies are erased above)
            term = self.decls[-1]
            term.entries.append(Block("dispose", [KV("target", lst(onsite)), KV("method", "physical_destruction"),
                                                  KV("evidence", q("機器廃棄証明書 (保守事業者発行)")), KV("within", "90d"),
                                                  KV("by", "保守サービス")], label="院内機器廃棄"))
            term.meta["media"] = media
            self.lines += 7
        if self.chance(0.3):  # the institution may move to another vendor (not yet chosen)
            term = self.decls[-1]
            term.entries.insert(1, Block("transfer", [KV("data", "[診療録, 処方箋, 検査結果, 画像]"),
                                                      KV("format", q("SS-MIX2 標準化ストレージ")),
                                                      KV("within", "60d")], label="移行"))
            self.lines += 5

        # flows
        self.lines += 6  # the unit's share of the model's lists
        fl = []  # (name ja, name en, title, role, from, to, carries, actions)
        for dj, de in depts:
            room = (terms.get("診察室") or all_terms)[0]
            fl.append((f"{dj}診察", f"consult_{de}", f"{dj}の診察 (診療録の閲覧・記載)", "doctor", room, "ehr_app",
                       ["診療録", "処方箋", "検査結果", "画像"], ["view", "create", "edit"]))
        for k, t in enumerate(terms.get("病棟", []), 1):
            fl.append((f"看護記録{k}", f"nursing{k}", "病棟での看護記録の記載", ("nurse", "doctor"), t, "ehr_app",
                       ["看護記録", "診療録"], ["view", "create", "edit"]))
        if "病棟" in terms:
            fl.append(("手術記録", "surgery_record", "手術記録の作成", "doctor", terms["病棟"][0], "ehr_app",
                       ["手術記録"], ["create", "edit"]))
        rec = terms.get("受付", all_terms[:1])[0]
        fl.append(("受付会計", "front_desk_billing", "受付・会計・レセプト作成", "clerk", rec, "医事会計app",
                   ["患者基本情報", "レセプト"], ["view", "create", "edit", "print"]))
        fl.append(("紹介状作成", "referral", "紹介状の作成と印刷", "doctor", all_terms[0], "ehr_app", ["紹介状"],
                   ["create", "print"]))
        if monshin:
            fl.append(("問診入力", "questionnaire", "問診票の入力", "patient", monshin, "ehr_app", ["問診票"], ["create"]))
        if labdev:
            fl.append(("検査取込", "lab_import", "検査装置からの結果の取込", "tech", labdev, "ehr_app", ["検査結果"],
                       ["import"]))
        if len(self.apps) > 2 and self.chance(0.5):
            fl.append(("予約確認", "booking", "Web予約の確認", "clerk", rec, "予約app", ["予約情報"], ["view", "edit"]))
        if len(self.apps) > 2 and hospital:
            fl.append(("画像参照", "image_view", "画像の参照", "doctor", all_terms[0], "pacs_app", ["画像"], ["view"]))
        made = 0
        first_decl = len(self.decls)
        tablets = set(terms.get("病棟", [])) | ({monshin} if monshin else set())
        for fj, fe, title, role, frm, to, carries, actions in fl:
            roles = role if isinstance(role, tuple) else (role,)
            if (made and self.lines >= self.target) or any(x not in actors for x in roles):
                continue
            made += 1
            who = [actors[x] for x in roles] if len(roles) > 1 else actors[role]
            # Tablets reach the cloud over the wireless LAN, the LAN and the closed line; PCs over
            # the LAN and the line; a hospital fails over to its IPsec VPN.
            hops = ([wlan] if frm in tablets else []) + [lan]
            alts = [hops + [backup_vpn]] if backup_vpn else []
            self.flow(n(fj, fe), title, "operation", who, frm, to, carries, actions, None, None, unit=unit,
                      route=hops + [line], alternatives=alts)
        # What the provider asks of the institution (提供事業者GL 1.1 §5.1.5(2)): its terminals.
        req = n("端末管理依頼", "terminal_request")
        request = self.add(Decl("request", req, f"{bja}{tja} への依頼: 端末の管理", area="flows",
                      entries=[KV("to", lst([party])), KV("about", lst(all_terms + [x for x in (srv, media) if x])),
                               KV("duty", "std::duty::terminal_management"),
                               KV("description", q("端末の OS・ブラウザの更新、離席時の画面ロック、職員ごとのアカウントの管理を医療機関等が行う。"))]))
        if srv:
            request.meta["server"] = srv
        for d in self.decls[first_decl:]:
            if (d.kind == "risk" and d.get("not_applicable") is None
                    and d.get("threat").value == "std::threat::unauthorized_access"):
                d.entries.append(KV("requests", lst([req])))
                self.lines += 1
        if mobile and self.lines < self.target:
            self.flow(n("訪問診療", "homecare"), "訪問診療先での診療録の参照・記載", "operation", actors["doctor"], mobile,
                      "ehr_app", ["診療録", "処方箋"], ["view", "edit"], sim, None, remote=True, vdi=True, unit=unit)
        if self.lines < self.target:
            self.flow(n("リモート保守", "remote_maint"), "院内ルータのリモート保守", "operation", "保守担当者", "保守端末",
                      router, ["設定情報"], ["maintain"], "保守回線", None, unit=unit)

    # -- tail -----------------------------------------------------------------------------------
    def tail(self):
        p = self.provider
        cust = self.customers
        for duty, normal, emergency in [
            ("server_management", [p], [p, "ニンバスクラウド"]),
            ("terminal_management", cust, [p] + cust),
            ("network_management", [p, "jns_carrier"], [p, "jns_carrier", "保守サービス"]),
            ("account_management", [p], [p]),
            ("access_log_review", [p], [p]),
            ("backup", [p], [p, "ニンバスクラウド"]),
            ("patch_management", [p, "保守サービス"], [p, "保守サービス"]),
            ("vulnerability_management", [p], [p]),
            ("incident_response", [p], [p] + cust),
            ("physical_security", ["ニンバスクラウド"], ["ニンバスクラウド", p]),
            ("media_management", [p], [p]),
            ("data_disposal", [p], [p]),
            ("contract_end_data_handling", [p], [p]),
            ("user_training", cust, [p]),
            ("audit", [p], [p]),
            ("inquiry_contact", [p], [p]),
        ]:
            e = [KV("normal", lst(normal)), KV("emergency", lst(emergency))]
            if duty == "access_log_review":
                e.append(Block("detail", [KV("normal", p), KV("emergency", lst([p] + cust[:3]))]))
            self.add(Decl("responsibility", None, None, f"std::duty::{duty}", area="responsibility",
                          entries=e, tags=["responsibility"]))
        # The linked lab system is the lab's: who logs, backs up and erases there (its boundary).
        for duty in ("access_log_review", "backup", "data_disposal"):
            self.add(Decl("responsibility", None, None, f"std::duty::{duty}", area="responsibility",
                          entries=[KV("for", "[検査センターシステム]"), KV("normal", "kanto_lab"),
                                   KV("emergency", lst(["kanto_lab", p]))], tags=["responsibility", "boundary"]))
        self.add(Decl("responsibility", None, None, "地域連携接続管理", area="responsibility",
                      entries=[KV("normal", lst([p])), KV("emergency", lst([p]))], tags=["responsibility"]))
        self.add(Decl("termination", None, None, area="termination",
                      doc=["サービス終了時の提供事業者側の消去 (全医療機関共通)。"],
                      entries=[Block("dispose", [KV("target", "[backup_storage, backup_media, ehr_db]"),
                                                 KV("method", "crypto_erase"),
                                                 KV("evidence", q("データ消去証明書 (再委託先の証明書を含む)")),
                                                 KV("within", "90d"), KV("by", p)], label="基盤消去"),
                               Block("dispose", [KV("target", "[ops_pc1, dev_pc1]"), KV("method", "physical_destruction"),
                                                 KV("evidence", q("破壊証明書")), KV("within", "180d")], label="端末廃棄")],
                      tags=["termination"]))
        self.model = Decl("model", "cloud_ehr", "ミライカルテ クラウド (クラウド型電子カルテ・医事会計サービス)",
                          doc=["クラウド型電子カルテ・医事会計サービス (アプリケーション提供)。",
                               f"利用医療機関 {len(cust)} 施設。生成モデル (bench/gen_model.py)。"],
                          entries=[KV("editions", "[std::edition::meti_mic_1_1, std::edition::mhlw_6_0]"),
                                   KV("form", "application"), KV("provider", p), KV("customers", lst(cust)),
                                   KV("as_of", AS_OF), KV("review_cycle", "1y"), KV("matrix", "当社基準"),
                                   KV("description", q("医療情報は国内リージョン (東京・大阪) にのみ保存する。"))],
                          area="model")

    def build(self):
        self.global_part()
        while self.lines < self.target - 180:
            self.unit()
        if not self.customers:
            self.unit()
        self.tail()
        self.checklist_fields()

    def checklist_fields(self):
        """What the MHLW checklists and 7.0 ask besides (issue 7): services stopped and patches
        on devices, source restriction on network devices, the institution in the contact chart
        and the BCP, the managers of the 運用管理規程, a password policy."""
        def value(d, key):
            e = d.get(key)
            return e.value if e is not None else None

        for d in self.decls:
            if d.kind == "asset" and value(d, "patching") is not None:
                d.set("services_minimized", "true")
            if d.kind == "asset" and value(d, "kind") == "network_device":
                d.set("source_restriction", "true")
            if d.kind == "policy" and value(d, "kind") in ("bcp", "incident_procedure"):
                d.set("contacts", lst([self.provider, self.customers[0]]))
            if d.kind == "policy" and value(d, "kind") == "operations_rules":
                d.set("accountable_manager", q("代表取締役"))
                d.set("system_manager", q("情報システム部長"))
        self.add(Decl("account_policy", "認証規程", "アカウント・パスワード規程", area="policies",
                      entries=[KV("min_length", "13"), KV("char_classes", "3"), KV("reuse_banned", "true"),
                               KV("lockout", "true"), KV("screen_lock", "10min"),
                               KV("remove_unused_accounts", "true")]))


# ---------------------------------------------------------------------------------------------
# Violations
# ---------------------------------------------------------------------------------------------


def names_in(value):
    """The names in a rendered reference or list value (`a` or `[a, b]`, possibly wrapped)."""
    v = value.strip()
    if v.startswith("["):
        v = v[1:-1]
    return [x.strip() for x in v.replace("\n", " ").split(",") if x.strip()]


# Legal retention in years of the record kinds the generator uses (stdlib/record.mig, custom.mig).
RECORD_YEARS = {
    "std::record::insurance_medical_record": 5,
    "std::record::insurance_care_records": 3,
    "std::record::hospital_care_records": 2,
    "std::record::regional_support_hospital_records": 2,
    "健診結果": 5,
}

# Data classes a planted MIG-TERM-001 problem adds (added to the model, forgotten in `termination`).
NEW_DATA = [
    ("オンライン診療記録", "オンライン診療の記録 (2026年度から提供)"),
    ("電子処方箋控え", "電子処方箋の控え"),
    ("服薬情報", "お薬手帳アプリ連携の服薬情報"),
    ("phr_data", "PHR アプリ連携データ"),
]


class Plant:
    """One planted problem: the rule expected to fire at the declaration `at` (its primary
    location or one of its labels lies inside `at`), and further findings it causes."""

    __slots__ = ("rule", "at", "what", "also")

    def __init__(self, rule, at, what, also=()):
        self.rule, self.at, self.what, self.also = rule, at, what, list(also)


def violations(gen, count):
    """Plant `count` realistic problems; returns [Plant]. Every planted model is still valid
    for the language (schema, names): only guideline rules (and waiver checks) report them."""
    r = random.Random(gen.r.random())
    live = [d for d in gen.decls if not d.removed]
    by_name = {d.name: d for d in live if d.name}
    medical = set(gen.medical_data)

    def refs(d, key):
        e = d.get(key)
        return names_in(e.value) if e is not None else []

    def of_kind(kind, pred=lambda d: True):
        return [d for d in live if d.kind == kind and pred(d)]

    mflows = [f for f in gen.flow_decls.values() if medical & set(refs(f, "carries"))]
    med_flow_names = {f.name for f in mflows}
    med_assets = {x for f in mflows for x in (f.get("from").value, f.get("to").value)}
    med_assets |= {d.name for d in of_kind("asset") if medical & set(refs(d, "stores"))}
    def route_nets(f):
        """Every network on every route of a flow: `via`, `route` and each `alternative`."""
        nets = [f.get("via").value] if f.get("via") is not None else []
        nets += refs(f, "route")
        for b in f.entries:
            if isinstance(b, Block) and b.key == "alternative":
                nets += [x for e in b.entries if e.key == "route" for x in names_in(e.value)]
        return nets

    med_nets = {n for f in mflows for n in route_nets(f)}
    remote_nets = {f.get("via").value for f in gen.flow_decls.values()
                   if f.get("remote") is not None and f.get("via") is not None}
    flows_at = {}
    for f in gen.flow_decls.values():
        for k in ("from", "to"):
            flows_at.setdefault(f.get(k).value, []).append(f)

    def record_years(log):
        """The longest legal retention (years) of the records behind a log (MIG-LOG-004)."""
        data = set()
        for a in refs(log, "of"):
            if a in by_name:
                data.update(refs(by_name[a], "stores"))
            for f in flows_at.get(a, []):
                data.update(refs(f, "carries"))
        years = [RECORD_YEARS.get(by_name[x].get("record").value, 0) for x in data & medical
                 if x in by_name and by_name[x].get("record") is not None]
        return max(years, default=0)

    used = set()
    media_terms = {d.meta["media"]: d for d in live if d.kind == "termination" and d.meta.get("media")}

    def touch(*decls):
        for d in decls:
            used.add(id(d))
            if d.kind == "network":  # a waiver and its network change together or not at all
                for w in gen.waivers_on.get(d.name, []):
                    used.add(id(w))
            if d.kind == "waiver" and d.target in by_name:
                used.add(id(by_name[d.target]))
            if d.name in media_terms:  # unit_dispose rewrites the media's managed_by
                used.add(id(media_terms[d.name]))

    def failover_also(n):
        """A closed line that becomes open exposes its failover VPN to MIG-NET-001."""
        vpn = gen.failover_of.get(n.name)
        return [("MIG-NET-001", by_name[vpn])] if vpn and n.name in med_nets else []

    def net_also(n):
        return ([("MIG-NET-001", n)] if n.name in med_nets else []) + failover_also(n)

    def tls_also(n):
        """A line turned into TLS alone on a route is TLS in place of a VPN (derived MIG-TLS-003)."""
        return [("MIG-TLS-003", n)] if n.name in med_nets else []

    # -- the problems ------------------------------------------------------------------------
    def auth_one_type(f):
        methods, how = r.choice([("[std::auth::password]", "パスワードだけ (単一要素)"),
                                 ("[std::auth::password, std::auth::pin]", "パスワード + PIN (どちらも知識要素)")])
        f.set("auth", methods)
        return Plant("MIG-AUTH-001", f, f"auth を {how} にした")

    def auth_possession(f):
        m = r.choice(["std::auth::smartcard", "std::auth::hpki_card", "職員証ICカード"])
        f.set("auth", f"[{m}]")
        return Plant("MIG-AUTH-002", f, f"auth を {m} (所持要素) だけにした", [("MIG-AUTH-001", f)])

    def remote_no_vdi(f):
        f.set("vdi", "false")
        return Plant("MIG-AUTH-003", f, "院外からのアクセスで vdi false にした (端末に医療情報が残る)")

    def remote_mobile(f):
        n = by_name[f.get("via").value]
        n.set("kind", "mobile")
        n.drop("tls")
        touch(n)
        return Plant("MIG-NET-002", n, "訪問診療の回線を閉域SIMから通常のモバイル回線にした",
                     [("MIG-NET-001", n), ("MIG-AUTH-003", f)])

    def log_fields(d):
        d.set("fields", "[login_time, logout_time, user_id, terminal, result]")
        return Plant("MIG-LOG-001", d, "fields から duration と records_touched を外した")

    def log_protect(d):
        key = r.choice(["tamper_proof", "access_restricted"])
        d.set(key, "false")
        return Plant("MIG-LOG-002", d, f"{key} false にした")

    def log_clock(d):
        d.set("time_source", "local_clock")
        return Plant("MIG-LOG-003", d, "time_source を local_clock (NTP 同期なし) にした")

    def log_retention(d):
        years = record_years(d)
        kept = r.randint(1, years - 1)
        d.set("retention", f"{kept}y")
        return Plant("MIG-LOG-004", d, f"ログの保存期間を {kept}y にした (記録の法定保存年限 {years}年未満)")

    def log_coverage(d):
        srv = d.meta["server"]
        d.set("of", lst([x for x in refs(d, "of") if x != srv]))
        touch(by_name[srv])
        return Plant("MIG-LOG-005", by_name[srv], f"院内サーバ {srv} をログ {d.name} の of から外した")

    def bkp_generations(d):
        d.set("generations", "1")
        return Plant("MIG-BKP-001", d, "generations 1 にした")

    def bkp_methods(d):
        d.set("methods", "[snapshot]")
        return Plant("MIG-BKP-001", d, "methods を snapshot だけにした")

    def bkp_immutable(d):
        d.set("immutable", "false")
        d.set("offline", "false")
        return Plant("MIG-BKP-002", d, "追記不能・オフラインのコピーをなくした")

    def bkp_restore(d):
        if r.random() < 0.5:
            d.drop("restore_tested")
            return Plant("MIG-BKP-003", d, "restore_tested を削除した (復元試験の記録なし)")
        d.set("restore_tested", "2026-12-15")
        return Plant("MIG-BKP-003", d, "restore_tested を as_of より後の日付にした")

    def bkp_scope(d):
        d.set("of", "[診療録, 処方箋]")
        db, bs = by_name["ehr_db"], by_name["backup_storage"]
        touch(db, bs)
        return Plant("MIG-BKP-004", db, "本番DBのバックアップ対象を診療録と処方箋だけにした",
                     [("MIG-BKP-004", bs)])

    def ret_short(d):
        years = RECORD_YEARS[d.get("record").value]
        kept = years - 1
        d.set("retention", f"{kept}y")
        return Plant("MIG-RET-001", d, f"保存期間を {kept}y にした (法定保存年限 {years}年未満)")

    def edoc(d):
        key = r.choice(["legibility", "preservation"])
        d.drop(key)
        return Plant("MIG-EDOC-001", d, f"紙に代わる記録から {key} の対策を外した")

    def line_ipsec(n):
        n.set("kind", "ipsec_vpn")
        n.set("ike", "true")
        return Plant("MIG-NET-001", n, "閉域網を IPsec-VPN に切り替えた (閉域網でない理由の waiver なし)",
                     failover_also(n))

    def line_internet(n):
        n.set("kind", "internet")
        n.drop("tls")
        return Plant("MIG-NET-002", n, "接続回線を保護のないインターネット接続にした", net_also(n))

    def line_no_ike(n):
        n.set("kind", "ipsec_vpn")
        n.set("ike", "false")
        return Plant("MIG-NET-003", n, "IPsec-VPN で ike false にした (手動鍵)", net_also(n))

    def line_clientless(n):
        n.set("kind", "ssl_vpn_clientless")
        return Plant("MIG-NET-004", n, "回線をクライアントレス型 SSL-VPN にした", net_also(n))

    def line_ssl_client(n):
        n.set("kind", "ssl_vpn_client")
        return Plant("MIG-NET-005", n, "回線をクライアント型 SSL-VPN にした", net_also(n))

    def line_old_tls(n):
        n.set("kind", "tls")
        n.set("tls", "[1.0, 1.1, 1.2]")
        return Plant("MIG-TLS-001", n, "インターネット経由 TLS で TLS 1.0/1.1 を有効にした",
                     [("MIG-TLS-002", n)] + net_also(n) + tls_also(n))

    def line_tls12(n):
        n.set("kind", "tls")
        n.set("tls", "[1.2]")
        return Plant("MIG-TLS-002", n, "インターネット経由 TLS を 1.2 だけにした", net_also(n) + tls_also(n))

    def tls_as_vpn(n):
        if r.random() < 0.5:
            n.set("client_certificates", "false")
            what = "VPN 代わりの TLS でクライアント証明書をやめた"
        else:
            n.set("tls", "[1.2, 1.3]")
            what = "VPN 代わりの TLS で 1.2 も有効にした"
        return Plant("MIG-TLS-003", n, what)

    def risk_missing(d):
        d.removed = True
        f = gen.flow_decls[d.target]
        return Plant("MIG-RISK-001", f, f"{d.name} ({d.get('threat').value}) の評価を削除した")

    def risk_unrated(d):
        d.drop("likelihood")
        d.drop("rank")
        d.drop("residual_likelihood")
        return Plant("MIG-RISK-002", d, "likelihood (顕在化率) を書き漏らした")

    def risk_s_one(d):
        first = refs(d, "controls")[0]
        d.set("impact", "5")
        d.set("likelihood", "5")
        d.drop("rank")
        d.set("treatment", "reduce")
        d.set("controls", f"[{first}]")
        d.drop("residual_impact")
        d.drop("residual_likelihood")
        return Plant("MIG-RISK-003", d, "impact 5 likelihood 5 (S) で対策を1つにした")

    def risk_no_treatment(d):
        d.drop("treatment")
        return Plant("MIG-RISK-004", d, "treatment (リスク対応) を書き漏らした")

    def risk_retain(d):
        d.set("treatment", "retain", "リスク保有")
        d.drop("controls")
        d.drop("residual_impact")
        d.drop("residual_likelihood")
        return Plant("MIG-RISK-005", d, "ランク C/D のリスクを保有にした (開示の対象)")

    def risk_rank(d):
        real = rank_of(int(d.get("impact").value), int(d.get("likelihood").value))
        d.set("rank", {"S": "A", "A": "B", "B": "C", "C": "D", "D": "C"}[real])
        return Plant("MIG-RISK-006", d, f"rank を導出値 {real} と違う値にした")

    def risk_residual(d):
        i = int(d.get("impact").value)
        d.set("residual_impact", str(i + 1))
        d.set("residual_likelihood", d.get("likelihood").value)
        return Plant("MIG-RISK-007", d, f"対策後の影響度を {i + 1} (対策前 {i} より大きい) にした")

    def usb_allowed(d):
        d.set("usb_storage", r.choice(["allowed", "registered_only"]))
        return Plant("MIG-MEDIA-001", d, "医療情報を扱う端末で USB ストレージを許可した")

    def media_plain(d):
        d.set("encrypted", "false")
        return Plant("MIG-MEDIA-002", d, "医療情報を保存する可搬媒体を暗号化なしにした")

    def unregistered(d):
        d.set("registered", "false")
        return Plant("MIG-DEV-001", d, "機器を台帳から漏らした (registered false)")

    def resp_missing(d):
        d.removed = True
        return Plant("MIG-RESP-001", gen.model, f"{d.target} の責任分界を削除した")

    def resp_empty(d):
        d.set("emergency", "[]")
        return Plant("MIG-RESP-004", d, "非常時の担当を空にした")

    def no_manager(d):
        d.drop("managed_by")
        return Plant("MIG-RESP-002", d, "managed_by (管理者) を書き漏らした")

    def no_owner(d):
        d.drop("owner")
        return Plant("MIG-RESP-003", d, "owner (実施者) を書き漏らした")

    def abroad(d):
        d.set("country", "US")
        d.set("region", q("us-east-1 (バージニア北部)"))
        # The Tokyo region also runs the application servers, which process 医療情報 without
        # storing it: processing abroad is MIG-LOC-004 there (labelled at the region).
        also = [("MIG-LOC-004", d)] if d.name == "nimbus_tokyo" else []
        return Plant("MIG-LOC-001", d, "医療情報を保存するリージョンを米国にした", also)

    def foreign_parent(d):
        d.set("parent_country", "US")
        return Plant("MIG-LOC-002", d, "再委託先の親会社を米国法人にした (国外法の開示なし)")

    def new_data(_):
        name, title = next((n, t) for n, t in NEW_DATA if n not in by_name)
        d = gen.add(Decl("data", name, title, area="data", tags=["data"],
                         doc=[f"{title}。"], entries=[KV("class", "patient_identifiable"), KV("retention", "5y")]))
        by_name[name] = d
        touch(d)
        return Plant("MIG-TERM-001", d, "医療情報の分類を追加し、契約終了時の返却・廃棄に加えなかった")

    def unit_dispose(d):
        d.entries = [b for b in d.entries if not (isinstance(b, Block) and b.label == "院内機器廃棄")]
        media = by_name[d.meta["media"]]
        # MIG-TERM-002 judges what the provider manages: the provider lends this USB memory.
        media.set("managed_by", gen.provider)
        touch(media)
        return Plant("MIG-TERM-002", media, f"{d.name} から院内機器の廃棄 (提供事業者が貸与する紹介状用USBメモリを含む) を削除した")

    def dispose_detail(d):
        b = r.choice([b for b in d.entries if isinstance(b, Block) and b.key == "dispose"])
        key = r.choice(["evidence", "within"])
        b.entries = [e for e in b.entries if e.key != key]
        return Plant("MIG-TERM-003", d, f"dispose {b.label} から {key} を外した")

    def return_detail(d):
        b = r.choice([b for b in d.entries if isinstance(b, Block) and b.key in ("return", "transfer")])
        key = r.choice(["format", "within"])
        b.entries = [e for e in b.entries if e.key != key]
        return Plant("MIG-TERM-004", d, f"{b.key} {b.label} から {key} を外した")

    def cert(d):
        if r.random() < 0.5:
            d.set("certifications", "[iso27017]")
            return Plant("MIG-CERT-001", d, "提供事業者の認証を ISO/IEC 27017 だけにした (Pマーク・ISMS なし)")
        d.set("certifications", "[ismap, soc2]")
        return Plant("MIG-CERT-002", d, "提供事業者の認証を ISMAP と SOC2 だけにした (Pマーク・ISMS なし)")

    def wlan_psk(n):
        n.set("wireless_auth", "wpa2_psk")
        return Plant("MIG-NET-008", n, "タブレットが通る院内無線LANを WPA2-PSK (共通パスワード) にした")

    def vpn_weak(n):
        key, value, what = r.choice([("ike_version", "1", "IKEv1"), ("ipsec_integrity", "[sha1, sha256]", "SHA-1"),
                                     ("dh_groups", "[2, 14]", "DH グループ 2")])
        n.set(key, value)
        return Plant("MIG-NET-009", n, f"予備の IPsec-VPN で {what} を許可した")

    def tls_profile(n):
        n.set("cipher_profile", "cryptrec_recommended")
        return Plant("MIG-TLS-004", n, "TLS の暗号設定を推奨セキュリティ型にした (高セキュリティ型でない)")

    def boundary_missing(d):
        d.removed = True
        lab = by_name["検査センターシステム"]
        touch(lab)
        return Plant("MIG-RESP-005", lab, f"検査センターシステムの {d.target} の責任分界 (for) を削除した")

    def request_missing(d):
        srv = d.meta["server"]
        d.set("about", lst([x for x in refs(d, "about") if x != srv]))
        touch(by_name[srv])
        return Plant("MIG-SCOPE-002", by_name[srv], f"医療機関等への依頼 {d.name} の about から院内サーバ {srv} を外した")

    def waiver_expired(w):
        w.set("until", "2026-06-30")
        return Plant("MIG-NET-001", w, "適用除外の期限を as_of (2026-11-01) より前にした (指摘が再び出る)")

    def waiver_typo(w):
        w.set("rule", "MIG-NTE-001")
        return Plant("MIG3002", w, "適用除外のルール ID を MIG-NTE-001 と書き誤った",
                     [("MIG-NET-001", by_name[w.target])])

    def waiver_stale(w):
        n = by_name[w.target]
        n.set("kind", "ip_vpn")
        n.drop("ike")
        return Plant("MIG3001", w, f"{n.name} を IP-VPN に切り替えたが適用除外を残した")

    # -- candidates ------------------------------------------------------------------------------
    def line_pred(n):
        op = n.get("operated_by")
        return (n.get("kind").value in ("closed", "ip_vpn") and op is not None and op.value == "jns_carrier"
                and n.name not in remote_nets)

    def flat(d):  # plants set top-level properties: tiers and copies are left alone
        return not any(isinstance(e, Block) for e in d.entries)

    med_logs = of_kind("log", lambda d: flat(d) and bool(med_assets & set(refs(d, "of"))))
    assessed = of_kind("risk", lambda d: d.get("not_applicable") is None)
    lines = of_kind("network", line_pred)
    med_lines = [n for n in lines if n.name in med_nets]
    unit_waivers = of_kind("waiver", lambda w: w.target in med_nets and w.get("rule").value == "MIG-NET-001"
                           and by_name[w.target].get("kind").value == "ipsec_vpn")
    remote = [f for f in gen.flow_decls.values() if f.get("remote") is not None and f.name in med_flow_names]
    # Patient-only flows (the waiting-room questionnaire) are not judged by the staff MFA rules.
    staff_flows = [f for f in mflows if "human_flow" in f.tags
                   and not all(a.endswith(("_患者", "_patient")) for a in refs(f, "who"))]
    kinds = [
        # key, weight, cap, candidates, plant
        ("auth_one_type", 4, None, staff_flows, auth_one_type),
        ("auth_possession", 1, None, staff_flows, auth_possession),
        ("remote_no_vdi", 1, None, remote, remote_no_vdi),
        ("remote_mobile", 1, 2, remote, remote_mobile),
        ("log_fields", 1, None, med_logs, log_fields),
        ("log_protect", 1, None, med_logs, log_protect),
        ("log_clock", 1, None, med_logs, log_clock),
        # MIG-LOG-004/005 judge the provider's logs and systems, not an institution's (scope)
        ("log_retention", 2, None, [d for d in of_kind("log", flat) if record_years(d) >= 2 and "unit_log" not in d.tags],
         log_retention),
        ("log_coverage", 1, 1, of_kind("log", lambda d: "server" in d.meta and "unit_log" not in d.tags), log_coverage),
        ("bkp_generations", 1, None, of_kind("backup", flat), bkp_generations),
        ("bkp_methods", 1, None, of_kind("backup", flat), bkp_methods),
        ("bkp_immutable", 1, None, of_kind("backup", flat), bkp_immutable),
        ("bkp_restore", 1, None, of_kind("backup", flat), bkp_restore),
        ("bkp_scope", 1, 1, of_kind("backup", lambda d: d.name == "db_backup"), bkp_scope),
        ("ret_short", 1, None, of_kind("data", lambda d: d.get("record") is not None and d.get("retention") is not None
                                        and RECORD_YEARS.get(d.get("record").value, 0) >= 2), ret_short),
        ("edoc", 1, 2, of_kind("data", lambda d: d.get("replaces_paper") is not None), edoc),
        ("line_ipsec", 1, None, med_lines, line_ipsec),
        ("line_internet", 1, None, med_lines, line_internet),
        ("line_no_ike", 1, None, lines, line_no_ike),
        ("line_clientless", 1, None, lines, line_clientless),
        ("line_ssl_client", 1, None, lines, line_ssl_client),
        ("line_old_tls", 1, None, lines, line_old_tls),
        ("line_tls12", 1, None, lines, line_tls12),
        ("tls_as_vpn", 1, 1, of_kind("network", lambda n: n.get("replaces_vpn") is not None), tls_as_vpn),
        # MIG-RISK-001 asks for the std::threat catalog (表5-1) only: delete only those assessments
        ("risk_missing", 3, None, of_kind("risk", lambda d: d.target in med_flow_names
                                          and d.get("threat").value.startswith("std::threat::")), risk_missing),
        ("risk_unrated", 1, None, assessed, risk_unrated),
        ("risk_s_one", 2, None, [d for d in assessed if refs(d, "controls")], risk_s_one),
        ("risk_no_treatment", 1, None, assessed, risk_no_treatment),
        ("risk_retain", 2, None, [d for d in assessed if int(d.get("impact").value) * int(d.get("likelihood").value) < 10],
         risk_retain),
        ("risk_rank", 1, None, assessed, risk_rank),
        ("risk_residual", 1, None, [d for d in assessed if int(d.get("impact").value) < 5], risk_residual),
        ("usb_allowed", 1, None, of_kind("asset", lambda d: d.get("kind").value in ("terminal", "tablet")
                                         and d.name in med_assets), usb_allowed),
        ("media_plain", 1, None, of_kind("asset", lambda d: d.get("kind").value == "portable_media"
                                         and medical & set(refs(d, "stores"))), media_plain),
        ("unregistered", 1, None, of_kind("asset", lambda d: d.get("kind").value in
                                          ("terminal", "printer", "network_device", "medical_device", "server")),
         unregistered),
        ("resp_missing", 1, 2, of_kind("responsibility", lambda d: d.get("for") is None), resp_missing),
        ("resp_empty", 1, 2, of_kind("responsibility", lambda d: d.get("for") is None), resp_empty),
        ("no_manager", 1, None, of_kind("asset"), no_manager),
        ("no_owner", 1, None, of_kind("control"), no_owner),
        ("abroad", 1, 1, of_kind("site", lambda d: "medical_site" in d.tags), abroad),
        ("foreign_parent", 1, 1, of_kind("party", lambda d: d.name == "ニンバスクラウド"), foreign_parent),
        ("new_data", 1, len(NEW_DATA), [gen.model], new_data),
        ("unit_dispose", 1, None, of_kind("termination", lambda d: d.meta.get("media")), unit_dispose),
        ("dispose_detail", 1, None, of_kind("termination", lambda d: any(isinstance(b, Block) and b.key == "dispose"
                                                                         for b in d.entries)), dispose_detail),
        ("return_detail", 1, None, of_kind("termination", lambda d: any(isinstance(b, Block) and b.key in ("return", "transfer")
                                                                        for b in d.entries)), return_detail),
        ("cert", 1, 1, of_kind("party", lambda d: d.name == gen.provider), cert),
        ("wlan_psk", 1, None, of_kind("network", lambda n: "wlan" in n.tags and n.name in med_nets), wlan_psk),
        ("vpn_weak", 1, None, of_kind("network", lambda n: "backup_vpn" in n.tags and n.name in med_nets), vpn_weak),
        ("tls_profile", 1, 1, of_kind("network", lambda n: n.get("kind").value == "tls" and n.name in med_nets),
         tls_profile),
        ("boundary_missing", 1, 1, of_kind("responsibility", lambda d: "boundary" in d.tags
                                           and "検査結果受信" in gen.flow_decls), boundary_missing),
        ("request_missing", 1, None, of_kind("request", lambda d: "server" in d.meta), request_missing),
        ("waiver_expired", 1, 3, unit_waivers, waiver_expired),
        ("waiver_typo", 1, 2, unit_waivers, waiver_typo),
        ("waiver_stale", 1, 2, unit_waivers, waiver_stale),
    ]
    bag = [k for k in kinds for _ in range(k[1])]
    done = {}
    planted = []
    misses = 0
    while len(planted) < count and misses < 5000:
        key, _, cap, cands, fn = bag[r.randrange(len(bag))]
        if cap is not None and done.get(key, 0) >= cap:
            misses += 1
            continue
        free = [d for d in cands if id(d) not in used] if key != "new_data" else cands
        if not free:
            misses += 1
            continue
        d = free[r.randrange(len(free))]
        if key != "new_data":
            touch(d)
        planted.append(fn(d))
        done[key] = done.get(key, 0) + 1
    if len(planted) < count:
        print(f"gen_model: only {len(planted)} of {count} violations could be planted", file=sys.stderr)
    return planted


# ---------------------------------------------------------------------------------------------
# Files
# ---------------------------------------------------------------------------------------------

AREAS = [
    ("custom", "独自に宣言する版・リスクマトリクス・脅威・記録の種類・認証方式・責務"),
    ("parties", "組織 (提供事業者・再委託先・保守事業者・利用医療機関)"),
    ("sites", "設置場所 (クラウドリージョン・拠点・医療機関の各室)"),
    ("networks", "ネットワーク"),
    ("data", "情報の分類"),
    ("controls", "対策 (リスク対応一覧)"),
    ("assets", "機器・構成要素"),
    ("actors", "利用者の役割"),
    ("flows", "情報流 (提供事業者GL 5.1.1)"),
    ("risks", "リスクアセスメント結果一覧 (情報流 × 表5-1 の脅威)"),
    ("operations", "ログとバックアップ"),
    ("policies", "規程・文書"),
    ("responsibility", "責任分界"),
    ("termination", "契約終了時の取扱い"),
    ("waivers", "適用除外 (承認済みの例外)"),
]


def write(gen, out, file_lines, planted):
    os.makedirs(out, exist_ok=True)
    for f in sorted(os.listdir(out)):
        if f.endswith(".mig") or f in ("mig.toml", "planted.tsv"):
            os.remove(os.path.join(out, f))
    files = []  # (filename, [decls])
    for area, _ in AREAS:
        ds = [d for d in gen.decls if d.area == area and not d.removed]
        if not ds:
            continue
        chunks, cur, n = [], [], 0
        for d in ds:
            size = len(render_decl(d)) + 1
            if cur and n + size > file_lines:
                chunks.append(cur)
                cur, n = [], 0
            cur.append(d)
            n += size
        chunks.append(cur)
        for k, c in enumerate(chunks, 1):
            files.append((f"{area}.mig" if len(chunks) == 1 else f"{area}_{k:02d}.mig", area, c))
    title = dict(AREAS)
    for fname, area, ds in files:
        lines = [f"// {fname} — {title[area]}", "// 生成: bench/gen_model.py (編集しないこと)", ""]
        for d in ds:
            d.file = fname
            d.line = len(lines) + 1 + len(d.before) + len(d.doc)
            lines += render_decl(d)
            d.end_line = len(lines)
            lines.append("")
        with open(os.path.join(out, fname), "w", encoding="utf-8", newline="\n") as fh:
            fh.write("\n".join(lines))
    m = ["// model.mig — エントリ。ほかのファイルをすべて import する。",
         "// 生成: bench/gen_model.py (編集しないこと)", ""]
    m += [f'import "{f}"' for f, _, _ in files]
    m.append("")
    gen.model.file = "model.mig"
    gen.model.line = len(m) + 1 + len(gen.model.doc)
    m += render_decl(gen.model)
    gen.model.end_line = len(m)
    m.append("")
    with open(os.path.join(out, "model.mig"), "w", encoding="utf-8", newline="\n") as fh:
        fh.write("\n".join(m))
    with open(os.path.join(out, "mig.toml"), "w", encoding="utf-8", newline="\n") as fh:
        fh.write('[project]\nname = "bench-generated"\nentry = ["model.mig"]\neditions = ["meti_mic_1_1", "mhlw_6_0"]\n')
    with open(os.path.join(out, "planted.tsv"), "w", encoding="utf-8", newline="\n") as fh:
        # One row per expected finding. `primary` rows are the planted problems (one each);
        # `also` rows are further findings the same change causes. A finding matches a row when
        # its code is `rule` and its primary location or one of its labels lies in `file`
        # between `line` (the declaration header) and `end_line` (its closing brace).
        fh.write("problem\texpect\trule\tfile\tline\tend_line\tkind\tname\ttarget\twhat\n")
        for k, p in enumerate(planted, 1):
            for expect, rule, d in [("primary", p.rule, p.at)] + [("also", rule, d) for rule, d in p.also]:
                assert not d.removed and d.file, (rule, d.name)
                fh.write(f"{k}\t{expect}\t{rule}\t{d.file}\t{d.line}\t{d.end_line}\t{d.kind}\t{d.name or '-'}\t"
                         f"{d.target or '-'}\t{p.what}\n")
    return len(files) + 1


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--lines", type=int, default=10000, help="about how many lines to write (the smallest complete model is ~1200)")
    ap.add_argument("--out", required=True, help="output directory")
    ap.add_argument("--violations", type=int, default=0, help="plant this many rule-relevant problems")
    ap.add_argument("--file-lines", type=int, default=3000, help="split area files at about this many lines")
    a = ap.parse_args(argv)
    gen = Gen(a.seed, a.lines)
    gen.build()
    planted = violations(gen, a.violations) if a.violations > 0 else []
    nfiles = write(gen, a.out, a.file_lines, planted)
    total = 0
    size = 0
    for f in sorted(os.listdir(a.out)):
        if f.endswith(".mig"):
            with open(os.path.join(a.out, f), "rb") as fh:
                b = fh.read()
            total += b.count(b"\n")
            size += len(b)
    print(f"gen_model: seed {a.seed}: {nfiles} files, {total} lines, {size} bytes, "
          f"{len(gen.customers)} institutions, {gen.risk_no} risks, {len(planted)} violations -> {a.out}",
          file=sys.stderr)


if __name__ == "__main__":
    main()
