"""Makes office-software test fixtures from a report's hand-checked truth JSON (the format of
tests/fixtures/corpus/*.json): a .docx laid out as the national template really is, then what
office software makes of it.

For each truth file it writes, into --out:

  ID.docx      python-docx: title, body paragraphs, headings 一..六, and the three tables with the
               template's merged cells (section 三's 申请人情况 / 自然人 / 法人或其他组织 / 总计 header,
               the row labels in merged label columns, section 四's two-level header), in the
               2019 or the 2021 template as the truth says;
  ID.doc       LibreOffice headless, `--convert-to doc` (Word 97-2003) from ID.docx;
  ID.pdf       LibreOffice headless, `--convert-to pdf` from ID.docx;
  ID-scan.pdf  ID.pdf rasterised (pdftoppm, grey, --dpi) and re-wrapped with img2pdf: images only,
               no text layer (checked with pdffonts: the scan must list no font).

A blank or null cell of the truth is printed blank. Needs python-docx (the system python3 has
it), soffice, pdftoppm, pdffonts and img2pdf. Run with the system python:

  /usr/bin/python3 scripts/office_fixtures.py make tests/fixtures/corpus/B007.json --out /tmp/office

`score TRUTH INSPECT ...` compares `ogi inspect --json` outputs with their truths cell by cell
(correct, null, wrong; and agency, year, template).

`truth` turns `ogi inspect --json FILE` output into the same truth format, so that reports whose
values are asserted by the tests (the seeds) can be laid out too:

  ogi inspect data/sample/003_*.txt --json | /usr/bin/python3 scripts/office_fixtures.py truth S003 > S003.json
"""

import argparse
import datetime
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

import docx
from PIL import Image  # img2pdf's own dependency
from docx.enum.section import WD_ORIENT  # noqa: F401  (portrait, as the reports are)
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

APPLICANTS = ["natural_person", "commercial", "research", "social_org", "legal_service", "other_org", "total"]
OUTCOMES = ["upheld", "corrected", "other", "pending", "total"]
PROCEEDINGS = ["review", "litigation_direct", "litigation_after_review"]

