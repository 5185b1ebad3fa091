//! The map: the only module that touches walkers. The atlas's own offline basemap
//! (sea, land, schematic divisions, functional areas, places, labels), optional tile
//! layers under it, and the map furniture: scale bar, north arrow, legend, attribution
//! and the 示意 disclaimer, drawn only while schematic geometry (schematic divisions,
//! functional areas, schematic plan items) is in view, worded for what is.

pub mod annotations;
pub mod basemap;
pub mod camera;
pub mod interior;
pub mod labels;
pub mod legend_plate;
pub mod lod;
pub mod packed;
pub mod plan;
pub mod plugin;
pub mod screen;
pub mod simplify;
pub mod tile_layer;
pub mod user;

use egui::Ui;
use walkers::{Map, MapMemory, lon_lat};

pub use annotations::AnnotationPlugin;
pub use basemap::{BasemapCache, BasemapEvents, BasemapPlugin, BasemapTexts, SchematicInView, ZoneFill};
pub use plan::{PlanLayerCache, PlanLayerView};
pub use plugin::{OverlayPlugin, OverlayTexts};
pub use screen::GeoScreen;
pub use tile_layer::{TileLayer, TileLayerOptions, install_tls_provider};
pub use user::{UserLayerCache, UserLayersView};

use crate::basemap::{Basemap, DATA_BOX_LON_LAT};
use crate::model::LonLatBox;

/// Backdrop under a tile layer: what translucent tiles fade into.
pub const TILE_BACKDROP: egui::Color32 = egui::Color32::from_rgb(0xf7, 0xf6, 0xf2);

/// Centre of the box the atlas frames ([`DATA_BOX_LON_LAT`], Dalian municipality),
/// `[lon, lat]`.
pub const DALIAN_CENTRE_LON_LAT: [f64; 2] = [122.2, 39.4];

/// The web-Mercator zoom at which the municipality box ([`DATA_BOX_LON_LAT`]) fits
/// `size_px` (logical points), with a margin. Falls back to 9 for a degenerate size.
pub fn zoom_to_fit_box(size_px: egui::Vec2) -> f64 {
    zoom_to_fit(DATA_BOX_LON_LAT, size_px).min(12.0)
}

/// The web-Mercator zoom at which a box fits `size_px` with an 8 % margin, between 5
/// and 17 (a point gets 17). 9 for a degenerate size. The same framing as a scene's
/// ([`crate::model::fit_view`]).
pub fn zoom_to_fit(box_lon_lat: LonLatBox, size_px: egui::Vec2) -> f64 {
    crate::model::fit_view(box_lon_lat, f64::from(size_px.x), f64::from(size_px.y)).zoom
}

/// The basemap's texts in the interface language.
pub fn basemap_texts(lang: crate::i18n::Lang) -> BasemapTexts {
    use crate::i18n::{Key, tr};
    BasemapTexts {
        chinese: lang == crate::i18n::Lang::Zh,
        schematic: tr(lang, Key::SchematicMark).to_string(),
        area: tr(lang, Key::AreaAbout).to_string(),
    }
}

/// The map furniture's texts in the interface language, with the plan and user layers'
/// legend rows below the basemap's.
/// `foldable`: the window's legend, which a click folds and unfolds (not in images).
pub fn overlay_texts(
    lang: crate::i18n::Lang,
    plan_legend: Vec<plan::LegendRow>,
    legend_visible: bool,
    foldable: bool,
) -> OverlayTexts {
    use crate::i18n::{Key, tr};
    OverlayTexts {
        attribution: tr(lang, Key::Attribution).to_string(),
        disclaimer: tr(lang, Key::Disclaimer).to_string(),
        north: tr(lang, Key::North).to_string(),
        legend: [
            Key::LegendDivisions,
            Key::LegendFunctionalAreas,
            Key::LegendUrbanCentre,
            Key::LegendTowns,
            Key::LegendAirports,
        ]
        .map(|k| tr(lang, k).to_string()),
        plan_legend,
        legend_visible,
        legend_title: foldable.then(|| tr(lang, Key::MapLegendTitle).to_string()),
        legend_pinned: false,
        legend_placement: crate::model::LegendPlacement::TopLeft,
        legend_avoid: Vec::new(),
        furniture: true,
    }
}

/// The layers one frame of the map paints, besides the tiles (where the map looks is
/// [`crate::model::MapView`]'s, kept by walkers' memory).
pub struct MapLayers<'a> {
    pub basemap: &'a Basemap,
    /// Built for the tiles' coordinate system (see [`BasemapCache::display`]).
    pub cache: &'a BasemapCache,
    pub texts: BasemapTexts,
    pub overlay: OverlayTexts,
    /// Adcode of the selected division.
    pub selected_division: Option<u32>,
    /// A per-zone summary coloured over the divisions or functional areas.
    pub zone_fill: Option<&'a ZoneFill>,
    /// The plan's layers.
    pub plan: Option<PlanLayerView<'a>>,
    /// The project's imported layers.
    pub user: Option<UserLayersView<'a>>,
    /// The annotation layer (drawn over everything but the map furniture); it decides
    /// which mouse buttons pan the map.
    pub annotations: Option<AnnotationPlugin<'a>>,
    /// Show hover tooltips (never while drawing; off in presenter mode, where a click
    /// opens the feature's card instead).
    pub tooltips: bool,
}

