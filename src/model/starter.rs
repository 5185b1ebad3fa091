//! The starter deck: [`starter_scenes`] builds a deck from the plan, its feature catalogue
//! and the map data, so that a planner starts from a usable deck and edits it: the plan's
//! overall layout, one scene per core and zone of that layout, the 5G priorities, and one
//! scene per column (专栏). Every title and every quotation in the notes is read from the
//! plan or the catalogue at run time; nothing is typed in twice.

use super::scene::Scene;
use super::view::{LonLatBox, MapView, extent_of_view, fit_view, union};
use crate::basemap::{Basemap, DATA_BOX_LON_LAT};
use crate::catalogue::{Catalogue, Feature, FeatureShapes, Layer, Links};
use crate::model::{LayerSetting, default_layers};
use crate::plan::{ElementKind, Plan, TargetKind};

/// The map area the starter scenes are framed for, in logical pixels: a nominal 1600×1000
/// window less the plan panel on the left, the right panel and the menu and status bars.
pub const STARTER_VIEWPORT_PX: (f64, f64) = (700.0, 900.0);
/// The closest a starter scene frames features (as the window frames a plan element), so
/// that a single site keeps its surroundings.
pub const STARTER_MAX_FEATURE_ZOOM: f64 = 13.0;
/// The closest the municipality view gets (as the window's reset view).
pub const STARTER_MAX_CITY_ZOOM: f64 = 12.0;

/// Whether a feature is drawn as an area covering every division of the municipality
/// (it would only repeat the city outline: the map lists it as city-wide rather than
/// drawing it). The same rule as the map's plan layers.
pub fn is_city_wide(feature: &Feature, basemap: &Basemap) -> bool {
    !basemap.divisions.is_empty()
        && feature.placed
        && feature.lon_lat.is_none()
        && feature.line_lon_lat.is_none()
        && feature.functional_areas.is_empty()
        && basemap.divisions.iter().all(|d| feature.divisions.contains(&d.adcode))
}

/// What the starter deck needs, with the city-wide features worked out once.
struct Deck<'a> {
    plan: &'a Plan,
    catalogue: &'a Catalogue,
    links: &'a Links,
    shapes: &'a FeatureShapes,
    city_wide: Vec<usize>,
}

/// The text up to and including the first “。” (the whole text without one).
fn first_sentence(text: &str) -> &str {
    match text.find('。') {
        Some(k) => &text[..k + '。'.len_utf8()],
        None => text,
    }
}

/// The sentences of a text, each with its “。”.
fn sentences(text: &str) -> Vec<&str> {
    text.split_inclusive('。').filter(|s| !s.trim().is_empty()).collect()
}

/// A paragraph's heading: its first sentence when that is short and has no comma (the
/// plan's paragraphs often open so: “工业互联网应用先导区。”, “加快5G精品网络建设。”).
fn heading(text: &str) -> Option<&str> {
    let first = first_sentence(text);
    let bare = first.strip_suffix('。')?;
    (!bare.is_empty() && bare.chars().count() <= 24 && !bare.contains('，')).then_some(bare)
}

/// A starter scene's view (in [`STARTER_VIEWPORT_PX`]) and extent.
struct Framing {
    view: MapView,
    extent: LonLatBox,
}

/// `bbox` framed with a margin and at most `max_zoom`. The extent is the box with the
/// margin, grown to at least what `max_zoom` shows in a square of the starter viewport's
/// shorter side, so a single site keeps its surroundings in a map of any shape.
fn framing(bbox: LonLatBox, max_zoom: f64) -> Framing {
    let (w, h) = STARTER_VIEWPORT_PX;
    let mut view = fit_view(bbox, w, h);
    view.zoom = view.zoom.min(max_zoom);
    let (west, south, east, north) = bbox;
    // fit_view's 92 % fill: 4 % of the span on each side.
    let (dx, dy) = ((east - west).abs() * 0.0435, (north - south).abs() * 0.0435);
    let with_margin = (
        west.min(east) - dx,
        south.min(north) - dy,
        west.max(east) + dx,
        south.max(north) + dy,
    );
    let side = w.min(h);
    let closest = extent_of_view(MapView { zoom: max_zoom, ..view }, side, side);
    Framing {
        view,
        extent: union(with_margin, closest),
    }
}