WITHHELD = [
    ("withheld_state_secret", "1.属于国家秘密"),
    ("withheld_law_prohibited", "2.其他法律行政法规禁止公开"),
    ("withheld_security_stability", "3.危及“三安全一稳定”"),
    ("withheld_third_party", "4.保护第三方合法权益"),
    ("withheld_internal_affairs", "5.属于三类内部事务信息"),
    ("withheld_process_info", "6.属于四类过程性信息"),
    ("withheld_enforcement_file", "7.属于行政执法案卷"),
    ("withheld_administrative_query", "8.属于行政查询事项"),
]
UNABLE = [
    ("unable_not_held", "1.本机关不掌握相关政府信息"),
    ("unable_needs_creation", "2.没有现成信息需要另行制作"),
    ("unable_unclear", "3.补正后申请内容仍不明确"),
]
NOT_PROCESSED = [
    ("not_processed_petition", "1.信访举报投诉类申请"),
    ("not_processed_duplicate", "2.重复申请"),
    ("not_processed_publication", "3.要求提供公开出版物"),
    ("not_processed_excessive", "4.无正当理由大量反复申请"),
    ("not_processed_confirmation", "5.要求行政机关确认或重新出具已获取信息"),
]
OTHER_2021 = [
    ("other_no_correction", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"),
    ("other_no_fee", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"),
    ("other_misc", "3.其他"),
]

# Section 二: (heading, header cells, [(item key, label)], measures); a header or value cell
# with a span is (text, columns).
PROACTIVE_2019 = [
    ("第二十条第（一）项", ["信息内容", "本年新制作数量", "本年新公开数量", "对外公开总数量"],
     [("regulations", "规章"), ("normative_documents", "规范性文件")],
     ["made_this_year", "published_this_year", "total_public"]),
    ("第二十条第（五）项", ["信息内容", "上一年项目数量", "本年增/减", "处理决定数量"],
     [("licensing", "行政许可"), ("other_services", "其他对外管理服务事项")],
     ["items_last_year", "change", "decisions"]),
    ("第二十条第（六）项", ["信息内容", "上一年项目数量", "本年增/减", "处理决定数量"],
     [("penalty", "行政处罚"), ("coercion", "行政强制")],
     ["items_last_year", "change", "decisions"]),
    ("第二十条第（八）项", ["信息内容", "上一年项目数量", ("本年增/减", 2)],
     [("fees", "行政事业性收费")], ["items_last_year", ("change", 2)]),
    ("第二十条第（九）项", ["信息内容", "采购项目数量", ("采购总金额", 2)],
     [("procurement", "政府集中采购")], ["items", ("amount_wan_yuan", 2)]),
]
PROACTIVE_2021 = [
    ("第二十条第（一）项", ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"],
     [("regulations", "规章"), ("normative_documents", "行政规范性文件")],
     ["issued", "repealed", "in_force"]),
    ("第二十条第（五）项", ["信息内容", ("本年处理决定数量", 3)],
     [("licensing", "行政许可")], [("decisions", 3)]),
    ("第二十条第（六）项", ["信息内容", ("本年处理决定数量", 3)],
     [("penalty", "行政处罚"), ("coercion", "行政强制")], [("decisions", 3)]),
    ("第二十条第（八）项", ["信息内容", ("本年收费金额（单位：万元）", 3)],
     [("fees", "行政事业性收费")], [("amount_wan_yuan", 3)]),
]

BODY = {
    "intro": "本报告根据《中华人民共和国政府信息公开条例》（以下简称《条例》）和国务院办公厅政府信息与政务公开办公室"
             "关于政府信息公开工作年度报告的有关要求编制。本报告中所列数据的统计期限自{y}年1月1日起至{y}年12月31日止。"
             "本报告电子版可在本机关门户网站“政府信息公开”专栏查阅或下载。如对本报告有疑问，请与本机关政务公开办公室联系。",
    "一": "本年度，{a}坚持以人民为中心的发展思想，认真贯彻落实《条例》，围绕中心工作，不断加强组织领导，"
          "完善工作机制，规范公开内容，拓展公开渠道，政府信息公开工作取得新的成效。",
    "一b": "（一）主动公开。持续做好重点领域信息公开，及时发布政策文件和解读材料，保障公众知情权、参与权和监督权。",
    "一c": "（二）依申请公开。严格按照《条例》规定的程序和时限受理、办理政府信息公开申请，做到依法答复、规范答复。",
    "五": "一是公开内容的深度和广度仍需拓展；二是政策解读的形式不够丰富；三是工作人员业务能力有待提高。"
          "下一步，我们将进一步加强培训，完善制度，推动政务公开工作再上新台阶。",
    "六": "本年度未收取信息处理费。无其他需要报告的事项。",
}

HEADINGS = {
    "一": "一、总体情况",
    "二": "二、主动公开政府信息情况",
    "三": "三、收到和处理政府信息公开申请情况",
    "四": "四、政府信息公开行政复议、行政诉讼情况",
    "五": "五、存在的主要问题及改进情况",
    "六": "六、其他需要报告的事项",
}


def number(v):
    """A truth value as a report prints it: blank for null, no trailing .0 on whole numbers."""
    if v is None:
        return ""
    if isinstance(v, float):
        if v.is_integer():
            return str(int(v))
        return repr(v)
    return str(v)


def set_font(run, size=None, bold=False):
    run.font.name = "宋体"
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), "宋体")
    if size:
        run.font.size = Pt(size)
    run.bold = bold


def para(document, text, size=12, bold=False, center=False):
    p = document.add_paragraph()
    if center:
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    set_font(p.add_run(text), size, bold)
    return p


def write(cell, text, size=9):
    """Sets a (possibly merged) cell's only paragraph to `text`, centred."""
    for extra in cell.paragraphs[1:]:
        extra._element.getparent().remove(extra._element)
    p = cell.paragraphs[0]
    for r in list(p.runs):
        r._element.getparent().remove(r._element)
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    if text:
        set_font(p.add_run(text), size)


def table(document, rows, widths):
    """A bordered table with column widths in cm (set before any merge: a merged cell's width
    is the sum of the columns it covers)."""
    t = document.add_table(rows=rows, cols=len(widths))
    t.style = "Table Grid"
    t.alignment = WD_TABLE_ALIGNMENT.CENTER
    t.autofit = False
    for c, w in enumerate(widths):
        t.columns[c].width = Cm(w)
        for cell in t.columns[c].cells:
            cell.width = Cm(w)
    return t


def span(t, r0, c0, r1, c1, text):
    """Merges the cells (r0, c0)..(r1, c1) and writes `text` into the merged cell."""
    cell = t.cell(r0, c0)
    if (r1, c1) != (r0, c0):
        cell = cell.merge(t.cell(r1, c1))
    write(cell, text)


