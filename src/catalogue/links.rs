//! The two-way index between the plan and the catalogue: which paragraphs mention a
//! feature, and which features a paragraph, section, column or target is about.
//! Built once when the data loads; lookups are cheap.

use std::collections::{BTreeSet, HashMap};
use std::ops::Range;

use super::{Catalogue, mentions};
use crate::plan::{ElementKind, Plan};

/// A paragraph that mentions a feature, with the byte ranges of its names in the
/// paragraph text (empty when the paragraph is one of the feature's `plan_refs` but
/// words it differently).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mention {
    pub paragraph: String,
    pub ranges: Vec<Range<usize>>,
}

#[derive(Clone, Debug, Default)]
pub struct Links {
    /// Per catalogue feature (same index): the paragraphs that mention it, in reading order.
    mentions: Vec<Vec<Mention>>,
    /// Paragraph ID → indices of the features it mentions.
    by_paragraph: HashMap<String, BTreeSet<usize>>,
    /// Per target link of the catalogue: the feature indices it names.
    target_links: Vec<(Vec<String>, Vec<usize>)>,
}

impl Links {
    pub fn new(plan: &Plan, catalogue: &Catalogue) -> Links {
        let order: HashMap<&str, usize> = plan
            .all_paragraphs()
            .into_iter()
            .enumerate()
            .map(|(k, p)| (p.id.as_str(), k))
            .collect();
        let mut by_paragraph: HashMap<String, BTreeSet<usize>> = HashMap::new();
        let mentions = catalogue
            .features
            .iter()
            .enumerate()
            .map(|(k, f)| {
                let mut list: Vec<Mention> = mentions(plan, f)
                    .into_iter()
                    .map(|(paragraph, ranges)| Mention { paragraph, ranges })
                    .collect();
                for r in &f.plan_refs {
                    for p in plan.paragraphs_of(r) {
                        if !list.iter().any(|m| m.paragraph == p.id) {
                            list.push(Mention {
                                paragraph: p.id.clone(),
                                ranges: Vec::new(),
                            });
                        }
                    }
                }
                list.sort_by_key(|m| order.get(m.paragraph.as_str()).copied().unwrap_or(usize::MAX));
                for m in &list {
                    by_paragraph.entry(m.paragraph.clone()).or_default().insert(k);
                }
                list
            })
            .collect();
        let target_links = catalogue
            .target_links
            .iter()
            .map(|l| {
                let features = l
                    .features
                    .iter()
                    .filter_map(|id| catalogue.features.iter().position(|f| &f.id == id))
                    .collect();
                (l.keywords.clone(), features)
            })
            .collect();
        Links {
            mentions,
            by_paragraph,
            target_links,
        }
    }

    /// The paragraphs that mention the feature at `index`, in reading order.
    pub fn mentions_of(&self, index: usize) -> &[Mention] {
        self.mentions.get(index).map(Vec::as_slice).unwrap_or_default()
    }

    /// The features a plan element is about: those its paragraphs mention (for a target,
    /// those of its paragraph plus the catalogue's target links). Sorted, no repeats.
    pub fn features_of(&self, plan: &Plan, id: &str) -> Vec<usize> {
        let mut out = BTreeSet::new();
        let paragraphs: Vec<String> = match plan.kind_of(id) {
            Some(ElementKind::Target) => {
                let Some(t) = plan.target(id) else {
                    return Vec::new();
                };
                for (keywords, features) in &self.target_links {
                    if keywords.iter().any(|k| t.label.contains(k.as_str())) {
                        out.extend(features.iter().copied());
                    }
                }
                vec![t.paragraph.clone()]
            }
            Some(ElementKind::TableRow) => {
                for t in plan.targets.iter().filter(|t| t.paragraph == id) {
                    out.extend(self.features_of(plan, &t.id));
                }
                Vec::new()
            }
            Some(_) => plan.paragraphs_of(id).into_iter().map(|p| p.id.clone()).collect(),
            None => Vec::new(),
        };
        for p in paragraphs {
            if let Some(set) = self.by_paragraph.get(&p) {
                out.extend(set.iter().copied());
            }
        }
        out.into_iter().collect()
    }

