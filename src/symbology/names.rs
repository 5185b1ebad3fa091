//! A plan feature's name as the atlas shows it: the plan's name, told apart from other
//! features of the same name (issue 18, point 4).

use super::plan::feature_style;
use crate::catalogue::{Catalogue, Feature, QUALIFIER_SEPARATOR};
use crate::i18n::Lang;

/// The feature's own name in `lang` (`name_zh` or `name_en`), without a qualifier.
pub fn plain_name(lang: Lang, feature: &Feature) -> &str {
    match lang {
        Lang::Zh => &feature.name_zh,
        Lang::En => &feature.name_en,
    }
}

/// The feature's name in `lang` with its own qualifier (in Chinese, `qualifier_zh` where
/// it has one: “轨道交通 · 地铁1号线”, quoted from its own source note). Map labels use this:
/// there the symbol already shows the category, so [`display_name`]'s category would only
/// lengthen the label.
pub fn qualified_name(lang: Lang, feature: &Feature) -> String {
    match lang {
        Lang::Zh => feature.qualified_name_zh(),
        Lang::En => feature.name_en.clone(),
    }
}

/// The name of the feature at catalogue `index` as every list, chip, card title and hover
/// shows it (empty when there is none): its [`qualified_name`]; and where that is still
/// another feature's name in `lang` too, its category's legend text after it
/// (“高新区 · 双核” and “高新区 · 5G深度覆盖优先区域”).
pub fn display_name(lang: Lang, catalogue: &Catalogue, index: usize) -> String {
    let Some(f) = catalogue.features.get(index) else {
        return String::new();
    };
    let name = qualified_name(lang, f);
    let shared = catalogue
        .features
        .iter()
        .enumerate()
        .any(|(k, g)| k != index && qualified_name(lang, g) == name);
    if !shared {
        return name;
    }
    let style = feature_style(f);
    let category = match lang {
        Lang::Zh => style.zh,
        Lang::En => style.en,
    };
    format!("{name}{QUALIFIER_SEPARATOR}{category}")
}
