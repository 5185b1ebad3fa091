//! A spatial index of one layer's cached features, so that picking and culling cost what
//! is near the pointer or on screen instead of what is in the layer.

use rstar::{AABB, Envelope, RStarInsertionStrategy, RTree, RTreeNode, RTreeObject, RTreeParams};

use super::CachedFeature;
use crate::map::lod::MercatorBox;

/// One feature in the index, or one point of a feature of several points: its box and
/// its position in the layer's feature list.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Entry {
    envelope: AABB<[f64; 2]>,
    /// Position in [`super::CachedLayer::features`] (not the feature's index in the file).
    position: u32,
    /// Which of the feature's [`CachedFeature::points`] this entry is, or [`WHOLE`].
    part: u32,
}

/// The [`Entry::part`] of an entry that stands for the whole feature.
pub(super) const WHOLE: u32 = u32::MAX;

impl RTreeObject for Entry {
    type Envelope = AABB<[f64; 2]>;

    fn envelope(&self) -> Self::Envelope {
        self.envelope
    }
}

/// Nodes of up to 16 children: fewer inner nodes than rstar's default of 6, so the index
/// costs little more than its entries, with queries as fast on bulk-loaded trees.
#[derive(Clone, Copy)]
struct Params;

impl RTreeParams for Params {
    const MIN_SIZE: usize = 6;
    const MAX_SIZE: usize = 16;
    const REINSERTION_COUNT: usize = 4;
    type DefaultInsertionStrategy = RStarInsertionStrategy;
}

/// An R-tree over the Mercator boxes of one layer's cached features.
///
/// Each feature's box is its [`CachedFeature::bbox`] grown to hold its label anchor, so a
/// query with a box finds every feature whose geometry or label anchor lies in it —
/// and possibly some whose box only touches it: callers test the geometry themselves.
/// Built once with the layer (off the UI thread for big layers), never per frame; a
/// restyle keeps it, as it changes no geometry.
///
/// A feature made only of points (a MultiPoint) with more than one point has an entry
/// per point instead, so that a MultiPoint spread over the city is found only where one
/// of its points is, and picking tests only those points.
#[derive(Clone)]
pub struct FeatureIndex {
    tree: RTree<Entry, Params>,
    /// How many features the entries stand for.
    features: usize,
}

/// The features a view shows, as positions in the layer's feature list.
pub(super) enum Visible {
    /// Every feature may be visible (the view holds the whole layer).
    All,
    /// Only these, ascending (the order the features are drawn in).
    Some(Vec<u32>),
}

impl FeatureIndex {
    /// The index of `features` (a layer's [`super::CachedLayer::features`]). A layer of more
    /// than `u32::MAX` features, which no memory could hold, would leave the rest out.
    pub fn new(features: &[CachedFeature]) -> FeatureIndex {
        let mut entries = Vec::with_capacity(features.len());
        for (position, f) in features.iter().enumerate() {
            let Ok(position) = u32::try_from(position) else { break };
            let only_points = f.lines.is_empty() && f.polygon.is_none();
            let anchor_is_a_point = f.label_anchor.is_none_or(|(m, _)| f.points.contains(&m));
            if only_points && anchor_is_a_point && f.points.len() > 1 {
                entries.extend(f.points.iter().zip(0..WHOLE).map(|(&p, part)| Entry {
                    envelope: AABB::from_point(p),
                    position,
                    part,
                }));
            } else {
                let mut envelope = AABB::from_corners(f.bbox.min, f.bbox.max);
                if let Some((anchor, _)) = f.label_anchor {
                    envelope.merge(&AABB::from_point(anchor));
                }
                entries.push(Entry {
                    envelope,
                    position,
                    part: WHOLE,
                });
            }
        }
        FeatureIndex {
            tree: RTree::bulk_load_with_params(entries),
            features: features.len().min(WHOLE as usize),
        }
    }

    /// How many features the index holds.
    pub fn len(&self) -> usize {
        self.features
    }

    /// Whether the index holds no feature.
    pub fn is_empty(&self) -> bool {
        self.tree.size() == 0
    }