    /// The targets about a feature: those stated in the paragraphs that mention it, and
    /// those the catalogue's target links tie to it. In plan order.
    pub fn targets_of(&self, plan: &Plan, index: usize) -> Vec<String> {
        let paragraphs: Vec<&str> = self.mentions_of(index).iter().map(|m| m.paragraph.as_str()).collect();
        plan.targets
            .iter()
            .filter(|t| {
                paragraphs.contains(&t.paragraph.as_str())
                    || self.target_links.iter().any(|(keywords, features)| {
                        features.contains(&index) && keywords.iter().any(|k| t.label.contains(k.as_str()))
                    })
            })
            .map(|t| t.id.clone())
            .collect()
    }
}

/// Features whose Chinese name, an alias, the qualifier (`qualifier_zh`: 哈大高铁 finds
/// 高速铁路 · 哈大高铁) or the English name contains `query` (case-insensitive for
/// English), in catalogue order. An empty query finds nothing.
pub fn search_features(catalogue: &Catalogue, query: &str) -> Vec<usize> {
    let q = query.trim();
    if q.is_empty() {
        return Vec::new();
    }
    let q_lower = q.to_lowercase();
    catalogue
        .features
        .iter()
        .enumerate()
        .filter(|(_, f)| {
            f.names().chain(f.qualifier_zh.as_deref()).any(|n| n.contains(q))
                || f.name_en.to_lowercase().contains(&q_lower)
        })
        .map(|(k, _)| k)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn index(c: &Catalogue, id: &str) -> usize {
        c.features.iter().position(|f| f.id == id).expect(id)
    }

    #[test]
    fn the_layout_paragraph_is_about_the_cores_the_zones_and_their_parks() {
        let plan = Plan::embedded().expect("plan");
        let c = Catalogue::builtin().expect("catalogue");
        let links = Links::new(&plan, &c);
        let found = links.features_of(&plan, "ch2.s4.p1");
        for id in [
            "layout.core.gaoxin",
            "layout.zone.core-industry",
            "park.dalian-software-park",
        ] {
            assert!(found.contains(&index(&c, id)), "{id} is not linked to ch2.s4.p1");
        }
        assert!(!found.contains(&index(&c, "project.city-brain")));
    }

    #[test]
    fn feature_search_finds_chinese_substrings_aliases_and_english_names() {
        let c = Catalogue::builtin().expect("catalogue");
        let hits = search_features(&c, "软件园");
        assert!(hits.contains(&index(&c, "park.dalian-software-park")));
        assert!(hits.contains(&index(&c, "park.tengfei-software-park")));
        assert!(search_features(&c, "数据湖").contains(&index(&c, "infra.hualu-data-lake")));
        assert!(search_features(&c, "software PARK").contains(&index(&c, "park.dalian-software-park")));
        assert!(search_features(&c, "  ").is_empty());
    }

    #[test]
    fn a_section_links_every_feature_of_its_paragraphs() {
        let plan = Plan::embedded().expect("plan");
        let c = Catalogue::builtin().expect("catalogue");
        let links = Links::new(&plan, &c);
        let section = links.features_of(&plan, "ch2.s4");
        for p in ["ch2.s4.p1", "ch2.s4.p2", "ch2.s4.p3", "ch2.s4.p4"] {
            for f in links.features_of(&plan, p) {
                assert!(section.contains(&f));
            }
        }
    }

    #[test]
    fn a_feature_lists_its_plan_refs_and_every_paragraph_naming_it_in_reading_order() {
        let plan = Plan::embedded().expect("plan");
        let c = Catalogue::builtin().expect("catalogue");
        let links = Links::new(&plan, &c);
        let k = index(&c, "uni.dlut");
        let ids: Vec<&str> = links.mentions_of(k).iter().map(|m| m.paragraph.as_str()).collect();
        for r in &c.features[k].plan_refs {
            assert!(ids.contains(&r.as_str()), "{r} missing from {ids:?}");
        }
        let order: Vec<&str> = plan.all_paragraphs().iter().map(|p| p.id.as_str()).collect();
        let positions: Vec<usize> = ids
            .iter()
            .map(|id| order.iter().position(|o| o == id).expect("known"))
            .collect();
        assert!(positions.windows(2).all(|w| w[0] < w[1]), "{ids:?}");
    }
}
