"""Builders for hostile inputs, generated at test time (nothing binary is committed).

Each builder writes into a folder and returns what a test needs to check the result:
the display names of the files that must be reported as errors (with a word the
one-line reason must contain) and the files whose findings must still be present.
"""

from __future__ import annotations

import codecs
import io
import os
import socket
import struct
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

# Copy that PL201 always flags (名额有限 with no number), in every good file.
QUOTA = "名额有限"
GOOD_AD = "暑期宽带特惠，" + QUOTA + "，快来办理。"


@dataclass
class Batch:
    """What a hostile folder holds: expected errors and files with findings."""

    root: Path
    errors: dict[str, str] = field(default_factory=dict)      # display path → reason word
    good: dict[str, int] = field(default_factory=dict)        # display path → PL201 findings
    clean: list[str] = field(default_factory=list)            # checked, no finding, no error


def docx_bytes(paragraphs: list[str]) -> bytes:
    """A real Word document made with python-docx."""
    import docx

    d = docx.Document()
    for p in paragraphs:
        d.add_paragraph(p)
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def zip_bomb(size: int = 64 * 1024 * 1024) -> bytes:
    """A .docx-shaped zip whose document part inflates to ``size`` bytes of spaces."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", b"<Types/>")
        with zf.open("word/document.xml", "w", force_zip64=False) as fh:
            chunk = b" " * (1024 * 1024)
            for _ in range(size // len(chunk)):
                fh.write(chunk)
    return buf.getvalue()


def lying_zip_bomb(size: int = 32 * 1024 * 1024) -> bytes:
    """A zip bomb that declares a tiny uncompressed size for a member that inflates to
    ``size`` bytes: the size check passes, so only a bounded reader saves memory."""
    data = bytearray(zip_bomb(size))
    small = 4096
    # Patch the declared uncompressed size in every local header and central entry.
    for sig, off in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        i = data.find(sig)
        while i >= 0:
            name_len = struct.unpack_from("<H", data, i + (26 if sig == b"PK\x03\x04" else 28))[0]
            start = i + (30 if sig == b"PK\x03\x04" else 46)
            if bytes(data[start:start + name_len]) == b"word/document.xml":
                struct.pack_into("<I", data, i + off, small)
            i = data.find(sig, i + 4)
    return bytes(data)


def write_bad_text_files(root: Path, batch: Batch) -> None:
    """Bytes that are not text, or not text we can decode without being told how."""
    cases = {
        "binary.txt": (bytes(range(256)) * 8, "NUL"),
        "png-named.txt": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + os.urandom(64), "NUL"),
        "nul-in-text.txt": ("名额有限\x00先到先得".encode(), "NUL"),
        "invalid-utf8.txt": ("限时特惠，".encode() + b"\xc3\x28\xa0\xa1" + QUOTA.encode(), "UTF-8"),
        "truncated.txt": (("限时特惠，" + QUOTA).encode()[:-1], "截断"),
        "utf16-nobom.txt": (("限时特惠，" + QUOTA + "，先到先得！").encode("utf-16-le"), "UTF-16"),
        "utf16be-nobom.md": (("限时特惠，" + QUOTA + "，先到先得！").encode("utf-16-be"), "UTF-16"),
        "bad-bom.txt": (codecs.BOM_UTF8 + b"\xff\xfe\xfa", "UTF-8"),
    }
    for name, (data, reason) in cases.items():
        (root / name).write_bytes(data)
        batch.errors[name] = reason
    (root / "empty.txt").write_bytes(b"")
    (root / "bom-only.txt").write_bytes(codecs.BOM_UTF8)
    (root / "bom16-only.txt").write_bytes(codecs.BOM_UTF16_LE)
    batch.clean += ["empty.txt", "bom-only.txt", "bom16-only.txt"]


def write_bad_containers(root: Path, batch: Batch) -> None:
    (root / "not-a-zip.docx").write_bytes("这不是 zip，".encode() + QUOTA.encode())
    batch.errors["not-a-zip.docx"] = "zip"
    (root / "bomb.docx").write_bytes(zip_bomb())
    batch.errors["bomb.docx"] = "压缩炸弹"
    (root / "lying-bomb.docx").write_bytes(lying_zip_bomb())
    batch.errors["lying-bomb.docx"] = "Word"
    good_docx = docx_bytes(["夏季宽带特惠", "新装宽带" + QUOTA])
    (root / "good.docx").write_bytes(good_docx)
    batch.good["good.docx"] = 1
    (root / "truncated.docx").write_bytes(good_docx[: len(good_docx) // 2])
    batch.errors["truncated.docx"] = "Word"
    # CSV: a 10 MB field, ragged rows (short, long, one too short to hold the copy).
    huge = "宽带" * (10 * 1024 * 1024 // 6) + "，" + QUOTA  # 10 MB of UTF-8
    (root / "ragged.csv").write_text(
        "id,文案,渠道\n"
        f"1,{QUOTA}\n"
        "2\n"
        f"3,\"{huge}\",门店\n"
        f"4,新品{QUOTA},线上,多余,更多\n",
        encoding="utf-8")
    batch.good["ragged.csv"] = 3
    batch.errors["ragged.csv"] = "row 3"
    # JSONL: invalid lines between good ones; each bad line reported by number.
    (root / "mixed.jsonl").write_text(
        f'{{"text": "{QUOTA}"}}\n'
        "{broken\n"
        "[1, 2, 3]\n"
        '{"text": 42}\n'
        + "[" * 100000 + "\n"
        + f'{{"text": "第二条：{QUOTA}"}}\n',
        encoding="utf-8")
    batch.good["mixed.jsonl"] = 2
    batch.errors["mixed.jsonl"] = "line 2"


def write_bad_paths(root: Path, batch: Batch) -> None:
    """Symlinks that lead nowhere or in circles, special files, odd names."""
    os.symlink("does-not-exist.txt", root / "dangling.txt")
    batch.errors["dangling.txt"] = "悬空"
    os.symlink("loop-b.txt", root / "loop-a.txt")
    os.symlink("loop-a.txt", root / "loop-b.txt")
    batch.errors["loop-a.txt"] = "循环"
    batch.errors["loop-b.txt"] = "循环"
    os.symlink("loop-self.md", root / "loop-self.md")
    batch.errors["loop-self.md"] = "循环"
    os.mkfifo(root / "fifo.txt")  # reading it would block forever
    batch.errors["fifo.txt"] = "普通文件"
    sock = socket.socket(socket.AF_UNIX)
    try:
        sock.bind(str(root / "socket.txt"))
    finally:
        sock.close()
    batch.errors["socket.txt"] = "普通文件"
    # Names: spaces, emoji, a newline, bytes that are not UTF-8.
    for raw, shown in (
        ("with space 和 空格.txt", "with space 和 空格.txt"),
        ("emoji 🎉🚀.txt", "emoji 🎉🚀.txt"),
        ("new\nline.txt", "new\\nline.txt"),
    ):
        (root / raw).write_text(GOOD_AD, encoding="utf-8")
        batch.good[shown] = 1
    with open(os.path.join(os.fsencode(root), b"latin1-\xe9t\xe9.txt"), "wb") as fh:
        fh.write(GOOD_AD.encode())
    batch.good["latin1-\\xe9t\\xe9.txt"] = 1


def build_batch(root: Path) -> Batch:
    """A folder with every hostile file plus good files whose findings must survive."""
    root.mkdir(parents=True, exist_ok=True)
    batch = Batch(root)
    (root / "good.txt").write_text(GOOD_AD, encoding="utf-8")
    batch.good["good.txt"] = 1
    write_bad_text_files(root, batch)
    write_bad_containers(root, batch)
    write_bad_paths(root, batch)
    (root / "zz-last-good.md").write_text("# 标题\n\n" + GOOD_AD + "\n", encoding="utf-8")
    batch.good["zz-last-good.md"] = 1
    return batch


def snapshot(root: Path) -> dict[bytes, tuple]:
    """(sha256, mtime_ns, size, mode) of every regular file below ``root``."""
    import hashlib
    import stat

    out = {}
    for dirpath, _dirs, files in os.walk(os.fsencode(root)):
        for name in files:
            p = os.path.join(dirpath, name)
            st = os.lstat(p)
            if not stat.S_ISREG(st.st_mode):
                out[p] = (None, st.st_mtime_ns, st.st_mode)
                continue
            with open(p, "rb") as fh:
                digest = hashlib.sha256(fh.read()).hexdigest()
            out[p] = (digest, st.st_mtime_ns, st.st_size, st.st_mode)
    return out