    /// Calls `found` with the position (in the layer's feature list) of every feature whose
    /// box (or, for a MultiPoint, one of whose points) lies in `probe`, in no particular
    /// order: a MultiPoint once for each of its points there.
    pub fn for_each_intersecting(&self, probe: &MercatorBox, mut found: impl FnMut(usize)) {
        self.for_each_entry_intersecting(probe, |position, _| found(position as usize));
    }

    /// Calls `found` with the position and the part (the point's index, or [`WHOLE`]) of
    /// every entry whose box intersects `probe`, in no particular order.
    pub(super) fn for_each_entry_intersecting(&self, probe: &MercatorBox, mut found: impl FnMut(u32, u32)) {
        let probe = AABB::from_corners(probe.min, probe.max);
        let _: std::ops::ControlFlow<()> = self.tree.locate_in_envelope_intersecting_int(&probe, |e| {
            found(e.position, e.part);
            std::ops::ControlFlow::Continue(())
        });
    }

    /// The box around every indexed feature; `None` for an empty index.
    pub fn extent(&self) -> Option<MercatorBox> {
        if self.is_empty() {
            return None;
        }
        let e = self.tree.root().envelope();
        Some(MercatorBox {
            min: e.lower(),
            max: e.upper(),
        })
    }

    /// The features whose box intersects `visible_box`, ascending: all of them when the
    /// box holds the whole layer (a city view), else the index's answer put in drawing
    /// order — by sorting a few, or through a bit per feature when many are visible.
    pub(super) fn visible(&self, visible_box: &MercatorBox) -> Visible {
        let Some(extent) = self.extent() else {
            return Visible::Some(Vec::new());
        };
        let holds = |k: usize| visible_box.min[k] <= extent.min[k] && extent.max[k] <= visible_box.max[k];
        if holds(0) && holds(1) {
            return Visible::All;
        }
        let mut hits: Vec<u32> = Vec::new();
        self.for_each_entry_intersecting(visible_box, |p, _| hits.push(p));
        if hits.len() < self.len() / 32 {
            hits.sort_unstable();
            // A MultiPoint comes once per point on screen.
            hits.dedup();
            return Visible::Some(hits);
        }
        // Many hits: one bit per feature, read back in order — linear, no sort.
        let mut bits = vec![0u64; self.len().div_ceil(64)];
        for &p in &hits {
            if let Some(word) = bits.get_mut(p as usize / 64) {
                *word |= 1 << (p % 64);
            }
        }
        hits.clear();
        for (w, &word) in bits.iter().enumerate() {
            let mut rest = word;
            while rest != 0 {
                let bit = rest.trailing_zeros();
                hits.extend(u32::try_from(w * 64 + bit as usize));
                rest &= rest - 1;
            }
        }
        Visible::Some(hits)
    }

    /// How many entries the index holds: one per feature, one per point of a MultiPoint.
    pub fn entries(&self) -> usize {
        self.tree.size()
    }

    /// The bytes the index occupies: its nodes (leaves included) and the index itself;
    /// allocator overhead and spare capacity are not counted.
    pub fn bytes(&self) -> usize {
        fn below(children: &[RTreeNode<Entry>]) -> usize {
            children
                .iter()
                .map(|c| {
                    std::mem::size_of::<RTreeNode<Entry>>()
                        + match c {
                            RTreeNode::Leaf(_) => 0,
                            RTreeNode::Parent(p) => below(p.children()),
                        }
                })
                .sum()
        }
        std::mem::size_of::<FeatureIndex>() + below(self.tree.root().children())
    }
}

impl Visible {
    /// The visible features of `all` (the layer's features) in drawing order.
    pub(super) fn features<'a>(&'a self, all: &'a [CachedFeature]) -> impl Iterator<Item = &'a CachedFeature> + 'a {
        let (every, some) = match self {
            Visible::All => (all, &[][..]),
            Visible::Some(positions) => (&[][..], positions.as_slice()),
        };
        every.iter().chain(some.iter().filter_map(|&p| all.get(p as usize)))
    }
}

impl std::fmt::Debug for FeatureIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FeatureIndex").field("len", &self.len()).finish()
    }
}

/// Two indexes are equal when they hold the same boxes for the same positions in the same
/// tree (bulk loading is deterministic: equal features give equal indexes).
impl PartialEq for FeatureIndex {
    fn eq(&self, other: &FeatureIndex) -> bool {
        self.features == other.features && self.tree.iter().eq(other.tree.iter())
    }
}
