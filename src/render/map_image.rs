//! Map images: the map alone (no panels) at a chosen size, as the window draws it —
//! basemap, the plan's layers, legend, scale bar, north arrow, attribution and the 示意
//! disclaimer (all from [`crate::map::map_ui`] and its plugins) — under a title band
//! with the title and a line with the source and the date.
//!
//! # Layout and scale
//!
//! The title band spans the top of the image, above the map, so it can never cover the
//! legend (top left of the map) or the north arrow (top right). The map fills the rest.
//!
//! An image is drawn at `pixels_per_point` = shorter side / 1000 px, clamped to 1…3
//! ([`pixels_per_point_for`]): 1920×1080 → 1.08, 3840×2160 → 2.16, 640×400 → 1. So 1080p
//! and 4K images show the same layout and the same map extent for the same view, 4K with
//! twice the detail and text that stays readable at full size; small images are drawn
//! at 1:1 and show less. A view's zoom is in the window's units (points), so a view
//! taken from the window at 1600×1000 shows about the same area in the image.
//!
//! Rendering is deterministic: the map's centre and zoom are set explicitly for every
//! image, no tiles are drawn, nothing animates (see [`super`] for the renderer).

use egui::{Align2, Color32, FontId, Rect, Stroke, pos2};
use image::RgbaImage;
use walkers::{MapMemory, lon_lat};

use super::{OffscreenRenderer, RenderError};
use crate::app::{install_fonts, install_style};
use crate::basemap::Basemap;
use crate::catalogue::{Catalogue, FeatureShapes};
use crate::coords::CoordinateSystem;
use crate::i18n::{Key, Lang, tr};
use crate::map::plan_layer::{LegendTexts, plan_legend};
use crate::map::{self, BasemapCache, MapView, PlanLayerCache, PlanLayerView};
use crate::model::MapView as View;
use crate::state::{LayerSetting, default_layers};

/// Height of the title band, in points.
pub const TITLE_BAND: f32 = 56.0;

/// The data every image draws from, loaded and triangulated once for a deck of images.
pub struct MapData {
    pub basemap: Basemap,
    pub cache: BasemapCache,
    pub catalogue: Catalogue,
    pub plan_cache: PlanLayerCache,
}

impl MapData {
    /// Prepares `basemap` and `catalogue` for drawing (WGS-84, no tiles).
    pub fn new(basemap: Basemap, catalogue: Catalogue) -> MapData {
        let cache = BasemapCache::new(&basemap, CoordinateSystem::Wgs84);
        let shapes = FeatureShapes::new(&catalogue, &basemap);
        let plan_cache = PlanLayerCache::new(&catalogue, &shapes, &basemap, CoordinateSystem::Wgs84);
        MapData {
            basemap,
            cache,
            catalogue,
            plan_cache,
        }
    }

    /// The built-in basemap and feature catalogue.
    pub fn builtin() -> Result<MapData, RenderError> {
        let basemap = Basemap::builtin().map_err(|e| RenderError::Input(e.to_string()))?;
        let catalogue = Catalogue::builtin().map_err(|e| RenderError::Input(e.to_string()))?;
        Ok(MapData::new(basemap, catalogue))
    }
}

/// What one image shows. A scene of a deck becomes one of these.
#[derive(Clone, Debug, PartialEq)]
pub struct MapImage {
    /// The title in the band at the top.
    pub title: String,
    /// Where the map looks; `None` frames the whole municipality, as the window does
    /// when it opens.
    pub view: Option<View>,
    /// The plan layers, top first (order, visibility, opacity), as in the 图层 tab.
    pub layers: Vec<LayerSetting>,
    /// Catalogue IDs of features to highlight (what a scene is about).
    pub highlighted: Vec<String>,
    /// Draw the legend.
    pub legend: bool,
}

impl MapImage {
    /// The whole municipality with the plan's four layers and the legend, titled `title`.
    pub fn whole_municipality(title: impl Into<String>) -> MapImage {
        MapImage {
            title: title.into(),
            view: None,
            layers: default_layers(),
            highlighted: Vec::new(),
            legend: true,
        }
    }
}

/// What all images of a deck share.
#[derive(Clone, Debug, PartialEq)]
pub struct ImageSettings {
    /// Physical pixels, `[width, height]`.
    pub size: [u32; 2],
    /// Language of the map's names, legend and furniture.
    pub lang: Lang,
    /// The source line under the title, e.g. the plan's title and document number
    /// (may be empty).
    pub source: String,
    /// The date printed under the title, e.g. `2025-06-01` (see [`today_utc`]).
    pub date: String,
}

