//! The regular expressions of the metadata and prose readers, compiled once (a cell's number is
//! read by `text/number.rs`, headings by `template/headings.rs`). Each names a real sample it
//! must match and one it must not, with a unit test below.

use std::sync::LazyLock;

use regex::Regex;

fn compile(pattern: &str) -> Regex {
    Regex::new(pattern).expect("built-in pattern compiles")
}

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

/// A count of applications received stated in prose: `共受理信息公开申请0件`, `收到政府信息公开申请12件`,
/// `本年新收政府信息公开申请数量为0`; not `通过网站提交的网上申请有0件` (one channel of them).
pub static PROSE_RECEIVED: LazyLock<Regex> = LazyLock::new(|| {
    compile(
        r"本年新收政府信息公开申请数量为?(?P<n>\d+)|(?:收到|受理|新收)[^,，。;；]{0,12}?申请(?:共计|共|合计)?(?P<m>\d+)\s*(?:件|个|份|条)(?:\s*\(含上年结转(?P<c>\d+)\s*件\))?",
    )
});

/// No application received: `未收到要求公开政府信息的申请`, `未收到政府信息公开申请`;
/// not `未收到行政复议申请`.
pub static PROSE_NONE_RECEIVED: LazyLock<Regex> =
    LazyLock::new(|| compile(r"未(?:收到|受理|接到)(?P<what>[^。,，;；]{0,16}?)申请"));

/// The other section 三 figures some reports state as sentences (seed 002):
/// `上年结转政府信息公开申请数量为0`, `本年度办理结果数量为0`, `结转下年度继续办理数量为0`.
pub static PROSE_ROWS: LazyLock<Regex> = LazyLock::new(|| {
    compile(
        r"(?P<row>上年结转政府信息公开申请|本年度办理结果|结转下年度继续办理)(?:数量)?为?(?P<n>\d+)",
    )
});

/// No review and no litigation: `未发生与信息公开相关的行政复议和诉讼案件`,
/// `未有政府信息公开行政复议及行政诉讼`, `行政复议,行政诉讼情况数量为0`.
pub static PROSE_NO_REVIEW: LazyLock<Regex> = LazyLock::new(|| {
    compile(
        r"未(?:发生|出现|有|收到|产生)[^。]{0,24}?复议[^。]{0,4}?(?:和|及|与|、|或|,)[^。]{0,6}?诉讼|行政复议[,、和及与]?行政诉讼(?:情况)?(?:数量)?为?0",
    )
});

/// A stated count of reviews or lawsuits: `被申请行政复议2件`, `行政诉讼1件`.
pub static PROSE_REVIEW_COUNT: LazyLock<Regex> = LazyLock::new(|| {
    compile(r"(?P<kind>行政复议|行政诉讼)(?:案件)?(?:共)?(?P<n>\d+)\s*(?:件|起|宗|次)")
});

#[cfg(test)]
mod tests {
    use super::*;

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
    fn prose() {
        let n = |s: &str| {
            PROSE_RECEIVED
                .captures(s)
                .map(|c| c.name("n").or(c.name("m")).unwrap().as_str().to_owned())
        };
        assert_eq!(
            n("2020年共受理信息公开申请0件，其中通过网站提交的网上申请有0件").as_deref(),
            Some("0")
        );
        assert_eq!(
            n("1. 本年新收政府信息公开申请数量为0。").as_deref(),
            Some("0")
        );
        assert_eq!(n("通过网站“政府信息公开”栏目提交的网上申请有0件"), None);
        assert!(PROSE_NONE_RECEIVED.is_match("2020年,我街道未收到要求公开政府信息的申请件"));
        assert!(PROSE_NO_REVIEW.is_match("全街道未发生与信息公开相关的行政复议和诉讼案件"));
        assert!(PROSE_NO_REVIEW.is_match("2021年我局未有政府信息公开行政复议及行政诉讼有关况"));
        assert!(PROSE_NO_REVIEW.is_match("5. 政府信息公开行政复议,行政诉讼情况数量为0。"));
        assert_eq!(
            &PROSE_REVIEW_COUNT.captures("被申请行政复议2件").unwrap()["n"],
            "2"
        );
        assert_eq!(
            &PROSE_ROWS
                .captures("4. 结转下年度继续办理数量为0。")
                .unwrap()["row"],
            "结转下年度继续办理"
        );
    }

    #[test]
    fn agency_line() {
        assert!(AGENCY_LINE.is_match("宁波市鄞州区人民政府白鹤街道办事处"));
        assert!(!AGENCY_LINE.is_match("2020年12月31日"));
    }
}
