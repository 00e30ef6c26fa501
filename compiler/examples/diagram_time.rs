//! Times the 全体構成図 of a model in-process: layout (`diagram::build`) and the
//! SVG (`diagram::svg`), apart from loading and checking, which `migc check`'s own
//! benchmark covers. Run by `bench/report.sh` (release build):
//!
//!     cargo run --release -p migc --example diagram_time -- DIR [RUNS]
//!
//! Prints one JSON line: the model's boxes and edges, and the best and median
//! milliseconds of RUNS runs (after 2 warm-up runs) of build alone and build + SVG.

use migc::diag::Lang;
use migc::{analyze, diagram, workspace};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let Some(dir) = args.next().map(PathBuf::from) else {
        eprintln!("usage: diagram_time DIR [RUNS]");
        return ExitCode::from(2);
    };
    let runs: usize = args.next().and_then(|r| r.parse().ok()).unwrap_or(20).max(1);
    let ws = match workspace::load_root(&dir) {
        Ok(ws) => ws,
        Err(e) => {
            eprintln!("diagram_time: cannot load {}: {e}", dir.display());
            return ExitCode::from(2);
        }
    };
    let analysis = analyze(&ws);
    let (mut build_ms, mut svg_ms) = (Vec::with_capacity(runs), Vec::with_capacity(runs));
    let mut shape = (0, 0, 0, 0);
    for i in 0..runs + 2 {
        let t = Instant::now();
        let d = diagram::build(&analysis);
        let built = t.elapsed();
        let svg = diagram::svg(&d, Lang::Ja, false);
        let all = t.elapsed();
        shape = (d.boxes_of("asset").count(), d.boxes.len(), d.edges.len(), svg.len());
        if i >= 2 {
            build_ms.push(built.as_secs_f64() * 1000.0);
            svg_ms.push(all.as_secs_f64() * 1000.0);
        }
    }
    let stats = |v: &mut Vec<f64>| {
        v.sort_by(f64::total_cmp);
        (v[0], v[v.len() / 2])
    };
    let ((bb, bm), (sb, sm)) = (stats(&mut build_ms), stats(&mut svg_ms));
    println!(
        "{{\"assets\":{},\"boxes\":{},\"edges\":{},\"svg_bytes\":{},\"runs\":{runs},\"build_best_ms\":{bb:.2},\"build_median_ms\":{bm:.2},\"svg_best_ms\":{sb:.2},\"svg_median_ms\":{sm:.2}}}",
        shape.0, shape.1, shape.2, shape.3
    );
    ExitCode::SUCCESS
}
