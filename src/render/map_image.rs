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

use super::{ImageLayout, OffscreenRenderer, PaintJob, RenderError};
use crate::basemap::Basemap;
use crate::catalogue::{Catalogue, FeatureShapes};
use crate::coords::CoordinateSystem;
use crate::i18n::{Key, Lang, tr};
use crate::map::plan::{LegendTexts, StatusStyling, plan_legend, status_legend};
use crate::map::user::{UserLayerCache, user_legend};
use crate::map::{self, BasemapCache, MapLayers, PlanLayerCache, PlanLayerView, UserLayersView};
use crate::model::MapView;
use crate::model::{Annotation, ProjectLayer};
use crate::model::{LayerSetting, LegendPlacement, default_layers};
use crate::theme::{install_fonts, install_style};

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

    /// The basemap and the plan's layers, without a project.
    pub fn sources(&self) -> MapSources<'_> {
        MapSources {
            basemap: &self.basemap,
            cache: &self.cache,
            catalogue: &self.catalogue,
            plan_cache: &self.plan_cache,
            user: None,
            annotations: &[],
            status: None,
        }
    }
}

/// A project's imported layers prepared for drawing, with the project (for images of its
/// scenes from the CLI; the window has its own).
pub struct ProjectData {
    pub project: crate::model::Project,
    pub user_cache: UserLayerCache,
}

impl ProjectData {
    /// Projects and triangulates `project`'s imported layers (WGS-84, no tiles).
    pub fn new(project: crate::model::Project) -> ProjectData {
        let user_cache = UserLayerCache::new(&project.user_layers, CoordinateSystem::Wgs84);
        ProjectData { project, user_cache }
    }
}

/// Everything an image draws from, borrowed: from a [`MapData`] (and a [`ProjectData`])
/// for the CLI, from the window's own caches for an export from the window. All caches
/// must be built for the same coordinate system (`cache.display`).
#[derive(Clone, Copy)]
pub struct MapSources<'a> {
    pub basemap: &'a Basemap,
    pub cache: &'a BasemapCache,
    pub catalogue: &'a Catalogue,
    pub plan_cache: &'a PlanLayerCache,
    /// A project's imported layers (bottom first) and their cache.
    pub user: Option<(&'a UserLayerCache, &'a [ProjectLayer])>,
    /// A project's annotations, drawn over everything but the map furniture.
    pub annotations: &'a [Annotation],
    /// The prepared status colours (issue 15) that images asking for status styling
    /// ([`MapImage::status_styling`]) draw with; `None`: every image in the plan's
    /// categories.
    pub status: Option<&'a StatusStyling>,
}

