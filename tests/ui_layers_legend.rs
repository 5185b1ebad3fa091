#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a test may fail loudly
//! The layers tab's legend wraps whole items (issue 18, point 12): each symbol stays on
//! the row of its text, and a text that fits a row is not broken.

mod common;

use common::{harness_sized, plan};
use dalian_atlas::action::RightTab;
use dalian_atlas::app::AtlasApp;
use dalian_atlas::catalogue::Catalogue;
use dalian_atlas::i18n::{Key, Lang, tr};
use dalian_atlas::state::AppState;
use dalian_atlas::symbology::feature_style;
use egui::accesskit::Role;
use egui_kittest::kittest::Queryable;

/// Every legend text the layers tab can show in `lang`.
fn legend_texts(lang: Lang) -> Vec<String> {
    let c = Catalogue::builtin().expect("catalogue");
    let mut texts: Vec<String> = c
        .features
        .iter()
        .filter(|f| f.placed)
        .map(|f| {
            let s = feature_style(f);
            if lang == Lang::Zh { s.zh } else { s.en }.to_string()
        })
        .collect();
    texts.push(tr(lang, Key::LegendApproximate).to_string());
    texts.push(tr(lang, Key::LegendDistrict).to_string());
    texts.sort();
    texts.dedup();
    texts
}

fn check_rows(lang: Lang, size: [f32; 2]) {
    let state = AppState {
        lang,
        right_tab: RightTab::Layers,
        ..AppState::default()
    };
    let harness = harness_sized(AtlasApp::with_state(plan(), state), size);
    let mut checked = 0;
    let mut items: Vec<(String, egui::Rect, egui::Rect)> = Vec::new();
    for text in legend_texts(lang) {
        let swatches: Vec<egui::Rect> = harness
            .query_all_by_role_and_label(Role::Image, &text)
            .map(|n| n.rect())
            .collect();
        let labels: Vec<egui::Rect> = harness
            .query_all_by_role_and_label(Role::Label, &text)
            .map(|n| n.rect())
            .collect();
        assert_eq!(swatches.len(), labels.len(), "{text}: one symbol per text at {size:?}");
        for (swatch, label) in swatches.into_iter().zip(labels) {
            items.push((text.clone(), swatch, label));
        }
    }
    // Only an item that starts its row (no other item left of it on that row) may be
    // wider than the row.
    let starts_row = |swatch: &egui::Rect| {
        !items
            .iter()
            .any(|(_, s, l)| l.max.x <= swatch.min.x && s.min.y < swatch.max.y && swatch.min.y < s.max.y)
    };
    for (text, swatch, label) in &items {
        {
            checked += 1;
            assert!(
                label.min.x >= swatch.max.x - 0.5 && label.min.x - swatch.max.x < 12.0,
                "{text}: the text {label:?} is not just right of its symbol {swatch:?} at {size:?}"
            );
            assert!(
                label.min.y < swatch.max.y && swatch.min.y < label.max.y,
                "{text}: the symbol {swatch:?} and the text {label:?} are on different rows at {size:?}"
            );
            assert!(
                label.height() < 1.6 * swatch.height() || starts_row(swatch),
                "{text}: the text is broken over lines ({label:?}) although it does not start a row at {size:?}"
            );
        }
    }
    assert!(checked >= 8, "the legend items are drawn ({checked} at {size:?})");
}

#[test]
fn each_legend_symbol_stays_on_the_row_of_its_text_at_narrow_widths() {
    for size in [[1000.0, 700.0], [1366.0, 768.0], [1600.0, 1000.0]] {
        check_rows(Lang::Zh, size);
        check_rows(Lang::En, size);
    }
}
