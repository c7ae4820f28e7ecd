#!/usr/bin/env python3
"""Generates a realistic content folder of N monthly reports for the benchmark.

Each report is the size of a real one (8-90 KB of Markdown, footnotes, a 10-110 row appendix
table, charts, a dozen indicators), with Vietnamese text. Deterministic: the same N gives
the same folder. Usage: bench/gen.py N OUT_DIR
"""
import os
import random
import sys

WORDS = ("triển khai thực hiện nhiệm vụ Đề án dữ liệu dân cư căn cước định danh xác thực điện tử "
         "dịch vụ công trực tuyến hồ sơ thủ tục hành chính bộ ngành địa phương kết nối chia sẻ "
         "cơ sở quốc gia số hóa làm sạch đồng bộ tiện ích ứng dụng VNeID người dân doanh nghiệp "
         "chuyển đổi số hạ tầng an ninh an toàn thông tin phối hợp chỉ đạo đôn đốc hoàn thành "
         "tiến độ kết quả tháng quý năm tỷ lệ tăng giảm so với cùng kỳ").split()
UNITS = ["Bộ Công an", "Văn phòng Chính phủ", "Bộ Tài chính", "Bộ Y tế", "Bộ Tư pháp",
         "Bộ Thông tin và Truyền thông", "UBND tỉnh Bắc Ninh", "UBND thành phố Hà Nội",
         "Bảo hiểm xã hội Việt Nam", "Bộ Giáo dục và Đào tạo"]
INDICATORS = [
    ("cccd_chip", "Thẻ CCCD gắn chip đã cấp", "thẻ", "millions", 80_000_000, 150_000),
    ("ho_so_dinh_danh", "Hồ sơ định danh điện tử", "hồ sơ", "millions", 70_000_000, 300_000),
    ("tai_khoan_kich_hoat", "Tài khoản VNeID kích hoạt", "tài khoản", "millions", 50_000_000, 250_000),
    ("ty_le_kich_hoat", "Tỷ lệ kích hoạt", "", "percent", 70, 0.2),
    ("dvc_thiet_yeu", "Dịch vụ công thiết yếu", "dịch vụ", "count", 20, 1),
    ("ty_le_ho_so_bo", "Tỷ lệ hồ sơ trực tuyến bộ, ngành", "", "percent", 40, 0.5),
    ("ty_le_ho_so_dia_phuong", "Tỷ lệ hồ sơ trực tuyến địa phương", "", "percent", 35, 0.6),
    ("yeu_cau_dan_cu", "Yêu cầu tra cứu dân cư", "yêu cầu", "count", 900_000_000, 40_000_000),
    ("nhiem_vu_cham", "Nhiệm vụ chậm tiến độ", "nhiệm vụ", "count", 60, -1),
    ("ho_so_khai_sinh", "Hồ sơ khai sinh liên thông", "hồ sơ", "count", 100_000, 30_000),
    ("ho_so_khai_tu", "Hồ sơ khai tử liên thông", "hồ sơ", "count", 30_000, 8_000),
    ("so_suc_khoe", "Sổ sức khỏe điện tử", "thông tin", "count", 5_000_000, 400_000),
]


def sentence(rng, n=None):
    n = n or rng.randint(12, 40)
    w = [rng.choice(WORDS) for _ in range(n)]
    w[0] = w[0].capitalize()
    return " ".join(w) + "."


def paragraph(rng, refs, fn, first):
    parts = []
    for _ in range(rng.randint(2, 6)):
        s = sentence(rng)
        r = rng.random()
        if r < 0.3:
            s = s[:-1] + f" đạt {{{{{rng.choice(refs)}}}}}."
        elif r < 0.45 and not first:
            s = s[:-1] + f" ({{{{{rng.choice(refs)}.delta}}}} so với tháng trước)."
        elif r < 0.55:
            s = s[:-1] + f" **{rng.choice(UNITS)}**."
        elif r < 0.62:
            fn.append(sentence(rng, rng.randint(8, 30)))
            s = s[:-1] + f"[^{len(fn)}]."
        parts.append(s)
    return " ".join(parts)


