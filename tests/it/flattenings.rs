//! The seeds' tab-separated tables flattened again the ways web-page-to-text converters and
//! copy-paste flatten real report pages: one cell per line ending in a pipe (a blank cell a lone
//! pipe, no row boundaries), and one cell per paragraph (blank cells gone). Whatever cannot be
//! placed any more is null; no cell may differ from what the tab-separated original gives.

use std::collections::BTreeMap;

use crate::util::{apps, proactive, review, seed, seed_text};

/// Every table cell of a text on a line of its own ending in ` |`; other lines kept.
fn cell_per_line(text: &str) -> String {
    let mut out = String::new();
    for line in text.lines() {
        if line.contains('\t') {
            for cell in line.split('\t') {
                out.push_str(&format!("{} |\n", cell.trim()));
            }
        } else {
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

/// Every table cell of a text as a paragraph of its own; blank cells vanish.
fn cell_per_paragraph(text: &str) -> String {
    let mut out = String::new();
    for line in text.lines() {
        for cell in line.split('\t').map(str::trim).filter(|c| !c.is_empty()) {
            out.push_str(cell);
            out.push_str("\n\n");
        }
    }
    out
}

/// All cells of an extraction, keyed by table, row and column, as numbers.
fn cells(e: &ogi::model::Extraction) -> BTreeMap<String, Option<f64>> {
    let mut out = BTreeMap::new();
    for ((r, c), v) in apps(e) {
        out.insert(format!("三 {r} {c}"), v.map(|v| v as f64));
    }
    for ((r, c), v) in review(e) {
        out.insert(format!("四 {r} {c}"), v.map(|v| v as f64));
    }
    for ((r, c), v) in proactive(e) {
        out.insert(format!("二 {r} {c}"), v);
    }
    out
}

/// (cells the original reads, those of them now null) after flattening; panics on a differing
/// cell.
fn compare(id: &str, flatten: fn(&str) -> String) -> (usize, Vec<String>) {
    let original = cells(&seed(id));
    let flat = ogi::pipeline::read_text(&flatten(&seed_text(id))).expect("a report");
    let again = cells(&flat);
    let mut nulls = Vec::new();
    for (key, want) in &original {
        let Some(want) = want else { continue };
        match again.get(key).copied().flatten() {
            None => nulls.push(key.clone()),
            Some(got) => assert_eq!(got, *want, "seed {id}: {key}"),
        }
    }
    (original.values().filter(|v| v.is_some()).count(), nulls)
}

#[test]
fn seeds_flattened_one_cell_per_line_or_paragraph_read_the_same_or_null() {
    for flatten in [cell_per_line, cell_per_paragraph] {
        // 000's row with a missing cell is repaired by its own arithmetic, as in the original.
        let (read, nulls) = compare("000", flatten);
        assert_eq!((read, nulls), (198, vec![]));
        // 002 prints 予以公开 and 部分公开 with blank applicant cells and a total: the one number
        // of such a row is its last column, as in the original.
        let (read, nulls) = compare("002", flatten);
        assert_eq!((read, nulls), (186, vec![]));
    }
}

/// A 2019-template page copied cell by cell, one paragraph each, its header labels broken over
/// paragraphs (`本年新` / `公开数量`), as on 021jzzz.com's street-office reports.
#[test]
fn a_2019_report_one_cell_per_paragraph_with_broken_header_labels() {
    let cells = "某街道办事处2019年政府信息公开工作年度报告|二、主动公开政府信息情况|第二十条第(一)项|信息内容|\
        本年新制作数量|本年新|公开数量|对外公开|总数量|规章|0|0|0|规范性文件|3|2|15|第二十条第(五)项|信息内容|\
        上一年项目数量|本年增/减|处理决定数量|行政许可|12|-2|340|其他对外管理服务事项|0|0|0|第二十条第(六)项|\
        信息内容|上一年项目数量|本年增/减|处理决定数量|行政处罚|5|1|27|行政强制|0|0|0|第二十条第(八)项|信息内容|\
        上一年项目数量|本年增/减|行政事业性收费|2|0|第二十条第(九)项|信息内容|采购项目数量|采购总金额|政府集中采购|\
        4|35.5|三、收到和处理政府信息公开申请情况|(本列数据的勾稽关系为:第一项加第二项之和,等于第三项加第四项之和)|\
        申请人情况|自然人|法人或其他组织|总计|商业企业|科研机构|社会公益组织|法律服务机构|其他|\
        一、本年新收政府信息公开申请数量|5|1|0|0|0|0|6|二、上年结转政府信息公开申请数量|1|0|0|0|0|0|1";
    let text = cells.split('|').collect::<Vec<_>>().join("\n\n");
    let e = ogi::pipeline::read_text(&text).expect("a report");
    assert_eq!(
        (e.meta.agency.as_deref(), e.meta.year),
        (Some("某街道办事处"), Some(2019))
    );
    let p = proactive(&e);
    assert_eq!(p[&("normative_documents", "total_public")], Some(15.0));
    assert_eq!(p[&("licensing", "change")], Some(-2.0));
    assert_eq!(p[&("licensing", "decisions")], Some(340.0));
    assert_eq!(p[&("procurement", "amount_wan_yuan")], Some(35.5));
    let a = apps(&e);
    assert_eq!(a[&("new_received", "total")], Some(6));
    assert_eq!(a[&("new_received", "commercial")], Some(1));
    assert_eq!(a[&("carried_over", "natural_person")], Some(1));
}

/// Section 二 of the 2021 template as pages copied cell by cell print it, three ways: pipe-only
/// lines between rows (xxgk.siping.gov.cn), a lone pipe between every cell (ankang.gov.cn),
/// and one cell per paragraph with a signed change (lw.gov.cn, 2019 template).
#[test]
fn section_two_with_pipe_only_lines_lone_pipes_between_cells_and_signed_changes() {
    let get = |e: &ogi::model::Extraction, item: &str, measure: &str| {
        proactive(e).get(&(item, measure)).copied().flatten()
    };
    let siping = "二、主动公开政府信息情况\n第二十条第(一)项 |\n|||\n信息内容 |\n本年制发件数 |\n本年废止件数 |\n\
        现行有效件数 |\n规章 |\n0 |\n0 |\n0 |\n行政规范性文件 |\n3 |\n1 |\n12 |\n第二十条第(五)项 |\n|||\n\
        信息内容 |\n本年处理决定数量 |\n||\n行政许可 |\n221 |\n||\n第二十条第(六)项 |\n|||\n信息内容 |\n\
        本年处理决定数量 |\n||\n行政处罚 |\n52 |\n||\n行政强制 |\n0 |\n||\n三、收到和处理政府信息公开申请情况\n";
    let e = ogi::pipeline::read_text(&format!("某局2022年政府信息公开工作年度报告\n{siping}"))
        .expect("a report");
    assert_eq!(get(&e, "normative_documents", "in_force"), Some(12.0));
    assert_eq!(get(&e, "licensing", "decisions"), Some(221.0));
    assert_eq!(get(&e, "penalty", "decisions"), Some(52.0));

    let ankang = "二、主动公开政府信息情况\n第二十条第(一)项\n|\n信息内容\n|\n本年新制作数量\n|\n本年新公开数量\n|\n\
        对外公开总数量\n|\n规章\n|\n0\n|\n0\n|\n0\n|\n规范性文件\n|\n30\n|\n28\n|\n30\n|\n第二十条第(九)项\n|\n\
        信息内容\n|\n采购项目数量\n|\n采购总金额\n|\n政府集中采购\n|\n8\n|\n160.5964万元\n|\n三、收到和处理政府信息公开申请情况\n";
    let e = ogi::pipeline::read_text(&format!("某县2020年政府信息公开工作年度报告\n{ankang}"))
        .expect("a report");
    assert_eq!(
        get(&e, "normative_documents", "published_this_year"),
        Some(28.0)
    );
    assert_eq!(get(&e, "procurement", "items"), Some(8.0));
    assert_eq!(get(&e, "procurement", "amount_wan_yuan"), Some(160.5964));

    let lw = "二、主动公开政府信息情况|第二十条第(五)项|信息内容|上一年项目数量|本年增/减|处理决定数量|\
        行政许可|21|+19|40|其他对外管理服务事项|0|0|0|第二十条第(六)项|信息内容|上一年项目数量|本年增/减|\
        处理决定数量|行政处罚|5|-2|7|行政强制|0|0|0|三、收到和处理政府信息公开申请情况";
    let text = format!(
        "某局2020年政府信息公开工作年度报告\n\n{}",
        lw.replace('|', "\n\n")
    );
    let e = ogi::pipeline::read_text(&text).expect("a report");
    assert_eq!(get(&e, "licensing", "items_last_year"), Some(21.0));
    assert_eq!(get(&e, "licensing", "change"), Some(19.0));
    assert_eq!(get(&e, "licensing", "decisions"), Some(40.0));
    assert_eq!(get(&e, "penalty", "change"), Some(-2.0));
}

/// A whole section 二 table printed as one pipe row (a label after a number shows rows run into
/// one), as on a 保定 department's 2021 page.
#[test]
fn a_whole_table_on_one_pipe_row() {
    let text = "某局2021年度政府信息公开工作年度报告\n二、主动公开政府信息情况\n\
        第二十条第(一)项 | 信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 | 规章 | 0 | 0 | 0 | \
        行政规范性文件 | 2 | 1 | 9 | 第二十条第(五)项 | 信息内容 | 本年处理决定数量 | 行政许可 | 650 | \
        第二十条第(六)项 | 信息内容 | 本年处理决定数量 | 行政处罚 | 100 | 行政强制 | 0 |\n\
        三、收到和处理政府信息公开申请情况\n";
    let e = ogi::pipeline::read_text(text).expect("a report");
    let p = proactive(&e);
    assert_eq!(p[&("normative_documents", "in_force")], Some(9.0));
    assert_eq!(p[&("licensing", "decisions")], Some(650.0));
    assert_eq!(p[&("penalty", "decisions")], Some(100.0));
    assert_eq!(p[&("coercion", "decisions")], Some(0.0));
}