def proactive_table(document, truth):
    blocks = PROACTIVE_2021 if truth["template"] == "2021" else PROACTIVE_2019
    values = truth.get("proactive", {})
    n = sum(2 + len(items) for _, _, items, _ in blocks)
    t = table(document, n, [4.4, 4.2, 4.2, 4.2])
    r = 0
    for heading, header, items, measures in blocks:
        span(t, r, 0, r, 3, heading)
        r += 1
        c = 0
        for h in header:
            text, w = h if isinstance(h, tuple) else (h, 1)
            span(t, r, c, r, c + w - 1, text)
            c += w
        r += 1
        for key, label in items:
            span(t, r, 0, r, 0, label)
            c = 1
            for m in measures:
                mkey, w = m if isinstance(m, tuple) else (m, 1)
                v = values.get(key, {}).get(mkey)
                span(t, r, c, r, c + w - 1, number(v))
                c += w
            r += 1
    known = {(k, m if isinstance(m, str) else m[0]) for _, _, items, ms in blocks for k, _ in items for m in ms}
    for item, measures in values.items():
        for m in measures:
            if (item, m) not in known:
                print(f"{truth['id']}: section 二 cell {item}/{m} has no place in the {truth['template']} template; left out",
                      file=sys.stderr)


def application_rows(truth):
    """(group label or None, sub-group label or None, row label, key) for section 三's rows."""
    apps = truth["applications"]
    rows = [(None, None, "一、本年新收政府信息公开申请数量", "new_received"),
            (None, None, "二、上年结转政府信息公开申请数量", "carried_over")]
    result = "三、本年度办理结果"
    rows.append((result, None, "（一）予以公开", "granted"))
    rows.append((result, None, "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", "partially_granted"))
    rows += [(result, "（三）不予公开", label, key) for key, label in WITHHELD]
    rows += [(result, "（四）无法提供", label, key) for key, label in UNABLE]
    rows += [(result, "（五）不予处理", label, key) for key, label in NOT_PROCESSED]
    split_other = truth["template"] == "2021" and any(k in apps for k, _ in OTHER_2021)
    if split_other:
        rows += [(result, "（六）其他处理", label, key) for key, label in OTHER_2021]
    else:
        rows.append((result, None, "（六）其他处理", "other"))
    rows.append((result, None, "（七）总计", "total_handled"))
    rows.append((None, None, "四、结转下年度继续办理", "carried_forward"))
    return rows


def applications_table(document, truth):
    rows = application_rows(truth)
    apps = truth["applications"]
    t = table(document, 3 + len(rows), [1.4, 1.6, 4.6] + [1.35] * 7)
    span(t, 0, 0, 2, 2, "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）")
    span(t, 0, 3, 0, 9, "申请人情况")
    span(t, 1, 3, 2, 3, "自然人")
    span(t, 1, 4, 1, 8, "法人或其他组织")
    span(t, 1, 9, 2, 9, "总计")
    for c, h in enumerate(["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]):
        span(t, 2, 4 + c, 2, 4 + c, h)
    r0 = 3
    # Merged label columns: the group label down column 0, sub-group labels down column 1.
    for col, pick in ((0, lambda row: row[0]), (1, lambda row: row[1])):
        i = 0
        while i < len(rows):
            label = pick(rows[i])
            j = i
            while j + 1 < len(rows) and label is not None and pick(rows[j + 1]) == label:
                j += 1
            if label is not None:
                span(t, r0 + i, col, r0 + j, col, label)
            i = j + 1
    for i, (group, sub, label, key) in enumerate(rows):
        r = r0 + i
        if group is None:
            span(t, r, 0, r, 2, label)
        elif sub is None:
            span(t, r, 1, r, 2, label)
        else:
            span(t, r, 2, r, 2, label)
        for c, a in enumerate(APPLICANTS):
            span(t, r, 3 + c, r, 3 + c, number(apps.get(key, {}).get(a)))


def review_table(document, truth):
    rl = truth["review_litigation"]
    t = table(document, 4, [1.13] * 15)
    span(t, 0, 0, 0, 4, "行政复议")
    span(t, 0, 5, 0, 14, "行政诉讼")
    heads = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
    for c, h in enumerate(heads):
        span(t, 1, c, 2, c, h)
    span(t, 1, 5, 1, 9, "未经复议直接起诉")
    span(t, 1, 10, 1, 14, "复议后起诉")
    for c, h in enumerate(heads * 2):
        span(t, 2, 5 + c, 2, 5 + c, h)
    for b, p in enumerate(PROCEEDINGS):
        for c, o in enumerate(OUTCOMES):
            span(t, 3, 5 * b + c, 3, 5 * b + c, number(rl.get(p, {}).get(o)))


def build_docx(truth, path):
    document = docx.Document()
    section = document.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21.0)
    section.left_margin = section.right_margin = Cm(2.0)
    section.top_margin = section.bottom_margin = Cm(2.2)
    props = document.core_properties
    props.created = props.modified = datetime.datetime(2025, 1, 1)
    props.author = props.last_modified_by = "ogi fixtures"
    props.title = ""
    a, y = truth["agency"], truth["year"]
    para(document, f"{a}{y}年政府信息公开工作年度报告", size=18, bold=True, center=True)
    para(document, BODY["intro"].format(y=y, a=a))
    para(document, HEADINGS["一"], bold=True)
    para(document, BODY["一"].format(y=y, a=a))
    para(document, BODY["一b"])
    para(document, BODY["一c"])
    para(document, HEADINGS["二"], bold=True)
    proactive_table(document, truth)
    para(document, HEADINGS["三"], bold=True)
    applications_table(document, truth)
    para(document, HEADINGS["四"], bold=True)
    review_table(document, truth)
    para(document, HEADINGS["五"], bold=True)
    para(document, BODY["五"])
    para(document, HEADINGS["六"], bold=True)
    para(document, BODY["六"])
    p = para(document, a)
    p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    p = para(document, f"{y + 1}年1月")
    p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    document.save(path)


def run(cmd, **kw):
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, **kw)


