//! Tables flattened into running text, as crawlers save web pages: a whole section on one line,
//! the cells of a row separated by a space or by nothing at all
//! (`一、本年新收政府信息公开申请数量 713000074二、上年结转…`). Such a line is cut at the section
//! headings it holds, its prose sentences are kept as text, and the rest is cut into rows at the
//! template's row labels; the digits after a label become `joined` cells, whose boundaries the
//! extractor recovers from the template's arithmetic.

use std::sync::LazyLock;

use regex::Regex;

use super::{Block, Cell, Document, Line, Row};
use crate::model::Section;
use crate::template::headings::{
    Heading, heading, inline_heading_len, inline_headings, names_table_header,
};
use crate::template::labels::row_anchors;
use crate::text::compact;

/// The value run at the end of a row segment: it starts with a digit (so the header words
/// `本年增/减` are never taken for values), then digits, spaces, decimal points, signs (增/减 of
/// 本年增/减 included), counting units before a space (`2笔 984361元`), a unit.
static VALUES: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"[-+]?[0-9](?:[0-9\s.,/%增减+-]|[件项笔]\s)*(?:万元|元|[件项笔])?\s*$")
        .expect("pattern compiles")
});

/// A value run followed, after a space, by a fragment of a label printed in a cell that spans
/// rows (`1.属于国家秘密 0 0 0 0 0 0 0 理结果不予公开`: the 办理结果 and 不予公开 of the cells
/// beside it): group 1 is the row without the fragment.
static TRAILING_FRAGMENT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(.*[0-9])\s+\p{Han}[\p{Han}\s]{0,11}$").expect("pattern compiles")
});

/// A row label and the value run after it, at the start of a text.
static LABEL_AND_VALUES: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[^0-9]*?[-+]?[0-9][0-9\s.,%增减+-]*(?:万元|元)?").expect("pattern compiles")
});

/// Replaces every text line that holds a flattened table by its headings, prose and rows.
pub fn expand(doc: Document) -> Document {
    if !doc
        .blocks
        .iter()
        .any(|b| matches!(b, Block::Text(l) if l.whole_cells || holds_table(&l.text)))
    {
        return doc;
    }
    let mut blocks = Vec::with_capacity(doc.blocks.len());
    let mut section: Option<Section> = None;
    for block in doc.blocks {
        match block {
            Block::Text(line) if line.whole_cells || holds_table(&line.text) => {
                split_line(&line, &mut section, &mut blocks)
            }
            Block::Text(line) => {
                track(&line.text, &mut section);
                blocks.push(Block::Text(line));
            }
            row => blocks.push(row),
        }
    }
    Document { blocks }
}

/// A running-text line holding a table: its header words and at least one digit.
fn holds_table(text: &str) -> bool {
    let c = compact(text);
    names_table_header(&c) && c.chars().any(|ch| ch.is_ascii_digit())
}

fn track(text: &str, section: &mut Option<Section>) {
    match heading(text) {
        Some(Heading::Section(s)) => *section = Some(s),
        Some(Heading::Other) => *section = None,
        None => {}
    }
}

fn split_line(line: &Line, section: &mut Option<Section>, out: &mut Vec<Block>) {
    let text = line.text.as_str();
    let mut cuts: Vec<(usize, Option<Heading>)> = inline_headings(text)
        .into_iter()
        .map(|(at, h)| (at, Some(h)))
        .collect();
    cuts.insert(0, (0, None));
    for (i, &(start, heading)) in cuts.iter().enumerate() {
        let end = cuts.get(i + 1).map_or(text.len(), |c| c.0);
        let chunk = &text[start..end];
        let body = match heading {
            Some(h) => {
                let head_len = inline_heading_len(chunk);
                push_text(&chunk[..head_len], line.line, out);
                *section = match h {
                    Heading::Section(s) => Some(s),
                    Heading::Other => None,
                };
                &chunk[head_len..]
            }
            None => chunk,
        };
        // Prose sentences end with 。; a flattened table never does.
        let table_at = body.rfind('。').map_or(0, |p| p + '。'.len_utf8());
        if let Some((start, end)) = table_between_prose(body, table_at, *section) {
            push_text(&body[..start], line.line, out);
            rows(&body[start..end], *section, line, out);
            push_text(&body[end..], line.line, out);
            continue;
        }
        push_text(&body[..table_at], line.line, out);
        rows(&body[table_at..], *section, line, out);
    }
}

/// A table with prose after it as well as before (`…占15.4%。第二十条第(一)项…行政事业性收费
/// 18651.064104 (二)主动公开政府信息的主要类别2023年，…。`), where the text after the last 。 holds
/// none of the section's row labels: the table runs from its first label to the end of the
/// values of its last label.
fn table_between_prose(
    body: &str,
    table_at: usize,
    section: Option<Section>,
) -> Option<(usize, usize)> {
    let anchors = row_anchors(section?)?;
    if anchors.is_match(&body[table_at..]) {
        return None;
    }
    let first = anchors.find(body)?;
    let last = anchors.find_iter(body).last()?;
    let values = LABEL_AND_VALUES.find(&body[last.start()..])?;
    let end = last.start() + values.end();
    body[end..].contains('。').then_some((first.start(), end))
}

