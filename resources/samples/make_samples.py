#!/usr/bin/env python3
"""Writes the bundled sample documents (run once at development time; the PDFs are committed).

All three are fictitious companies written by the Perimeter project itself, so they are
licence-clean. Figures are internally consistent so that cited numbers can be checked:
- northwind-annual-report-2025.pdf: an English annual report excerpt with a text layer
  (highlights, income statement, balance sheet, cash flows, risks and outlook), 5 pages.
- volga-logistics-ras-2025.pdf: a Russian RAS balance sheet and income statement with line
  codes (1600 total assets, 2110 revenue, 2400 net profit), text layer, 2 pages.
- northwind-q3-2025-scan.pdf: one scanned page (image only, 200 dpi, slightly skewed and
  noisy) of a quarterly earnings release: needs OCR.
Needs fpdf2 and Pillow (dev venv only): ~/.cache/perimeter/venv/bin/pip install fpdf2 pillow
"""
import datetime
import random
from pathlib import Path

from fpdf import FPDF
from PIL import Image, ImageDraw, ImageFilter, ImageFont

HERE = Path(__file__).resolve().parent
FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
FONT_B = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"


class Doc(FPDF):
    def __init__(self, title, author, footer):
        super().__init__(format="A4")
        self.add_font("DejaVu", "", FONT)
        self.add_font("DejaVu", "B", FONT_B)
        self.set_title(title)
        self.set_author(author)
        self.set_creator("Perimeter sample generator")
        self.footer_text = footer
        self.set_auto_page_break(True, 20)
        # A fixed date keeps the files reproducible.
        self.set_creation_date(datetime.datetime(2026, 1, 15, tzinfo=datetime.timezone.utc))

    def footer(self):
        self.set_y(-15)
        self.set_font("DejaVu", "", 8)
        self.cell(0, 10, f"{self.footer_text} | {self.page_no()}", align="C")

    def h1(self, text):
        self.set_font("DejaVu", "B", 16)
        self.multi_cell(0, 9, text)
        self.ln(2)

    def h2(self, text):
        self.set_font("DejaVu", "B", 12)
        self.ln(2)
        self.multi_cell(0, 7, text)
        self.ln(1)

    def para(self, text):
        self.set_font("DejaVu", "", 10)
        self.multi_cell(0, 5.5, text)
        self.ln(2)

    def table(self, header, rows, widths):
        self.set_font("DejaVu", "B", 9)
        for h, w in zip(header, widths):
            self.cell(w, 6.5, h, border="B", align="L" if w == widths[0] else "R")
        self.ln()
        for row in rows:
            bold = row[0].startswith(("Total", "Net ", "Итого", "БАЛАНС", "Чистая", "Gross", "Operating"))
            self.set_font("DejaVu", "B" if bold else "", 9)
            for i, (c, w) in enumerate(zip(row, widths)):
                self.cell(w, 6, c, align="L" if i == 0 else "R")
            self.ln()
        self.ln(3)


