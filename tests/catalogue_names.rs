#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a test may fail loudly
//! Features of the same name told apart (issue 18, point 4): the catalogue's qualifiers and
//! the one name every list, chip, card and hover shows.

use std::collections::HashMap;

use dalian_atlas::catalogue::Catalogue;
use dalian_atlas::i18n::Lang;
use dalian_atlas::symbology::display_name;
use dalian_atlas::symbology::names::qualified_name;

#[test]
fn no_two_catalogue_features_share_a_displayed_name_in_either_language() {
    let c = Catalogue::builtin().expect("catalogue");
    for lang in [Lang::Zh, Lang::En] {
        let mut seen: HashMap<String, &str> = HashMap::new();
        for (k, f) in c.features.iter().enumerate() {
            let name = display_name(lang, &c, k);
            assert!(!name.trim().is_empty(), "{} has no displayed name", f.id);
            if let Some(other) = seen.insert(name.clone(), f.id.as_str()) {
                panic!("{other} and {} are both shown as “{name}” ({lang:?})", f.id);
            }
        }
    }
}

#[test]
fn every_qualifier_is_quoted_from_the_features_own_source_or_note() {
    let c = Catalogue::builtin().expect("catalogue");
    let qualified: Vec<_> = c.features.iter().filter(|f| f.qualifier_zh.is_some()).collect();
    assert!(qualified.len() >= 13, "the corridors, ports and hubs have qualifiers");
    for f in qualified {
        let q = f.qualifier_zh.as_deref().unwrap_or_default();
        assert!(
            f.source_zh.contains(q) || f.note.as_deref().is_some_and(|n| n.contains(q)),
            "{}: “{q}” is in neither source_zh nor note",
            f.id
        );
    }
}

#[test]
fn every_name_shared_by_several_features_is_told_apart_in_chinese() {
    let c = Catalogue::builtin().expect("catalogue");
    let mut by_name: HashMap<&str, usize> = HashMap::new();
    for f in &c.features {
        *by_name.entry(f.name_zh.as_str()).or_default() += 1;
    }
    let shared: Vec<&str> = by_name.iter().filter(|(_, n)| **n > 1).map(|(name, _)| *name).collect();
    for class in ["高速铁路", "高速公路", "轨道交通", "交通枢纽", "港口", "高新区"] {
        assert!(shared.contains(&class), "{class} is shared by several features");
    }
    for (k, f) in c.features.iter().enumerate() {
        let shown = display_name(Lang::Zh, &c, k);
        if shared.contains(&f.name_zh.as_str()) {
            assert!(
                shown.starts_with(&f.name_zh) && shown.len() > f.name_zh.len(),
                "{} is shown as “{shown}”",
                f.id
            );
        } else {
            assert_eq!(shown, f.name_zh, "a unique name is shown alone");
        }
    }
}

#[test]
fn the_lines_and_hubs_read_with_the_line_or_place_their_sketch_is() {
    let c = Catalogue::builtin().expect("catalogue");
    let shown = |id: &str| {
        let k = c.features.iter().position(|f| f.id == id).expect(id);
        display_name(Lang::Zh, &c, k)
    };
    assert_eq!(shown("5g.corridor.hsr-harbin-dalian"), "高速铁路 · 哈大高铁");
    assert_eq!(shown("5g.corridor.metro-12"), "轨道交通 · 地铁12号线");
    assert_eq!(shown("5g.hub.dalian-north-station"), "交通枢纽 · 大连北站");
    // No qualifier in the text: the category tells the core from the 5G priority area.
    assert_eq!(shown("layout.core.gaoxin"), "高新区 · 双核");
    assert_eq!(shown("5g.gaoxin"), "高新区 · 5G深度覆盖优先区域");
    // A map label keeps the qualifier, not the category (the symbol shows it).
    let gaoxin = c.feature("5g.gaoxin").expect("gaoxin");
    assert_eq!(qualified_name(Lang::Zh, gaoxin), "高新区");
    let metro = c.feature("5g.corridor.metro-1").expect("metro 1");
    assert_eq!(qualified_name(Lang::Zh, metro), "轨道交通 · 地铁1号线");
    assert_eq!(qualified_name(Lang::En, metro), metro.name_en);
}

#[test]
fn a_qualifier_that_is_not_in_the_features_text_is_refused() {
    let text = r#"{"note":"n","features":[{"id":"x","layer":"infrastructure","name_zh":"交通枢纽",
        "qualifier_zh":"大连西站","name_en":"Hub","category":"5g_hub","plan_refs":["box1.p2"],
        "source":"s","source_zh":"大连站的大致位置","placed":false}]}"#;
    let e = Catalogue::from_json("t.json", text).expect_err("refused");
    assert!(
        e.to_string().contains("feature x") && e.to_string().contains("大连西站"),
        "{e}"
    );
    let quoted = text.replace("大连西站", "大连站");
    assert!(
        Catalogue::from_json("t.json", &quoted).is_ok(),
        "a quoted qualifier loads"
    );
}

#[test]
fn a_search_for_the_line_finds_the_feature_of_the_class_name() {
    let c = Catalogue::builtin().expect("catalogue");
    let found = dalian_atlas::catalogue::search_features(&c, "哈大高铁");
    let ids: Vec<&str> = found.iter().map(|&k| c.features[k].id.as_str()).collect();
    assert_eq!(ids, ["5g.corridor.hsr-harbin-dalian"]);
}
