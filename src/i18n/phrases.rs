//! Phrases built around a label or a number, as each language writes them.

use super::Lang;

/// `label` and `inner` in brackets: “标注（3）” in Chinese, “Annotations (3)” in English.
pub fn bracketed(lang: Lang, label: &str, inner: &str) -> String {
    match lang {
        Lang::Zh => format!("{label}（{inner}）"),
        Lang::En => format!("{label} ({inner})"),
    }
}

/// `label` and `value` joined as each language writes it: “导入的图层：sites”,
/// “Imported layer: sites”.
pub fn labelled(lang: Lang, label: &str, value: &str) -> String {
    match lang {
        Lang::Zh => format!("{label}：{value}"),
        Lang::En => format!("{label}: {value}"),
    }
}

/// A count in brackets after `label` (see [`bracketed`]).
pub fn counted(lang: Lang, label: &str, n: usize) -> String {
    bracketed(lang, label, &n.to_string())
}

/// “3 个要素”; “1 feature”, “3 features”.
pub fn feature_count(lang: Lang, n: usize) -> String {
    match (lang, n) {
        (Lang::Zh, _) => format!("{n} 个要素"),
        (Lang::En, 1) => "1 feature".to_string(),
        (Lang::En, _) => format!("{n} features"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_use_each_languages_brackets_and_english_plurals() {
        assert_eq!(counted(Lang::Zh, "标注", 3), "标注（3）");
        assert_eq!(counted(Lang::En, "Annotations", 3), "Annotations (3)");
        assert_eq!(feature_count(Lang::Zh, 1), "1 个要素");
        assert_eq!(feature_count(Lang::En, 1), "1 feature");
        assert_eq!(feature_count(Lang::En, 21), "21 features");
        assert_eq!(
            bracketed(Lang::En, "Parks", &feature_count(Lang::En, 0)),
            "Parks (0 features)"
        );
    }
}