def report(rng, i, year, month, size_kb, rows):
    fn = []
    refs = [x[0] for x in INDICATORS]
    out = ["---",
           f'number: "{100 + i}/BC-TCTTKĐA"',
           f"date: {year + (month == 12):04d}-{month % 12 + 1:02d}-05",
           f'title: "Tình hình, kết quả triển khai Đề án 06/CP tháng {month:02d}/{year}"',
           'to: ["Thủ tướng Chính phủ"]',
           "signer:",
           '  authority: "KT. TỔ TRƯỞNG"',
           '  position: "TỔ PHÓ THƯỜNG TRỰC"',
           '  name: "Nguyễn Văn A"',
           "recipients:"]
    out += [f'  - "{u};"' for u in UNITS[:8]] + ['  - "Lưu: VT, C06."', "---", ""]
    body = []
    sec = 0
    while sum(len(x) for x in body) < size_kb * 1024:
        sec += 1
        body.append(f"# {['I', 'II', 'III', 'IV', 'V', 'VI', 'VII', 'VIII', 'IX', 'X'][(sec - 1) % 10]}. "
                    + " ".join(rng.choice(WORDS) for _ in range(5)).upper())
        for sub in range(1, rng.randint(2, 5)):
            body.append(f"## {sub}. " + " ".join(rng.choice(WORDS) for _ in range(6)))
            for _ in range(rng.randint(2, 5)):
                if rng.random() < 0.3:
                    body.append("\n".join("- " + sentence(rng, rng.randint(10, 25))
                                          for _ in range(rng.randint(2, 5))))
                else:
                    body.append(paragraph(rng, refs, fn, i == 0))
        if sec == 1:
            body.append(f"{{{{chart {rng.choice(refs)}}}}}")
    body.append("Tổ Công tác kính báo cáo Thủ tướng Chính phủ./.")
    body.append("# Phụ lục I. Các nhiệm vụ chậm tiến độ")
    body.append("{{table phu-luc.csv}}")
    body += [f"[^{k + 1}]: {t}" for k, t in enumerate(fn)]
    table = ["STT,Nội dung nhiệm vụ,Văn bản chỉ đạo,Đơn vị thực hiện,Thời gian hoàn thành,Kết quả,Ghi chú"]
    for r in range(rows):
        table.append(",".join([str(r + 1), '"' + sentence(rng, rng.randint(10, 40)) + '"',
                               f"Thông báo {rng.randint(100, 9000)}/TB-VPCP",
                               '"' + ", ".join(rng.sample(UNITS, 2)) + '"',
                               f"Tháng {rng.randint(1, 12)}/{year}",
                               '"' + sentence(rng, rng.randint(5, 30)) + '"', ""]))
    return "\n".join(out) + "\n\n".join(body) + "\n", "\n".join(table) + "\n"


def main():
    n = int(sys.argv[1])
    dest = sys.argv[2]
    rng = random.Random(6)
    os.makedirs(os.path.join(dest, "reports"), exist_ok=True)
    with open(os.path.join(dest, "site.yaml"), "w") as f:
        f.write('title: "Bản tin Đề án 06"\nbase_url: "https://example.gov.vn/de-an-06/"\n'
                'place: "Hà Nội"\nissuer:\n  parent: "BỘ CÔNG AN"\n'
                '  name: "TỔ CÔNG TÁC TRIỂN KHAI ĐỀ ÁN 06"\n'
                '  in_text: "Tổ Công tác triển khai Đề án 06"\n')
    with open(os.path.join(dest, "indicators.csv"), "w") as f:
        f.write("id,name,unit,format,group\n")
        for ind in INDICATORS:
            f.write(f'{ind[0]},"{ind[1]}",{ind[2]},{ind[3]},Đề án 06\n')
    year, month = 2025 - (n + 11) // 12, 1
    values = {ind[0]: ind[4] for ind in INDICATORS}
    for i in range(n):
        d = os.path.join(dest, "reports", f"{year:04d}-{month:02d}")
        os.makedirs(d, exist_ok=True)
        size_kb = rng.choice([8, 15, 25, 40, 60, 90])
        rows = rng.randint(10, 110)
        md, csv = report(rng, i, year, month, size_kb, rows)
        with open(os.path.join(d, "report.md"), "w") as f:
            f.write(md)
        with open(os.path.join(d, "phu-luc.csv"), "w") as f:
            f.write(csv)
        with open(os.path.join(d, "kpi.csv"), "w") as f:
            f.write("id,value,note\n")
            for ind in INDICATORS:
                step = ind[5] * rng.uniform(0.5, 1.5)
                values[ind[0]] = max(0, values[ind[0]] + step)
                v = values[ind[0]]
                f.write(f"{ind[0]},{v:.2f},\n" if ind[3] == "percent" else f"{ind[0]},{int(v)},\n")
        month += 1
        if month == 13:
            year, month = year + 1, 1


if __name__ == "__main__":
    main()
