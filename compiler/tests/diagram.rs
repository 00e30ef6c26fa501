//! The 全体構成図: geometry (no overlapping siblings, children inside their
//! parent, labels inside their box), the SVG's structure, escaping in every
//! format, determinism, and the Mermaid of examples/small-clinic.
#![expect(clippy::expect_used, reason = "test helpers: an unmet expectation is a failed test")]

use migc::Analysis;
use migc::analyze;
use migc::diag::Lang;
use migc::diagram::{self, BoxKind, Diagram, PAD};
use migc::workspace::{self, Workspace};
use std::fmt::Write as _;
use std::path::Path;

fn example(name: &str) -> Analysis {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples").join(name);
    let ws = workspace::load_root(&root).expect("example loads");
    analyze(&ws)
}

fn project(text: &str) -> Analysis {
    let mut ws = Workspace::new("proj");
    ws.set_text(Path::new("proj").join("model.mig"), text);
    analyze(&ws)
}

/// A generated model: a provider's cloud region, `clinics` clinics of three
/// rooms each, `per_room` assets per room, an IP-VPN per clinic and a flow per
/// clinic routed over its LAN and its line.
fn generated(clinics: usize, per_room: usize) -> String {
    let mut t = String::from(
        "party prov \"株式会社テスト提供\" {\n  role provider\n  country JP\n}\n\
         party carrier \"回線事業者\" {\n  role subcontractor\n  country JP\n}\n\
         site cloud \"クラウド 東京リージョン\" {\n  kind cloud_region\n  country JP\n  operated_by prov\n}\n\
         asset app \"電子カルテ アプリケーション\" {\n  kind application\n  at cloud\n  managed_by prov\n}\n\
         asset db \"電子カルテ DB\" {\n  kind storage\n  at cloud\n  managed_by prov\n}\n\
         model m \"生成モデル\" {\n  provider prov\n}\n",
    );
    for c in 0..clinics {
        let _ = writeln!(t, "party inst{c} \"医療法人 第{c}クリニック\" {{\n  role institution\n  country JP\n}}");
        let _ = writeln!(
            t,
            "site clinic{c} \"第{c}クリニック\" {{\n  kind facility\n  country JP\n  operated_by inst{c}\n}}"
        );
        for (r, room) in ["受付", "診察室", "事務室"].iter().enumerate() {
            let _ = writeln!(
                t,
                "site room{c}_{r} \"{room}\" {{\n  kind room\n  country JP\n  part_of clinic{c}\n  operated_by inst{c}\n}}"
            );
            for a in 0..per_room {
                let _ = writeln!(
                    t,
                    "asset pc{c}_{r}_{a} \"{room}端末 {a}号機\" {{\n  kind terminal\n  at room{c}_{r}\n  managed_by inst{c}\n}}"
                );
            }
        }
        let _ = writeln!(
            t,
            "network lan{c} \"院内LAN {c}\" {{\n  kind lan\n  between [clinic{c}]\n  operated_by inst{c}\n}}\n\
             network line{c} \"接続回線 {c} (IP-VPN)\" {{\n  kind ip_vpn\n  between [clinic{c}, cloud]\n  operated_by carrier\n}}\n\
             flow f{c} \"診療 {c}\" {{\n  from pc{c}_1_0\n  to app\n  route [lan{c}, line{c}]\n}}"
        );
    }
    t
}