/// `pixels_per_point` of an image of `size` pixels: the shorter side / 1000, clamped to
/// 1…3 (see the module doc).
pub fn pixels_per_point_for([width, height]: [u32; 2]) -> f32 {
    (width.min(height) as f32 / 1000.0).clamp(1.0, 3.0)
}

/// Today's date in UTC as `YYYY-MM-DD`.
pub fn today_utc() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let (y, m, d) = civil_from_days((secs / 86_400) as i64);
    format!("{y:04}-{m:02}-{d:02}")
}

/// Year, month, day of a day count since 1970-01-01 (proleptic Gregorian; H. Hinnant's
/// `civil_from_days`).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

/// The source line of a map image: the plan's title, document number and attachment, as
/// the plan text gives them (the English title is a translation).
pub fn plan_source(front: &crate::plan::FrontMatter, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("{}（{} {}）", front.title, front.document_number, front.attachment),
        Lang::En => format!(
            "Dalian Digital Economy 14th Five-Year Plan ({} {})",
            front.document_number, front.attachment
        ),
    }
}

/// “制图日期” / “Made”: the label of the date under the title.
fn date_label(lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => "制图日期",
        Lang::En => "Made",
    }
}

/// Prepares `renderer`'s context for map images: the bundled CJK font, the window's text
/// sizes, the light theme. Cheap to repeat.
pub fn prepare(renderer: &OffscreenRenderer) {
    install_fonts(renderer.ctx());
    install_style(renderer.ctx());
}

/// Draws `image` with `settings` (see the module doc). Call [`prepare`] once first.
pub fn render_map(
    renderer: &mut OffscreenRenderer,
    data: &MapData,
    image: &MapImage,
    settings: &ImageSettings,
) -> Result<RgbaImage, RenderError> {
    renderer.check_size(settings.size)?;
    let highlighted = image
        .highlighted
        .iter()
        .map(|id| {
            data.catalogue
                .features
                .iter()
                .position(|f| &f.id == id)
                .ok_or_else(|| RenderError::Input(format!("the feature catalogue has no feature “{id}”")))
        })
        .collect::<Result<Vec<usize>, _>>()?;
    let mut memory = MapMemory::default();
    if let Some(v) = image.view {
        memory
            .set_zoom(v.zoom)
            .map_err(|_| RenderError::Input(format!("zoom {} is out of the map's range", v.zoom)))?;
        memory.center_at(lon_lat(v.lon, v.lat));
    }
    let ppp = pixels_per_point_for(settings.size);
    let lang = settings.lang;
    renderer.render(settings.size, ppp, |ui| {
        let full = ui.max_rect();
        let band = Rect::from_min_max(full.min, pos2(full.max.x, full.min.y + TITLE_BAND));
        let map_rect = Rect::from_min_max(pos2(full.min.x, band.max.y), full.max);
        paint_title_band(ui.painter(), band, &image.title, &source_line(settings));
        let describe = |_: usize| String::new();
        let plan_view = PlanLayerView {
            catalogue: &data.catalogue,
            cache: &data.plan_cache,
            layers: &image.layers,
            selected: None,
            highlighted: &highlighted,
            chinese: lang == Lang::Zh,
            schematic: tr(lang, Key::SchematicMark),
            describe: &describe,
        };
        let legend_texts = LegendTexts {
            approximate: tr(lang, Key::LegendApproximate).to_string(),
            district: tr(lang, Key::LegendDistrict).to_string(),
        };
        let plan_legend = plan_legend(&plan_view, &legend_texts);
        let view = MapView {
            basemap: &data.basemap,
            cache: &data.cache,
            texts: map::basemap_texts(lang),
            overlay: map::overlay_texts(lang, plan_legend, image.legend),
            selected_division: None,
            plan: Some(plan_view),
            user: None,
            annotations: None,
        };
        // `fit` frames the municipality in the map's own rect on every pass, so the
        // view does not depend on how many passes egui runs.
        let fit = image.view.is_none();
        ui.scope_builder(egui::UiBuilder::new().max_rect(map_rect), |ui| {
            ui.set_clip_rect(map_rect);
            map::map_ui(ui, &mut memory, view, fit, None, 1.0);
        });
    })
}

