#!/usr/bin/env python3
"""Writes the small hostile/odd PDFs that tests/extract uses into tests/extract/data/.
Plain python3 (hashlib, zlib); re-run after changing it. Nothing here comes from a real
document: every file is built from scratch so the expected result is known exactly.

  encrypted.pdf    RC4-40 (Standard security handler R2), user password "perimeter",
                   owner password "owner"; the page says "Quarterly revenue grew".
  zero_pages.pdf   a valid catalog whose page tree has /Count 0 and no kids.
  giant_scan.pdf   one 14400 x 14400 pt page (the PDF maximum) with no text layer and one
                   filled rectangle: too large to render for OCR at any sane dpi.
  giant_text.pdf   the same page size with a text layer ("Giant page text layer").
  deep_q.pdf       a page whose content stream is 2,000,000 unbalanced "q" operators
                   (Flate-compressed to a few KiB). poppler 22.12's renderer pushes a
                   graphics state per "q" (about 10 GB for the page, 23 s); under the helper's
                   memory limit the allocation fails and poppler aborts: a real parser crash.
"""
import hashlib
import os
import struct
import zlib

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data")
PAD = bytes.fromhex("28BF4E5E4E758A4164004E56FFFA01082E2E00B6D0683E802F0CA9FE6453697A")


def rc4(key, data):
    s = list(range(256))
    j = 0
    for i in range(256):
        j = (j + s[i] + key[i % len(key)]) & 255
        s[i], s[j] = s[j], s[i]
    i = j = 0
    out = bytearray()
    for b in data:
        i = (i + 1) & 255
        j = (j + s[i]) & 255
        s[i], s[j] = s[j], s[i]
        out.append(b ^ s[(s[i] + s[j]) & 255])
    return bytes(out)


def write_pdf(name, objs, trailer_extra=b"", encrypt_key=None):
    """objs: list of bytes (dict) or (dict, stream). Object numbers are 1-based positions."""
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offs = []
    for n, o in enumerate(objs, start=1):
        offs.append(len(out))
        if isinstance(o, tuple):
            d, stream = o
            if encrypt_key is not None:
                k = hashlib.md5(encrypt_key + struct.pack("<I", n)[:3] + b"\0\0").digest()[: len(encrypt_key) + 5]
                stream = rc4(k, stream)
            out += b"%d 0 obj\n" % n + d.replace(b"LEN", str(len(stream)).encode()) + b"\nstream\n" + stream + b"\nendstream\nendobj\n"
        else:
            out += b"%d 0 obj\n" % n + o + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    for o in offs:
        out += b"%010d 00000 n \n" % o
    out += b"trailer\n<< /Size %d /Root 1 0 R %s >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, trailer_extra, xref)
    with open(os.path.join(OUT, name), "wb") as f:
        f.write(out)


CAT = b"<< /Type /Catalog /Pages 2 0 R >>"
HELV = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"


def page(media, contents_obj, res=b""):
    return b"<< /Type /Page /Parent 2 0 R /MediaBox [%s] /Contents %d 0 R /Resources << %s >> >>" % (media, contents_obj, res)


def encrypted():
    user, owner = b"perimeter", b"owner"
    file_id = hashlib.md5(b"perimeter test file").digest()
    p = -44  # print + copy allowed; the value only matters for the key
    okey = hashlib.md5((owner + PAD)[:32]).digest()[:5]
    o_val = rc4(okey, (user + PAD)[:32])
    key = hashlib.md5((user + PAD)[:32] + o_val + struct.pack("<i", p) + file_id).digest()[:5]
    u_val = rc4(key, PAD)
    objs = [
        CAT,
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        page(b"0 0 612 792", 4, b"/Font << /F1 5 0 R >>"),
        (b"<< /Length LEN >>", b"BT /F1 24 Tf 72 700 Td (Quarterly revenue grew) Tj ET"),
        HELV,
        b"<< /Filter /Standard /V 1 /R 2 /O <%s> /U <%s> /P %d >>" % (o_val.hex().encode(), u_val.hex().encode(), p),
    ]
    trailer = b"/Encrypt 6 0 R /ID [<%s> <%s>]" % (file_id.hex().encode(), file_id.hex().encode())
    write_pdf("encrypted.pdf", objs, trailer, encrypt_key=key)


def zero_pages():
    write_pdf("zero_pages.pdf", [CAT, b"<< /Type /Pages /Kids [] /Count 0 >>"])


def giant():
    big = b"0 0 14400 14400"
    write_pdf("giant_scan.pdf", [CAT, b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>", page(big, 4),
                                 (b"<< /Length LEN >>", b"0.2 g 1000 1000 5000 3000 re f")])
    write_pdf("giant_text.pdf", [CAT, b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>", page(big, 4, b"/Font << /F1 5 0 R >>"),
                                 (b"<< /Length LEN >>", b"BT /F1 400 Tf 1000 12000 Td (Giant page text layer) Tj ET"), HELV])


def deep_q():
    data = zlib.compress(b"q " * 2_000_000, 9)
    write_pdf("deep_q.pdf", [CAT, b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>", page(b"0 0 200 200", 4),
                             (b"<< /Filter /FlateDecode /Length LEN >>", data)])


if __name__ == "__main__":
    os.makedirs(OUT, exist_ok=True)
    encrypted()
    zero_pages()
    giant()
    deep_q()