impl<'a> MapSources<'a> {
    /// These sources with the status colours `styling` (prepared from a project's
    /// statuses for `catalogue`), for images that ask for status styling.
    pub fn with_status(self, styling: &'a StatusStyling) -> MapSources<'a> {
        MapSources {
            status: Some(styling),
            ..self
        }
    }

    /// These sources with `project`'s imported layers and annotations.
    pub fn with_project(self, project: &'a ProjectData) -> MapSources<'a> {
        MapSources {
            user: Some((&project.user_cache, &project.project.user_layers)),
            annotations: &project.project.annotations,
            ..self
        }
    }
}

/// What one image shows. A scene of a deck becomes one of these.
#[derive(Clone, Debug, PartialEq)]
pub struct MapImage {
    /// The title in the band at the top.
    pub title: String,
    /// Where the map looks; `None` frames the whole municipality, as the window does
    /// when it opens.
    pub view: Option<MapView>,
    /// What the image must show, `(west, south, east, north)` in WGS-84: when set, the
    /// map is framed on it (filling the map's tighter side) instead of `view`'s zoom.
    pub extent: Option<crate::model::LonLatBox>,
    /// The plan layers, top first (order, visibility, opacity), as in the 图层 tab.
    pub layers: Vec<LayerSetting>,
    /// Catalogue IDs of features to highlight (what a scene is about).
    pub highlighted: Vec<String>,
    /// The imported layers' visibility by index (a scene's); empty or shorter: the
    /// layers' own.
    pub user_layers_visible: Vec<bool>,
    /// Where the legend goes, or none (the image's own choice, whatever the window's
    /// legend shows).
    pub legend: LegendPlacement,
    /// Draw the plan's features by project status, with the status legend (issue 15),
    /// in the colours the sources prepared ([`MapSources::status`]); without those, the
    /// plan's categories.
    pub status_styling: bool,
}

impl MapImage {
    /// The whole municipality with the plan's four layers and the legend, titled `title`.
    pub fn whole_municipality(title: impl Into<String>) -> MapImage {
        MapImage {
            title: title.into(),
            view: None,
            extent: None,
            layers: default_layers(),
            highlighted: Vec::new(),
            user_layers_visible: Vec::new(),
            legend: LegendPlacement::Auto,
            status_styling: false,
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

/// How an image is drawn around its map: the PNG images' title band and furniture, or a
/// print layout's bare map raster (whose page draws the title block, legend, north arrow,
/// scale bar, attribution and disclaimer as vector graphics, see [`super::print`]).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct MapFrame {
    /// Physical pixels per point; `None`: [`pixels_per_point_for`] the size.
    pub pixels_per_point: Option<f32>,
    /// The title band above the map ([`TITLE_BAND`] points).
    pub title_band: bool,
    /// The map furniture (legend, north arrow, scale bar, attribution, disclaimer).
    pub furniture: bool,
}

impl MapFrame {
    /// A map image: title band and furniture, at the size's own scale.
    pub const IMAGE: MapFrame = MapFrame {
        pixels_per_point: None,
        title_band: true,
        furniture: true,
    };

    /// A print layout's map raster at `pixels_per_point`: the map alone.
    pub fn bare(pixels_per_point: f32) -> MapFrame {
        MapFrame {
            pixels_per_point: Some(pixels_per_point),
            title_band: false,
            furniture: false,
        }
    }

    fn pixels_per_point(&self, size: [u32; 2]) -> f32 {
        self.pixels_per_point
            .filter(|p| p.is_finite() && *p > 0.0)
            .unwrap_or_else(|| pixels_per_point_for(size))
    }

    fn band(&self) -> f32 {
        if self.title_band { TITLE_BAND } else { 0.0 }
    }
}

/// `pixels_per_point` of an image of `size` pixels: the shorter side / 1000, clamped to
/// 1…3 (see the module doc).
pub fn pixels_per_point_for([width, height]: [u32; 2]) -> f32 {
    (width.min(height) as f32 / 1000.0).clamp(1.0, 3.0)
}

/// The map's part of an image of `size` pixels, in points: the image less the title band.
pub fn map_area_points(size: [u32; 2]) -> [f32; 2] {
    let ppp = pixels_per_point_for(size);
    [size[0] as f32 / ppp, (size[1] as f32 / ppp - TITLE_BAND).max(1.0)]
}

/// Today's date in UTC as `YYYY-MM-DD`.
pub fn today_utc() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let (y, m, d) = crate::io::dates::civil_from_days((secs / 86_400) as i64);
    format!("{y:04}-{m:02}-{d:02}")
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
    prepare_context(renderer.ctx());
}

/// [`prepare`] for an [`ImageLayout`] of its own.
pub fn prepare_layout(layout: &ImageLayout) {
    prepare_context(layout.ctx());
}

fn prepare_context(ctx: &egui::Context) {
    install_fonts(ctx);
    install_style(ctx);
}

/// Draws `image` with `settings` (see the module doc). Call [`prepare`] once first.
pub fn render_map(
    renderer: &mut OffscreenRenderer,
    sources: &MapSources,
    image: &MapImage,
    settings: &ImageSettings,
) -> Result<RgbaImage, RenderError> {
    renderer.check_size(settings.size)?;
    let job = layout_map(renderer.layout_mut(), sources, image, settings)?;
    renderer.paint(job)
}

/// Lays out and tessellates `image` for a [`super::GpuPainter`] (see [`PaintJob`]): the
/// cheap half of [`render_map`], which the window runs on its own thread. Call
/// [`prepare_layout`] once first.
pub fn layout_map(
    layout: &mut ImageLayout,
    sources: &MapSources,
    image: &MapImage,
    settings: &ImageSettings,
) -> Result<PaintJob, RenderError> {
    layout_map_framed(layout, sources, image, settings, MapFrame::IMAGE)
}

/// The catalogue indices of `image`'s highlighted features.
pub(crate) fn highlighted_indices(sources: &MapSources, image: &MapImage) -> Result<Vec<usize>, RenderError> {
    image
        .highlighted
        .iter()
        .map(|id| {
            sources
                .catalogue
                .features
                .iter()
                .position(|f| &f.id == id)
                .ok_or_else(|| RenderError::Input(format!("the feature catalogue has no feature “{id}”")))
        })
        .collect()
}

/// [`layout_map`] with the title band, furniture and scale of `frame` (a print layout's
/// raster: [`MapFrame::bare`]).
pub fn layout_map_framed(
    layout: &mut ImageLayout,
    sources: &MapSources,
    image: &MapImage,
    settings: &ImageSettings,
    frame: MapFrame,
) -> Result<PaintJob, RenderError> {
    layout.check_size(settings.size)?;
    let highlighted = highlighted_indices(sources, image)?;
    let display = sources.cache.display;
    let mut memory = MapMemory::default();
    let ppp = frame.pixels_per_point(settings.size);
    let band_height = frame.band();
    let framed = image.extent.map(|extent| {
        let (w, h) = (
            settings.size[0] as f32 / ppp,
            (settings.size[1] as f32 / ppp - band_height).max(1.0),
        );
        crate::model::view::fit_view_filling(extent, f64::from(w), f64::from(h), 1.0)
    });
    if let Some(v) = framed.or(image.view) {
        memory
            .set_zoom(v.zoom)
            .map_err(|_| RenderError::Input(format!("zoom {} is out of the map's range", v.zoom)))?;
        let [lon, lat] = display.from_wgs84([v.lon, v.lat]);
        memory.center_at(lon_lat(lon, lat));
    }
    let lang = settings.lang;
    let default_style = crate::model::Style::default();
    layout.layout(settings.size, ppp, |ui| {
        let full = ui.max_rect();
        let band = Rect::from_min_max(full.min, pos2(full.max.x, full.min.y + band_height));
        let map_rect = Rect::from_min_max(pos2(full.min.x, band.max.y), full.max);
        if frame.title_band {
            paint_title_band(ui.painter(), band, &image.title, &source_line(settings));
        }
        let describe = |_: usize| String::new();
        let (plan_view, user_view) = image_layer_views(sources, image, lang, &highlighted, &describe);
        // `fit` frames the municipality in the map's own rect on every pass, so the
        // view does not depend on how many passes egui runs.
        let fit = image.view.is_none() && image.extent.is_none();
        // A framed view's legend lists what is in it; the whole municipality shows all.
        let to_screen = (!fit)
            .then(|| memory.detached())
            .flatten()
            .map(|c| map::lod::ScreenFromMercator::new(memory.zoom(), [c.x(), c.y()], map_rect.center()));
        let in_view = to_screen.as_ref().map(|t| (t, map_rect));
        let legend_rows = image_legend_rows(&plan_view, user_view.as_ref(), lang, in_view);
        let mut sketch = map::annotations::Sketch::default();
        let mut annotation_output = map::annotations::AnnotationOutput::default();
        let annotations = (!sources.annotations.is_empty()).then_some(map::AnnotationPlugin {
            annotations: sources.annotations,
            selected: None,
            sketch: &mut sketch,
            tool: map::annotations::Tool::Select,
            display,
            default_style: &default_style,
            output: &mut annotation_output,
        });
        let view = MapLayers {
            basemap: sources.basemap,
            cache: sources.cache,
            texts: map::basemap_texts(lang),
            overlay: map::OverlayTexts {
                legend_placement: image.legend,
                legend_avoid: highlighted
                    .iter()
                    .filter_map(|&k| map::plan::item_mercator_box(sources.plan_cache, k))
                    .collect(),
                furniture: frame.furniture,
                ..map::overlay_texts(lang, legend_rows, image.legend != LegendPlacement::Off, false)
            },
            selected_division: None,
            zone_fill: None,
            plan: Some(plan_view),
            user: user_view,
            annotations,
            tooltips: false,
        };
        ui.scope_builder(egui::UiBuilder::new().max_rect(map_rect), |ui| {
            ui.set_clip_rect(map_rect);
            map::map_ui(ui, &mut memory, view, fit, None, 1.0);
        });
    })
}

/// The plan's and the imported layers' views of `image`: what its map draws and its
/// legend lists (also a print layout's vector legend).
pub fn image_layer_views<'a>(
    sources: &MapSources<'a>,
    image: &'a MapImage,
    lang: Lang,
    highlighted: &'a [usize],
    describe: &'a dyn Fn(usize) -> String,
) -> (PlanLayerView<'a>, Option<UserLayersView<'a>>) {
    let plan_view = PlanLayerView {
        area_fills: true,
        catalogue: sources.catalogue,
        cache: sources.plan_cache,
        layers: &image.layers,
        selected: None,
        highlighted,
        chinese: lang == Lang::Zh,
        schematic: tr(lang, Key::SchematicMark),
        describe,
        status: sources.status.filter(|_| image.status_styling),
    };
    let user_view = sources.user.map(|(cache, layers)| UserLayersView {
        cache,
        layers,
        selected: None,
        visible: Some(&image.user_layers_visible),
        big: map::user::BigLayers::DrawNow,
    });
    (plan_view, user_view)
}

/// The legend rows below the basemap's five of an image's map: the imported layers'
/// first (they lie on top, as in the window), then the plan's (or the status legend),
/// only what lies `in_view` (everything without one).
pub fn image_legend_rows(
    plan_view: &PlanLayerView,
    user_view: Option<&UserLayersView>,
    lang: Lang,
    in_view: Option<(&map::lod::ScreenFromMercator, Rect)>,
) -> Vec<crate::symbology::LegendRow> {
    let mut rows = user_view.map(user_legend).unwrap_or_default();
    if plan_view.status.is_some() {
        rows.extend(status_legend(
            plan_view,
            tr(lang, Key::Status(crate::i18n::StatusKey::Unset)),
            in_view,
        ));
    } else {
        let texts = LegendTexts {
            approximate: tr(lang, Key::LegendApproximate).to_string(),
            district: tr(lang, Key::LegendDistrict).to_string(),
        };
        rows.extend(plan_legend(plan_view, &texts, in_view));
    }
    rows
}

/// The image of a scene: its title, view, plan layers and imported layers' visibility,
/// with the features of its highlighted plan element and its selected feature
/// highlighted (as [`crate::app`] shows the scene).
pub fn scene_image(
    plan: &crate::plan::Plan,
    catalogue: &Catalogue,
    links: &crate::catalogue::Links,
    scene: &crate::model::Scene,
) -> MapImage {
    let mut highlighted: Vec<String> = scene
        .focus
        .as_deref()
        .map(|id| links.features_of(plan, id))
        .unwrap_or_default()
        .into_iter()
        .filter_map(|i| catalogue.features.get(i).map(|f| f.id.clone()))
        .collect();
    if let Some(id) = &scene.selected_feature
        && catalogue.feature(id).is_some()
        && !highlighted.contains(id)
    {
        highlighted.push(id.clone());
    }
    MapImage {
        title: scene.title.clone(),
        view: Some(scene.view),
        extent: scene.extent,
        layers: scene.layers_applied_to(&default_layers()),
        highlighted,
        user_layers_visible: scene.user_layers_visible.clone(),
        legend: LegendPlacement::Auto,
        status_styling: scene.status_styling.unwrap_or(false),
    }
}

/// `03-专栏3 软件产业高端化.png`: the scene's number (`index` from 0) and title, without
/// characters a file name cannot hold.
pub fn scene_file_name(index: usize, title: &str) -> String {
    let clean = file_stem(title);
    if clean.is_empty() {
        format!("{:02}.png", index + 1)
    } else {
        format!("{:02}-{clean}.png", index + 1)
    }
}

/// The longest [`file_stem`], in bytes: file systems allow 255, and a number, an
/// extension and a temporary suffix come on top.
const MAX_STEM_BYTES: usize = 150;

/// `title` without the characters a file name cannot hold (replaced by `_`), trimmed, at
/// most [`MAX_STEM_BYTES`] long (cut at a character boundary).
pub fn file_stem(title: &str) -> String {
    let clean: String = title
        .chars()
        .map(|c| {
            if c.is_control() || "/\\:*?\"<>|".contains(c) {
                '_'
            } else {
                c
            }
        })
        .collect();
    let mut stem = clean.trim();
    if stem.len() > MAX_STEM_BYTES {
        let cut = (0..=MAX_STEM_BYTES)
            .rev()
            .find(|&k| stem.is_char_boundary(k))
            .unwrap_or(0);
        stem = stem[..cut].trim_end();
    }
    stem.to_string()
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
    sources: &MapSources,
    settings: &ImageSettings,
    items: &[DeckItem],
    mut progress: impl FnMut(&DeckProgress),
) -> Result<f64, RenderError> {
    let start = std::time::Instant::now();
    renderer.check_size(settings.size)?;
    for (k, item) in items.iter().enumerate() {
        let t = std::time::Instant::now();
        let pixels = render_map(renderer, sources, &item.image, settings)?;
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
    fn file_names_lose_forbidden_characters_and_stay_short() {
        assert_eq!(scene_file_name(2, "专栏3/软件:产业"), "03-专栏3_软件_产业.png");
        assert_eq!(scene_file_name(0, "  "), "01.png");
        let long = "数".repeat(100);
        let stem = file_stem(&long);
        assert!(
            stem.len() <= MAX_STEM_BYTES && stem.chars().all(|c| c == '数'),
            "{}",
            stem.len()
        );
    }

    #[test]
    fn text_scale_grows_with_the_image() {
        assert_eq!(pixels_per_point_for([640, 400]), 1.0);
        assert!((pixels_per_point_for([1920, 1080]) - 1.08).abs() < 1e-6);
        assert!((pixels_per_point_for([3840, 2160]) - 2.16).abs() < 1e-6);
        assert_eq!(pixels_per_point_for([8000, 8000]), 3.0);
    }
}
