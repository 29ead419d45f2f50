"""Writes data/gazetteer/postcodes.csv from a jionlp wheel: the city rows of its
dictionary/phone_location.zip (province and city as jionlp names them, telephone area code,
the city's postcode; jionlp drops a postcode's leading zero, which is put back here)."""

import csv
import io
import sys
import zipfile

wheel, out = sys.argv[1], sys.argv[2]
with zipfile.ZipFile(wheel) as z:
    inner = zipfile.ZipFile(io.BytesIO(z.read("jionlp/dictionary/phone_location.zip")))
    text = inner.read("phone_location.txt").decode("utf-8")

rows = []
for line in text.splitlines():
    if not line.strip() or line[0].isspace():
        continue  # mobile number prefixes under the city
    place, area_code, postcode = line.rstrip("\r").split("\t")
    province, city = place.split(" ", 1)
    rows.append((province, city, area_code, postcode.zfill(6)))

with open(out, "w", newline="", encoding="utf-8") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(["province", "city", "area_code", "postcode"])
    w.writerows(rows)
print(f"{out}: {len(rows)} cities")