/// Draws the map filling `ui`. `fit` re-frames the map on the municipality box (first
/// frame, or after “reset view”). `tiles`, if any, are drawn under the atlas's own
/// layers with `opacity` (0…1) over a light backdrop; their attribution is appended to
/// the atlas's, and when they are in GCJ-02 the cache was built shifted to match them.
/// Returns what the pointer did on the basemap, what schematic geometry was in view and
/// the 示意 disclaimer drawn for it (`overlay.disclaimer` while a schematic division is in
/// view, else the plan areas' text in the language of `view.texts` while a schematic
/// functional area or plan item is, else none).
pub fn map_ui(
    ui: &mut Ui,
    memory: &mut MapMemory,
    view: MapLayers,
    fit: bool,
    tiles: Option<&mut TileLayer>,
    opacity: f32,
) -> BasemapEvents {
    if fit {
        let zoom = zoom_to_fit_box(ui.available_size());
        // `set_zoom` only fails outside walkers' zoom range, which the clamp above excludes.
        let _ = memory.set_zoom(zoom);
        memory.center_at(lon_lat(DALIAN_CENTRE_LON_LAT[0], DALIAN_CENTRE_LON_LAT[1]));
    }
    let centre = lon_lat(DALIAN_CENTRE_LON_LAT[0], DALIAN_CENTRE_LON_LAT[1]);
    let mut overlay = view.overlay;
    if let Some(t) = &tiles
        && !t.attribution_text().is_empty()
    {
        overlay.attribution = format!("{} · {}", overlay.attribution, t.attribution_text());
    }
    let over_tiles = tiles.is_some();
    let plan_areas_disclaimer = {
        use crate::i18n::{Key, Lang, tr};
        let lang = if view.texts.chinese { Lang::Zh } else { Lang::En };
        tr(lang, Key::DisclaimerPlanAreas).to_string()
    };
    // Written by the basemap plugin, read by the overlay plugin that runs after it.
    let schematic = std::cell::Cell::new(SchematicInView::default());
    let disclaimer_shown = std::cell::Cell::new(None);
    let mut events = BasemapEvents::default();
    // The select tool (or no annotation layer): clicks select, hovers show tooltips.
    let selecting = view
        .annotations
        .as_ref()
        .is_none_or(|a| a.tool == annotations::Tool::Select);
    // The basemap plugin keeps labels and hover off the legend, which the furniture
    // plugin draws later: both work out its place from the same texts.
    let legend_texts = overlay.clone();
    // The wheel zooms (about the pointer), as in every desktop GIS; a drag pans.
    let mut map = Map::new(None, memory, centre).zoom_with_ctrl(false);
    if let Some(a) = &view.annotations {
        map = map.drag_pan_buttons(annotations::pan_buttons(a.sketch, a.tool));
    }
    if let Some(tiles) = tiles {
        ui.painter()
            .rect_filled(ui.available_rect_before_wrap(), 0.0, TILE_BACKDROP);
        map = map.with_layer(tiles, opacity.clamp(0.0, 1.0));
    }
    map = map.with_plugin(BasemapPlugin {
        legend: &legend_texts,
        basemap: view.basemap,
        cache: view.cache,
        texts: view.texts,
        selected_division: view.selected_division,
        zone_fill: view.zone_fill,
        tiles_underneath: over_tiles,
        plan: view.plan,
        user: view.user,
        annotations: view.annotations.as_ref().map_or(&[], |a| a.annotations),
        tooltips: view.tooltips && selecting,
        events: &mut events,
        schematic: &schematic,
    });
    if let Some(a) = view.annotations {
        map = map.with_plugin(a);
    }
    let legend_clicked = std::cell::Cell::new(false);
    let legend_open = std::cell::Cell::new(false);
    ui.add(map.with_plugin(OverlayPlugin {
        texts: overlay,
        plan_areas_disclaimer,
        schematic: &schematic,
        disclaimer_shown: &disclaimer_shown,
        legend_clicked: selecting.then_some(&legend_clicked),
        legend_open: &legend_open,
    }));
    events.legend_open = legend_open.get();
    events.disclaimer_shown = disclaimer_shown.take();
    keep_in_context(memory);
    if legend_clicked.get() {
        // The click folded or unfolded the legend: it selects nothing beneath it.
        events.legend_clicked = true;
        events.clicked = None;
        events.clicked_feature = None;
        events.clicked_user_feature = None;
    }
    events
}

/// Brings the map back where the context land covers it ([`camera::bounded`]) after the
/// user zoomed out or panned too far: the map never shows blank canvas.
fn keep_in_context(memory: &mut MapMemory) {
    let zoom = memory.zoom();
    let Some(centre) = memory.detached() else { return };
    let view = camera::CameraView {
        lon_lat: [centre.x(), centre.y()],
        zoom,
    };
    let kept = camera::bounded(view);
    if kept.zoom != view.zoom {
        // Only fails beyond walkers' zoom range, which the minimum is inside.
        let _ = memory.set_zoom(kept.zoom);
    }
    if kept.lon_lat != view.lon_lat {
        memory.center_at(lon_lat(kept.lon_lat[0], kept.lon_lat[1]));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_box_fits_a_typical_map_area_at_about_zoom_eight() {
        let z = zoom_to_fit_box(egui::vec2(700.0, 900.0));
        assert!((7.0..9.5).contains(&z), "{z}");
        assert!(zoom_to_fit_box(egui::vec2(2000.0, 2000.0)) > z);
        assert_eq!(zoom_to_fit_box(egui::vec2(0.0, 0.0)), 9.0);
    }
}
