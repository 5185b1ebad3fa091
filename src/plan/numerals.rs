//! Chinese numerals as used in headings (第十一章 is not in this plan, but is read right).

/// Reads 一 … 九十九. Returns `None` for anything else.
pub fn chinese_number(s: &str) -> Option<u32> {
    fn digit(c: char) -> Option<u32> {
        "零一二三四五六七八九".chars().position(|d| d == c).map(|p| p as u32)
    }
    let chars: Vec<char> = s.chars().collect();
    match chars.as_slice() {
        [d] if *d == '十' => Some(10),
        [d] => digit(*d).filter(|v| *v > 0),
        ['十', u] => Some(10 + digit(*u)?),
        [t, '十'] => Some(10 * digit(*t)?),
        [t, '十', u] => Some(10 * digit(*t)? + digit(*u)?),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::chinese_number;

    #[test]
    fn heading_numerals_read_as_numbers() {
        assert_eq!(chinese_number("一"), Some(1));
        assert_eq!(chinese_number("九"), Some(9));
        assert_eq!(chinese_number("十"), Some(10));
        assert_eq!(chinese_number("十一"), Some(11));
        assert_eq!(chinese_number("二十"), Some(20));
        assert_eq!(chinese_number("三十二"), Some(32));
        assert_eq!(chinese_number("零"), None);
        assert_eq!(chinese_number("章"), None);
        assert_eq!(chinese_number(""), None);
    }
}
