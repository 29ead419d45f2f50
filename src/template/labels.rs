//! Row and column labels to canonical keys. Labels are compared with all whitespace removed, by
//! distinctive fragments, so that variants and typos seen in real reports still match
//! (规范性文件 vs 行政规范性文件, 1、 vs 1., 其他法律行政止公开). Order matters: the most specific
//! fragment is tried first. The anchors at which the inline reader cuts a flattened table into
//! rows are built from the same labels.

use std::sync::LazyLock;

use regex::Regex;

use super::detect::Template;
use super::identities::OTHER_SUB_ROWS;
use super::keys::{AppRow, Item, Measure, Proceeding, Section};

/// What a section 三 row label names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AppLabel {
    /// One row of the template.
    Row(AppRow),
    /// Only the group header of a block of rows: its first row sits on the same line.
    Group(AppRow),
}

/// Section 三 rows by distinctive fragment, most specific first.
const APP_ROWS: &[(AppRow, &[&str])] = &[
    (AppRow::CarriedForward, &["结转下年"]),
    (AppRow::NewReceived, &["本年新收"]),
    (AppRow::CarriedOver, &["上年结转"]),
    (AppRow::PartiallyGranted, &["部分公开"]),
    (AppRow::WithheldStateSecret, &["国家秘密"]),
    (
        AppRow::WithheldLawProhibited,
        &["禁止公开", "行政止公开", "法律行政法规"],
    ),
    (AppRow::WithheldSecurityStability, &["三安全一稳定", "危及"]),
    (AppRow::WithheldThirdParty, &["第三方"]),
    (AppRow::WithheldInternalAffairs, &["内部事务"]),
    (AppRow::WithheldProcessInfo, &["过程性"]),
    (AppRow::WithheldEnforcementFile, &["执法案卷"]),
    (AppRow::WithheldAdministrativeQuery, &["行政查询"]),
    (AppRow::UnableNotHeld, &["不掌握"]),
    (AppRow::UnableNeedsCreation, &["另行制作", "没有现成"]),
    (AppRow::UnableUnclear, &["仍不明确", "补正后"]),
    (AppRow::NotProcessedPetition, &["信访", "举报投诉"]),
    (AppRow::NotProcessedDuplicate, &["重复申请"]),
    (AppRow::NotProcessedPublication, &["出版物"]),
    (AppRow::NotProcessedExcessive, &["大量反复"]),
    (AppRow::NotProcessedConfirmation, &["重新出具", "确认或"]),
    (AppRow::OtherNoCorrection, &["不补正", "逾期不补"]),
    (AppRow::OtherNoFee, &["缴纳费用", "收费通知"]),
    (AppRow::TotalHandled, &["总计"]),
    (AppRow::Granted, &["予以公开"]),
];

/// Group headers, mapped to the first row of their group.
const APP_GROUPS: &[(AppRow, &str)] = &[
    (AppRow::WithheldStateSecret, "不予公开"),
    (AppRow::UnableNotHeld, "无法提供"),
    (AppRow::NotProcessedPetition, "不予处理"),
    (AppRow::Other, "其他处理"),
];

/// Matches a compacted section 三 row label.
pub fn app_label(label: &str, template: Template) -> Option<AppLabel> {
    if let Some((row, _)) = APP_ROWS
        .iter()
        .find(|(_, fragments)| fragments.iter().any(|f| label.contains(f)))
    {
        return Some(AppLabel::Row(*row));
    }
    // "3.其他" under （六） (alone, or after the group label a spanning cell repeats): the 2021
    // catch-all row; in a 2019 report, the single （六） row.
    let sub = label
        .rsplit_once("其他处理")
        .map_or(label, |(_, rest)| rest);
    let bare = sub.trim_start_matches(|c: char| c.is_ascii_digit() || "().、,".contains(c));
    if bare == "其他" {
        return Some(AppLabel::Row(match template {
            Template::T2019 => AppRow::Other,
            _ => AppRow::OtherMisc,
        }));
    }
    APP_GROUPS
        .iter()
        .find(|(_, f)| label.contains(f))
        .map(|(row, _)| match row {
            AppRow::Other => AppLabel::Row(AppRow::Other),
            _ => AppLabel::Group(*row),
        })
}

/// The rows of section 三 in the order a template prints them.
pub fn template_rows(template: Template) -> Vec<AppRow> {
    AppRow::ALL
        .iter()
        .copied()
        .filter(|r| match template {
            Template::T2019 => !OTHER_SUB_ROWS.1.contains(r),
            Template::T2021 => *r != OTHER_SUB_ROWS.0,
            Template::Unknown => true,
        })
        .collect()
}