fn push_text(text: &str, line: u32, out: &mut Vec<Block>) {
    let text = text.trim();
    if !text.is_empty() {
        out.push(Block::Text(Line {
            text: text.to_owned(),
            line,
            whole_cells: false,
        }));
    }
}

/// Cuts a table's text into rows at its section's row labels.
fn rows(text: &str, section: Option<Section>, from: &Line, out: &mut Vec<Block>) {
    let (line, joined) = (from.line, !from.whole_cells);
    // Section 四 is one header and one run of fifteen values.
    let Some(anchors) = section.and_then(row_anchors) else {
        push_row(text, line, joined, out);
        return;
    };
    let mut starts: Vec<usize> = anchors.find_iter(text).map(|m| m.start()).collect();
    if starts.first() != Some(&0) {
        starts.insert(0, 0);
    }
    for (i, &start) in starts.iter().enumerate() {
        let end = starts.get(i + 1).copied().unwrap_or(text.len());
        push_row(&text[start..end], line, joined, out);
    }
}

/// One row: its label cell, then one cell per space-separated value token, `joined` (its digits
/// may be several cells run together) unless the line's tokens are whole cells.
fn push_row(segment: &str, line: u32, joined: bool, out: &mut Vec<Block>) {
    if segment.trim().is_empty() {
        return;
    }
    let segment = if VALUES.is_match(segment) {
        segment
    } else {
        TRAILING_FRAGMENT
            .captures(segment)
            .and_then(|c| c.get(1))
            .map_or(segment, |m| m.as_str())
    };
    let (label, values) = match VALUES.find(segment) {
        Some(m) => (&segment[..m.start()], m.as_str()),
        None => (segment, ""),
    };
    let mut cells = vec![Cell::new(label, line)];
    cells.extend(
        values
            .split_whitespace()
            .flat_map(split_signs)
            .map(|token| Cell {
                joined,
                ..Cell::new(token, line)
            }),
    );
    out.push(Block::Row(Row { cells, line }));
}

/// A sign after a digit starts a new cell: `2648-18538` is `2648` then `-18538`, `347增1692558`
/// is `347` then `增1692558` (本年增/减 run together with its neighbours).
fn split_signs(token: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut start = 0;
    for (i, c) in token.char_indices().skip(1) {
        if matches!(c, '-' | '+' | '增' | '减')
            && token[..i].ends_with(|p: char| p.is_ascii_digit())
        {
            parts.push(&token[start..i]);
            start = i;
        }
    }
    parts.push(&token[start..]);
    parts
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows_of(text: &str) -> Vec<Vec<String>> {
        expand(crate::layout::text::read(text).unwrap()).row_texts()
    }

    #[test]
    fn run_together_rows_are_cut_at_labels() {
        let text = "三、收到和处理政府信息公开申请情况（本列数据的勾稽关系为：第一项加第二项之和）申请人情况自然人总计一、本年新收政府信息公开申请数量 713000074二、上年结转政府信息公开申请数量 1000001（三）不予公开 1.属于国家秘密00000002.其他法律行政法规禁止公开 0000000四、结转下年度继续办理 0 0 00 00 0 四、政府信息公开行政复议、行政诉讼情况行政复议结果维持总计 0 1 1 0 2";
        let rows = rows_of(text);
        assert_eq!(rows[2], ["一、本年新收政府信息公开申请数量", "713000074"]);
        assert_eq!(rows[3], ["二、上年结转政府信息公开申请数量", "1000001"]);
        assert_eq!(rows[4], ["(三)不予公开"]);
        assert_eq!(rows[5], ["1.属于国家秘密", "0000000"]);
        assert_eq!(rows[6], ["2.其他法律行政法规禁止公开", "0000000"]);
        assert_eq!(
            rows[7],
            ["四、结转下年度继续办理", "0", "0", "00", "00", "0"]
        );
        assert_eq!(rows[8], ["行政复议结果维持总计", "0", "1", "1", "0", "2"]);
    }

    #[test]
    fn a_minus_sign_starts_a_cell() {
        assert_eq!(split_signs("2648-18538"), ["2648", "-18538"]);
        assert_eq!(split_signs("-30"), ["-30"]);
        assert_eq!(split_signs("347增1692558"), ["347", "增1692558"]);
    }

    #[test]
    fn prose_before_a_table_stays_text() {
        let text = "二、主动公开政府信息情况2021年，主动公开政府信息125条，涵盖政策及规范性文件类5条。 第二十条第（一）项 信息内容 本年制发件数 本年废止件数 现行有效件数 规章 0 0 0 行政规范性文件 5 0 5";
        let rows = rows_of(text);
        assert_eq!(rows[0], ["第二十条第(一)项"]);
        assert_eq!(rows[1], ["信息内容本年制发件数本年废止件数现行有效件数"]);
        assert_eq!(rows[3], ["行政规范性文件", "5", "0", "5"]);
        assert_eq!(rows.len(), 4);
    }
}