/// Every geometric promise: siblings apart, children inside with padding, labels inside,
/// everything on the canvas. Returns the problems found (empty when sound).
fn geometry_problems(d: &Diagram) -> Vec<String> {
    let mut out = Vec::new();
    let canvas = diagram::Rect { x: 0.0, y: 0.0, w: d.width, h: d.height };
    let check_siblings = |kids: &[usize], out: &mut Vec<String>| {
        for (i, &a) in kids.iter().enumerate() {
            for &b in &kids[i + 1..] {
                if d.boxes[a].rect.overlaps(&d.boxes[b].rect) {
                    out.push(format!("{} overlaps {}", d.boxes[a].name, d.boxes[b].name));
                }
            }
        }
    };
    check_siblings(&d.roots, &mut out);
    for b in &d.boxes {
        if !canvas.contains(&b.rect, 0.0) {
            out.push(format!("{} off the canvas", b.name));
        }
        if !b.rect.contains(&b.label, PAD - 1e-9) {
            out.push(format!("label of {} outside its box", b.name));
        }
        check_siblings(&b.children, &mut out);
        for &c in &b.children {
            let child = &d.boxes[c];
            if !b.rect.contains(&child.rect, PAD - 1e-9) {
                out.push(format!("{} not inside {} with padding", child.name, b.name));
            }
            if child.rect.overlaps(&b.label) {
                out.push(format!("{} covers the label of {}", child.name, b.name));
            }
        }
    }
    for (i, e) in d.edges.iter().enumerate() {
        if !canvas.contains(&e.label_rect, 0.0) {
            out.push(format!("edge label {} off the canvas", e.network));
        }
        // Edge labels sit in the band above the boxes: none covers a box or another label.
        if let Some(b) = d.boxes.iter().find(|b| b.rect.overlaps(&e.label_rect)) {
            out.push(format!("edge label {} covers {}", e.network, b.name));
        }
        for f in &d.edges[i + 1..] {
            if f.label_rect.overlaps(&e.label_rect) {
                out.push(format!("edge labels {} and {} overlap", e.network, f.network));
            }
        }
        // The line passes over no box but the ones it runs inside (its ends' ancestors),
        // and over no title at all.
        let mut inside = vec![false; d.boxes.len()];
        for end in [e.from, e.to] {
            let mut cur = d.boxes[end].parent;
            while let Some(p) = cur {
                inside[p] = true;
                cur = d.boxes[p].parent;
            }
        }
        for w in e.points.windows(2) {
            let ((x1, y1), (x2, y2)) = (w[0], w[1]);
            let crosses = |r: &diagram::Rect| {
                x1.max(x2) > r.x && x1.min(x2) < r.right() && y1.max(y2) > r.y && y1.min(y2) < r.bottom()
            };
            for (i, b) in d.boxes.iter().enumerate() {
                if (!inside[i] && crosses(&b.rect)) || crosses(&b.label) {
                    out.push(format!("edge {} crosses {}", e.network, b.name));
                }
            }
        }
        // Ends on the top borders of its two boxes.
        let (first, last) = (e.points[0], e.points[e.points.len() - 1]);
        let (a, z) = (d.boxes[e.from].rect, d.boxes[e.to].rect);
        if first.1 != a.y || first.0 < a.x || first.0 > a.right() || last.1 != z.y || last.0 < z.x || last.0 > z.right()
        {
            out.push(format!("edge {} does not end on its boxes' borders", e.network));
        }
    }
    out
}

/// A small XML well-formedness check: tags balance, attributes are quoted, and
/// no raw `<` or `&` outside markup and entities.
fn xml_balanced(s: &str) -> Result<(), String> {
    let mut stack: Vec<String> = Vec::new();
    let mut rest = s;
    while let Some(lt) = rest.find('<') {
        let text = &rest[..lt];
        check_text(text)?;
        let gt = rest[lt..].find('>').ok_or("unclosed tag")? + lt;
        let tag = &rest[lt + 1..gt];
        if let Some(name) = tag.strip_prefix('/') {
            let open = stack.pop().ok_or(format!("stray </{name}>"))?;
            if open != name.trim() {
                return Err(format!("<{open}> closed by </{name}>"));
            }
        } else {
            if !tag.matches('"').count().is_multiple_of(2) {
                return Err(format!("unbalanced quotes in <{tag}>"));
            }
            let name: String = tag.chars().take_while(|c| !c.is_whitespace() && *c != '/').collect();
            if !tag.ends_with('/') {
                stack.push(name);
            }
        }
        rest = &rest[gt + 1..];
    }
    check_text(rest)?;
    if stack.is_empty() { Ok(()) } else { Err(format!("unclosed {stack:?}")) }
}

fn check_text(text: &str) -> Result<(), String> {
    for (i, _) in text.match_indices('&') {
        let ent = &text[i..];
        let ok = ["&amp;", "&lt;", "&gt;", "&quot;", "&#39;"].iter().any(|e| ent.starts_with(e));
        if !ok {
            return Err(format!("raw & in {text:?}"));
        }
    }
    if text.contains('>') {
        return Err(format!("raw > in {text:?}"));
    }
    Ok(())
}

