//! Property: consistent section 三 and 四 tables rendered as flattened web text (cells run
//! together, with or without a space between them) read back to the exact values or to nulls
//! with a finding, never to a wrong number.

use ogi::model::{AppRow, Applicant, Outcome, Proceeding};
use proptest::prelude::*;

use crate::util::APP_LABELS;

/// Rows （一）..（六） of the 2019 template, by index in [`APP_LABELS`].
const OUTCOME_ROWS: std::ops::Range<usize> = 2..21;

#[derive(Debug, Clone)]
struct Tables {
    apps: Vec<[i64; 7]>,
    review: [i64; 15],
}

fn with_total(six: [i64; 6]) -> [i64; 7] {
    let mut row = [0; 7];
    row[..6].copy_from_slice(&six);
    row[6] = six.iter().sum();
    row
}

/// Mostly zeros, as real reports are, with some small and some large counts.
fn count() -> impl Strategy<Value = i64> {
    prop_oneof![6 => Just(0i64), 3 => 1..10i64, 1 => 10..400i64]
}

fn tables() -> impl Strategy<Value = Tables> {
    let outcomes = prop::collection::vec(prop::array::uniform6(count()), OUTCOME_ROWS.len());
    let carried = (
        prop::array::uniform6(0..3i64),
        prop::array::uniform6(0..3i64),
    );
    let review = prop::array::uniform12(0..4i64);
    (outcomes, carried, review).prop_map(|(outcomes, (over, forward), r)| {
        let mut handled = [0i64; 6];
        for row in &outcomes {
            for (h, v) in handled.iter_mut().zip(row) {
                *h += v;
            }
        }
        // 一 + 二 = 三(七) + 四: choose 二 no larger than what was handled and carried forward.
        let over: [i64; 6] = std::array::from_fn(|j| over[j].min(handled[j] + forward[j]));
        let new: [i64; 6] = std::array::from_fn(|j| handled[j] + forward[j] - over[j]);
        let mut apps = vec![with_total(new), with_total(over)];
        apps.extend(outcomes.into_iter().map(with_total));
        apps.push(with_total(handled));
        apps.push(with_total(forward));
        let mut review = [0i64; 15];
        for b in 0..3 {
            review[b * 5..b * 5 + 4].copy_from_slice(&r[b * 4..b * 4 + 4]);
            review[b * 5 + 4] = r[b * 4..b * 4 + 4].iter().sum();
        }
        Tables { apps, review }
    })
}

fn render(t: &Tables, spaces: &[bool]) -> String {
    let mut gap = spaces.iter().cycle();
    let mut join = |cells: &[i64]| {
        let mut s = String::new();
        for (i, c) in cells.iter().enumerate() {
            if i > 0 && *gap.next().unwrap_or(&false) {
                s.push(' ');
            }
            s.push_str(&c.to_string());
        }
        s
    };
    let mut line = String::from(
        "标题: 某区2020年政府信息公开工作年度报告\n==== 正文 ====\n某区2020年政府信息公开工作年度报告 二、主动公开政府信息情况 第二十条第（一）项信息内容本年新制作数量本年新公开数量对外公开总数量规章000",
    );
    line.push_str("三、收到和处理政府信息公开申请情况（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）申请人情况自然人法人或其他组织总计商业企业科研机构社会公益组织法律服务机构其他");
    for ((_, label), row) in APP_LABELS.iter().zip(&t.apps) {
        line.push_str(label);
        line.push_str(&join(row));
    }
    line.push_str("四、政府信息公开行政复议、行政诉讼情况行政复议行政诉讼结果维持结果纠正其他结果尚未审结总计未经复议直接起诉复议后起诉结果维持结果纠正其他结果尚未审结总计结果维持结果纠正其他结果尚未审结总计");
    line.push_str(&join(&t.review));
    line.push_str(" 五、存在的主要问题及改进情况无。\n");
    line
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn run_together_tables_read_back_exactly_or_null(t in tables(), spaces in prop::collection::vec(prop::bool::weighted(0.2), 1..40)) {
        let text = render(&t, &spaces);
        let e = ogi::pipeline::read_text(&text).expect("a report");
        for ((key, _), row) in APP_LABELS.iter().zip(&t.apps) {
            let r = AppRow::ALL.iter().copied().find(|r| r.key() == *key).expect("row key");
            for (j, &a) in Applicant::ALL.iter().enumerate() {
                match e.app(r, a) {
                    Some(v) => prop_assert_eq!(v, row[j], "{} {} in {}", key, a.key(), text),
                    None => prop_assert!(
                        e.findings.iter().any(|f| f.row.as_deref() == Some(*key)),
                        "{} {} null without a finding", key, a.key()
                    ),
                }
            }
        }
        for (b, &p) in Proceeding::ALL.iter().enumerate() {
            for (j, &o) in Outcome::ALL.iter().enumerate() {
                if let Some(v) = e.review(p, o) {
                    prop_assert_eq!(v, t.review[b * 5 + j], "{} {}", p.key(), o.key());
                }
            }
        }
    }
}
