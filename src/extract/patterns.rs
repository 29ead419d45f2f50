//! Every regular expression of the extractor, compiled once. Each names a real sample it must
//! match and one it must not, with a unit test below.

use std::sync::LazyLock;

use regex::Regex;

fn compile(pattern: &str) -> Regex {
    Regex::new(pattern).expect("built-in pattern compiles")
}

/// A printed number with its sign word and unit.
/// Matches `增169`, `减79`, `-30`, `45822.4584万元`, `1,234`; not `3件（含1件）`.
pub static NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    compile(
        r"^(?:(?P<inc>增加?)|(?P<dec>减少?)|(?P<sign>[+-]))?\s*(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)\s*(?P<unit>万元|元|件|项|个|条|次|家|%)?$",
    )
});

/// A numbered top-level heading at the start of a line: `二、主动公开政府信息情况`,
/// `## 三、收到和处理政府信息公开申请情况`; not `（二）主动公开`.
pub static HEADING: LazyLock<Regex> =
    LazyLock::new(|| compile(r"^#*\s*(?P<n>[一二三四五六七八])\s*[、.,:]"));

/// A year in running text, with an optional month that marks a date:
/// `2020年度`, `2020 年`, `2021年1月12日`.
pub static YEAR: LazyLock<Regex> =
    LazyLock::new(|| compile(r"(?P<year>(?:19|20)\d{2})\s*年\s*(?P<month>\d{1,2}\s*月)?"));

/// The statistics period sentence: `本报告所列数据的统计期限自2020年1月1日起至2020年12月31日止`.
pub static STAT_PERIOD: LazyLock<Regex> =
    LazyLock::new(|| compile(r"统计期限[^。]{0,24}?(?P<year>(?:19|20)\d{2})\s*年"));

/// The phrase a report title names its subject with; the reporting body precedes it:
/// `金凤区北京中路街道办事处办事处 2020 年政府信息公开工作年度报告`.
pub static TITLE_SUBJECT: LazyLock<Regex> = LazyLock::new(|| compile(r"信息公开|政务公开"));

/// A year at the end of a title's head: `白银市平川区2020年`, `金凤区… 2020 年度`.
pub static TRAILING_YEAR: LazyLock<Regex> =
    LazyLock::new(|| compile(r"(?:19|20)\d{2}\s*年度?\s*$"));

/// A year at the start of a title: `2020年XX局政府信息公开工作年度报告`.
pub static LEADING_YEAR: LazyLock<Regex> = LazyLock::new(|| compile(r"^(?:19|20)\d{2}\s*年度?\s*"));

/// A line that reads like the name of a government body (for reports whose title names none):
/// `宁波市鄞州区人民政府白鹤街道办事处`; not `2020年12月31日`.
pub static AGENCY_LINE: LazyLock<Regex> = LazyLock::new(|| {
    compile(
        r"^[\p{Han}()]{2,40}(?:办事处|人民政府|政府|局|委员会|委|办公室|办|街道|镇|乡|中心|厅|署|管委会|管理委员会|实验区|新区|开发区|区|县|市|院|所|队|站)$",
    )
});

/// True when a raw line starts like a section heading (`三、收到和处理政府信息公开申请情况`).
pub fn is_section_heading(raw: &str) -> bool {
    HEADING.is_match(&crate::normalize::normalize(raw))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn number() {
        for s in ["增169", "减79", "-30", "45822.4584万元", "1,234", "0"] {
            assert!(NUMBER.is_match(s), "{s}");
        }
        assert!(!NUMBER.is_match("3件(含1件)"));
        assert!(!NUMBER.is_match("规章"));
    }

    #[test]
    fn heading() {
        assert_eq!(&HEADING.captures("## 三、收到和处理").unwrap()["n"], "三");
        assert!(!HEADING.is_match("(二)主动公开"));
    }

    #[test]
    fn year_and_period() {
        let c = YEAR.captures("2021年1月12日").unwrap();
        assert!(c.name("month").is_some());
        assert!(YEAR.captures("2020 年度").unwrap().name("month").is_none());
        let s = "本报告所列数据的统计期限自2020年1月1日起至2020年12月31日止";
        assert_eq!(&STAT_PERIOD.captures(s).unwrap()["year"], "2020");
    }

    #[test]
    fn title_years() {
        assert_eq!(
            TRAILING_YEAR.replace("白银市平川区2020年", ""),
            "白银市平川区"
        );
        assert_eq!(TRAILING_YEAR.replace("金凤区 2020 年度 ", ""), "金凤区 ");
        assert_eq!(
            LEADING_YEAR.replace("2020年平川区财政局", ""),
            "平川区财政局"
        );
    }

    #[test]
    fn agency_line() {
        assert!(AGENCY_LINE.is_match("宁波市鄞州区人民政府白鹤街道办事处"));
        assert!(!AGENCY_LINE.is_match("2020年12月31日"));
    }
}
