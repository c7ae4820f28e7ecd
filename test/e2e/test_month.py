#!/usr/bin/env python3
"""A clerk's month on the bundled content: a Cục as issuer, `new 2025-02`, kpi.csv filled from
a sheet saved as Excel saves it in a Vietnamese locale ("CSV UTF-8": BOM, ';', CRLF, 88.779.000
and 73,44), three addressees; while it is a draft nothing of it is published; numbered and
dated, it publishes exactly the figures computed here by hand, on the index, its page and its
PDF, with the Cục in the appendix's reference line.

Run from the repo root: BAOCAO=build/baocao python3 test/e2e/test_month.py
"""

import os
import re
import shutil
import subprocess
import sys

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lib import (T, REPO, TempDir, run, program_available, baocao_path,  # noqa: E402
                 load_html, read_text)

SITE_YAML = """title: "Bản tin Đề án 06"
base_url: "https://example.gov.vn/de-an-06/"
place: "Hà Nội"
issuer:
  parent: "BỘ CÔNG AN"
  name: "CỤC CẢNH SÁT QUẢN LÝ HÀNH CHÍNH VỀ TRẬT TỰ XÃ HỘI"
  in_text: "Cục Cảnh sát quản lý hành chính về trật tự xã hội"
"""

# The clerk's sheet for February, as Excel shows it (Vietnamese number forms).
KPI = [
    ("cccd_chip", "88.779.000", "trên 88,7 triệu thẻ"), ("the_can_cuoc", "14.170.300", ""),
    ("ho_so_dinh_danh", "80.901.000", ""), ("tai_khoan_kich_hoat", "60.600.000", ""),
    ("ty_le_kich_hoat", "73,44", ""), ("tien_ich_vneid", "38", ""),
    ("luot_truy_cap_vneid", "464.600.000", ""), ("so_suc_khoe", "15.822.263", ""),
    ("ly_lich_tu_phap", "129.698", ""), ("dinh_danh_to_chuc", "4.796", ""),
    ("dvc_thiet_yeu", "57", "57/76; theo Quyết định số 206/QĐ-TTg"),
    ("tthc_toan_trinh", "46", ""), ("ho_so_cong_dvc", "30.906.000", ""),
    ("ty_le_ho_so_bo", "59,98", ""), ("ty_le_ho_so_dia_phuong", "56,41", ""),
    ("ty_le_so_hoa_bo", "46,77", ""), ("ty_le_so_hoa_dia_phuong", "58,53", ""),
    ("dia_phuong_danh_gia_tot", "10", ""), ("dia_phuong_danh_gia_kha", "47", ""),
    ("ho_so_khai_sinh", "520.890", ""), ("ho_so_khai_tu", "132.544", ""),
    ("yeu_cau_dan_cu", "1.950.482.958", ""), ("yeu_cau_dung", "1.075.078.247", ""),
    ("du_lieu_ho_tich_so_hoa", "96.758.000", ""), ("du_lieu_ho_tich_cap_nhat", "80.093.000", ""),
    ("sinh_trac_ngan_hang", "57.368.000", ""), ("an_sinh_qua_tai_khoan", "2.769.214", ""),
    ("kinh_phi_an_sinh", "27.375.000.000.000", ""), ("hoa_don_may_tinh_tien", "90.907", ""),
    ("bai_do_xe", "355", ""), ("kiosk_kham_benh", "283", ""), ("nhiem_vu_cham", "36", ""),
]

# By hand from January's kpi.csv and docs/content-format.md: (value, change since January)
FIGURES = {
    "cccd_chip": ("88,8 triệu", "tăng 879 nghìn"),
    "ty_le_kich_hoat": ("73,44%", "tăng 0,41 điểm phần trăm"),
    "tien_ich_vneid": ("38", "tăng 3"),
    "yeu_cau_dan_cu": ("1.950.482.958", "tăng 50.000.000"),
    "kinh_phi_an_sinh": ("27.375 tỷ", "tăng 3.000 tỷ"),
    "nhiem_vu_cham": ("36", "giảm 3"),
    "ty_le_ho_so_bo": ("59,98%", "tăng 0,41 điểm phần trăm"),
    "ly_lich_tu_phap": ("129.698", "tăng 3"),
}
TITLE = ("Tình hình, kết quả triển khai Đề án 06/CP tháng 02/2025 và nhiệm vụ trọng tâm tháng "
         "03/2025")
REFERENCE = ("(Kèm theo Báo cáo số 41/BC-C06 ngày 05/03/2025 của Cục Cảnh sát quản lý hành "
             "chính về trật tự xã hội)")


def excel_csv(rows):
    """Excel, Vietnamese locale, "CSV UTF-8": BOM, ';', CRLF, a field quoted for its ';'."""
    def field(s):
        return '"%s"' % s.replace('"', '""') if ";" in s or '"' in s else s
    lines = ["id;value;note"] + [";".join(field(x) for x in r) for r in rows]
    return b"\xef\xbb\xbf" + ("\r\n".join(lines) + "\r\n").encode("utf-8")


def index_figures(out):
    d = load_html(os.path.join(out, "index.html"))
    sec = d.find("section", "latest")
    return {tr.get("data-indicator"): (tr.find("td", "value").text(), tr.find("td", "delta").text())
            for tr in (sec.find_all("tr", data_indicator=True) if sec else [])}


