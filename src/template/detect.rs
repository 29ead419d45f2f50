//! Which national template a report follows, from the labels only one of them prints; from the
//! reporting year when the report prints no table.

/// The national template a report follows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Template {
    /// 国办公开办函〔2019〕60号: reports for 2019 and 2020.
    T2019,
    /// 国办公开办函〔2021〕30号: reports for 2021 on.
    T2021,
    /// Neither could be told.
    Unknown,
}

impl Template {
    /// Name written to `reports.template`.
    pub fn as_str(self) -> &'static str {
        match self {
            Template::T2019 => "2019",
            Template::T2021 => "2021",
            Template::Unknown => "unknown",
        }
    }
}

/// Labels printed only by the 2019 template (国办公开办函〔2019〕60号).
const T2019: &[&str] = &[
    "本年新制作数量",
    "本年新公开数量",
    "上一年项目数量",
    "第二十条第(九)项",
    "采购项目数量",
    "〔2019〕60号",
];
/// Labels printed only by the 2021 template (国办公开办函〔2021〕30号).
const T2021: &[&str] = &[
    "本年制发件数",
    "本年废止件数",
    "现行有效件数",
    "本年收费金额",
    "逾期不补正",
    "缴纳费用",
    "〔2021〕30号",
];

/// Whether a compacted text is an annual report at all: it mentions 信息公开 together with a
/// report title or a word of the template's tables.
pub fn is_report(compact_text: &str) -> bool {
    compact_text.contains("信息公开")
        && [
            "年度报告",
            "年报",
            "主动公开",
            "依申请",
            "申请人情况",
            "行政复议",
        ]
        .iter()
        .any(|m| compact_text.contains(m))
}

/// The detected template, and whether labels of both templates were found.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Detection {
    /// The template.
    pub template: Template,
    /// How it was decided.
    pub basis: Basis,
}

/// How the template was decided.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Basis {
    /// Labels of one template only.
    Labels,
    /// Labels of both; the majority won.
    Mixed {
        /// Labels of the 2019 template found.
        n2019: usize,
        /// Labels of the 2021 template found.
        n2021: usize,
    },
    /// No label; the year decided (2019 template for 2019-2020, 2021 from 2021).
    Year,
    /// Nothing to go by.
    None,
}

/// Detects the template from the compacted text and the year.
pub fn detect(compact_text: &str, year: Option<i32>) -> Detection {
    let count = |labels: &[&str]| labels.iter().filter(|l| compact_text.contains(*l)).count();
    let (n2019, n2021) = (count(T2019), count(T2021));
    let (template, basis) = match (n2019, n2021) {
        (0, 0) => match year {
            Some(y) if (2019..=2020).contains(&y) => (Template::T2019, Basis::Year),
            Some(y) if y >= 2021 => (Template::T2021, Basis::Year),
            _ => (Template::Unknown, Basis::None),
        },
        (_, 0) => (Template::T2019, Basis::Labels),
        (0, _) => (Template::T2021, Basis::Labels),
        (a, b) => (
            if a >= b {
                Template::T2019
            } else {
                Template::T2021
            },
            Basis::Mixed { n2019: a, n2021: b },
        ),
    };
    Detection { template, basis }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn by_labels_then_year() {
        assert_eq!(
            detect("信息内容本年新制作数量本年新公开数量", Some(2023)).template,
            Template::T2019
        );
        assert_eq!(
            detect("本年制发件数本年废止件数", None).template,
            Template::T2021
        );
        assert_eq!(
            detect("无表格", Some(2020)),
            Detection {
                template: Template::T2019,
                basis: Basis::Year
            }
        );
        assert_eq!(detect("无表格", None).template, Template::Unknown);
        let d = detect("本年新制作数量本年新公开数量本年制发件数", None);
        assert_eq!(d.basis, Basis::Mixed { n2019: 2, n2021: 1 });
    }
}
