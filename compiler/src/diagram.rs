//! The 全体構成図 (overall configuration diagram) of a model: scope zones
//! (provider / institution / third party) holding the sites as they nest
//! (`part_of`), the assets inside their site (`at`), and the networks between
//! sites as labelled edges. [`build`] reads the model and lays it out with a
//! small layout of our own (nested rectangles in wrapping rows, orthogonal
//! edges); [`svg`], [`mermaid`] and [`dot`] write it out.
//!
//! Everything is in declaration order: two builds of one model are equal and
//! every emitter's output is byte-stable.

use crate::analysis::Analysis;
use crate::diag::Lang;
use crate::model::{ModelDecl, SymbolId};
use crate::rules::index::routes;
use crate::rules::{Scope, scope_of};
use std::fmt::Write as _;
use unicode_width::UnicodeWidthStr;

/// Font size of a box's title, px.
pub const TITLE_FONT: f64 = 14.0;
/// Font size of a box's second line (its kind) and of edge labels, px.
pub const SUB_FONT: f64 = 11.0;
/// Space between a box's border and its contents, px.
pub const PAD: f64 = 10.0;
/// Space between sibling boxes, px.
pub const GAP: f64 = 24.0;

/// What a box stands for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BoxKind {
    /// A scope zone; `None`: nothing says whose.
    Zone(Option<Scope>),
    Site,
    Asset,
}

impl BoxKind {
    /// The value of the SVG `data-kind` attribute.
    pub fn name(self) -> &'static str {
        match self {
            BoxKind::Zone(_) => "zone",
            BoxKind::Site => "site",
            BoxKind::Asset => "asset",
        }
    }
}

/// An axis-aligned rectangle, px, origin top left.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Rect {
    pub x: f64,
    pub y: f64,
    pub w: f64,
    pub h: f64,
}

impl Rect {
    pub fn right(&self) -> f64 {
        self.x + self.w
    }
    pub fn bottom(&self) -> f64 {
        self.y + self.h
    }
    /// Whether the interiors of the two rectangles meet.
    pub fn overlaps(&self, o: &Rect) -> bool {
        self.x < o.right() && o.x < self.right() && self.y < o.bottom() && o.y < self.bottom()
    }
    /// Whether `inner` lies inside this rectangle with at least `margin` on every side.
    pub fn contains(&self, inner: &Rect, margin: f64) -> bool {
        const EPS: f64 = 1e-6;
        inner.x + EPS >= self.x + margin
            && inner.y + EPS >= self.y + margin
            && inner.right() <= self.right() - margin + EPS
            && inner.bottom() <= self.bottom() - margin + EPS
    }
}

/// A box: a zone, a site or an asset.
#[derive(Clone, Debug, PartialEq)]
pub struct DiagramBox {
    /// ASCII id, unique in the diagram: `n1`, `n2`, … in build order.
    pub id: String,
    pub kind: BoxKind,
    /// The declaration's name (`clinic_server`); the zone's scope name for a zone.
    pub name: String,
    /// What the box shows first: the declaration's title, else its name.
    pub title: String,
    /// The second line: the site's or asset's `kind` (`server`, `room`), for a site followed
    /// by the networks within it alone (`facility ・ 院内LAN`); empty for a zone.
    pub subtitle: String,
    /// The scope of the site or asset itself (an asset may be another party's than its site).
    pub scope: Option<Scope>,
    pub parent: Option<usize>,
    /// Indices into [`Diagram::boxes`], in declaration order.
    pub children: Vec<usize>,
    /// Where the box is drawn.
    pub rect: Rect,
    /// Where its title and subtitle are drawn (inside `rect`).
    pub label: Rect,
}

/// An edge between two site boxes: a network.
#[derive(Clone, Debug, PartialEq)]
pub struct Edge {
    pub from: usize,
    pub to: usize,
    /// The network's name.
    pub network: String,
    /// The network's title, else its name: the label drawn.
    pub label: String,
    /// The orthogonal polyline, from the border of `from` to the border of `to`.
    pub points: Vec<(f64, f64)>,
    /// Where the label is drawn (centred on the middle segment).
    pub label_rect: Rect,
}

/// The laid-out diagram.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Diagram {
    /// The model's title (or name); empty without a model declaration.
    pub title: String,
    pub boxes: Vec<DiagramBox>,
    /// Top-level boxes (the zones), left to right.
    pub roots: Vec<usize>,
    pub edges: Vec<Edge>,
    pub width: f64,
    pub height: f64,
}