def northwind():
    d = Doc("Northwind Components plc - Annual Report 2025 (excerpt)", "Northwind Components plc",
            "Northwind Components plc - Annual Report 2025")
    d.add_page()
    d.h1("Northwind Components plc\nAnnual Report 2025 (excerpt)")
    d.para("Northwind Components plc designs and manufactures precision motion-control components "
           "for industrial automation and medical devices. The Group operates three plants in the "
           "United Kingdom and Poland and sells to customers in 41 countries. All figures are in "
           "millions of pounds sterling (GBP m) unless stated otherwise; the financial year ended "
           "31 December 2025.")
    d.h2("Financial highlights")
    d.table(["", "2025", "2024", "Change"], [
        ["Revenue", "1,284.6", "1,171.9", "+9.6%"],
        ["Gross profit", "462.5", "410.2", "+12.8%"],
        ["Operating profit", "171.3", "143.8", "+19.1%"],
        ["Operating margin", "13.3%", "12.3%", "+1.0 pt"],
        ["Net profit", "118.9", "97.4", "+22.1%"],
        ["Basic earnings per share (pence)", "59.4", "48.7", "+22.0%"],
        ["Free cash flow", "96.2", "71.5", "+34.5%"],
        ["Net debt", "212.7", "265.0", "-19.7%"],
    ], [80, 30, 30, 30])
    d.para("Revenue grew by 9.6% to GBP 1,284.6 million, driven by medical-device actuators "
           "(+18%) and the ramp-up of the Gdansk plant. The operating margin widened to 13.3% "
           "as input costs eased and pricing actions took effect. The Board proposes a final "
           "dividend of 14.2 pence per share, bringing the total for the year to 21.0 pence.")
    d.add_page()
    d.h2("Consolidated income statement for the year ended 31 December 2025")
    d.table(["GBP m", "2025", "2024"], [
        ["Revenue", "1,284.6", "1,171.9"],
        ["Cost of sales", "(822.1)", "(761.7)"],
        ["Gross profit", "462.5", "410.2"],
        ["Selling and distribution costs", "(131.4)", "(122.6)"],
        ["Administrative expenses", "(117.9)", "(109.3)"],
        ["Research and development", "(41.9)", "(34.5)"],
        ["Operating profit", "171.3", "143.8"],
        ["Finance costs", "(18.6)", "(21.4)"],
        ["Profit before tax", "152.7", "122.4"],
        ["Income tax expense", "(33.8)", "(25.0)"],
        ["Net profit for the year", "118.9", "97.4"],
    ], [90, 35, 35])
    d.h2("Consolidated balance sheet at 31 December 2025")
    d.table(["GBP m", "2025", "2024"], [
        ["Property, plant and equipment", "604.3", "571.8"],
        ["Intangible assets and goodwill", "288.1", "295.6"],
        ["Inventories", "214.9", "203.4"],
        ["Trade and other receivables", "251.7", "236.0"],
        ["Cash and cash equivalents", "143.5", "98.2"],
        ["Total assets", "1,502.5", "1,405.0"],
        ["Borrowings", "356.2", "363.2"],
        ["Trade and other payables", "198.4", "187.9"],
        ["Other liabilities", "121.7", "118.3"],
        ["Total liabilities", "676.3", "669.4"],
        ["Total equity", "826.2", "735.6"],
    ], [90, 35, 35])
    d.add_page()
    d.h2("Consolidated statement of cash flows")
    d.table(["GBP m", "2025", "2024"], [
        ["Net cash from operating activities", "178.6", "149.1"],
        ["Capital expenditure", "(82.4)", "(77.6)"],
        ["Free cash flow", "96.2", "71.5"],
        ["Dividends paid", "(39.8)", "(35.1)"],
        ["Net repayment of borrowings", "(7.0)", "(12.5)"],
        ["Other financing and investing", "(4.1)", "(3.2)"],
        ["Net increase in cash", "45.3", "20.7"],
    ], [90, 35, 35])
    d.para("Net debt (borrowings less cash and cash equivalents) fell to GBP 212.7 million, "
           "1.0 times EBITDA of GBP 219.5 million. Capital expenditure of GBP 82.4 million was "
           "mainly the second production line in Gdansk.")
    d.h2("Principal risks")
    d.para("Customer concentration: the five largest customers account for 38% of revenue. "
           "Supply chain: rare-earth magnets are sourced from two suppliers; a disruption would "
           "affect about a quarter of products. Currency: 46% of revenue is earned in euros and "
           "US dollars while most costs are in sterling and zloty. Regulation: medical-device "
           "products require MDR certification, which was renewed in 2025 for five years.")
    d.h2("Outlook")
    d.para("For 2026 the Board expects revenue growth of 6% to 8% at constant currency and a "
           "further modest improvement in operating margin. Capital expenditure is planned at "
           "GBP 70-80 million. The order book at year end was GBP 512.0 million, up 11% on the "
           "prior year.")
    d.add_page()
    d.h2("Segment information")
    d.table(["GBP m", "Revenue 2025", "Revenue 2024", "Op. profit 2025"], [
        ["Industrial automation", "742.8", "711.3", "88.6"],
        ["Medical devices", "389.5", "330.1", "69.9"],
        ["Aftermarket and services", "152.3", "130.5", "12.8"],
        ["Total", "1,284.6", "1,171.9", "171.3"],
    ], [70, 35, 35, 35])
    d.para("Employees at year end: 4,870 (2024: 4,615). Research and development spending "
           "rose to 3.3% of revenue. The Group's greenhouse-gas emissions (scope 1 and 2) fell "
           "by 12% to 31,400 tonnes of CO2 equivalent.")
    d.output(str(HERE / "northwind-annual-report-2025.pdf"))