fn count(hay: &str, needle: &str) -> usize {
    hay.matches(needle).count()
}

#[test]
fn cloud_ehr_geometry_is_sound() {
    let a = example("cloud-ehr");
    let d = diagram::build(&a);
    assert_eq!(geometry_problems(&d), Vec::<String>::new());
    // 12 sites, 22 assets; zones for the provider, the institution and third parties.
    assert_eq!(d.boxes_of("site").count(), 12);
    assert_eq!(d.boxes_of("asset").count(), 22);
    let zones: Vec<&str> = d.roots.iter().map(|&r| d.boxes[r].name.as_str()).collect();
    assert_eq!(zones, ["provider", "institution", "third_party"]);
    // Rooms inside their clinic, the ops room inside the office.
    let by_name = |n: &str| d.boxes.iter().position(|b| b.name == n && b.kind != BoxKind::Asset).unwrap();
    assert_eq!(d.boxes[by_name("受付")].parent, Some(by_name("sakura")));
    assert_eq!(d.boxes[by_name("mirai_ops_room")].parent, Some(by_name("mirai_office")));
    // Networks between two sites become edges; the LAN (one site) does not.
    let nets: Vec<&str> = d.edges.iter().map(|e| e.network.as_str()).collect();
    assert_eq!(nets, ["clinic_line", "lab_line", "ops_line", "cloud_backbone", "clinic_wlan"]);
    for e in &d.edges {
        assert!(e.points.len() >= 2);
        for w in e.points.windows(2) {
            assert!(w[0].0 == w[1].0 || w[0].1 == w[1].1, "orthogonal segments: {:?}", e.points);
        }
    }
}

#[test]
fn every_example_geometry_is_sound() {
    for name in ["small-clinic", "cloud-ehr", "guideline-5-2", "public-cloud", "failing"] {
        let d = diagram::build(&example(name));
        assert_eq!(geometry_problems(&d), Vec::<String>::new(), "{name}");
        for e in &d.edges {
            for w in e.points.windows(2) {
                assert!(w[0].0 == w[1].0 || w[0].1 == w[1].1, "{name}: orthogonal segments: {:?}", e.points);
            }
        }
    }
}

#[test]
fn generated_200_assets_geometry_is_sound() {
    // 17 clinics × 3 rooms × 4 assets = 204, plus 2 in the cloud.
    let a = project(&generated(17, 4));
    let d = diagram::build(&a);
    assert_eq!(d.boxes_of("asset").count(), 206);
    assert_eq!(d.boxes_of("site").count(), 1 + 17 * 4);
    assert_eq!(geometry_problems(&d), Vec::<String>::new());
    assert_eq!(d.edges.len(), 17, "one IP-VPN edge per clinic, the LANs none");
    // Readable: the page is wider than tall but not a strip.
    assert!(d.width / d.height < 8.0 && d.height / d.width < 8.0, "{} × {}", d.width, d.height);
}

#[test]
fn a_draft_svg_is_stamped_beside_the_title() {
    let d = diagram::build(&example("failing"));
    for (lang, word, caption) in
        [(Lang::Ja, "「ドラフト」", "全体構成図"), (Lang::En, "DRAFT", "Overall configuration")]
    {
        let plain = diagram::svg(&d, lang, false);
        let s = diagram::svg(&d, lang, true);
        xml_balanced(&s).expect("well-formed");
        assert_eq!(count(&s, "data-kind=\"draft\""), 1);
        assert!(s.contains(&format!(">{word}</text>")));
        assert!(!plain.contains("data-kind=\"draft\"") && !plain.contains(word));
        // The stamp sits after the title, inside the canvas, above every box.
        let attr = |name: &str| -> f64 {
            let g = &s[s.find("data-kind=\"draft\"").expect("stamp")..];
            let v = &g[g.find(&format!(" {name}=\"")).expect("attribute") + name.len() + 3..];
            v[..v.find('"').expect("quote")].parse().expect("number")
        };
        let (x, y, w, h) = (attr("x"), attr("y"), attr("width"), attr("height"));
        let title_end = PAD + diagram::text_width(&format!("{caption}: {}", d.title), diagram::TITLE_FONT);
        assert!(x > title_end, "stamp at {x} overlaps the title ending at {title_end}");
        let width: f64 = {
            let v = &s[s.find(" width=\"").expect("width") + 8..];
            v[..v.find('"').expect("quote")].parse().expect("number")
        };
        assert!(x + w <= width, "stamp off the canvas");
        assert!(d.boxes.iter().all(|b| y + h <= b.rect.y), "stamp over a box");
    }
}