def convert(docx_path, out_dir, kind, profile):
    """LibreOffice headless conversion of docx_path into out_dir (`doc` or `pdf`)."""
    run(["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--norestore",
         "--convert-to", kind, "--outdir", out_dir, docx_path])


def require_cjk_font(pdf):
    """LibreOffice falls back to a Latin font when no CJK font is installed: the text layer still
    reads, but every Chinese glyph is drawn as a box, and its scan is useless. (The encoding column
    does not tell: LibreOffice embeds CJK subsets as WinAnsi TrueType; the family name does.)"""
    fonts = subprocess.run(["pdffonts", pdf], check=True, capture_output=True, text=True).stdout
    names = [line.split()[0].split("+")[-1] for line in fonts.strip().splitlines()[2:] if line.split()]
    cjk = re.compile(r"WenQuanYi|CJK|SourceHan|Sim(Sun|Hei|Kai|Fang)|Song|Hei|Kai|Ming|Fang", re.I)
    if not any(cjk.search(n) for n in names):
        sys.exit(f"{pdf} embeds no CJK font (install fonts-wqy-zenhei):\n{fonts}")


def rasterise(pdf, scan, dpi):
    with tempfile.TemporaryDirectory() as tmp:
        run(["pdftoppm", "-r", str(dpi), "-gray", "-png", pdf, os.path.join(tmp, "page")])
        pages = sorted(os.path.join(tmp, f) for f in os.listdir(tmp) if f.endswith(".png"))
        for page in pages:  # pdftoppm writes -gray PNGs as RGB; store them as 8-bit grey
            Image.open(page).convert("L").save(page, dpi=(dpi, dpi))
        run(["img2pdf", "--output", scan, *pages])
    fonts = subprocess.run(["pdffonts", scan], check=True, capture_output=True, text=True).stdout
    if len(fonts.strip().splitlines()) > 2:
        sys.exit(f"{scan} lists fonts; it is not a scan:\n{fonts}")


def make(args):
    os.makedirs(args.out, exist_ok=True)
    profile = tempfile.mkdtemp(prefix="ogi-lo-profile-")
    try:
        for path in args.truth:
            with open(path, encoding="utf-8") as f:
                truth = json.load(f)
            rid = truth["id"]
            base = os.path.join(args.out, rid)
            build_docx(truth, base + ".docx")
            convert(base + ".docx", args.out, "doc", profile)
            convert(base + ".docx", args.out, "pdf", profile)
            require_cjk_font(base + ".pdf")
            rasterise(base + ".pdf", base + "-scan.pdf", args.dpi)
            print(f"{rid}: {base}.docx .doc .pdf -scan.pdf ({truth['template']} template)")
    finally:
        shutil.rmtree(profile, ignore_errors=True)