impl Scene {
    /// A starter scene: `title` framed by `framing`.
    fn framed(title: impl Into<String>, framing: Framing) -> Scene {
        Scene {
            extent: Some(framing.extent),
            ..Scene::new(title, framing.view)
        }
    }
}

impl Deck<'_> {
    fn feature(&self, k: usize) -> Option<&Feature> {
        self.catalogue.features.get(k)
    }

    /// The features of `indices` the map draws on their own: placed, not city-wide.
    fn drawn(&self, indices: &[usize]) -> Vec<usize> {
        indices
            .iter()
            .copied()
            .filter(|k| self.shapes.of(*k).is_some() && !self.city_wide.contains(k))
            .collect()
    }

    /// The municipality, as the window's reset view.
    fn city_view(&self) -> Framing {
        framing(DATA_BOX_LON_LAT, STARTER_MAX_CITY_ZOOM)
    }

    /// The features framed (the municipality when none is drawn).
    fn frame(&self, indices: &[usize]) -> Framing {
        match self.shapes.bbox_of(&self.drawn(indices)) {
            Some(bbox) => framing(bbox, STARTER_MAX_FEATURE_ZOOM),
            None => self.city_view(),
        }
    }

    /// The plan layers in their default order, all opaque, showing `main` and every
    /// layer that draws one of `features`, the others hidden.
    fn layers(&self, main: &[Layer], features: &[usize]) -> Vec<LayerSetting> {
        let shown: Vec<Layer> = self
            .drawn(features)
            .into_iter()
            .filter_map(|k| self.feature(k).map(|f| f.layer))
            .chain(main.iter().copied())
            .collect();
        default_layers()
            .into_iter()
            .map(|l| LayerSetting {
                visible: shown.contains(&l.layer),
                ..l
            })
            .collect()
    }

    /// Where an element stands: `第二章 总体要求 · 第四节 整体布局（ch2.s4.p2）`.
    fn source_line(&self, id: &str) -> String {
        let container = match self.plan.kind_of(id) {
            Some(ElementKind::Paragraph) => self.plan.container_of(id).unwrap_or(id),
            _ => id,
        };
        let chapter = match self.plan.kind_of(container) {
            Some(ElementKind::Section) => container.split('.').next().map(str::to_string),
            Some(ElementKind::Box) => self.plan.text_box(container).map(|b| b.chapter.clone()),
            _ => None,
        };
        let mut parts: Vec<String> = Vec::new();
        if let Some(title) = chapter.and_then(|c| self.plan.title_of(&c)) {
            parts.push(title);
        }
        if let Some(title) = self.plan.title_of(container) {
            parts.push(title);
        }
        format!("出处：{}（{id}）", parts.join(" · "))
    }

    /// Names of the features, catalogue order, `、`-separated, each once (the plan calls
    /// different features by the same name: 高新区 the core and the 5G priority area).
    fn names(&self, indices: &[usize]) -> String {
        let mut names: Vec<&str> = Vec::new();
        for f in indices.iter().filter_map(|k| self.feature(*k)) {
            if !names.contains(&f.name_zh.as_str()) {
                names.push(&f.name_zh);
            }
        }
        names.join("、")
    }

    /// What the layout's scenes show: the layout, the parks and bases (the plan lays the
    /// zones out on them: 依托…园区), and the layers of what `features` rely on (依托).
    fn layout_layers(&self, features: &[usize]) -> Vec<LayerSetting> {
        let relied: Vec<usize> = features
            .iter()
            .filter_map(|k| self.feature(*k))
            .flat_map(|f| &f.relies_on)
            .filter_map(|id| self.catalogue.features.iter().position(|g| &g.id == id))
            .collect();
        self.layers(&[Layer::Layout, Layer::Parks], &relied)
    }

    /// (a) The plan's overall layout: the section whose paragraphs name the most features
    /// of the layout layer, shown whole on the municipality.
    fn layout(&self) -> Option<Scene> {
        let layout: Vec<usize> = self.layer_features(Layer::Layout);
        let section = self
            .plan
            .chapters
            .iter()
            .flat_map(|c| &c.sections)
            .map(|s| {
                let found = self.links.features_of(self.plan, &s.id);
                (layout.iter().filter(|k| found.contains(k)).count(), s)
            })
            .filter(|(n, _)| *n > 0)
            .enumerate()
            // The first of the sections naming the most (max_by_key alone keeps the last).
            .max_by_key(|(k, (n, _))| (*n, std::cmp::Reverse(*k)))?
            .1
            .1;
        let mut scene = Scene::framed(section.title.clone(), self.city_view());
        let mut notes: Vec<String> = Vec::new();
        if let Some(p) = section.paragraphs.first() {
            notes.push(first_sentence(&p.text).to_string());
        }
        notes.push(self.source_line(&section.id));
        scene.notes = notes.join("\n");
        scene.layers = self.layout_layers(&[]);
        scene.focus = Some(section.id.clone());
        scene.shown = Some(section.id.clone());
        Some(scene)
    }

    fn layer_features(&self, layer: Layer) -> Vec<usize> {
        self.catalogue
            .features
            .iter()
            .enumerate()
            .filter(|(_, f)| f.layer == layer)
            .map(|(k, _)| k)
            .collect()
    }

    /// The paragraph that is most about a feature: among its `plan_refs` paragraphs that
    /// name it (else every paragraph that names it), one whose heading is its name, else
    /// the one naming the fewest features of its layer; the first in reading order on a tie.
    fn paragraph_about(&self, k: usize) -> Option<String> {
        let f = self.feature(k)?;
        let mentions = self.links.mentions_of(k);
        let naming: Vec<&str> = mentions
            .iter()
            .filter(|m| !m.ranges.is_empty())
            .map(|m| m.paragraph.as_str())
            .collect();
        let refs: Vec<&str> = naming
            .iter()
            .copied()
            .filter(|p| f.plan_refs.iter().any(|r| r == p))
            .collect();
        let candidates = if refs.is_empty() { naming } else { refs };
        let text = |p: &str| self.plan.paragraph(p).map(|p| p.text.as_str()).unwrap_or_default();
        if let Some(p) = candidates
            .iter()
            .find(|p| heading(text(p)).is_some_and(|h| f.names().any(|n| n == h)))
        {
            return Some(p.to_string());
        }
        let same_layer = |p: &str| {
            self.links
                .features_of(self.plan, p)
                .into_iter()
                .filter(|j| self.feature(*j).is_some_and(|g| g.layer == f.layer))
                .count()
        };
        // min_by_key keeps the first of equals.
        candidates
            .iter()
            .min_by_key(|p| same_layer(p))
            .map(|p| p.to_string())
            .or_else(|| mentions.first().map(|m| m.paragraph.clone()))
    }

    /// The sentences of a paragraph that name the feature, without a heading that is only
    /// its name; the sentence after the heading when none does.
    fn quote(&self, paragraph: &str, f: &Feature) -> String {
        let Some(p) = self.plan.paragraph(paragraph) else {
            return String::new();
        };
        let all = sentences(&p.text);
        let skip = usize::from(heading(&p.text).is_some_and(|h| f.names().any(|n| n == h)));
        let body = &all[skip.min(all.len())..];
        let naming: Vec<&str> = body
            .iter()
            .copied()
            .filter(|s| f.names().any(|n| s.contains(n)))
            .collect();
        if naming.is_empty() {
            body.first().copied().unwrap_or_default().to_string()
        } else {
            naming.concat()
        }
    }

    /// (b) One scene per core and zone of the layout layer that the map draws on its own.
    fn zones(&self) -> Vec<Scene> {
        self.drawn(&self.layer_features(Layer::Layout))
            .into_iter()
            .filter_map(|k| {
                let f = self.feature(k)?;
                let mut scene = Scene::framed(f.name_zh.clone(), self.frame(&[k]));
                scene.selected_feature = Some(f.id.clone());
                let mut notes: Vec<String> = Vec::new();
                if let Some(p) = self.paragraph_about(k) {
                    let quote = self.quote(&p, f);
                    if !quote.is_empty() {
                        notes.push(quote);
                    }
                    notes.push(self.source_line(&p));
                    scene.focus = Some(p.clone());
                    scene.shown = Some(p);
                }
                scene.notes = notes.join("\n");
                scene.layers = self.layout_layers(&[k]);
                Some(scene)
            })
            .collect()
    }

    /// (c) The 5G priorities: the first goal of the plan's text about 5G that the catalogue
    /// ties to features on the map (5G base stations: the priority areas, corridors and
    /// hubs of 专栏1), shown with the paragraph of its column that names the most of them.
    fn five_g(&self) -> Option<Scene> {
        let about = |t: &&crate::plan::Target| {
            t.label.contains("5G") && !self.drawn(&self.links.features_of(self.plan, &t.id)).is_empty()
        };
        let goals = || self.plan.targets.iter().filter(|t| t.kind.is_goal()).filter(about);
        let target = goals()
            .find(|t| self.plan.paragraph(&t.paragraph).is_some() && t.kind == TargetKind::Target)
            .or_else(|| goals().next())?;
        let features = self.drawn(&self.links.features_of(self.plan, &target.id));
        let container = self
            .plan
            .container_of(&target.paragraph)
            .map(str::to_string)
            .unwrap_or_else(|| target.paragraph.clone());
        let paragraph = self
            .plan
            .paragraphs_of(&container)
            .into_iter()
            .map(|p| {
                let named = self.links.features_of(self.plan, &p.id);
                (features.iter().filter(|k| named.contains(k)).count(), p)
            })
            .enumerate()
            .max_by_key(|(k, (n, _))| (*n, std::cmp::Reverse(*k)))
            .map(|(_, best)| best)
            .filter(|(n, _)| *n > 0)
            .map(|(_, p)| p);
        let title = paragraph
            .and_then(|p| heading(&p.text))
            .map_or_else(|| target.label.clone(), str::to_string);
        let mut scene = Scene::framed(title, self.frame(&features));
        let mut notes: Vec<String> = Vec::new();
        if let Some(p) = paragraph {
            let all = sentences(&p.text);
            let skip = usize::from(heading(&p.text).is_some());
            notes.push(all[skip.min(all.len())..].concat());
            notes.push(self.source_line(&p.id));
            scene.shown = Some(p.id.clone());
        } else {
            scene.shown = Some(container.clone());
        }
        let year = target.year.map(|y| format!("（{y}年）")).unwrap_or_default();
        notes.push(format!(
            "指标：{} {}{}{year}（{}）",
            target.label, target.value_text, target.unit, target.id
        ));
        scene.notes = notes.join("\n");
        scene.layers = self.layers(&[Layer::Infrastructure], &features);
        scene.focus = Some(target.id.clone());
        scene.target = Some(target.id.clone());
        Some(scene)
    }

    /// (d) One scene per column (专栏), in order: the features its paragraphs name, framed;
    /// a column none of whose features the map draws gets the municipality, and its notes
    /// say that the plan does not place its projects.
    fn columns(&self) -> Vec<Scene> {
        let mut boxes: Vec<&crate::plan::TextBox> = self.plan.boxes.iter().collect();
        boxes.sort_by_key(|b| b.number);
        boxes
            .into_iter()
            .map(|b| {
                let features = self.links.features_of(self.plan, &b.id);
                let drawn = self.drawn(&features);
                let city: Vec<usize> = features
                    .iter()
                    .copied()
                    .filter(|k| self.city_wide.contains(k))
                    .collect();
                let unplaced: Vec<usize> = features
                    .iter()
                    .copied()
                    .filter(|k| self.shapes.of(*k).is_none())
                    .collect();
                let title = self
                    .plan
                    .title_of(&b.id)
                    .unwrap_or_else(|| format!("专栏{} {}", b.number, b.title));
                let mut scene = Scene::framed(title, self.frame(&drawn));
                let mut notes: Vec<String> = Vec::new();
                if drawn.is_empty() {
                    notes.push("规划未给出本专栏项目的位置，场景显示全市。".to_string());
                } else {
                    notes.push(format!("地图上标出（位置为估计或示意）：{}", self.names(&drawn)));
                }
                if !city.is_empty() {
                    notes.push(format!("全市范围：{}", self.names(&city)));
                }
                if !unplaced.is_empty() {
                    notes.push(format!("规划未给出位置：{}", self.names(&unplaced)));
                }
                notes.push(self.source_line(&b.id));
                scene.notes = notes.join("\n");
                scene.layers = self.layers(&[Layer::Projects], &drawn);
                scene.focus = Some(b.id.clone());
                scene.shown = Some(b.id.clone());
                scene
            })
            .collect()
    }
}