impl Diagram {
    pub fn boxes_of(&self, kind: &'static str) -> impl Iterator<Item = &DiagramBox> + '_ {
        self.boxes.iter().filter(move |b| b.kind.name() == kind)
    }
}

/// Display width of a text in px at a font size: East Asian wide characters
/// count two columns, a column is half the font size.
pub fn text_width(text: &str, font: f64) -> f64 {
    UnicodeWidthStr::width(text) as f64 * font / 2.0
}

fn title_of(d: &ModelDecl) -> String {
    d.title.clone().unwrap_or_else(|| crate::rules::shown(d))
}

/// Build and lay out the diagram of an analysed model.
pub fn build(analysis: &Analysis) -> Diagram {
    let project = |d: &&ModelDecl| analysis.file(d.file).is_none_or(|f| f.stdlib_module.is_none());
    let decls: Vec<&ModelDecl> = analysis.model.decls.iter().filter(project).collect();
    let sites: Vec<&ModelDecl> = decls.iter().copied().filter(|d| d.kind.kind == "site").collect();
    let assets: Vec<&ModelDecl> = decls.iter().copied().filter(|d| d.kind.kind == "asset").collect();
    let networks: Vec<&ModelDecl> = decls.iter().copied().filter(|d| d.kind.kind == "network").collect();
    let flows: Vec<&ModelDecl> = decls.iter().copied().filter(|d| d.kind.kind == "flow").collect();
    let title = decls.iter().find(|d| d.kind.kind == "model").map(|m| title_of(m)).unwrap_or_default();

    // Symbol → site index; parents by `part_of` (a missing or cyclic parent makes a root).
    let n_sym = analysis.symbols.symbols.len();
    let mut site_of_sym: Vec<Option<usize>> = vec![None; n_sym];
    for (i, s) in sites.iter().enumerate() {
        if let Some(sym) = s.symbol {
            site_of_sym[sym.0 as usize] = Some(i);
        }
    }
    let lookup = |sym: Option<SymbolId>| sym.and_then(|s| site_of_sym.get(s.0 as usize).copied().flatten());
    let mut site_parent: Vec<Option<usize>> = sites.iter().map(|s| lookup(s.reference("part_of"))).collect();
    for i in 0..sites.len() {
        // Break cycles: walk up at most sites.len() steps.
        let mut cur = site_parent[i];
        let mut steps = 0;
        while let Some(p) = cur {
            if p == i || steps > sites.len() {
                site_parent[i] = None;
                break;
            }
            cur = site_parent[p];
            steps += 1;
        }
    }
    let root_of = |mut i: usize| {
        while let Some(p) = site_parent[i] {
            i = p;
        }
        i
    };

    let mut b = Builder { boxes: Vec::new() };
    // Zones: in a fixed order, only those that hold something.
    let zone_keys = [Some(Scope::Provider), Some(Scope::Institution), Some(Scope::ThirdParty), None];
    let site_scopes: Vec<Option<Scope>> = sites.iter().map(|s| scope_of(analysis, s)).collect();
    let asset_site: Vec<Option<usize>> = assets.iter().map(|a| lookup(a.reference("at"))).collect();
    let asset_scopes: Vec<Option<Scope>> = assets.iter().map(|a| scope_of(analysis, a)).collect();
    let zone_of_site = |i: usize| site_scopes[root_of(i)];
    let mut site_children: Vec<Vec<usize>> = vec![Vec::new(); sites.len()];
    for (i, p) in site_parent.iter().enumerate() {
        if let Some(p) = p {
            site_children[*p].push(i);
        }
    }
    let mut roots = Vec::new();
    let mut site_box: Vec<usize> = vec![usize::MAX; sites.len()];
    for zk in zone_keys {
        let has_site = (0..sites.len()).any(|i| site_parent[i].is_none() && zone_of_site(i) == zk);
        let has_loose = (0..assets.len()).any(|i| asset_site[i].is_none() && asset_scopes[i] == zk);
        if !has_site && !has_loose {
            continue;
        }
        let zone =
            b.add(BoxKind::Zone(zk), zk.map_or("unknown", Scope::name).into(), String::new(), String::new(), zk, None);
        roots.push(zone);
        for (i, parent) in site_parent.iter().enumerate() {
            if parent.is_none() && zone_of_site(i) == zk {
                add_site(&mut b, &sites, &site_children, &site_scopes, &mut site_box, i, zone);
            }
        }
        for (i, a) in assets.iter().enumerate() {
            if asset_site[i].is_none() && asset_scopes[i] == zk {
                b.add(BoxKind::Asset, crate::rules::shown(a), title_of(a), kind_word(a), asset_scopes[i], Some(zone));
            }
        }
    }
    // Assets into their sites, in declaration order.
    for (i, a) in assets.iter().enumerate() {
        if let Some(s) = asset_site[i] {
            let parent = site_box[s];
            b.add(BoxKind::Asset, crate::rules::shown(a), title_of(a), kind_word(a), asset_scopes[i], Some(parent));
        }
    }
    // Children: sites first, then assets (each in declaration order, as added).
    let mut boxes = b.boxes;
    // A network within one site (a LAN) is no edge: the site's second line names it.
    for n in &networks {
        let mut within: Vec<usize> = Vec::new();
        for s in n.refs("between") {
            if let Some(i) = lookup(Some(s))
                && !within.contains(&i)
            {
                within.push(i);
            }
        }
        if let [only] = within[..]
            && let Some(bx) = boxes.get_mut(site_box[only])
        {
            bx.subtitle.push_str(if bx.subtitle.is_empty() { "" } else { " ・ " });
            bx.subtitle.push_str(&title_of(n));
        }
    }

    let edges = edge_pairs(analysis, &site_parent, &networks, &flows, &assets, &asset_site, &lookup);
    let mut d = Diagram { title, boxes, roots, edges: Vec::new(), width: 0.0, height: 0.0 };
    layout(&mut d);
    let pairs: Vec<(usize, usize, String, String)> = edges
        .into_iter()
        .filter_map(|(from, to, net)| {
            let (fb, tb) = (site_box[from], site_box[to]);
            (fb != usize::MAX && tb != usize::MAX).then(|| (fb, tb, crate::rules::shown(net), title_of(net)))
        })
        .collect();
    route_edges(&mut d, pairs);
    d
}

fn kind_word(d: &ModelDecl) -> String {
    d.enum_value("kind").unwrap_or("").to_string()
}

struct Builder {
    boxes: Vec<DiagramBox>,
}

impl Builder {
    fn add(
        &mut self,
        kind: BoxKind,
        name: String,
        title: String,
        subtitle: String,
        scope: Option<Scope>,
        parent: Option<usize>,
    ) -> usize {
        let i = self.boxes.len();
        self.boxes.push(DiagramBox {
            id: format!("n{}", i + 1),
            kind,
            name,
            title,
            subtitle,
            scope,
            parent,
            children: Vec::new(),
            rect: Rect::default(),
            label: Rect::default(),
        });
        if let Some(p) = parent
            && let Some(pb) = self.boxes.get_mut(p)
        {
            pb.children.push(i);
        }
        i
    }
}

fn add_site(
    b: &mut Builder,
    sites: &[&ModelDecl],
    site_children: &[Vec<usize>],
    scopes: &[Option<Scope>],
    site_box: &mut [usize],
    i: usize,
    parent: usize,
) {
    let s = sites[i];
    let me = b.add(BoxKind::Site, crate::rules::shown(s), title_of(s), kind_word(s), scopes[i], Some(parent));
    site_box[i] = me;
    for &j in &site_children[i] {
        add_site(b, sites, site_children, scopes, site_box, j, me);
    }
}

/// (from site, to site, network) for every edge, deduplicated, in network order.
fn edge_pairs<'a>(
    analysis: &'a Analysis,
    site_parent: &[Option<usize>],
    networks: &[&'a ModelDecl],
    flows: &[&'a ModelDecl],
    assets: &[&'a ModelDecl],
    asset_site: &[Option<usize>],
    lookup: &dyn Fn(Option<SymbolId>) -> Option<usize>,
) -> Vec<(usize, usize, &'a ModelDecl)> {
    let between = |n: &ModelDecl| -> Vec<usize> {
        let mut v: Vec<usize> = Vec::new();
        for s in n.refs("between") {
            if let Some(i) = lookup(Some(s))
                && !v.contains(&i)
            {
                v.push(i);
            }
        }
        v
    };
    // The site of `among` that is `site` or holds it.
    let cover = |site: usize, among: &[usize]| -> Option<usize> {
        let mut cur = Some(site);
        let mut steps = 0;
        while let Some(c) = cur {
            if among.contains(&c) {
                return Some(c);
            }
            cur = site_parent[c];
            steps += 1;
            if steps > site_parent.len() {
                break;
            }
        }
        None
    };
    let mut asset_index: Vec<Option<usize>> = vec![None; analysis.symbols.symbols.len()];
    for (i, a) in assets.iter().enumerate() {
        if let Some(s) = a.symbol {
            asset_index[s.0 as usize] = Some(i);
        }
    }
    let site_of_asset = |s: Option<SymbolId>| -> Option<usize> {
        s.and_then(|s| asset_index.get(s.0 as usize).copied().flatten()).and_then(|i| asset_site[i])
    };
    let mut net_of_sym: Vec<Option<usize>> = vec![None; analysis.symbols.symbols.len()];
    for (i, n) in networks.iter().enumerate() {
        if let Some(s) = n.symbol {
            net_of_sym[s.0 as usize] = Some(i);
        }
    }
    let net_index = |s: SymbolId| net_of_sym.get(s.0 as usize).copied().flatten();
    // Pairs that routes use, per network.
    let mut used: Vec<Vec<(usize, usize)>> = vec![Vec::new(); networks.len()];
    for f in flows {
        let (Some(start), Some(end)) = (site_of_asset(f.reference("from")), site_of_asset(f.reference("to"))) else {
            continue;
        };
        for r in routes(f) {
            let hops: Vec<usize> = r.hops.iter().filter_map(|&h| net_index(h)).collect();
            let mut cur = start;
            for (k, &h) in hops.iter().enumerate() {
                let bh = between(networks[h]);
                let next = match hops.get(k + 1) {
                    None => Some(end),
                    Some(&h2) => {
                        let b2 = between(networks[h2]);
                        bh.iter().copied().find(|s| b2.contains(s) || cover(*s, &b2).is_some())
                    }
                };
                let Some(next) = next else { break };
                if let (Some(a), Some(z)) = (cover(cur, &bh), cover(next, &bh))
                    && a != z
                    && !used[h].iter().any(|&(x, y)| (x, y) == (a, z) || (x, y) == (z, a))
                {
                    used[h].push((a, z));
                }
                cur = next;
            }
        }
    }
    let mut out = Vec::new();
    for (h, n) in networks.iter().enumerate() {
        let bs = between(n);
        let pairs: Vec<(usize, usize)> = match bs.len() {
            0 | 1 => Vec::new(),
            2 => vec![(bs[0], bs[1])],
            _ if !used[h].is_empty() => used[h].clone(),
            // Several sites and no route says which pairs: a star from the first.
            _ => bs[1..].iter().map(|&s| (bs[0], s)).collect(),
        };
        for (a, z) in pairs {
            out.push((a, z, *n));
        }
    }
    out
}

// ---- layout ---------------------------------------------------------------------------------

fn label_size(b: &DiagramBox) -> (f64, f64) {
    let title_w = text_width(&b.title, TITLE_FONT);
    let sub_w = text_width(&b.subtitle, SUB_FONT);
    let h = TITLE_FONT * 1.4 + if b.subtitle.is_empty() { 0.0 } else { SUB_FONT * 1.4 };
    (title_w.max(sub_w), h)
}

/// Sizes bottom-up, then positions top-down. Children wrap in rows at a width
/// that keeps the box roughly square (wider than tall, for a landscape page).
fn layout(d: &mut Diagram) {
    // Post-order: children have larger indices than their parent (built so), so a
    // reverse index walk sizes every child before its parent.
    let n = d.boxes.len();
    // Row layout per box: (child, x offset, y offset) relative to the box.
    let mut offsets: Vec<(f64, f64)> = vec![(0.0, 0.0); n];
    for i in (0..n).rev() {
        let (lw, lh) = label_size(&d.boxes[i]);
        let children = d.boxes[i].children.clone();
        let head = PAD + lh + PAD / 2.0;
        if children.is_empty() {
            d.boxes[i].rect.w = lw + 2.0 * PAD;
            d.boxes[i].rect.h = lh + 2.0 * PAD;
        } else {
            let area: f64 = children.iter().map(|&c| (d.boxes[c].rect.w + GAP) * (d.boxes[c].rect.h + GAP)).sum();
            let widest = children.iter().map(|&c| d.boxes[c].rect.w).fold(0.0, f64::max);
            let limit = (area.sqrt() * 1.6).max(widest).max(lw);
            let (mut x, mut y, mut row_h, mut max_w) = (0.0_f64, 0.0_f64, 0.0_f64, 0.0_f64);
            for &c in &children {
                let (cw, ch) = (d.boxes[c].rect.w, d.boxes[c].rect.h);
                if x > 0.0 && x + cw > limit {
                    y += row_h + GAP;
                    x = 0.0;
                    row_h = 0.0;
                }
                offsets[c] = (PAD + x, head + y);
                x += cw + GAP;
                row_h = row_h.max(ch);
                max_w = max_w.max(x - GAP);
            }
            d.boxes[i].rect.w = max_w.max(lw) + 2.0 * PAD;
            d.boxes[i].rect.h = head + y + row_h + PAD;
        }
        d.boxes[i].label = Rect { x: PAD, y: PAD, w: lw, h: lh };
    }
    // Roots left to right, with room above for the diagram's title.
    let top = PAD + TITLE_FONT * 1.6 + GAP / 2.0;
    let mut x = PAD;
    let mut height: f64 = top;
    for &r in &d.roots {
        offsets[r] = (x, top);
        x += d.boxes[r].rect.w + GAP * 2.0;
        height = height.max(top + d.boxes[r].rect.h);
    }
    // Top-down: absolute positions (parents have smaller indices).
    for (i, &(dx, dy)) in offsets.iter().enumerate() {
        let (ox, oy) = match d.boxes[i].parent {
            Some(p) => (d.boxes[p].rect.x, d.boxes[p].rect.y),
            None => (0.0, 0.0),
        };
        let b = &mut d.boxes[i];
        b.rect.x = ox + dx;
        b.rect.y = oy + dy;
        b.label.x += b.rect.x;
        b.label.y += b.rect.y;
    }
    let title_w = text_width(&d.title, TITLE_FONT) + 2.0 * PAD;
    d.width = (x - GAP * 2.0 + PAD).max(title_w).max(2.0 * PAD);
    // Room below for edges that run under the boxes.
    d.height = height + PAD;
}

/// Height of one edge lane, px.
const LANE: f64 = SUB_FONT * 1.4 + 6.0;

/// Edges run in a band of lanes above the boxes: from the top border of one
/// site up to its lane, along it, and down to the top border of the other; the
/// label sits on the lane, so no label covers a box. Edges whose spans (label
/// included) do not meet share a lane. The boxes move down to make room.
fn route_edges(d: &mut Diagram, pairs: Vec<(usize, usize, String, String)>) {
    // Ports: the edges at a box leave its top border spread evenly, in edge order.
    let mut at: Vec<usize> = vec![0; d.boxes.len()];
    for (f, t, _, _) in &pairs {
        at[*f] += 1;
        at[*t] += 1;
    }
    let mut used: Vec<usize> = vec![0; d.boxes.len()];
    let mut port = |b: usize, d: &Diagram| {
        used[b] += 1;
        let r = d.boxes[b].rect;
        let wanted = r.x + r.w * used[b] as f64 / (at[b] + 1) as f64;
        clear_port(d, b, wanted)
    };
    // The way up from each end to the top of its zone, and the label's x-span on the lane.
    let mut spans = Vec::with_capacity(pairs.len());
    for (f, t, _, label) in &pairs {
        let (up_from, up_to) = (way_up(d, *f, port(*f, d)), way_up(d, *t, port(*t, d)));
        let (x1, x2) = (up_from.last().map_or(0.0, |p| p.0), up_to.last().map_or(0.0, |p| p.0));
        let w = text_width(label, SUB_FONT) + 6.0;
        let mid = (x1 + x2) / 2.0;
        let lx = (mid - w / 2.0).max(PAD);
        let lo = x1.min(x2).min(lx) - GAP / 2.0;
        let hi = x1.max(x2).max(lx + w) + GAP / 2.0;
        spans.push((up_from, up_to, x1, x2, lx, w, lo, hi));
    }
    // Greedy lane assignment in edge order: the first lane whose last span ends before this one
    // would be interval colouring only if sorted; edges are few next to boxes, so keep every
    // lane's spans and test them (edges × lanes × spans-per-lane at worst, small in practice).
    let mut lanes: Vec<Vec<(f64, f64)>> = Vec::new();
    let mut lane_of = Vec::with_capacity(pairs.len());
    for &(_, _, _, _, _, _, lo, hi) in &spans {
        let free = lanes.iter().position(|l| l.iter().all(|&(a, b)| hi <= a || b <= lo));
        let k = match free {
            Some(k) => k,
            None => {
                lanes.push(Vec::new());
                lanes.len() - 1
            }
        };
        lanes[k].push((lo, hi));
        lane_of.push(k);
    }
    if lanes.is_empty() {
        return;
    }
    let band_top = d.boxes.iter().filter(|b| b.parent.is_none()).map(|b| b.rect.y).fold(f64::INFINITY, f64::min);
    let band = lanes.len() as f64 * LANE + GAP / 2.0;
    for b in &mut d.boxes {
        b.rect.y += band;
        b.label.y += band;
    }
    d.height += band;
    for (i, ((f, t, network, label), (up_from, up_to, x1, x2, lx, w, _, hi))) in
        pairs.into_iter().zip(spans).enumerate()
    {
        let y = band_top + lane_of[i] as f64 * LANE + LANE / 2.0;
        let mut points: Vec<(f64, f64)> = up_from.iter().map(|&(x, py)| (x, py + band)).collect();
        points.push((x1, y));
        points.push((x2, y));
        points.extend(up_to.iter().rev().map(|&(x, py)| (x, py + band)));
        let label_rect = Rect { x: lx, y: y - LANE / 2.0 + 1.0, w, h: SUB_FONT * 1.4 };
        d.width = d.width.max(hi + PAD);
        d.edges.push(Edge { from: f, to: t, network, label, points: simplify(points), label_rect });
    }
}

/// The way up from `x` on the top border of box `b` to the top of its zone, as
/// points: straight up where nothing is in the way; where a box of the row above
/// (or the title of the box it is in) is, sideways along the free gap below it
/// to the nearest place clear of it, then up again. Rows are [`GAP`] apart and
/// siblings in a row too, so such a gap always exists.
fn way_up(d: &Diagram, b: usize, x: f64) -> Vec<(f64, f64)> {
    let mut pts = vec![(x, d.boxes[b].rect.y)];
    let mut x = x;
    let mut cur = b;
    let mut steps = 0;
    while let Some(p) = d.boxes[cur].parent {
        // A guard against a malformed tree; each step goes one level up.
        steps += 1;
        if steps > d.boxes.len() {
            break;
        }
        let (pr, title) = (d.boxes[p].rect, d.boxes[p].label);
        let inner = (pr.x + PAD / 2.0, pr.right() - PAD / 2.0);
        let mut row_top = d.boxes[cur].rect.y;
        loop {
            // The row directly above: the siblings that end above this row, lowest top first.
            let above = d.boxes[p].children.iter().map(|&s| d.boxes[s].rect).filter(|r| r.bottom() < row_top);
            let Some(top) = above.clone().map(|r| r.y).reduce(f64::max) else { break };
            let row: Vec<(f64, f64)> =
                above.filter(|r| (r.y - top).abs() < 1e-6).map(|r| (r.x - 3.0, r.right() + 3.0)).collect();
            let lane = row_top - GAP / 2.0;
            let nx = nearest_free(x, &row, inner);
            if nx != x {
                pts.push((x, lane));
                pts.push((nx, lane));
                x = nx;
            }
            row_top = top;
        }
        // Under the title of the box it is in, between the title and the first row.
        let blocked = [(title.x - 3.0, title.right() + 3.0)];
        let nx = nearest_free(x, &blocked, inner);
        if nx != x {
            let lane = (title.bottom() + row_top) / 2.0;
            pts.push((x, lane));
            pts.push((nx, lane));
            x = nx;
        }
        cur = p;
    }
    pts.push((x, d.boxes[cur].rect.y));
    pts
}

/// The x nearest to `x` within `inner` that is in none of the `blocked` spans
/// (`x` itself when it is free).
fn nearest_free(x: f64, blocked: &[(f64, f64)], inner: (f64, f64)) -> f64 {
    let free = |v: f64| blocked.iter().all(|&(a, z)| v <= a || v >= z);
    if free(x) {
        return x;
    }
    // Candidates: the edges of every blocked span, and the inner bounds.
    let mut best: Option<f64> = None;
    for v in blocked.iter().flat_map(|&(a, z)| [a, z]).chain([inner.0, inner.1]) {
        if v >= inner.0 && v <= inner.1 && free(v) && best.is_none_or(|b| (v - x).abs() < (b - x).abs()) {
            best = Some(v);
        }
    }
    best.unwrap_or(x)
}

/// Drop repeated points and the middle of three on one line.
fn simplify(points: Vec<(f64, f64)>) -> Vec<(f64, f64)> {
    let mut out: Vec<(f64, f64)> = Vec::with_capacity(points.len());
    for p in points {
        if out.last() == Some(&p) {
            continue;
        }
        if let [.., a, b] = out[..]
            && ((a.0 == b.0 && b.0 == p.0) || (a.1 == b.1 && b.1 == p.1))
        {
            out.pop();
        }
        out.push(p);
    }
    out
}

/// Where a vertical from the top border of box `b` up to the band passes over no
/// box above it and no ancestor's label: the x of such a free stretch nearest to
/// `wanted`, else `wanted` itself.
fn clear_port(d: &Diagram, b: usize, wanted: f64) -> f64 {
    let r = d.boxes[b].rect;
    let mut blocked: Vec<(f64, f64)> = Vec::new();
    let mut cur = b;
    let mut steps = 0;
    while steps <= d.boxes.len() {
        steps += 1;
        let c = d.boxes[cur].rect;
        let siblings: &[usize] = match d.boxes[cur].parent {
            Some(p) => &d.boxes[p].children,
            None => &d.roots,
        };
        for &s in siblings {
            let sr = d.boxes[s].rect;
            if s != cur && sr.bottom() <= c.y && sr.right() > r.x && sr.x < r.right() {
                blocked.push((sr.x - 3.0, sr.right() + 3.0));
            }
        }
        match d.boxes[cur].parent {
            Some(p) => {
                let l = d.boxes[p].label;
                blocked.push((l.x - 3.0, l.right() + 3.0));
                cur = p;
            }
            None => break,
        }
    }
    blocked.sort_by(|a, z| a.0.total_cmp(&z.0));
    // Free stretches of the box's top border, and the nearest point of them to `wanted`.
    let (lo, hi) = (r.x + 4.0, r.right() - 4.0);
    let mut best: Option<f64> = None;
    let mut consider = |a: f64, z: f64| {
        if z >= a {
            let x = wanted.clamp(a, z);
            if best.is_none_or(|bx| (x - wanted).abs() < (bx - wanted).abs()) {
                best = Some(x);
            }
        }
    };
    let mut start = lo;
    for (a, z) in blocked {
        if a > start {
            consider(start, a.min(hi));
        }
        start = start.max(z);
        if start >= hi {
            break;
        }
    }
    if start < hi {
        consider(start, hi);
    }
    best.unwrap_or(wanted)
}

// ---- emitters -------------------------------------------------------------------------------

/// Escape text for XML content and attribute values.
pub fn xml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            // Control characters other than tab and newline are not allowed in XML 1.0.
            c if (c as u32) < 0x20 && c != '\t' && c != '\n' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

fn zone_title(scope: Option<Scope>, lang: Lang) -> &'static str {
    match (scope, lang) {
        (Some(s), Lang::Ja) => s.ja(),
        (Some(Scope::Provider), Lang::En) => "Provider",
        (Some(Scope::Institution), Lang::En) => "Medical institution",
        (Some(Scope::ThirdParty), Lang::En) => "Third party",
        (None, Lang::Ja) => "範囲不明",
        (None, Lang::En) => "Scope not stated",
    }
}

fn shown_title(b: &DiagramBox, lang: Lang) -> String {
    match b.kind {
        BoxKind::Zone(s) => zone_title(s, lang).to_string(),
        _ => b.title.clone(),
    }
}

fn fill(b: &DiagramBox) -> &'static str {
    match (b.kind, b.scope) {
        (BoxKind::Zone(_), Some(Scope::Provider)) => "#eef4ff",
        (BoxKind::Zone(_), Some(Scope::Institution)) => "#effaf0",
        (BoxKind::Zone(_), Some(Scope::ThirdParty)) => "#fff6e8",
        (BoxKind::Zone(_), None) => "#f4f4f4",
        (BoxKind::Site, _) => "#ffffff",
        (BoxKind::Asset, Some(Scope::Provider)) => "#d8e6ff",
        (BoxKind::Asset, Some(Scope::Institution)) => "#d9f2dc",
        (BoxKind::Asset, Some(Scope::ThirdParty)) => "#ffe8c4",
        (BoxKind::Asset, None) => "#e8e8e8",
    }
}

fn num(v: f64) -> String {
    let r = (v * 10.0).round() / 10.0;
    if r == r.trunc() { format!("{}", r as i64) } else { format!("{r:.1}") }
}

/// A self-contained SVG: inline style, a `<title>` per box, every user text escaped.
/// Zones are titled in `lang`; sites and assets by their model titles. A `draft`
/// (made from a model with errors) carries a red 「ドラフト」 stamp after the title.
pub fn svg(d: &Diagram, lang: Lang, draft: bool) -> String {
    let mut o = String::new();
    let caption = match lang {
        Lang::Ja => "全体構成図",
        Lang::En => "Overall configuration",
    };
    let doc_title = if d.title.is_empty() { caption.to_string() } else { format!("{caption}: {}", d.title) };
    let word = crate::report::draft_word(lang);
    let stamp = Rect {
        x: PAD + text_width(&doc_title, TITLE_FONT) + GAP,
        y: PAD / 2.0,
        w: text_width(word, TITLE_FONT) + 2.0 * PAD,
        h: TITLE_FONT * 1.6,
    };
    let width = if draft { d.width.max(stamp.right() + PAD) } else { d.width };
    let (w, h) = (num(width), num(d.height));
    let _ = writeln!(
        o,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" viewBox="0 0 {w} {h}" font-family="'Noto Sans CJK JP', 'Noto Sans JP', sans-serif">"#
    );
    let _ = writeln!(o, "<title>{}</title>", xml_escape(&doc_title));
    o.push_str("<style>rect.zone{stroke:#6a7a99;stroke-width:1.5;stroke-dasharray:6 3}rect.site{stroke:#444;stroke-width:1.2}rect.asset{stroke:#555;stroke-width:1}text{fill:#111}text.t{font-size:14px}text.s{font-size:11px;fill:#555}text.e{font-size:11px;fill:#1d4f91}polyline.e{fill:none;stroke:#1d4f91;stroke-width:1.4}rect.el{fill:#ffffff;fill-opacity:0.85;stroke:none}</style>\n");
    let _ = writeln!(
        o,
        r#"<text class="t" x="{}" y="{}">{}</text>"#,
        num(PAD),
        num(PAD + TITLE_FONT),
        xml_escape(&doc_title)
    );
    if draft {
        let _ = writeln!(
            o,
            r##"<g data-kind="draft"><rect x="{}" y="{}" width="{}" height="{}" rx="3" fill="#fff0f0" stroke="#c00000" stroke-width="2"/><text x="{}" y="{}" font-size="14px" font-weight="bold" fill="#c00000">{word}</text></g>"##,
            num(stamp.x),
            num(stamp.y),
            num(stamp.w),
            num(stamp.h),
            num(stamp.x + PAD),
            num(stamp.y + TITLE_FONT * 1.15),
        );
    }
    for b in &d.boxes {
        let r = b.rect;
        let title = shown_title(b, lang);
        let kind = b.kind.name();
        let scope = b.scope.map_or("unknown", Scope::name);
        let _ = writeln!(
            o,
            r#"<g id="{}" data-kind="{kind}" data-name="{}" data-scope="{scope}"><title>{}</title><rect class="{kind}" x="{}" y="{}" width="{}" height="{}" rx="{}" fill="{}"/>"#,
            b.id,
            xml_escape(&b.name),
            xml_escape(&title),
            num(r.x),
            num(r.y),
            num(r.w),
            num(r.h),
            if b.kind == BoxKind::Asset { 4 } else { 8 },
            fill(b),
        );
        let _ = writeln!(
            o,
            r#"<text class="t" x="{}" y="{}">{}</text>"#,
            num(b.label.x),
            num(b.label.y + TITLE_FONT),
            xml_escape(&title)
        );
        if !b.subtitle.is_empty() {
            let _ = writeln!(
                o,
                r#"<text class="s" x="{}" y="{}">{}</text>"#,
                num(b.label.x),
                num(b.label.y + TITLE_FONT * 1.4 + SUB_FONT),
                xml_escape(&b.subtitle)
            );
        }
        o.push_str("</g>\n");
    }
    for e in &d.edges {
        let pts: Vec<String> = e.points.iter().map(|(x, y)| format!("{},{}", num(*x), num(*y))).collect();
        let l = e.label_rect;
        let _ = writeln!(
            o,
            r#"<g data-kind="edge" data-name="{}" data-from="{}" data-to="{}"><title>{}</title><polyline class="e" points="{}"/><rect class="el" x="{}" y="{}" width="{}" height="{}"/><text class="e" x="{}" y="{}">{}</text></g>"#,
            xml_escape(&e.network),
            d.boxes[e.from].id,
            d.boxes[e.to].id,
            xml_escape(&e.label),
            pts.join(" "),
            num(l.x),
            num(l.y),
            num(l.w),
            num(l.h),
            num(l.x + 3.0),
            num(l.y + SUB_FONT),
            xml_escape(&e.label)
        );
    }
    o.push_str("</svg>\n");
    o
}

/// A Mermaid label: quoted by the caller; `"` and the characters Mermaid or HTML
/// would read are written as Mermaid entity codes.
pub fn mermaid_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '"' => out.push_str("#quot;"),
            '#' => out.push_str("#35;"),
            '<' => out.push_str("#lt;"),
            '>' => out.push_str("#gt;"),
            '&' => out.push_str("#amp;"),
            '`' => out.push_str("#96;"),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// Mermaid text (`flowchart LR`): a `subgraph` per zone and per site that holds
/// something, a node per asset (and per empty site), an edge per network.
pub fn mermaid(d: &Diagram) -> String {
    let mut o = String::from("flowchart LR\n");
    fn emit(d: &Diagram, i: usize, depth: usize, o: &mut String) {
        let b = &d.boxes[i];
        let pad = "  ".repeat(depth);
        let title = mermaid_escape(&shown_title(b, Lang::Ja));
        if b.kind == BoxKind::Asset || (b.children.is_empty() && b.kind == BoxKind::Site) {
            let _ = writeln!(o, "{pad}{}[\"{title}\"]", b.id);
        } else {
            let _ = writeln!(o, "{pad}subgraph {}[\"{title}\"]", b.id);
            for &c in &b.children {
                emit(d, c, depth + 1, o);
            }
            let _ = writeln!(o, "{pad}end");
        }
    }
    for &r in &d.roots {
        emit(d, r, 1, &mut o);
    }
    for e in &d.edges {
        let _ = writeln!(o, "  {} ---|\"{}\"| {}", d.boxes[e.from].id, mermaid_escape(&e.label), d.boxes[e.to].id);
    }
    o
}

/// Escape text for a DOT double-quoted string.
pub fn dot_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// Graphviz DOT text: a cluster per zone and per site; a site's own node (the
/// edges' end) sits in its cluster; assets are boxes.
pub fn dot(d: &Diagram) -> String {
    let mut o = String::from(
        "graph migc {\n  compound=true;\n  fontname=\"Noto Sans CJK JP\";\n  node [fontname=\"Noto Sans CJK JP\", shape=box];\n  edge [fontname=\"Noto Sans CJK JP\"];\n",
    );
    if !d.title.is_empty() {
        let _ = writeln!(o, "  label=\"{}\";\n  labelloc=t;", dot_escape(&d.title));
    }
    fn emit(d: &Diagram, i: usize, depth: usize, o: &mut String) {
        let b = &d.boxes[i];
        let pad = "  ".repeat(depth);
        let title = dot_escape(&shown_title(b, Lang::Ja));
        match b.kind {
            BoxKind::Asset => {
                let _ = writeln!(o, "{pad}{} [label=\"{title}\"];", b.id);
            }
            _ => {
                let _ = writeln!(o, "{pad}subgraph cluster_{} {{", b.id);
                let _ = writeln!(o, "{pad}  label=\"{title}\";");
                if b.kind == BoxKind::Site {
                    let _ = writeln!(o, "{pad}  {} [label=\"{title}\", shape=plaintext];", b.id);
                } else {
                    let _ = writeln!(o, "{pad}  style=dashed;");
                }
                for &c in &b.children {
                    emit(d, c, depth + 1, o);
                }
                let _ = writeln!(o, "{pad}}}");
            }
        }
    }
    for &r in &d.roots {
        emit(d, r, 1, &mut o);
    }
    for e in &d.edges {
        let _ = writeln!(o, "  {} -- {} [label=\"{}\"];", d.boxes[e.from].id, d.boxes[e.to].id, dot_escape(&e.label));
    }
    o.push_str("}\n");
    o
}