def volga():
    d = Doc("ООО «Волга Логистик» — бухгалтерская отчетность за 2025 год", "ООО «Волга Логистик»",
            "ООО «Волга Логистик» — бухгалтерская отчетность 2025")
    d.add_page()
    d.h1("ООО «Волга Логистик»\nБухгалтерский баланс на 31 декабря 2025 г.")
    d.para("Единица измерения: тыс. руб. ИНН 6315000000. Вид деятельности: складская логистика "
           "и грузоперевозки. Отчетность составлена по российским стандартам бухгалтерского "
           "учета (РСБУ).")
    d.table(["Наименование показателя", "Код", "На 31.12.2025", "На 31.12.2024"], [
        ["Основные средства", "1150", "842 315", "797 604"],
        ["Итого по разделу I", "1100", "901 120", "851 930"],
        ["Запасы", "1210", "56 480", "61 215"],
        ["Дебиторская задолженность", "1230", "318 744", "287 101"],
        ["Денежные средства", "1250", "97 362", "45 870"],
        ["Итого по разделу II", "1200", "472 586", "394 186"],
        ["БАЛАНС", "1600", "1 373 706", "1 246 116"],
        ["Уставный капитал", "1310", "10 000", "10 000"],
        ["Нераспределенная прибыль", "1370", "688 412", "602 958"],
        ["Итого по разделу III", "1300", "698 412", "612 958"],
        ["Заемные средства (долгосрочные)", "1410", "402 000", "455 000"],
        ["Итого по разделу IV", "1400", "402 000", "455 000"],
        ["Кредиторская задолженность", "1520", "273 294", "178 158"],
        ["Итого по разделу V", "1500", "273 294", "178 158"],
        ["БАЛАНС", "1700", "1 373 706", "1 246 116"],
    ], [75, 15, 35, 35])
    d.add_page()
    d.h1("Отчет о финансовых результатах за 2025 год")
    d.table(["Наименование показателя", "Код", "За 2025 г.", "За 2024 г."], [
        ["Выручка", "2110", "1 926 540", "1 702 318"],
        ["Себестоимость продаж", "2120", "(1 541 230)", "(1 379 004)"],
        ["Валовая прибыль", "2100", "385 310", "323 314"],
        ["Коммерческие расходы", "2210", "(96 327)", "(88 519)"],
        ["Управленческие расходы", "2220", "(124 880)", "(115 426)"],
        ["Прибыль от продаж", "2200", "164 103", "119 369"],
        ["Проценты к уплате", "2330", "(45 614)", "(51 207)"],
        ["Прибыль до налогообложения", "2300", "106 818", "68 162"],
        ["Налог на прибыль", "2410", "(21 364)", "(13 632)"],
        ["Чистая прибыль", "2400", "85 454", "54 530"],
    ], [75, 15, 35, 35])
    d.para("Выручка выросла на 13,2% за счет нового распределительного центра в Самаре. "
           "Рентабельность продаж составила 8,5% (2024 г.: 7,0%). Долгосрочные заемные средства "
           "снижены до 402 000 тыс. руб.")
    d.output(str(HERE / "volga-logistics-ras-2025.pdf"))


def scan():
    W, H = 1654, 2339  # A4 at 200 dpi
    img = Image.new("L", (W, H), 250)
    dr = ImageDraw.Draw(img)
    big = ImageFont.truetype(FONT_B, 44)
    mid = ImageFont.truetype(FONT_B, 32)
    txt = ImageFont.truetype(FONT, 30)
    y = 160
    dr.text((140, y), "Northwind Components plc", font=big, fill=20); y += 70
    dr.text((140, y), "Third quarter 2025 trading update", font=mid, fill=20); y += 90
    lines = [
        "Revenue for the third quarter was GBP 331.2 million, up 8.4% on the",
        "same quarter of 2024 (GBP 305.5 million). Medical devices grew 17%.",
        "Operating profit was GBP 44.9 million, a margin of 13.6%.",
        "Net debt at 30 September 2025 was GBP 228.4 million.",
    ]
    for line in lines:
        dr.text((140, y), line, font=txt, fill=25); y += 50
    y += 40
    rows = [("GBP m", "Q3 2025", "Q3 2024"), ("Revenue", "331.2", "305.5"),
            ("Operating profit", "44.9", "39.1"), ("Net profit", "31.0", "26.3"),
            ("Order intake", "352.6", "318.0")]
    for r in rows:
        dr.text((140, y), r[0], font=mid if r is rows[0] else txt, fill=20)
        dr.text((900, y), r[1], font=mid if r is rows[0] else txt, fill=20)
        dr.text((1200, y), r[2], font=mid if r is rows[0] else txt, fill=20)
        y += 52
    y += 40
    for line in ["The Board reiterates its full-year guidance of revenue growth of",
                 "8% to 10% and an improved operating margin.",
                 "Signed: J. Marsh, Chief Financial Officer, 21 October 2025"]:
        dr.text((140, y), line, font=txt, fill=25); y += 50
    rnd = random.Random(7)
    img = img.rotate(0.7, resample=Image.BICUBIC, fillcolor=245)
    img = img.filter(ImageFilter.GaussianBlur(0.6))
    px = img.load()
    for _ in range(12000):  # scanner speckle
        x, yy = rnd.randrange(W), rnd.randrange(H)
        px[x, yy] = rnd.choice((30, 90, 200))
    img.save(HERE / "northwind-q3-2025-scan.pdf", "PDF", resolution=200.0)


if __name__ == "__main__":
    northwind()
    volga()
    scan()
    for p in sorted(HERE.glob("*.pdf")):
        print(p.name, p.stat().st_size)