def truth_from_inspect(args):
    """`ogi inspect --json` output (stdin) as a truth file named args.id."""
    d = json.load(sys.stdin)
    apps, rl, pro = {}, {}, {}
    for c in d["applications"]:
        apps.setdefault(c["row"], {})[c["applicant"]] = c["value"]
    for c in d["review_litigation"]:
        rl.setdefault(c["proceeding"], {})[c["outcome"]] = c["value"]
    for c in d["proactive"]:
        pro.setdefault(c["item"], {})[c["measure"]] = c["value"]
    truth = {
        "id": args.id, "source": {"inspect": d["report_id"]}, "year": d["year"],
        "template": d["template"], "agency": d["agency"], "applications": apps,
        "review_litigation": rl, "proactive": pro,
        "notes": "values as ogi reads the seed (asserted cell by cell in tests/it/seeds.rs)",
    }
    json.dump(truth, sys.stdout, ensure_ascii=False, indent=1)
    print()


def score(args):
    """Compares `ogi inspect --json` outputs with truth files, cell by cell: a cell is correct
    when it equals the truth (null where the truth is null), missed when null where the truth
    has a number, wrong otherwise. Prints one line per file and the totals."""
    totals = [0, 0, 0, 0]
    for truth_path, inspect_path in zip(args.pairs[::2], args.pairs[1::2]):
        with open(truth_path, encoding="utf-8") as f:
            truth = json.load(f)
        with open(inspect_path, encoding="utf-8") as f:
            got = json.load(f)
        ours = {}
        for c in got.get("applications") or []:
            ours[("a", c["row"], c["applicant"])] = c["value"]
        for c in got.get("review_litigation") or []:
            ours[("r", c["proceeding"], c["outcome"])] = c["value"]
        for c in got.get("proactive") or []:
            ours[("p", c["item"], c["measure"])] = c["value"]
        cells = [("a", r, k, v) for r, row in truth["applications"].items() for k, v in row.items()]
        cells += [("r", p, o, v) for p, b in truth["review_litigation"].items() for o, v in b.items()]
        cells += [("p", i, m, v) for i, ms in truth["proactive"].items() for m, v in ms.items()]
        ok, missed, wrong = 0, [], []
        for kind, a, b, v in cells:
            o = ours.get((kind, a, b))
            if (o is None and v is None) or (o is not None and v is not None and abs(o - v) < 1e-9):
                ok += 1
            elif o is None:
                missed.append(f"{a}/{b}")
            else:
                wrong.append(f"{a}/{b}: {o} (truth {v})")
        meta = [k for k in ("agency", "year", "template") if got.get(k) != truth.get(k)]
        print(f"{truth['id']} {os.path.basename(inspect_path)}: {ok}/{len(cells)} correct, "
              f"{len(missed)} null, {len(wrong)} wrong; status {got.get('status')}"
              + (f"; WRONG {', '.join(meta)}: {[got.get(k) for k in meta]}" if meta else "")
              + (f"; error {got.get('error')}" if got.get("error") else ""))
        for w in wrong:
            print(f"  wrong {w}")
        if args.verbose:
            for m in missed:
                print(f"  null {m}")
        totals[0] += ok
        totals[1] += len(cells)
        totals[2] += len(missed)
        totals[3] += len(wrong) + len(meta)
    print(f"total: {totals[0]}/{totals[1]} correct ({100 * totals[0] / max(totals[1], 1):.2f} %), "
          f"{totals[2]} null, {totals[3]} wrong (cells and metadata)")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    m = sub.add_parser("make", help="write ID.docx, ID.doc, ID.pdf and ID-scan.pdf for each truth")
    m.add_argument("truth", nargs="+")
    m.add_argument("--out", required=True)
    m.add_argument("--dpi", type=int, default=150)
    m.set_defaults(func=make)
    t = sub.add_parser("truth", help="ogi inspect --json (stdin) to a truth file (stdout)")
    t.add_argument("id")
    t.set_defaults(func=truth_from_inspect)
    s = sub.add_parser("score", help="compare ogi inspect --json outputs with their truths")
    s.add_argument("pairs", nargs="+", metavar="TRUTH INSPECT", help="truth and inspect files, in pairs")
    s.add_argument("--verbose", action="store_true", help="list the null cells too")
    s.set_defaults(func=score)
    args = ap.parse_args()
    args.func(args)


if __name__ == "__main__":
    main()