#[test]
fn svg_has_a_box_per_site_and_asset_and_is_well_formed() {
    for name in ["cloud-ehr", "small-clinic", "guideline-5-2", "public-cloud"] {
        let a = example(name);
        let d = diagram::build(&a);
        assert_eq!(geometry_problems(&d), Vec::<String>::new(), "{name}");
        for lang in [Lang::Ja, Lang::En] {
            let s = diagram::svg(&d, lang, false);
            xml_balanced(&s).unwrap_or_else(|e| panic!("{name}: {e}"));
            assert!(s.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
            assert!(s.contains("Noto Sans CJK JP") && s.contains("sans-serif"));
            let sites = a.model.decls.iter().filter(|x| x.kind.kind == "site").count();
            let project_sites = d.boxes_of("site").count();
            assert_eq!(count(&s, "data-kind=\"site\""), project_sites, "{name}");
            assert!(project_sites <= sites);
            assert_eq!(count(&s, "data-kind=\"asset\""), d.boxes_of("asset").count(), "{name}");
            assert_eq!(count(&s, "<title>"), 1 + d.boxes.len() + d.edges.len());
            assert!(!s.contains("<script"));
        }
    }
    // To look at the pictures: MIGC_DIAGRAM_OUT=/tmp/dir cargo test -p migc --test diagram
    if let Some(dir) = std::env::var_os("MIGC_DIAGRAM_OUT") {
        for name in ["cloud-ehr", "small-clinic", "guideline-5-2", "public-cloud"] {
            let d = diagram::build(&example(name));
            std::fs::write(Path::new(&dir).join(format!("{name}.svg")), diagram::svg(&d, Lang::Ja, false)).unwrap();
        }
        let d = diagram::build(&project(&generated(17, 4)));
        std::fs::write(Path::new(&dir).join("generated-200.svg"), diagram::svg(&d, Lang::Ja, false)).unwrap();
    }
    let s = diagram::svg(&diagram::build(&example("small-clinic")), Lang::En, false);
    assert!(s.contains(">Provider<") && s.contains(">Medical institution<"));
}

#[test]
fn every_project_site_and_asset_is_drawn() {
    let a = example("public-cloud");
    let d = diagram::build(&a);
    let std = |x: &&migc::model::ModelDecl| a.file(x.file).is_some_and(|f| f.stdlib_module.is_none());
    for kind in ["site", "asset"] {
        let want: Vec<String> =
            a.model.decls.iter().filter(|x| x.kind.kind == kind).filter(std).map(migc::rules::shown).collect();
        let mut got: Vec<String> = d.boxes_of(kind).map(|b| b.name.clone()).collect();
        let mut want_sorted = want.clone();
        want_sorted.sort();
        got.sort();
        assert_eq!(got, want_sorted, "{kind}");
    }
    // The four-site operations VPN: only the pairs routes use.
    let ops: Vec<(String, String)> = d
        .edges
        .iter()
        .filter(|e| e.network == "運用VPN")
        .map(|e| (d.boxes[e.from].name.clone(), d.boxes[e.to].name.clone()))
        .collect();
    assert!(!ops.is_empty() && ops.len() < 6, "{ops:?}");
}

const INJECT: &str = r#"
party prov "<script>alert(1)</script>" {
  role provider
  country JP
}
party inst "医院 \"本院\" & 分院" {
  role institution
  country JP
}
site cloud "<script>alert(1)</script>" {
  kind cloud_region
  country JP
  operated_by prov
}
site clinic "クリニック \"本院\" #1 \\ end" {
  kind facility
  country JP
  operated_by inst
}
asset app "<b>アプリ</b> \"x\" `y`" {
  kind application
  at cloud
  managed_by prov
}
network line "回線 \"<script>alert(1)</script>\"" {
  kind ip_vpn
  between [clinic, cloud]
  operated_by prov
}
model m "<script>alert(1)</script>" {
  provider prov
}
"#;

#[test]
fn user_text_is_escaped_in_svg_mermaid_and_dot() {
    let a = project(INJECT);
    let d = diagram::build(&a);
    assert_eq!(d.edges.len(), 1);

    let s = diagram::svg(&d, Lang::Ja, false);
    xml_balanced(&s).expect("well-formed");
    assert!(!s.contains("<script") && !s.contains("<b>"));
    assert!(s.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(s.contains("クリニック &quot;本院&quot; #1 \\ end"));
    assert!(!s.contains("\"本院\"") && !s.contains("\"x\""));

    let m = diagram::mermaid(&d);
    assert!(m.starts_with("flowchart LR\n"));
    assert!(!m.contains("<script") && !m.contains("<b>"));
    assert!(m.contains("#lt;script#gt;alert(1)#lt;/script#gt;"));
    assert!(m.contains("クリニック #quot;本院#quot; #35;1"));
    // Every label is one quoted string: quotes come in pairs per line, ids are ASCII.
    for line in m.lines().skip(1) {
        assert_eq!(line.matches('"').count() % 2, 0, "{line}");
        let id = line.trim().trim_start_matches("subgraph ").split(['[', ' ']).next().unwrap();
        assert!(id == "end" || id.is_ascii(), "{line}");
        if let Some(rest) = line.trim().strip_prefix("subgraph ") {
            assert!(rest.starts_with('n'), "{line}");
        }
    }

    let g = diagram::dot(&d);
    assert!(g.contains(r#"label="クリニック \"本院\" #1 \\ end""#), "{g}");
    assert!(g.contains(r#"label="回線 \"<script>alert(1)</script>\"""#));
    // No quote left unescaped: every label="..." closes where it should.
    for line in g.lines() {
        let unescaped = line.replace("\\\\", "").replace("\\\"", "");
        assert_eq!(unescaped.matches('"').count() % 2, 0, "{line}");
    }
}

#[test]
fn builds_are_deterministic() {
    let text = generated(5, 3);
    let (a1, a2) = (project(&text), project(&text));
    let (d1, d2) = (diagram::build(&a1), diagram::build(&a2));
    assert_eq!(d1, d2);
    assert_eq!(diagram::svg(&d1, Lang::Ja, false), diagram::svg(&d2, Lang::Ja, false));
    assert_eq!(diagram::mermaid(&d1), diagram::mermaid(&d2));
    assert_eq!(diagram::dot(&d1), diagram::dot(&d2));
    let e = example("cloud-ehr");
    assert_eq!(
        diagram::svg(&diagram::build(&e), Lang::Ja, false),
        diagram::svg(&diagram::build(&example("cloud-ehr")), Lang::Ja, false)
    );
}

#[test]
fn small_clinic_mermaid() {
    let d = diagram::build(&example("small-clinic"));
    insta::assert_snapshot!(diagram::mermaid(&d));
}

#[test]
fn small_clinic_dot_has_clusters_per_site() {
    let a = example("small-clinic");
    let d = diagram::build(&a);
    let g = diagram::dot(&d);
    assert!(g.starts_with("graph migc {"));
    assert_eq!(count(&g, "subgraph cluster_"), d.boxes_of("site").count() + d.roots.len());
    assert_eq!(count(&g, " -- "), d.edges.len());
}

/// Timing of a 1,000-asset model (printed, not asserted: a debug build on a shared machine).
#[test]
fn time_1000_assets() {
    // 84 clinics × 3 rooms × 4 = 1,008 assets, plus 2.
    let a = project(&generated(84, 4));
    let start = std::time::Instant::now();
    let d = diagram::build(&a);
    let built = start.elapsed();
    let s = diagram::svg(&d, Lang::Ja, false);
    let total = start.elapsed();
    assert_eq!(d.boxes_of("asset").count(), 1010);
    assert_eq!(geometry_problems(&d), Vec::<String>::new());
    eprintln!("diagram of 1,010 assets: build+layout {built:?}, with SVG {total:?} ({} bytes)", s.len());
}