/// Section 二 rows: the distinctive fragment a label is matched by (most specific first), and the
/// label as the template prints it, as a pattern (规范性文件 is printed with or without 行政).
const ITEMS: &[(Item, &str, &str)] = &[
    (
        Item::NormativeDocuments,
        "规范性文件",
        "(?:行政)?规范性文件",
    ),
    (Item::Regulations, "规章", "规章"),
    (
        Item::OtherServices,
        "其他对外管理服务",
        "其他对外管理服务事项",
    ),
    (Item::Licensing, "行政许可", "行政许可"),
    (Item::Penalty, "行政处罚", "行政处罚"),
    (Item::Coercion, "行政强制", "行政强制"),
    (Item::Fees, "事业性收费", "行政事业性收费"),
    (Item::Procurement, "集中采购", "政府集中采购"),
];

/// The header labels of a section 二 table: its 第二十条 group labels and 信息内容.
const PROACTIVE_HEADERS: &str = r"第二十条第\(?[一二三四五六七八九十]+\)?项|信息内容";

/// Matches a compacted section 二 row label.
pub fn item(label: &str) -> Option<Item> {
    ITEMS
        .iter()
        .find(|(_, f, _)| label.contains(f))
        .map(|(i, _, _)| *i)
}

/// Where rows start in section 二: the 第二十条 group label, the header, the items as printed.
static PROACTIVE_ANCHORS: LazyLock<Regex> = LazyLock::new(|| {
    let items: Vec<&str> = ITEMS.iter().map(|(_, _, printed)| *printed).collect();
    Regex::new(&format!("{PROACTIVE_HEADERS}|{}", items.join("|"))).expect("pattern compiles")
});

/// Where rows start in section 三: the numbered row and group labels (`一、`, `（三）`, `1.`), the
/// header (a sub-row number such as `6.` is the last digit before its label, so
/// `10000016.属于四类过程性信息` cuts after `1000001`).
static APPLICATION_ANCHORS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"[一二三四]、\s?\p{Han}|\([一二三四五六七]\)\s?(?:\p{Han}|[1-8][.、])|[1-8][.、]\s?\p{Han}|\(本列数据|申请人情况",
    )
    .expect("pattern compiles")
});

/// The pattern of the labels a section's rows start with, where a flattened table is cut into
/// rows at them (sections 二 and 三; section 四 is one header and one run of values).
pub fn row_anchors(section: Section) -> Option<&'static Regex> {
    match section {
        Section::Proactive => Some(&PROACTIVE_ANCHORS),
        Section::Applications => Some(&APPLICATION_ANCHORS),
        Section::Review => None,
    }
}

/// The section 二 column headers named in a compacted header text, in printed order (a header
/// row flattened into one cell names all of its columns).
pub fn measures_in(header: &str) -> Vec<Measure> {
    let mut found: Vec<(usize, Measure)> = MEASURES
        .iter()
        .filter_map(|(m, f)| header.find(f).map(|at| (at, *m)))
        .collect();
    found.sort_by_key(|&(at, _)| at);
    found.dedup_by_key(|(_, m)| *m);
    found.into_iter().map(|(_, m)| m).collect()
}

/// Section 二 column headers by distinctive fragment.
const MEASURES: &[(Measure, &str)] = &[
    (Measure::MadeThisYear, "新制作"),
    (Measure::PublishedThisYear, "新公开"),
    (Measure::TotalPublic, "公开总数"),
    (Measure::ItemsLastYear, "上一年项目"),
    (Measure::ItemsLastYear, "上年项目"),
    (Measure::Change, "增/减"),
    (Measure::Change, "增减"),
    (Measure::Decisions, "处理决定"),
    (Measure::Items, "采购项目"),
    (Measure::AmountWanYuan, "采购总金额"),
    (Measure::AmountWanYuan, "收费金额"),
    (Measure::Issued, "制发件数"),
    (Measure::Repealed, "废止件数"),
    (Measure::InForce, "现行有效"),
];

/// The measures an item can carry, in either template.
pub fn measures_allowed(item: Item) -> &'static [Measure] {
    use Measure::*;
    match item {
        Item::Regulations | Item::NormativeDocuments => &[
            MadeThisYear,
            PublishedThisYear,
            TotalPublic,
            Issued,
            Repealed,
            InForce,
        ],
        Item::Licensing | Item::OtherServices | Item::Penalty | Item::Coercion => {
            &[ItemsLastYear, Change, Decisions]
        }
        Item::Fees => &[ItemsLastYear, Change, AmountWanYuan],
        Item::Procurement => &[Items, AmountWanYuan],
    }
}

