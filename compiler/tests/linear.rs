//! Work that must stay linear in the input whatever it holds: many diagnostics on
//! one long line (positions and rendering), and repeated analyses.

use migc::diag::Lang;
use migc::workspace::Workspace;
use migc::{analyze, render};
use std::path::Path;
use std::time::Instant;

#[test]
fn many_diagnostics_on_one_long_line_are_rendered_without_the_line() {
    let n = 20_000;
    let text = format!("asset a {{ {}}}\n", "zz 1; ".repeat(n));
    let mut ws = Workspace::new("proj");
    ws.set_text(Path::new("proj").join("long.mig"), text.as_str());
    let a = analyze(&ws);
    let unknown = a.diagnostics.iter().filter(|d| d.code == "MIG2002").count();
    assert_eq!(unknown, n);

    let t = Instant::now();
    let human = render::human(&a, &a.diagnostics, Lang::En, false);
    let json = render::json(&a, &a.diagnostics, Lang::En);
    // Quadratic column counting would visit about 10^10 bytes here.
    assert!(t.elapsed().as_secs() < 10, "{:?}", t.elapsed());

    // The 120 KB line is never echoed; each diagnostic gives its position instead.
    assert!(!human.contains("zz 1; zz 1; zz 1"));
    assert!(human.len() < a.diagnostics.len() * 400, "{} bytes", human.len());
    let last_col = 10 + 6 * (n - 1) + 1;
    assert!(human.contains(&format!("long.mig:1:{last_col}: no such property")), "column of the last entry");
    assert!(json.contains(&format!("\"column\": {last_col}")));
}

#[test]
fn analyses_of_the_same_input_are_identical() {
    let text = "party p { role provider; country JP }\nsite s { kind datacenter; country JP; operated_by q }\n";
    let mut ws = Workspace::new("proj");
    ws.set_text(Path::new("proj").join("m.mig"), text);
    let (a, b) = (analyze(&ws), analyze(&ws));
    assert_eq!(a.diagnostics, b.diagnostics);
    assert_eq!(a.occurrences, b.occurrences);
    assert_eq!(render::json(&a, &a.diagnostics, Lang::En), render::json(&b, &b.diagnostics, Lang::En));
    let first = a.diagnostics.iter().find(|d| d.code == "MIG2006").expect("q is unknown");
    assert_eq!(first.help.as_ref().map(|h| h.en.as_str()), Some("did you mean `p`?"));
}

#[test]
fn fixes_for_many_missing_properties_on_one_long_line_stay_linear() {
    // 20k nested blocks on one line, each without its required `data`.
    let n = 20_000;
    let text = format!("termination t {{ {}}}\n", "return r { within 30d }; ".repeat(n));
    let mut ws = Workspace::new("proj");
    ws.set_text(Path::new("proj").join("long.mig"), text.as_str());
    let t = Instant::now();
    let a = analyze(&ws);
    assert!(t.elapsed().as_secs() < 10, "{:?}", t.elapsed());
    assert_eq!(a.diagnostics.iter().filter(|d| d.code == "MIG2003").count(), n);
}