/// One image of a deck and the file it goes to.
#[derive(Clone, Debug, PartialEq)]
pub struct DeckItem {
    pub image: MapImage,
    pub out: std::path::PathBuf,
}

/// One finished image of a deck, for a progress line: `[3/20] 专栏3 → out/03.png 0.8 s`.
#[derive(Clone, Debug, PartialEq)]
pub struct DeckProgress<'a> {
    /// 1-based.
    pub index: usize,
    pub count: usize,
    pub title: &'a str,
    pub out: &'a std::path::Path,
    /// Drawing and writing this image.
    pub seconds: f64,
}

impl std::fmt::Display for DeckProgress<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "[{}/{}] {} → {} {:.1} s",
            self.index,
            self.count,
            self.title,
            self.out.display(),
            self.seconds
        )
    }
}

/// Draws and writes every item as a PNG, in order, calling `progress` after each; stops
/// at the first failure. Returns the total seconds.
pub fn render_deck(
    renderer: &mut OffscreenRenderer,
    data: &MapData,
    settings: &ImageSettings,
    items: &[DeckItem],
    mut progress: impl FnMut(&DeckProgress),
) -> Result<f64, RenderError> {
    let start = std::time::Instant::now();
    renderer.check_size(settings.size)?;
    for (k, item) in items.iter().enumerate() {
        let t = std::time::Instant::now();
        let pixels = render_map(renderer, data, &item.image, settings)?;
        super::save_png(&pixels, &item.out)?;
        progress(&DeckProgress {
            index: k + 1,
            count: items.len(),
            title: &item.image.title,
            out: &item.out,
            seconds: t.elapsed().as_secs_f64(),
        });
    }
    Ok(start.elapsed().as_secs_f64())
}

/// “source · 制图日期 date”, or just the date.
fn source_line(settings: &ImageSettings) -> String {
    let date = format!("{} {}", date_label(settings.lang), settings.date);
    if settings.source.trim().is_empty() {
        date
    } else {
        format!("{} · {date}", settings.source.trim())
    }
}

/// The title band: white, a hairline at the bottom, the title centred (shrunk to fit
/// the width) and the source/date line under it.
fn paint_title_band(painter: &egui::Painter, band: Rect, title: &str, line: &str) {
    let dark = Color32::from_rgb(0x22, 0x2a, 0x35);
    let grey = Color32::from_rgb(0x5a, 0x62, 0x6e);
    painter.rect_filled(band, 0.0, Color32::WHITE);
    painter.line_segment(
        [band.left_bottom(), band.right_bottom()],
        Stroke::new(1.0, Color32::from_gray(170)),
    );
    let room = (band.width() - 24.0).max(40.0);
    let fitted = |text: &str, size: f32, colour: Color32| {
        let galley = painter.layout_no_wrap(text.to_string(), FontId::proportional(size), colour);
        if galley.size().x <= room {
            galley
        } else {
            let smaller = (size * room / galley.size().x).max(6.0);
            painter.layout_no_wrap(text.to_string(), FontId::proportional(smaller), colour)
        }
    };
    let title = fitted(title, 22.0, dark);
    let line = fitted(line, 12.0, grey);
    let top = band.top() + (band.height() - title.size().y - line.size().y - 2.0) / 2.0;
    let title_pos = Align2::CENTER_TOP
        .anchor_size(pos2(band.center().x, top), title.size())
        .min;
    let line_pos = Align2::CENTER_TOP
        .anchor_size(pos2(band.center().x, top + title.size().y + 2.0), line.size())
        .min;
    painter.galley(title_pos, title, dark);
    painter.galley(line_pos, line, grey);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_become_dates() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(19_723), (2024, 1, 1));
        assert_eq!(civil_from_days(19_782), (2024, 2, 29));
        assert_eq!(civil_from_days(-1), (1969, 12, 31));
    }

    #[test]
    fn text_scale_grows_with_the_image() {
        assert_eq!(pixels_per_point_for([640, 400]), 1.0);
        assert!((pixels_per_point_for([1920, 1080]) - 1.08).abs() < 1e-6);
        assert!((pixels_per_point_for([3840, 2160]) - 2.16).abs() < 1e-6);
        assert_eq!(pixels_per_point_for([8000, 8000]), 3.0);
    }
}