def main():
    if not program_available():
        T.ok(False, "the program %s exists (set $BAOCAO)" % baocao_path())
        T.done()
    with TempDir() as tmp:
        content = os.path.join(tmp, "content")
        shutil.copytree(os.path.join(REPO, "content"), content)
        with open(os.path.join(content, "site.yaml"), "w", encoding="utf-8") as f:
            f.write(SITE_YAML)
        r = run(["new", "2025-02", "--content", content])
        T.eq(r.rc, 0, "new 2025-02 from the bundled content", r.err)
        month = os.path.join(content, "reports", "2025-02")
        md = os.path.join(month, "report.md")
        text = read_text(md)
        T.ok('title: "%s"' % TITLE in text, "new: February's title", text[:600])
        with open(os.path.join(month, "kpi.csv"), "wb") as f:
            f.write(excel_csv(KPI))
        text = text.replace("to: [Thủ tướng Chính phủ]", 'to: ["Thủ tướng Chính phủ", "Các Phó '
                            'Thủ tướng Chính phủ", "Bộ trưởng Bộ Công an"]')
        text = text.replace("## 1. Chính phủ, Thủ tướng Chính phủ\n",
                            "## 1. Chính phủ, Thủ tướng Chính phủ\n\nĐã cấp {{cccd_chip}} thẻ "
                            "({{cccd_chip.delta}}); tỷ lệ kích hoạt {{ty_le_kich_hoat}}.\n", 1)
        with open(md, "w", encoding="utf-8") as f:
            f.write(text)
        out = os.path.join(tmp, "out")
        # still a draft: checked, warned about, not published
        c = run(["check", "--content", content])
        T.eq(c.rc, 0, "the filled-in draft checks (warnings only)", c.err[-1500:])
        T.ok("2025-02/report.md:2:9: warning: still a draft" in c.err,
             "check warns that February is still a draft", c.err[-1500:])
        b = run(["build", "--content", content, "--out", out])
        T.eq(b.rc, 0, "the draft month builds", b.err[-1500:])
        T.ok(not os.path.exists(os.path.join(out, "2025-02")), "the draft is not published")
        T.eq(index_figures(out).get("cccd_chip"), ("87,9 triệu", ""),  # none before January
             "while February is a draft, the latest figures are January's")
        # numbered and dated: published
        text = text.replace("number: /BC-TCTTKĐA", 'number: "41/BC-C06"')
        text = text.replace("date: 2025-03\n", "date: 2025-03-05\n")
        with open(md, "w", encoding="utf-8") as f:
            f.write(text)
        b = run(["build", "--content", content, "--out", out])
        T.eq(b.rc, 0, "February, numbered, builds", b.err[-1500:])
        if b.rc != 0:
            T.done()
        T.ok(not re.search(r"2025-02/report\.md:\d+:\d+: warning: (still a draft|the title|the "
                           r"date)", b.err), "no draft, title or date warning", b.err[-1500:])
        got = index_figures(out)
        for ind, want in FIGURES.items():
            T.eq(got.get(ind), want, "index: %s" % ind)
        T.eq(len(got), len(KPI), "index: a row for each of the %d indicators" % len(KPI))
        d = load_html(os.path.join(out, "index.html"))
        notes = {tr.get("data-indicator"): tr.find("small", "note").text()
                 for tr in d.find("section", "latest").find_all("tr", data_indicator=True)
                 if tr.find("small", "note")}
        T.eq(notes, {"cccd_chip": "trên 88,7 triệu thẻ",
                     "dvc_thiet_yeu": "57/76; theo Quyết định số 206/QĐ-TTg"},
             "index: the notes as written in the sheet, the quoted one with its ';'")
        page = load_html(os.path.join(out, "2025-02", "index.html"))
        T.eq(page.find(cls="subject").text(), TITLE, "the page's subject")
        T.ok("Đã cấp 88,8 triệu thẻ (tăng 879 nghìn); tỷ lệ kích hoạt 73,44%." in
             page.find("article", "body").text(), "the page's sentence carries the figures")
        T.eq([li.text() for li in page.find(cls="to").find_all("li")],
             ["Thủ tướng Chính phủ;", "Các Phó Thủ tướng Chính phủ;", "Bộ trưởng Bộ Công an."],
             "the three addressees")
        ref = page.find("p", "appendix-ref")
        T.eq(ref.text() if ref else None, REFERENCE, "the page's appendix names the Cục")
        pdf = os.path.join(out, "2025-02", "bao-cao-thang-02-2025.pdf")
        p = subprocess.run(["pdftotext", "-enc", "UTF-8", pdf, "-"], stdout=subprocess.PIPE)
        flat = " ".join(p.stdout.decode("utf-8", "replace").split())
        T.ok(REFERENCE in flat, "the PDF's appendix names the Cục", flat[-1500:])
        T.ok("CỤC CẢNH SÁT QUẢN LÝ HÀNH CHÍNH VỀ TRẬT TỰ XÃ HỘI" in flat and
             "Tổ Công tác triển khai Đề án 06)" not in flat,
             "the PDF's header is the Cục's, and no other body is named as issuer")
        T.ok("88,8 triệu thẻ (tăng 879 nghìn)" in flat, "the PDF carries the figures")
    T.done()


if __name__ == "__main__":
    main()