/// The starter deck, generated from the plan: (a) the overall layout (整体布局, the
/// section whose paragraphs name the most features of the layout layer) on the whole
/// municipality; (b) one scene per core and zone of the layout layer the map draws on its
/// own (city-wide areas such as 多点发展 are left out), titled with the feature's name,
/// selected, framed, showing the paragraph most about it; (c) the 5G priorities: the
/// first 5G goal of the plan's text that the catalogue ties to features on the map, its
/// areas, corridors and hubs framed and highlighted, the paragraph naming the most of them
/// shown; (d) one scene per column (专栏1 …), titled as the plan titles it, its features
/// framed and highlighted, or the municipality when the plan places none of them (the
/// notes say so and list its projects).
///
/// Views are framed for a map of [`STARTER_VIEWPORT_PX`], at most zoom
/// [`STARTER_MAX_FEATURE_ZOOM`] on features and [`STARTER_MAX_CITY_ZOOM`] on the city.
/// Layers: the layout scenes show the layout, the parks and bases (园区与基地) and the layers
/// of what the zone relies on (依托); the 5G scene the infrastructure layer and the layers of
/// its features; a column's scene the projects layer and the layers of the features it
/// frames; the other plan layers are hidden, all in the default order, opaque. The scenes
/// leave imported layers as they are.
/// Titles and quotations come from the plan and the catalogue; the notes' few words of
/// explanation (出处, 指标, …) are the atlas's.
pub fn starter_scenes(
    plan: &Plan,
    catalogue: &Catalogue,
    links: &Links,
    shapes: &FeatureShapes,
    basemap: &Basemap,
) -> Vec<Scene> {
    let deck = Deck {
        plan,
        catalogue,
        links,
        shapes,
        city_wide: catalogue
            .features
            .iter()
            .enumerate()
            .filter(|(_, f)| is_city_wide(f, basemap))
            .map(|(k, _)| k)
            .collect(),
    };
    let mut out: Vec<Scene> = Vec::new();
    out.extend(deck.layout());
    out.extend(deck.zones());
    out.extend(deck.five_g());
    out.extend(deck.columns());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_are_short_first_sentences_without_commas() {
        assert_eq!(heading("加快5G精品网络建设。率先推进……"), Some("加快5G精品网络建设"));
        assert_eq!(heading("按照“双核驱动，四区协同，多点发展”布局思路，优化。"), None);
        assert_eq!(heading("没有句号"), None);
        assert_eq!(sentences("甲。乙，丙。丁"), vec!["甲。", "乙，丙。", "丁"]);
    }
}
