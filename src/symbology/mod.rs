//! Symbology: how the atlas's data looks, as plain data. No egui, no walkers: the map
//! paints what this module returns and the panels draw its swatches through
//! `theme::swatch`.
//!
//! - [`simplestyle`]: how an imported feature's simplestyle-spec 1.1 properties resolve
//!   to a drawing style on the map. The properties are read by the one rule of
//!   [`crate::model::simplestyle`] (part of the data format: annotations read back,
//!   imported layers and exports all follow it).
//! - [`plan`]: the plan features' styles (colour, marker, fill, legend text) and the
//!   legend rows the map and the layers panel show.
//! - [`categories`]: the categorical palette of imported layers, the values that get a
//!   colour, and how a property value is written as text.
//! - [`names`]: a plan feature's name as shown, told apart from features of the same name.
//! - [`tooltip`]: the hover texts of plan features and imported features.
//! - [`status`]: the colours of status styling (issue 15), prepared per feature.

pub mod basemap;
pub mod categories;
pub mod choropleth;
pub mod export;
pub mod names;
pub mod plan;
pub mod simplestyle;
pub mod status;
pub mod tooltip;

pub use categories::{CATEGORY_PALETTE, MAX_CATEGORIES, OTHER_COLOUR, OTHER_TEXT, categories_of, format_value};
pub use names::display_name;
pub use plan::{FeatureStyle, LegendRow, LegendSymbol, LegendTexts, Marker, feature_style};
pub use simplestyle::{UserFeatureStyle, resolve_style};
pub use tooltip::{describe_feature, user_feature_tooltip};

/// An sRGB colour with alpha, premultiplied as egui's `Color32` is, so that converting
/// between the two is exact and a colour drawn from here looks as it did when the map
/// computed it with egui.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Rgba8 {
    pub r: u8,
    pub g: u8,
    pub b: u8,
    /// 255 is opaque.
    pub a: u8,
}

impl Rgba8 {
    pub const TRANSPARENT: Rgba8 = Rgba8 { r: 0, g: 0, b: 0, a: 0 };

    /// An opaque colour.
    pub const fn rgb(r: u8, g: u8, b: u8) -> Rgba8 {
        Rgba8 { r, g, b, a: 255 }
    }

    /// An opaque colour from the model's [`crate::model::Rgb`].
    pub const fn from_model(c: crate::model::Rgb) -> Rgba8 {
        let [r, g, b] = c.0;
        Rgba8::rgb(r, g, b)
    }

    /// `#rrggbb` (lower case) of the colour's channels, as simplestyle writes colours;
    /// the alpha is not written (exports state opacities on their own).
    pub fn to_hex(self) -> String {
        format!("#{:02x}{:02x}{:02x}", self.r, self.g, self.b)
    }

    /// Every channel (alpha too) times `factor` (≥ 0), rounded: the same arithmetic as
    /// egui's `Color32::gamma_multiply`, so fading a colour here or there gives one result.
    pub fn gamma_multiply(self, factor: f32) -> Rgba8 {
        let scale = |c: u8| (f32::from(c) * factor + 0.5) as u8;
        Rgba8 {
            r: scale(self.r),
            g: scale(self.g),
            b: scale(self.b),
            a: scale(self.a),
        }
    }
}

/// The opaque colour of label text drawn for a feature of colour `c`: each channel at
/// 70 %, so the text reads on a light map.
pub fn darker(c: Rgba8) -> Rgba8 {
    let scale = |v: u8| (f32::from(v) * 0.7) as u8;
    Rgba8::rgb(scale(c.r), scale(c.g), scale(c.b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn darker_keeps_seventy_percent_of_each_channel_and_is_opaque() {
        assert_eq!(
            darker(Rgba8::rgb(100, 200, 255).gamma_multiply(0.5)),
            Rgba8::rgb(35, 70, 89)
        );
        assert_eq!(darker(Rgba8::rgb(100, 200, 255)), Rgba8::rgb(70, 140, 178));
    }

    #[test]
    fn fading_rounds_every_channel_alpha_included() {
        assert_eq!(
            Rgba8::rgb(0xcc, 0x66, 0x77).gamma_multiply(0.5),
            Rgba8 {
                r: 102,
                g: 51,
                b: 60,
                a: 128
            }
        );
    }
}