/// The columns a template prints for an item, when the report's own header row is lost.
pub fn default_measures(item: Item, template: Template) -> &'static [Measure] {
    use Measure::*;
    match (template, item) {
        (Template::T2019, Item::Regulations | Item::NormativeDocuments) => {
            &[MadeThisYear, PublishedThisYear, TotalPublic]
        }
        (Template::T2019, Item::Fees) => &[ItemsLastYear, Change],
        (Template::T2019, Item::Procurement) => &[Items, AmountWanYuan],
        (Template::T2019, _) => &[ItemsLastYear, Change, Decisions],
        (Template::T2021, Item::Regulations | Item::NormativeDocuments) => {
            &[Issued, Repealed, InForce]
        }
        (Template::T2021, Item::Licensing | Item::Penalty | Item::Coercion) => &[Decisions],
        (Template::T2021, Item::Fees) => &[AmountWanYuan],
        _ => &[],
    }
}

/// Matches a compacted section 四 label naming exactly one block (a header row naming all
/// three names none).
pub fn proceeding(label: &str) -> Option<Proceeding> {
    let after = label.contains("复议后起诉");
    let direct = label.contains("直接起诉");
    let review = label
        .replace("未经复议", "")
        .replace("复议后起诉", "")
        .contains("复议");
    match (review, direct, after) {
        (true, false, false) if !label.contains("诉讼") => Some(Proceeding::Review),
        (false, true, false) => Some(Proceeding::LitigationDirect),
        (false, false, true) => Some(Proceeding::LitigationAfterReview),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn app_rows_and_variants() {
        let t = Template::T2019;
        assert_eq!(
            app_label("一、本年新收政府信息公开申请数量", t),
            Some(AppLabel::Row(AppRow::NewReceived))
        );
        assert_eq!(
            app_label("理结果不予公开2.其他法律行政法规禁止公开", t),
            Some(AppLabel::Row(AppRow::WithheldLawProhibited))
        );
        assert_eq!(
            app_label("2.其他法律行政止公开", t),
            Some(AppLabel::Row(AppRow::WithheldLawProhibited))
        );
        assert_eq!(
            app_label("(三)不予公开", t),
            Some(AppLabel::Group(AppRow::WithheldStateSecret))
        );
        assert_eq!(
            app_label("(二)部分公开(区分处理的,只计这一情形,不计其他情形)", t),
            Some(AppLabel::Row(AppRow::PartiallyGranted))
        );
        assert_eq!(
            app_label("(六)其他处理", t),
            Some(AppLabel::Row(AppRow::Other))
        );
        assert_eq!(
            app_label("3.其他", Template::T2021),
            Some(AppLabel::Row(AppRow::OtherMisc))
        );
        assert_eq!(
            app_label("四、结转下年度继续办理", t),
            Some(AppLabel::Row(AppRow::CarriedForward))
        );
        assert_eq!(app_label("", t), None);
    }

    #[test]
    fn items_and_measures() {
        assert_eq!(item("行政规范性文件"), Some(Item::NormativeDocuments));
        assert_eq!(item("规章"), Some(Item::Regulations));
        assert_eq!(
            measures_in("采购总金额(单位:万元,保留4位小数)"),
            [Measure::AmountWanYuan]
        );
        assert_eq!(measures_in("本年增/减"), [Measure::Change]);
        assert_eq!(measures_in("信息内容"), []);
        assert_eq!(
            measures_in("信息内容本年制发件数本年废止件数现行有效件数"),
            [Measure::Issued, Measure::Repealed, Measure::InForce]
        );
    }

    #[test]
    fn anchors_are_the_printed_labels() {
        let anchors = row_anchors(Section::Proactive).expect("section 二 has anchors");
        let found: Vec<&str> = anchors
            .find_iter("第二十条第(五)项信息内容行政规范性文件 5 规章 0 行政事业性收费 1")
            .map(|m| m.as_str())
            .collect();
        assert_eq!(
            found,
            [
                "第二十条第(五)项",
                "信息内容",
                "行政规范性文件",
                "规章",
                "行政事业性收费"
            ]
        );
        assert!(row_anchors(Section::Review).is_none());
    }

    #[test]
    fn proceedings() {
        assert_eq!(proceeding("行政复议"), Some(Proceeding::Review));
        assert_eq!(
            proceeding("复议后起诉"),
            Some(Proceeding::LitigationAfterReview)
        );
        assert_eq!(
            proceeding("未经复议直接起诉"),
            Some(Proceeding::LitigationDirect)
        );
        assert_eq!(proceeding("行政复议行政诉讼"), None);
        assert_eq!(
            proceeding("行政复议行政诉讼结果维持总计未经复议直接起诉复议后起诉结果维持"),
            None
        );
    }
}
