"""Synthetic test inputs for pindai: rendered pages, degradations, writers.

Everything here is generated locally and deterministically (seeded
``numpy.random.default_rng``); the document texts below were written for
this project and describe a fictional KPU kabupaten office.

Typical use::

    img, truth = scanner_page(TEXTS["undangan_rapat_pleno"], seed=3)
    write_image_pdf([img], tmp_path / "scan.pdf")
    assert cer(truth, ocr_text) < 0.05

Conventions:

* pages are rendered as grayscale ("L") PIL images with ``info["dpi"]`` set;
* every degradation takes the image first and keyword-only ``seed``/``rng``
  (``rng`` wins when both are given) and returns a new image;
* every writer takes the destination path and returns it as ``Path``.
"""

from __future__ import annotations

import datetime as _dt
import io
import struct
import zipfile
import zlib
from collections.abc import Callable, Iterable, Sequence
from functools import lru_cache
from pathlib import Path
from xml.sax.saxutils import escape as _xml_escape

import cv2
import numpy as np
from PIL import Image, ImageDraw, ImageFont

__all__ = [
    "TEXTS",
    "FONT_DIR",
    "A4_MM",
    "layout_lines",
    "render_page",
    "page_text",
    "skew",
    "add_noise",
    "jpeg_artifacts",
    "uneven_light",
    "rotate_quarter",
    "phone_photo",
    "scanner_page",
    "image_pdf_bytes",
    "text_pdf_bytes",
    "write_image_pdf",
    "write_text_pdf",
    "write_mixed_pdf",
    "write_tiff",
    "write_jpeg",
    "write_png",
    "write_webp",
    "write_heic",
    "write_zero_byte",
    "write_truncated_pdf",
    "write_truncated_jpeg",
    "write_corrupt_pdf",
    "write_encrypted_pdf",
    "write_docx",
    "write_png_bomb",
    "write_many_pages_pdf",
    "normalize_ws",
    "cer",
]

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
A4_MM = (210.0, 297.0)
MM_PER_INCH = 25.4
PT_PER_INCH = 72.0
TAB_MM = 55.0  # tab stops (columns) every 55 mm from the left margin
LINE_SPACING = 1.45  # baseline-to-baseline distance in font sizes

# A fixed date for document metadata so generated files are reproducible.
_FIXED_DATE = _dt.datetime(2024, 3, 6, 9, 0, 0, tzinfo=_dt.timezone.utc)

# ---------------------------------------------------------------------------
# Document texts (original, fictional; KPU Kabupaten Lahat, kode wilayah 1604)
# ---------------------------------------------------------------------------
# Lines written fully in capitals are rendered centred and bold (headings).
# A "\t" separates table columns (drawn at TAB_MM stops).

TEXTS: dict[str, list[str]] = {
    "undangan_rapat_pleno": [
        "KOMISI PEMILIHAN UMUM KABUPATEN LAHAT",
        "Jalan Serma Ali Nomor 7, Lahat, Sumatera Selatan 31414",
        "",
        "Nomor : 14/PL.01.1-Und/1604/2024",
        "Sifat : Segera",
        "Lampiran : 1 (satu) berkas",
        "Perihal : Undangan Rapat Pleno Terbuka",
        "",
        "Yth. Ketua dan Anggota PPK se-Kabupaten Lahat",
        "di tempat",
        "",
        "Dalam rangka rekapitulasi hasil penghitungan perolehan suara",
        "Pemilihan Umum Tahun 2024 tingkat kabupaten, kami mengundang",
        "Saudara untuk hadir pada rapat pleno terbuka yang akan",
        "dilaksanakan pada:",
        "hari, tanggal : Senin, 4 Maret 2024",
        "waktu : pukul 09.00 WIB sampai dengan selesai",
        "tempat : Aula Kantor KPU Kabupaten Lahat",
        "acara : Rekapitulasi hasil penghitungan suara",
        "",
        "Mengingat pentingnya acara tersebut, kehadiran Saudara tepat",
        "waktu sangat kami harapkan. Atas perhatian dan kerja samanya,",
        "kami ucapkan terima kasih.",
        "",
        "Lahat, 28 Februari 2024",
        "Ketua KPU Kabupaten Lahat,",
        "",
        "Andi Saputra",
    ],
    "berita_acara_rekapitulasi": [
        "BERITA ACARA",
        "REKAPITULASI HASIL PENGHITUNGAN PEROLEHAN SUARA",
        "Nomor : 31/PL.01.8-BA/1604/2024",
        "",
        "Pada hari ini Rabu tanggal enam bulan Maret tahun dua ribu dua",
        "puluh empat, bertempat di Aula Kantor KPU Kabupaten Lahat, telah",
        "dilaksanakan rapat pleno terbuka rekapitulasi hasil penghitungan",
        "perolehan suara tingkat kabupaten yang dihadiri oleh anggota",
        "KPU Kabupaten Lahat, saksi peserta pemilu, dan Bawaslu.",
        "",
        "Rapat pleno menetapkan hal-hal sebagai berikut:",
        "1. Jumlah pemilih dalam daftar pemilih tetap 312.408 orang.",
        "2. Jumlah pengguna hak pilih sebanyak 254.117 orang.",
        "3. Jumlah suara sah sebanyak 246.930 suara.",
        "4. Jumlah suara tidak sah sebanyak 7.187 suara.",
        "5. Tidak terdapat keberatan saksi yang diajukan dalam rapat.",
        "",
        "Demikian berita acara ini dibuat dengan sebenarnya untuk dapat",
        "dipergunakan sebagaimana mestinya.",
        "",
        "Lahat, 6 Maret 2024",
        "Ketua Rapat Pleno,",
        "",
        "Rina Marlina",
    ],
    "sk_penetapan_pps": [
        "KEPUTUSAN KOMISI PEMILIHAN UMUM KABUPATEN LAHAT",
        "NOMOR 52 TAHUN 2024",
        "TENTANG",
        "PENETAPAN ANGGOTA PANITIA PEMUNGUTAN SUARA",
        "PADA PEMILIHAN BUPATI DAN WAKIL BUPATI LAHAT TAHUN 2024",
        "",
        "Menimbang : a. bahwa untuk kelancaran penyelenggaraan pemilihan",
        "perlu dibentuk panitia pemungutan suara di setiap desa;",
        "b. bahwa berdasarkan pertimbangan sebagaimana dimaksud",
        "dalam huruf a, perlu menetapkan keputusan ini;",
        "",
        "MEMUTUSKAN:",
        "Menetapkan : Anggota Panitia Pemungutan Suara sebagaimana",
        "tercantum dalam lampiran keputusan ini.",
        "KESATU : Anggota PPS bertugas sejak tanggal pelantikan.",
        "KEDUA : Biaya dibebankan pada anggaran hibah pemilihan.",
        "KETIGA : Keputusan ini mulai berlaku pada tanggal ditetapkan.",
        "",
        "Ditetapkan di Lahat",
        "pada tanggal 15 Mei 2024",
        "KETUA KOMISI PEMILIHAN UMUM",
        "KABUPATEN LAHAT,",
        "",
        "Andi Saputra",
    ],
    "laporan_keuangan": [
        "LAPORAN REALISASI ANGGARAN RINGKAS",
        "SEKRETARIAT KPU KABUPATEN LAHAT",
        "Periode 1 Januari sampai dengan 30 Juni 2024",
        "Nomor : 7/KU.02-Lap/1604/2024",
        "",
        "Uraian\tPagu (Rp)\tRealisasi (Rp)",
        "Belanja Pegawai\t1.842.500.000\t903.114.250",
        "Belanja Barang\t2.316.750.000\t1.188.402.900",
        "Belanja Modal\t415.000.000\t126.850.000",
        "Hibah Pemilihan\t9.870.000.000\t4.011.275.000",
        "Jumlah\t14.444.250.000\t6.229.642.150",
        "",
        "Persentase realisasi sampai dengan semester pertama sebesar",
        "43,13 persen dari total pagu. Realisasi belanja modal masih",
        "rendah karena pengadaan perangkat komputer baru selesai pada",
        "bulan Juli. Sisa anggaran akan digunakan untuk tahapan",
        "pemungutan dan penghitungan suara pada bulan November 2024.",
        "",
        "Lahat, 5 Juli 2024",
        "Sekretaris KPU Kabupaten Lahat,",
        "",
        "Hendra Wijaya, S.E.",
    ],
    "surat_edaran": [
        "SURAT EDARAN",
        "Nomor : 9/SDM.02-SE/1604/2024",
        "TENTANG",
        "PENGGUNAAN MEDIA SOSIAL OLEH BADAN AD HOC",
        "",
        "Sehubungan dengan meningkatnya penyebaran informasi yang tidak",
        "benar menjelang hari pemungutan suara, bersama ini disampaikan",
        "kepada seluruh anggota PPK, PPS, dan KPPS hal-hal berikut:",
        "1. Tidak mengunggah hasil penghitungan sebelum rekapitulasi.",
        "2. Tidak memberikan komentar yang menunjukkan keberpihakan.",
        "3. Menjaga kerahasiaan data pribadi pemilih dalam unggahan.",
        "4. Melaporkan akun palsu yang mengatasnamakan KPU.",
        "",
        "Pelanggaran terhadap ketentuan ini dapat dikenai sanksi sesuai",
        "peraturan yang berlaku. Surat edaran ini agar disampaikan",
        "kepada seluruh jajaran sampai tingkat desa.",
        "",
        "Lahat, 6 Januari 2024",
        "Ketua KPU Kabupaten Lahat,",
        "",
        "Andi Saputra",
    ],
    "nota_dinas": [
        "NOTA DINAS",
        "Nomor : 21/RT.01-ND/1604/2024",
        "Kepada : Yth. Sekretaris KPU Kabupaten Lahat",
        "Dari : Kepala Subbagian Keuangan, Umum dan Logistik",
        "Tanggal : 2 Februari 2024",
        "Perihal : Pengiriman Logistik ke Kecamatan",
        "",
        "Bersama ini kami laporkan bahwa logistik pemungutan suara untuk",
        "24 kecamatan telah selesai dikemas di gudang KPU Kabupaten Lahat.",
        "Pengiriman direncanakan dalam tiga gelombang mulai tanggal",
        "8 Februari 2024 dengan pengawalan dari kepolisian setempat.",
        "",
        "Sehubungan dengan hal tersebut, kami mohon persetujuan",
        "penggunaan enam unit truk sewaan dan penambahan tenaga bongkar",
        "muat sebanyak dua belas orang. Rincian biaya terlampir.",
        "",
        "Demikian disampaikan, atas perhatiannya diucapkan terima kasih.",
        "",
        "Kepala Subbagian,",
        "",
        "Dewi Lestari",
    ],
    "pengumuman_seleksi_ppk": [
        "PENGUMUMAN",
        "Nomor : 3/PP.04.1-Pu/1604/2024",
        "TENTANG",
        "HASIL SELEKSI TERTULIS CALON ANGGOTA PPK",
        "",
        "Berdasarkan hasil seleksi tertulis yang dilaksanakan pada",
        "tanggal 20 April 2024, KPU Kabupaten Lahat mengumumkan nama",
        "calon anggota Panitia Pemilihan Kecamatan yang lulus dan berhak",
        "mengikuti tahap wawancara sebagaimana tercantum dalam lampiran.",
        "",
        "Peserta yang lulus wajib hadir pada:",
        "hari, tanggal : Sabtu, 27 April 2024",
        "waktu : pukul 08.00 WIB",
        "tempat : Kantor KPU Kabupaten Lahat",
        "membawa : kartu tanda penduduk asli dan bukti pendaftaran",
        "",
        "Keputusan panitia seleksi bersifat final. Peserta yang tidak",
        "hadir pada waktu yang ditentukan dianggap mengundurkan diri.",
        "",
        "Lahat, 24 April 2024",
        "Ketua KPU Kabupaten Lahat,",
        "",
        "Andi Saputra",
    ],
    "daftar_hadir": [
        "DAFTAR HADIR",
        "RAPAT KOORDINASI PEMUTAKHIRAN DATA PEMILIH",
        "Nomor : 40/PL.02.1-DH/1604/2024",
        "Hari, tanggal : Kamis, 18 Juli 2024",
        "Tempat : Ruang Rapat KPU Kabupaten Lahat",
        "",
        "Nama\tJabatan\tKeterangan",
        "1. Rahmat Hidayat\tKetua PPK Lahat\tHadir",
        "2. Siti Aminah\tKetua PPK Merapi Barat\tHadir",
        "3. Joko Susilo\tKetua PPK Kikim Timur\tHadir",
        "4. Nurul Fadilah\tKetua PPK Pulau Pinang\tIzin",
        "5. Agus Salim\tKetua PPK Jarai\tHadir",
        "6. Yusuf Maulana\tKetua PPK Kota Agung\tHadir",
        "7. Lina Marlina\tKetua PPK Mulak Ulu\tHadir",
        "8. Bambang Irawan\tKetua PPK Pseksu\tSakit",
        "9. Eka Putri\tOperator Sidalih\tHadir",
        "10. Taufik Rahman\tOperator Sidalih\tHadir",
        "",
        "Lahat, 18 Juli 2024",
        "Sekretaris Rapat,",
        "",
        "Fitri Handayani",
    ],
    "surat_tugas": [
        "SURAT TUGAS",
        "Nomor : 66/SDM.01-ST/1604/2024",
        "",
        "Sekretaris Komisi Pemilihan Umum Kabupaten Lahat menugaskan:",
        "nama : Budi Santoso",
        "jabatan : Pengelola Data Pemilih",
        "",
        "untuk melaksanakan pencocokan dan penelitian data pemilih di",
        "Kecamatan Tanjung Sakti selama tiga hari, mulai tanggal",
        "12 Juni 2024 sampai dengan 14 Juni 2024. Biaya perjalanan",
        "dinas dibebankan pada anggaran Sekretariat KPU Kabupaten Lahat.",
        "",
        "Setelah melaksanakan tugas, yang bersangkutan wajib menyampaikan",
        "laporan tertulis paling lambat tiga hari kerja.",
        "",
        "Lahat, 10 Juni 2024",
        "Sekretaris,",
        "",
        "Hendra Wijaya, S.E.",
    ],
}


# ---------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------


def _rng(seed: int | None, rng: np.random.Generator | None) -> np.random.Generator:
    """Return ``rng`` if given, else a fresh generator seeded with ``seed``."""
    return rng if rng is not None else np.random.default_rng(seed)


def _is_heading(line: str) -> bool:
    """A line written fully in capitals (with some letters) is a heading."""
    letters = [c for c in line if c.isalpha()]
    return len(letters) >= 3 and all(c.isupper() for c in letters)


def _mm_to_px(mm: float, dpi: int) -> int:
    return int(round(mm * dpi / MM_PER_INCH))


def _copy_dpi(src: Image.Image, dst: Image.Image) -> Image.Image:
    """Copy ``info["dpi"]`` from ``src`` to ``dst`` (if any) and return ``dst``."""
    if "dpi" in src.info:
        dst.info["dpi"] = src.info["dpi"]
    return dst


_FONT_FILES = {
    ("serif", False): "DejaVuSerif.ttf",
    ("serif", True): "DejaVuSerif-Bold.ttf",
    ("sans", False): "DejaVuSans.ttf",
    ("sans", True): "DejaVuSans-Bold.ttf",
    ("mono", False): "DejaVuSansMono.ttf",
    ("mono", True): "DejaVuSansMono-Bold.ttf",
}


@lru_cache(maxsize=64)
def _font(
    font: str, bold: bool, size_px: int
) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    """Load a DejaVu font ("serif", "sans", "mono" or a .ttf path) at ``size_px``."""
    name = _FONT_FILES.get((font, bold))
    path = FONT_DIR / name if name else Path(font)
    try:
        return ImageFont.truetype(str(path), size_px)
    except OSError:
        # Fonts missing (e.g. fonts-dejavu-core not installed): Pillow's own.
        return ImageFont.load_default(size=size_px)


# ---------------------------------------------------------------------------
# Rendering
# ---------------------------------------------------------------------------


def _split_words(line: str, fits: Callable[[str], bool]) -> list[str]:
    """Greedy word wrap of ``line`` using the predicate ``fits(text)``."""
    out: list[str] = []
    cur = ""
    for word in line.split(" "):
        cand = f"{cur} {word}" if cur else word
        if fits(cand) or not cur:
            cur = cand
        else:
            out.append(cur)
            cur = word
    out.append(cur)
    return out


def _fits(
    f: ImageFont.FreeTypeFont | ImageFont.ImageFont, avail: int
) -> Callable[[str], bool]:
    """Predicate: does a text fit in ``avail`` pixels in font ``f``?"""
    return lambda text: f.getlength(text) <= avail


def layout_lines(
    lines: Sequence[str],
    *,
    dpi: int = 300,
    font_size_pt: float = 11,
    font: str = "serif",
    margin_mm: float = 25,
    width_mm: float = 210,
) -> list[str]:
    """Lines as drawn by :func:`render_page`: too-wide lines are word-wrapped.

    With the default geometry every line of :data:`TEXTS` fits, so this
    returns ``list(lines)`` unchanged.
    """
    size_px = max(1, round(font_size_pt * dpi / PT_PER_INCH))
    avail = _mm_to_px(width_mm - 2 * margin_mm, dpi)
    out: list[str] = []
    for line in lines:
        if "\t" in line:  # table rows are never wrapped
            out.append(line)
            continue
        f = _font(font, _is_heading(line), size_px)
        if f.getlength(line) <= avail:
            out.append(line)
        else:
            out.extend(_split_words(line, _fits(f, avail)))
    return out


def render_page(
    lines: Sequence[str],
    *,
    dpi: int = 300,
    font_size_pt: float = 11,
    font: str = "serif",
    margin_mm: float = 25,
    width_mm: float = 210,
    height_mm: float = 297,
) -> Image.Image:
    """Render ``lines`` as a clean white grayscale page with black text.

    Headings (all-capital lines) are centred and bold, ``"\\t"`` jumps to the
    next column stop (every ``TAB_MM`` mm).  ``info["dpi"]`` is set.
    Raises ``ValueError`` if the text does not fit on the page vertically.
    """
    w, h = _mm_to_px(width_mm, dpi), _mm_to_px(height_mm, dpi)
    img = Image.new("L", (w, h), 255)
    draw = ImageDraw.Draw(img)
    size_px = max(1, round(font_size_pt * dpi / PT_PER_INCH))
    left = _mm_to_px(margin_mm, dpi)
    avail = w - 2 * left
    step = size_px * LINE_SPACING
    tab = _mm_to_px(TAB_MM, dpi)
    drawn = layout_lines(
        lines,
        dpi=dpi,
        font_size_pt=font_size_pt,
        font=font,
        margin_mm=margin_mm,
        width_mm=width_mm,
    )
    top = _mm_to_px(margin_mm, dpi) + size_px  # first baseline
    if top + step * (len(drawn) - 1) > h - _mm_to_px(margin_mm, dpi) * 0.5:
        raise ValueError(
            f"{len(drawn)} lines do not fit on the page at {font_size_pt} pt"
        )
    for i, line in enumerate(drawn):
        y = top + i * step
        heading = _is_heading(line)
        f = _font(font, heading, size_px)
        if "\t" in line:
            x = float(left)
            for j, cell in enumerate(line.split("\t")):
                if j:
                    x = left + (int((x - left) // tab) + 1) * tab
                draw.text((x, y), cell, font=f, fill=0, anchor="ls")
                x += f.getlength(cell) + f.getlength(" ")
        elif heading:
            draw.text((left + avail / 2, y), line, font=f, fill=0, anchor="ms")
        elif line:
            draw.text((left, y), line, font=f, fill=0, anchor="ls")
    img.info["dpi"] = (dpi, dpi)
    return img


def page_text(lines: Sequence[str], **render_kwargs: float | int | str) -> str:
    """Ground truth of a page rendered from ``lines`` (lines joined by "\\n").

    Pass the same keyword arguments as to :func:`render_page` if you changed
    the geometry, so that wrapped lines are reproduced.
    """
    render_kwargs.pop("height_mm", None)
    return "\n".join(layout_lines(lines, **render_kwargs))  # type: ignore[arg-type]


# ---------------------------------------------------------------------------
# Degradations
# ---------------------------------------------------------------------------


def skew(img: Image.Image, angle_deg: float, fill: int = 235) -> Image.Image:
    """Rotate by ``angle_deg`` (counter-clockwise, canvas expanded).

    The uncovered corners are filled with gray ``fill``, like a scanner lid.
    """
    mode = img.mode
    base = (
        img if mode in ("L", "RGB") else img.convert("RGB" if mode == "RGBA" else "L")
    )
    a = np.asarray(base)
    h, w = a.shape[:2]
    rad = np.deg2rad(angle_deg)
    cos, sin = abs(np.cos(rad)), abs(np.sin(rad))
    nw = int(np.ceil(w * cos + h * sin - 1e-6))
    nh = int(np.ceil(w * sin + h * cos - 1e-6))
    m = cv2.getRotationMatrix2D((w / 2.0, h / 2.0), angle_deg, 1.0)
    m[0, 2] += nw / 2.0 - w / 2.0
    m[1, 2] += nh / 2.0 - h / 2.0
    border = (fill, fill, fill) if a.ndim == 3 else fill
    out_a = cv2.warpAffine(
        a,
        m,
        (nw, nh),
        flags=cv2.INTER_CUBIC,
        borderMode=cv2.BORDER_CONSTANT,
        borderValue=border,
    )
    out = Image.fromarray(out_a)
    if out.mode != mode and mode not in ("RGBA", "P", "1"):
        out = out.convert(mode)
    return _copy_dpi(img, out)


@lru_cache(maxsize=1)
def _gauss_table() -> np.ndarray:
    """256 quantiles of the standard normal distribution (float32)."""
    from statistics import NormalDist

    nd = NormalDist()
    return np.array([nd.inv_cdf((i + 0.5) / 256) for i in range(256)], np.float32)


def _gauss_noise(
    g: np.random.Generator, shape: tuple[int, int], sigma: float, dtype: type = np.int16
) -> np.ndarray:
    """Fast gaussian noise (std ``sigma``) via a quantile lookup of random bytes."""
    u = g.integers(0, 256, shape, dtype=np.uint8)
    table = _gauss_table() * np.float32(sigma)
    if dtype is np.int16:
        table = np.round(table).astype(np.int16)
    return cv2.LUT(u, table.astype(dtype))


def add_noise(
    img: Image.Image,
    amount: float = 0.02,
    *,
    seed: int | None = 0,
    rng: np.random.Generator | None = None,
    sigma: float | None = None,
    blur: float = 0.0,
) -> Image.Image:
    """Add scanner noise: gray speckle on a fraction ``amount`` of the pixels
    plus gaussian noise (std ``sigma``, default ``300 * amount`` gray levels).

    ``blur`` > 0 first applies a gaussian blur with that sigma in pixels.
    """
    g = _rng(seed, rng)
    mode = img.mode
    base = (
        img if mode in ("L", "RGB") else img.convert("RGB" if mode == "RGBA" else "L")
    )
    a = np.asarray(base)
    if blur > 0:
        a = cv2.GaussianBlur(a, (0, 0), blur)
    h, w = a.shape[:2]
    s = 300.0 * amount if sigma is None else sigma
    if s > 0:
        n = _gauss_noise(g, (h, w), s)
        if a.ndim == 3:
            flat = np.ascontiguousarray(a).reshape(h, -1)
            a = cv2.add(flat, np.repeat(n, 3, axis=1), dtype=cv2.CV_8U).reshape(h, w, 3)
        else:
            a = cv2.add(np.ascontiguousarray(a), n, dtype=cv2.CV_8U)
    else:
        a = a.copy()
    if amount > 0:
        hit = g.integers(0, 1 << 16, (h, w), dtype=np.uint16) < int(amount * (1 << 16))
        n_hit = int(np.count_nonzero(hit))
        # Dust is mostly mid-to-dark gray, a little of it pure black/white.
        vals = g.choice(
            np.array([20, 90, 150, 200, 255], np.uint8),
            size=n_hit,
            p=[0.1, 0.2, 0.3, 0.2, 0.2],
        )
        a[hit] = vals[:, None] if a.ndim == 3 else vals
    out = Image.fromarray(a)
    if mode not in ("L", "RGB", "RGBA", "P", "1"):
        out = out.convert(mode)
    return _copy_dpi(img, out)


def jpeg_artifacts(img: Image.Image, quality: int = 40) -> Image.Image:
    """Round-trip ``img`` through an in-memory JPEG at ``quality``."""
    src = img if img.mode in ("L", "RGB") else img.convert("RGB")
    buf = io.BytesIO()
    src.save(buf, "JPEG", quality=quality)
    buf.seek(0)
    out = Image.open(buf)
    out.load()
    out.info.pop("jfif", None)
    out.info.pop("jfif_version", None)
    out.info.pop("jfif_unit", None)
    out.info.pop("jfif_density", None)
    return _copy_dpi(img, out)


def _light_field(
    h: int, w: int, strength: float, g: np.random.Generator, grid: int = 48
) -> np.ndarray:
    """A smooth multiplicative light field (1 = full light) of shape (h, w)."""
    gh, gw = grid, max(2, round(grid * w / max(h, 1)))
    yy, xx = np.mgrid[0:gh, 0:gw].astype(np.float32)
    yy /= gh - 1
    xx /= gw - 1
    # Bright spot somewhere near one corner; the opposite corner is darkest.
    cy, cx = g.choice([0.0, 1.0]), g.choice([0.0, 1.0])
    cy = abs(cy - g.uniform(0.0, 0.35))
    cx = abs(cx - g.uniform(0.0, 0.35))
    d = np.sqrt((yy - cy) ** 2 + (xx - cx) ** 2) / np.sqrt(2.0)
    field = 1.0 - strength * np.clip(d, 0, 1) ** 1.6
    # A little low-frequency unevenness on top.
    wobble: np.ndarray = cv2.resize(
        g.standard_normal((4, 4)).astype(np.float32),
        (gw, gh),
        interpolation=cv2.INTER_CUBIC,
    )
    field = field * (1.0 + 0.04 * strength * wobble)
    full: np.ndarray = cv2.resize(
        field.astype(np.float32), (w, h), interpolation=cv2.INTER_LINEAR
    )
    return np.clip(full, 0.0, 1.0)


def uneven_light(
    img: Image.Image,
    strength: float = 0.35,
    *,
    seed: int | None = 0,
    rng: np.random.Generator | None = None,
) -> Image.Image:
    """Multiply by a smooth vignette/gradient: one corner up to ``strength`` darker."""
    g = _rng(seed, rng)
    mode = img.mode
    base = img if mode in ("L", "RGB") else img.convert("RGB")
    a = np.asarray(base, dtype=np.float32)
    field = _light_field(a.shape[0], a.shape[1], strength, g)
    a = a * (field[..., None] if a.ndim == 3 else field)
    out = Image.fromarray(np.clip(a, 0, 255).astype(np.uint8))
    return _copy_dpi(img, out)


def rotate_quarter(img: Image.Image, k: int) -> Image.Image:
    """Rotate by ``90 * k`` degrees counter-clockwise (k = 1, 2, 3; 0 copies)."""
    ops = {
        1: Image.Transpose.ROTATE_90,
        2: Image.Transpose.ROTATE_180,
        3: Image.Transpose.ROTATE_270,
    }
    k %= 4
    out = img.copy() if k == 0 else img.transpose(ops[k])
    if "dpi" in img.info:
        dx, dy = img.info["dpi"]
        out.info["dpi"] = (dy, dx) if k % 2 else (dx, dy)
    return out


def _smooth_noise(
    h: int, w: int, gh: int, gw: int, g: np.random.Generator
) -> np.ndarray:
    """Noise of grid (gh, gw) cubic-resized to (h, w), roughly unit variance."""
    n = g.standard_normal((max(gh, 2), max(gw, 2))).astype(np.float32)
    return cv2.resize(n, (w, h), interpolation=cv2.INTER_CUBIC)


def _desk_texture(
    w: int, h: int, g: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    """A desk surface: wood grain or grey laminate.

    Returns ``(lum, colour)``: a float32 (h, w) brightness multiplier around
    1.0 and the float32 RGB base colour, so that desk = lum * colour.
    """
    hw_, ww_ = max(2, h // 2), max(2, w // 2)  # built at half size, then upscaled
    horizontal = bool(g.integers(0, 2))
    hh, ww = (hw_, ww_) if horizontal else (ww_, hw_)  # grain along x of (hh, ww)
    fine = _smooth_noise(hh, ww, hh // 3, 10, g)  # thin streaks
    broad = _smooth_noise(hh, ww, hh // 30, 5, g)  # wavy bands
    yy = np.arange(hh, dtype=np.float32)[:, None] / np.float32(hh)
    period = g.uniform(0.03, 0.06)
    rings = np.sin(np.float32(2 * np.pi / period) * yy + np.float32(2.2) * broad)
    kind = g.choice(["wood", "dark_wood", "grey"], p=[0.45, 0.25, 0.30])
    if kind == "grey":
        colour = np.array(g.uniform(80, 125) + g.uniform(-6, 6, 3), np.float32)
        pattern = 0.05 * fine + 0.03 * rings
    else:
        lum = g.uniform(95, 150) if kind == "wood" else g.uniform(55, 85)
        colour = np.array([lum, lum * 0.68, lum * 0.42], np.float32)
        pattern = 0.08 * fine + 0.10 * rings + 0.05 * broad
        for pos in g.uniform(0.1, 0.9, int(g.integers(1, 4))):  # plank seams
            r = int(pos * hh)
            pattern[max(r - 1, 0) : r + 1] -= 0.35
    if not horizontal:
        pattern = pattern.T
    lum_map = cv2.resize(
        np.ascontiguousarray(pattern, np.float32) + np.float32(1.0),
        (w, h),
        interpolation=cv2.INTER_LINEAR,
    )
    return lum_map, colour


def _page_quad(pw: int, ph: int, W: int, H: int, g: np.random.Generator) -> np.ndarray:
    """Random convex quad (4x2, TL TR BR BL) for a pw x ph page in a W x H frame."""
    frac = g.uniform(0.62, 0.80)
    s = min(frac * H / ph, 0.80 * W / pw)
    tw, th = pw * s, ph * s
    cx = W / 2 + g.uniform(-0.03, 0.03) * W
    cy = H / 2 + g.uniform(-0.03, 0.03) * H
    rect = np.array(
        [
            [cx - tw / 2, cy - th / 2],
            [cx + tw / 2, cy - th / 2],
            [cx + tw / 2, cy + th / 2],
            [cx - tw / 2, cy + th / 2],
        ],
        np.float64,
    )
    mag = g.uniform(0.03, 0.10, 4)
    ang = g.uniform(0, 2 * np.pi, 4)
    quad = rect + np.stack([mag * tw * np.cos(ang), mag * th * np.sin(ang)], 1)
    margin = 0.03 * W
    lo, hi = quad.min(0), quad.max(0)
    room = np.array([W - 2 * margin, H - 2 * margin])
    shrink = float(min(1.0, *(room / (hi - lo))))
    if shrink < 1.0:
        c = quad.mean(0)
        quad = c + (quad - c) * shrink
        lo, hi = quad.min(0), quad.max(0)
    shift = np.maximum(margin - lo, 0) - np.maximum(hi - (np.array([W, H]) - margin), 0)
    return (quad + shift).astype(np.float32)


def phone_photo(
    img: Image.Image,
    *,
    seed: int | None = 0,
    rng: np.random.Generator | None = None,
    out_width: int = 1800,
) -> Image.Image:
    """Simulate a phone photo of the page lying on a desk.

    The page is scaled so it spans about 62-80 % of the frame height, placed
    on a wood/grey desk, warped by a random perspective (each corner moved
    3-10 % of the page size, page fully inside with desk visible all round),
    then lit unevenly, blurred and noised.  Returns an RGB 3:4 portrait image
    without ``info["dpi"]``.  The page corners (TL, TR, BR, BL, in output
    pixels) are stored in ``info["page_quad"]`` for tests.
    """
    g = _rng(seed, rng)
    W = int(out_width)
    H = int(round(W * 4 / 3))
    page = np.asarray(img.convert("L"))
    ph, pw = page.shape
    desk_lum, desk_colour = _desk_texture(W, H, g)
    quad = _page_quad(pw, ph, W, H, g)

    # Resize first (area filter) so the warp does not alias the text.
    edge = max(np.linalg.norm(quad[1] - quad[0]), np.linalg.norm(quad[2] - quad[3]))
    k = min(1.0, 1.15 * float(edge) / pw)
    small = cv2.resize(
        page,
        (max(2, round(pw * k)), max(2, round(ph * k))),
        interpolation=cv2.INTER_AREA,
    )
    sh, sw = small.shape
    src = np.array([[0, 0], [sw, 0], [sw, sh], [0, sh]], np.float32)
    m = cv2.getPerspectiveTransform(src, quad)
    paper = cv2.warpPerspective(
        small,
        m,
        (W, H),
        flags=cv2.INTER_LINEAR,
        borderMode=cv2.BORDER_CONSTANT,
        borderValue=0,
    )
    mask8 = cv2.warpPerspective(
        np.full((sh, sw), 255, np.uint8),
        m,
        (W, H),
        flags=cv2.INTER_LINEAR,
        borderMode=cv2.BORDER_CONSTANT,
        borderValue=0,
    )

    # Soft cast shadow of the page on the desk (computed at quarter size).
    q = 4
    mq = cv2.resize(mask8, (W // q, H // q), interpolation=cv2.INTER_AREA).astype(
        np.float32
    )
    off = np.array(
        [
            [1, 0, g.uniform(0.004, 0.012) * W / q],
            [0, 1, g.uniform(0.004, 0.012) * W / q],
        ],
        np.float32,
    )
    soft = cv2.GaussianBlur(
        cv2.warpAffine(mq, off, (W // q, H // q)), (0, 0), 0.012 * W / q
    )
    shadow = cv2.resize(soft, (W, H), interpolation=cv2.INTER_LINEAR) * np.float32(
        0.45 / 255
    )

    # Light field, exposure, colour cast; paper tint is slightly warm.
    field = _light_field(H, W, g.uniform(0.25, 0.45), g) * np.float32(
        g.uniform(0.86, 1.0)
    )
    cast = 1.0 + g.uniform(-0.03, 0.03, 3)
    tint = np.array([1.0, g.uniform(0.96, 0.99), g.uniform(0.88, 0.95)])
    mask = mask8.astype(np.float32) * np.float32(1 / 255)
    a = field * (1.0 - mask) * desk_lum * (1.0 - shadow)  # desk weight
    b = field * mask * paper.astype(np.float32)  # paper weight
    blur = g.uniform(0.6, 1.1)
    grain = _gauss_noise(g, (H, W), g.uniform(2.0, 4.0), np.float32)
    chans = []
    for c in range(3):
        ch = cv2.addWeighted(
            a, float(desk_colour[c] * cast[c]), b, float(tint[c] * cast[c]), 0.0
        )
        ch = cv2.GaussianBlur(ch, (0, 0), blur)
        ch += grain
        ch += _gauss_noise(g, (H, W), 1.5, np.float32)
        np.clip(ch, 0, 255, out=ch)
        chans.append(ch.astype(np.uint8))
    out = Image.fromarray(cv2.merge(chans), "RGB")
    out.info.pop("dpi", None)
    out.info["page_quad"] = [tuple(map(float, pt)) for pt in quad]
    return out


def scanner_page(
    lines: Sequence[str],
    *,
    seed: int | None = 0,
    rng: np.random.Generator | None = None,
    angle: float | None = None,
    noise: bool = True,
    jpeg: bool = True,
    dpi: int = 300,
) -> tuple[Image.Image, str]:
    """Render + skew (random in +-15 deg unless ``angle``) + noise + JPEG.

    Returns ``(image, ground_truth)``; the angle used is stored in
    ``image.info["skew_angle"]`` (counter-clockwise degrees).
    """
    g = _rng(seed, rng)
    a = float(g.uniform(-15.0, 15.0)) if angle is None else float(angle)
    img = render_page(lines, dpi=dpi)
    if a:
        img = skew(img, a)
    if noise:
        img = add_noise(
            img, float(g.uniform(0.005, 0.015)), rng=g, blur=float(g.uniform(0.3, 0.7))
        )
    if jpeg:
        img = jpeg_artifacts(img, int(g.integers(40, 75)))
    img.info["skew_angle"] = a
    return img, page_text(lines)


# ---------------------------------------------------------------------------
# Writers
# ---------------------------------------------------------------------------


def _flatten(img: Image.Image) -> Image.Image:
    """Convert to a JPEG-able mode ("L" or "RGB"), compositing alpha on white."""
    if img.mode in ("L", "RGB"):
        return img
    if img.mode in ("RGBA", "LA", "PA") or (
        img.mode == "P" and "transparency" in img.info
    ):
        rgba = img.convert("RGBA")
        bg = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        return Image.alpha_composite(bg, rgba).convert("RGB")
    if img.mode in ("1", "I;16", "I", "F"):
        return img.convert("L")
    return img.convert("RGB")


def image_pdf_bytes(
    images: Iterable[Image.Image],
    dpi: int | None = 300,
    *,
    quality: int = 85,
    a4: bool = True,
) -> bytes:
    """Image-only PDF bytes, one JPEG page per image (see :func:`write_image_pdf`)."""
    import img2pdf

    a4_pt = (img2pdf.mm_to_pt(A4_MM[0]), img2pdf.mm_to_pt(A4_MM[1]))
    blobs: list[bytes] = []
    for im in images:
        im = _flatten(im)
        w, h = im.size
        if a4:
            # Resolution at which the image just fits an A4 page.
            d = max(w / (A4_MM[0] / MM_PER_INCH), h / (A4_MM[1] / MM_PER_INCH))
        else:
            d = float(dpi or im.info.get("dpi", (300, 300))[0])
        buf = io.BytesIO()
        im.save(buf, "JPEG", quality=quality, dpi=(round(d), round(d)))
        blobs.append(buf.getvalue())
    if not blobs:
        raise ValueError("no images")
    # The internal engine writes a plain, byte-reproducible file (the pikepdf
    # engine adds a random /ID per process).
    kwargs: dict[str, object] = {"nodate": True, "engine": img2pdf.Engine.internal}
    if a4:
        kwargs["layout_fun"] = img2pdf.get_layout_fun(
            pagesize=a4_pt, fit=img2pdf.FitMode.into
        )
    return img2pdf.convert(blobs, **kwargs)


def write_image_pdf(
    images: Iterable[Image.Image] | Image.Image,
    path: str | Path,
    dpi: int | None = 300,
    *,
    quality: int = 85,
    a4: bool = True,
) -> Path:
    """Write an image-only PDF (no text layer), one page per image.

    Each page is JPEG-encoded (``quality``) in memory and embedded by img2pdf.
    With ``a4=True`` every page is exactly A4 and the image's DPI is set so
    it fits (300 for an unskewed 300-dpi render); with ``a4=False`` the page
    size is the pixel size at ``dpi``.
    """
    if isinstance(images, Image.Image):
        images = [images]
    p = Path(path)
    p.write_bytes(image_pdf_bytes(images, dpi, quality=quality, a4=a4))
    return p


def _pdf_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def _text_pdf_pikepdf(pages: Sequence[Sequence[str]], font_size: float = 11) -> bytes:
    """Born-digital PDF via raw content streams (Helvetica, left-aligned)."""
    import pikepdf

    pdf = pikepdf.new()
    w, h = (v / MM_PER_INCH * PT_PER_INCH for v in A4_MM)
    margin = 25 / MM_PER_INCH * PT_PER_INCH
    tab = TAB_MM / MM_PER_INCH * PT_PER_INCH
    fonts = pikepdf.Dictionary(
        F1=pdf.make_indirect(
            pikepdf.Dictionary(
                Type=pikepdf.Name.Font,
                Subtype=pikepdf.Name.Type1,
                BaseFont=pikepdf.Name.Helvetica,
                Encoding=pikepdf.Name.WinAnsiEncoding,
            )
        ),
        F2=pdf.make_indirect(
            pikepdf.Dictionary(
                Type=pikepdf.Name.Font,
                Subtype=pikepdf.Name.Type1,
                BaseFont=pikepdf.Name("/Helvetica-Bold"),
                Encoding=pikepdf.Name.WinAnsiEncoding,
            )
        ),
    )
    step = font_size * LINE_SPACING
    for lines in pages:
        ops = []
        y = h - margin - font_size
        for line in lines:
            f = "/F2" if _is_heading(line) else "/F1"
            for j, cell in enumerate(line.split("\t")):
                if cell:
                    x = margin + j * tab
                    ops.append(
                        f"BT {f} {font_size} Tf 1 0 0 1 {x:.2f} {y:.2f} Tm "
                        f"({_pdf_escape(cell)}) Tj ET"
                    )
            y -= step
        content = "\n".join(ops).encode("cp1252", "replace")
        page = pdf.add_blank_page(page_size=(w, h))
        page.obj.Resources = pikepdf.Dictionary(Font=fonts)
        page.obj.Contents = pdf.make_stream(content)
    buf = io.BytesIO()
    pdf.save(buf, deterministic_id=True)
    return buf.getvalue()


def _text_pdf_fpdf(pages: Sequence[Sequence[str]], font_size: float = 11) -> bytes:
    """Born-digital PDF via fpdf2 (Helvetica core font)."""
    from fpdf import FPDF

    pdf = FPDF(orientation="P", unit="mm", format="A4")
    pdf.set_auto_page_break(False)
    pdf.set_margins(25, 25, 25)
    pdf.set_creation_date(_FIXED_DATE)
    pdf.set_creator("pindai tests/synth.py")
    line_h = font_size * LINE_SPACING * MM_PER_INCH / PT_PER_INCH
    for lines in pages:
        pdf.add_page()
        y = 25.0
        for line in lines:
            heading = _is_heading(line)
            pdf.set_font("Helvetica", "B" if heading else "", font_size)
            safe = line.encode("latin-1", "replace").decode("latin-1")
            if "\t" in safe:
                for j, cell in enumerate(safe.split("\t")):
                    pdf.set_xy(25 + j * TAB_MM, y)
                    pdf.cell(TAB_MM, line_h, cell)
            elif safe:
                pdf.set_xy(25, y)
                pdf.cell(160, line_h, safe, align="C" if heading else "L")
            y += line_h
    return bytes(pdf.output())


def text_pdf_bytes(pages: Sequence[Sequence[str]], *, engine: str = "auto") -> bytes:
    """Born-digital PDF bytes; ``engine`` is "auto", "fpdf" or "pikepdf"."""
    if engine not in ("auto", "fpdf", "pikepdf"):
        raise ValueError(f"unknown engine {engine!r}")
    if engine in ("auto", "fpdf"):
        try:
            return _text_pdf_fpdf(pages)
        except ImportError:
            if engine == "fpdf":
                raise
    return _text_pdf_pikepdf(pages)


def write_text_pdf(
    lines_per_page: Sequence[Sequence[str]], path: str | Path, *, engine: str = "auto"
) -> Path:
    """Write a born-digital A4 PDF with a real (extractable) text layer.

    ``lines_per_page`` is a list of pages, each a list of lines.  Uses fpdf2
    with Helvetica when importable, else hand-written pikepdf content streams.
    """
    if lines_per_page and isinstance(lines_per_page[0], str):
        raise TypeError("lines_per_page must be a list of pages (lists of lines)")
    p = Path(path)
    p.write_bytes(text_pdf_bytes(lines_per_page, engine=engine))
    return p


def write_mixed_pdf(
    text_lines: Sequence[str], scan: Image.Image, path: str | Path
) -> Path:
    """Write a 2-page PDF: page 1 born-digital text, page 2 an image-only scan."""
    import pikepdf

    with (
        pikepdf.open(io.BytesIO(text_pdf_bytes([text_lines]))) as pdf,
        pikepdf.open(io.BytesIO(image_pdf_bytes([scan]))) as scanned,
    ):
        pdf.pages.extend(scanned.pages)
        p = Path(path)
        pdf.save(p, deterministic_id=True)
    return p


def write_tiff(
    images: Iterable[Image.Image] | Image.Image,
    path: str | Path,
    dpi: int = 300,
    *,
    compression: str | None = None,
) -> Path:
    """Write a (multi-page) TIFF; group4 for 1-bit pages, else LZW by default."""
    if isinstance(images, Image.Image):
        images = [images]
    ims = list(images)
    if not ims:
        raise ValueError("no images")
    comp = compression or ("group4" if all(i.mode == "1" for i in ims) else "tiff_lzw")
    p = Path(path)
    ims[0].save(
        p,
        "TIFF",
        save_all=True,
        append_images=ims[1:],
        compression=comp,
        dpi=(dpi, dpi),
    )
    return p


def write_jpeg(
    img: Image.Image, path: str | Path, dpi: int | None = None, *, quality: int = 85
) -> Path:
    """Write a JPEG; ``dpi=None`` writes no resolution (like a phone camera)."""
    p = Path(path)
    kwargs: dict[str, object] = {"quality": quality}
    if dpi is not None:
        kwargs["dpi"] = (dpi, dpi)
    _flatten(img).save(p, "JPEG", **kwargs)
    return p


def write_png(img: Image.Image, path: str | Path, alpha: bool = False) -> Path:
    """Write a PNG (keeping ``info["dpi"]``).

    ``alpha=True`` writes RGBA: a fully transparent border (colour black, as
    many exporters leave it, so dropping alpha naively gives a black frame),
    a feathered edge and a semi-transparent band over the page header.
    Compositing onto white restores the page.
    """
    p = Path(path)
    kwargs: dict[str, object] = {}
    if "dpi" in img.info:
        kwargs["dpi"] = tuple(round(v) for v in img.info["dpi"])
    if not alpha:
        img.save(p, "PNG", **kwargs)
        return p
    rgb = np.array(_flatten(img).convert("RGB"))
    h, w = rgb.shape[:2]
    a = np.full((h, w), 255, np.float32)
    border = max(2, round(0.04 * min(h, w)))
    feather = max(1, border // 2)
    yy = np.minimum(np.arange(h), np.arange(h)[::-1])[:, None].astype(np.float32)
    xx = np.minimum(np.arange(w), np.arange(w)[::-1])[None, :].astype(np.float32)
    dist = np.minimum(yy, xx)
    a = np.clip((dist - border) / feather, 0, 1) * 255
    # Semi-transparent white band over the top of the page (no text there
    # in pages from render_page: it lies within the margin).
    band = slice(border + feather, border + feather + max(1, round(0.03 * h)))
    a[band, :] = np.minimum(a[band, :], 128)
    rgb[a == 0] = 0
    rgba = np.dstack([rgb, a.astype(np.uint8)])
    Image.fromarray(rgba, "RGBA").save(p, "PNG", **kwargs)
    return p


def write_webp(img: Image.Image, path: str | Path, *, quality: int = 80) -> Path:
    """Write a lossy WebP."""
    p = Path(path)
    _flatten(img).save(p, "WEBP", quality=quality, method=4)
    return p


def write_heic(img: Image.Image, path: str | Path, *, quality: int = 60) -> Path:
    """Write a HEIC (HEIF) image as a phone would, via pillow-heif.

    Uses the x265 "ultrafast" preset: the default preset takes seconds a page.
    """
    import pillow_heif

    pillow_heif.register_heif_opener()
    p = Path(path)
    _flatten(img).convert("RGB").save(
        p, format="HEIF", quality=quality, enc_params={"preset": "ultrafast"}
    )
    return p


# ---------------------------------------------------------------------------
# Bad inputs
# ---------------------------------------------------------------------------


def write_zero_byte(path: str | Path) -> Path:
    """Write an empty file."""
    p = Path(path)
    p.write_bytes(b"")
    return p


def write_truncated_pdf(
    path: str | Path, *, seed: int = 0, fraction: float = 0.4
) -> Path:
    """Write a valid image PDF cut to ``fraction`` of its bytes."""
    img, _ = scanner_page(TEXTS["nota_dinas"], seed=seed, dpi=150)
    data = image_pdf_bytes([img])
    p = Path(path)
    p.write_bytes(data[: int(len(data) * fraction)])
    return p


def write_truncated_jpeg(path: str | Path, *, seed: int = 0) -> Path:
    """Write a page JPEG cut in half (the decoder hits EOF mid-scan)."""
    img, _ = scanner_page(TEXTS["surat_edaran"], seed=seed, dpi=150, jpeg=False)
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=85)
    data = buf.getvalue()
    p = Path(path)
    p.write_bytes(data[: len(data) // 2])
    return p


def write_corrupt_pdf(path: str | Path, *, seed: int = 0, size: int = 8192) -> Path:
    """Write "%PDF-1.7" followed by random garbage (no objects, no trailer)."""
    g = np.random.default_rng(seed)
    p = Path(path)
    p.write_bytes(b"%PDF-1.7\n" + g.integers(0, 256, size, dtype=np.uint8).tobytes())
    return p


def write_encrypted_pdf(
    path: str | Path, *, user_password: str = "rahasia", owner_password: str = "x"
) -> Path:
    """Write a valid text PDF encrypted with AES-256 (R=6); opening needs a password."""
    import pikepdf

    with pikepdf.open(io.BytesIO(text_pdf_bytes([TEXTS["surat_tugas"]]))) as pdf:
        p = Path(path)
        pdf.save(
            p,
            encryption=pikepdf.Encryption(
                owner=owner_password, user=user_password, R=6
            ),
        )
    return p


_DOCX_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" '
    'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    "</Types>"
)
_DOCX_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/'
    '2006/relationships/officeDocument" Target="word/document.xml"/>'
    "</Relationships>"
)


def write_docx(path: str | Path, lines: Sequence[str] | None = None) -> Path:
    """Write a minimal but well-formed .docx (an unsupported input type)."""
    lines = TEXTS["nota_dinas"] if lines is None else lines
    paras = []
    for line in lines:
        runs = "<w:r><w:tab/></w:r>".join(
            f'<w:r><w:t xml:space="preserve">{_xml_escape(cell)}</w:t></w:r>'
            for cell in line.split("\t")
        )
        paras.append(f"<w:p>{runs}</w:p>")
    document = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        f"<w:body>{''.join(paras)}"
        '<w:sectPr><w:pgSz w:w="11906" w:h="16838"/></w:sectPr></w:body></w:document>'
    )
    p = Path(path)
    with zipfile.ZipFile(p, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in (
            ("[Content_Types].xml", _DOCX_CONTENT_TYPES),
            ("_rels/.rels", _DOCX_RELS),
            ("word/document.xml", document),
        ):
            info = zipfile.ZipInfo(name, date_time=(2024, 3, 6, 9, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, data)
    return p


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return (
        struct.pack(">I", len(data))
        + kind
        + data
        + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    )


def write_png_bomb(path: str | Path, side: int = 40000, *, bit_depth: int = 1) -> Path:
    """Write a valid white grayscale PNG of ``side`` x ``side`` pixels, tiny on disk.

    IDAT data is compressed row by row, so memory stays small.  With the
    default 1-bit depth a 40000 px side is ~200 KB (8-bit: ~1.6 MB, since
    deflate cannot exceed ~1000:1).  Pillow reads the header lazily; with
    its default ``MAX_IMAGE_PIXELS`` ``Image.open`` raises
    ``DecompressionBombError`` for such sizes.
    """
    if bit_depth not in (1, 2, 4, 8):
        raise ValueError("bit_depth must be 1, 2, 4 or 8")
    row_bytes = (side * bit_depth + 7) // 8
    row = b"\x00" + b"\xff" * row_bytes  # filter type 0 + white pixels
    p = Path(path)
    comp = zlib.compressobj(6)  # as small as level 9 here, 2x faster
    with p.open("wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n")
        f.write(
            _png_chunk(
                b"IHDR", struct.pack(">IIBBBBB", side, side, bit_depth, 0, 0, 0, 0)
            )
        )
        pending = bytearray()
        # Feed several rows per call: same output, far fewer Python calls.
        batch = max(1, (1 << 20) // len(row))
        block = row * batch
        done = 0
        while done < side:
            n = min(batch, side - done)
            pending += comp.compress(block if n == batch else row * n)
            done += n
            if len(pending) >= 1 << 16:
                f.write(_png_chunk(b"IDAT", bytes(pending)))
                pending.clear()
        pending += comp.flush()
        f.write(_png_chunk(b"IDAT", bytes(pending)))
        f.write(_png_chunk(b"IEND", b""))
    return p


def write_many_pages_pdf(path: str | Path, n: int = 2500) -> Path:
    """Write a PDF of ``n`` tiny (1 x 1 inch) blank pages."""
    import pikepdf

    pdf = pikepdf.new()
    for _ in range(n):
        pdf.add_blank_page(page_size=(72, 72))
    p = Path(path)
    pdf.save(
        p, deterministic_id=True, object_stream_mode=pikepdf.ObjectStreamMode.generate
    )
    return p


# ---------------------------------------------------------------------------
# Metrics
# ---------------------------------------------------------------------------


def normalize_ws(text: str) -> str:
    """Collapse every run of whitespace to one space and strip the ends."""
    return " ".join(text.split())


def _levenshtein(a: str, b: str) -> int:
    """Plain dynamic-programming edit distance (fallback without rapidfuzz)."""
    if len(a) < len(b):
        a, b = b, a
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


def cer(reference: str, hypothesis: str) -> float:
    """Character error rate: edit distance / len(reference), whitespace-normalised.

    An empty reference gives 0.0 for an empty hypothesis, else 1.0.
    """
    ref, hyp = normalize_ws(reference), normalize_ws(hypothesis)
    if not ref:
        return 0.0 if not hyp else 1.0
    try:
        from rapidfuzz.distance import Levenshtein

        dist = Levenshtein.distance(ref, hyp)
    except ImportError:
        dist = _levenshtein(ref, hyp)
    return dist / len(ref)


# ---------------------------------------------------------------------------
# Batch splitting: separator sheets, blank pages, back sides
# ---------------------------------------------------------------------------

__all__ += [
    "scan_like",
    "scanner_edges",
    "blank_page",
    "line_page",
    "scribble_page",
    "qr_page",
]


def _as_image(img: Image.Image | np.ndarray, dpi: int) -> Image.Image:
    """A PIL image of ``img`` with ``info["dpi"]`` set (arrays get ``dpi``)."""
    if isinstance(img, Image.Image):
        out = img.copy()
        out.info.setdefault("dpi", (dpi, dpi))
        return out
    out = Image.fromarray(np.ascontiguousarray(img))
    out.info["dpi"] = (dpi, dpi)
    return out


def scan_like(
    img: Image.Image | np.ndarray,
    *,
    seed: int | None = 0,
    rng: np.random.Generator | None = None,
    angle: float | None = None,
    upside_down: bool = False,
    fill: int = 235,
    noise: bool = True,
    jpeg: bool = True,
    dpi: int = 300,
) -> Image.Image:
    """Print-and-scan any page image as :func:`scanner_page` does a rendered one.

    Optional half turn, skew (random in +-15 deg unless ``angle``; corners
    filled with ``fill``), speckle and gaussian noise, then JPEG.  ``dpi`` is
    only used for arrays, which carry none.
    """
    g = _rng(seed, rng)
    a = float(g.uniform(-15.0, 15.0)) if angle is None else float(angle)
    out = _as_image(img, dpi)
    if upside_down:
        out = rotate_quarter(out, 2)
    if a:
        out = skew(out, a, fill=fill)
    if noise:
        out = add_noise(
            out, float(g.uniform(0.005, 0.015)), rng=g, blur=float(g.uniform(0.3, 0.7))
        )
    if jpeg:
        out = jpeg_artifacts(out, int(g.integers(40, 75)))
    out.info["skew_angle"] = a
    return out


def scanner_edges(
    img: Image.Image,
    *,
    seed: int | None = 0,
    rng: np.random.Generator | None = None,
    max_mm: float = 6.0,
    level: int = 45,
) -> Image.Image:
    """Dark bands along the edges, as a scanner's black lid shows beside a sheet.

    Each side gets a band of random width up to ``max_mm`` (two sides at
    least 2 mm) of gray ``level`` with noise, and a soft shadow on the paper
    next to it.
    """
    g = _rng(seed, rng)
    a = np.asarray(img.convert("L"), dtype=np.float32).copy()
    h, w = a.shape
    dpi = float(img.info.get("dpi", (300, 300))[0])
    px = dpi / MM_PER_INCH
    widths = g.uniform(0.0, max_mm, 4)
    widths[g.choice(4, 2, replace=False)] = g.uniform(2.0, max(2.0, max_mm), 2)
    top, bottom, left, right = (round(v * px) for v in widths)
    # A soft shadow 1.5 mm wide on the paper along each band...
    dy = np.minimum(np.arange(h) - top, h - bottom - np.arange(h)).astype(np.float32)
    dx = np.minimum(np.arange(w) - left, w - right - np.arange(w)).astype(np.float32)
    a *= 0.75 + 0.25 * np.clip(dy / np.float32(1.5 * px), 0, 1)[:, None]
    a *= 0.75 + 0.25 * np.clip(dx / np.float32(1.5 * px), 0, 1)[None, :]
    # ...and the lid itself in the bands.
    lid = level + _gauss_noise(g, (h, w), 6.0, np.float32)
    for rows in (slice(0, top), slice(h - bottom, h)):
        a[rows, :] = lid[rows, :]
    for cols in (slice(0, left), slice(w - right, w)):
        a[:, cols] = lid[:, cols]
    res = Image.fromarray(np.clip(a, 0, 255).astype(np.uint8))
    return _copy_dpi(img, res)


def blank_page(
    *,
    dpi: int = 300,
    seed: int | None = 0,
    rng: np.random.Generator | None = None,
    paper: int = 245,
    texture: float = 0.0,
    specks: int = 0,
    show_through: float = 0.0,
    punch_holes: bool = False,
) -> Image.Image:
    """An A4 page with nothing on it, as paper really is.

    ``texture``: gray levels of fibrous paper grain (recycled paper ~6);
    ``specks``: dust specks 0.1-0.5 mm; ``show_through``: contrast of the
    other side's text seen through the sheet (mirrored, blurred), e.g. 0.08;
    ``punch_holes``: two dark 6 mm binder holes 12 mm from the left edge.
    """
    g = _rng(seed, rng)
    w, h = _mm_to_px(A4_MM[0], dpi), _mm_to_px(A4_MM[1], dpi)
    a = np.full((h, w), float(paper), np.float32)
    if texture:
        grain = _smooth_noise(h, w, h // 6, w // 6, g) * 0.6
        grain += _smooth_noise(h, w, h // 40, w // 40, g) * 0.4
        a += np.float32(texture) * grain
    if show_through:
        back = render_page(TEXTS["berita_acara_rekapitulasi"], dpi=dpi)
        back = back.transpose(Image.Transpose.FLIP_LEFT_RIGHT)
        ink = 1.0 - np.asarray(back, np.float32) / 255.0
        ink = cv2.GaussianBlur(ink, (0, 0), 0.25 * dpi / MM_PER_INCH)
        a *= 1.0 - np.float32(show_through) * ink / max(float(ink.max()), 1e-6)
    px = dpi / MM_PER_INCH
    for _ in range(specks):
        r = max(0.5, g.uniform(0.05, 0.25) * px)
        c = (int(g.uniform(0, w)), int(g.uniform(0, h)))
        cv2.circle(a, c, int(round(r)), float(g.uniform(30, 150)), -1, cv2.LINE_AA)
    if punch_holes:
        for dy in (-40.0, 40.0):
            c = (round(12 * px), round(h / 2 + dy * px))
            cv2.circle(a, c, round(3 * px), 40.0, -1, cv2.LINE_AA)
    out = Image.fromarray(np.clip(a, 0, 255).astype(np.uint8))
    out.info["dpi"] = (dpi, dpi)
    return out


def line_page(
    text: str,
    *,
    dpi: int = 300,
    y_mm: float = 282.0,
    x_mm: float | None = None,
    font_size_pt: float = 11,
    font: str = "serif",
) -> Image.Image:
    """An A4 page with one line of text on it, baseline at ``y_mm`` from the top.

    Centred unless ``x_mm`` gives the left edge: the default is a page number
    in the footer, e.g. ``line_page("- 2 -")``.
    """
    w, h = _mm_to_px(A4_MM[0], dpi), _mm_to_px(A4_MM[1], dpi)
    img = Image.new("L", (w, h), 255)
    f = _font(font, _is_heading(text), max(1, round(font_size_pt * dpi / PT_PER_INCH)))
    y = _mm_to_px(y_mm, dpi)
    if x_mm is None:
        ImageDraw.Draw(img).text((w / 2, y), text, font=f, fill=0, anchor="ms")
    else:
        ImageDraw.Draw(img).text((_mm_to_px(x_mm, dpi), y), text, font=f, fill=0, anchor="ls")
    img.info["dpi"] = (dpi, dpi)
    return img


def scribble_page(
    *,
    dpi: int = 300,
    seed: int | None = 0,
    rng: np.random.Generator | None = None,
    at_mm: tuple[float, float] = (120.0, 235.0),
    width_mm: float = 40.0,
    pen_mm: float = 0.4,
    ink: int = 40,
) -> Image.Image:
    """An A4 page with only a signature-like scribble on it (a signed, empty form).

    A smooth looping ballpoint stroke about ``width_mm`` wide and a third as
    tall, starting at ``at_mm`` (x, y from the top-left corner).
    """
    g = _rng(seed, rng)
    w, h = _mm_to_px(A4_MM[0], dpi), _mm_to_px(A4_MM[1], dpi)
    a = np.full((h, w), 255, np.uint8)
    px = dpi / MM_PER_INCH
    t = np.linspace(0.0, 1.0, 400)
    loops = float(g.uniform(3.0, 5.0))
    x = t * width_mm + 3.0 * np.sin(2 * np.pi * loops * t + g.uniform(0, 6))
    y = (width_mm / 6) * np.sin(2 * np.pi * loops * t) * (1.0 - 0.5 * t)
    y += (width_mm / 12) * np.sin(2 * np.pi * 1.3 * t + g.uniform(0, 6))
    pts = np.stack([(at_mm[0] + x) * px, (at_mm[1] + y) * px], 1)
    thick = max(1, round(pen_mm * px))
    cv2.polylines(a, [np.round(pts).astype(np.int32)], False, int(ink), thick, cv2.LINE_AA)
    out = Image.fromarray(a)
    out.info["dpi"] = (dpi, dpi)
    return out


def qr_page(
    payload: str,
    *,
    dpi: int = 300,
    size_mm: float = 40.0,
    at_mm: tuple[float, float] = (145.0, 235.0),
    lines: Sequence[str] | None = None,
) -> Image.Image:
    """A page with a QR code of ``payload`` (``size_mm`` wide, top-left at ``at_mm``).

    With ``lines`` the QR code sits on a rendered letter, like the
    verification code of an electronically signed document; else it is
    alone on the page.
    """
    img = render_page(lines or [], dpi=dpi)
    code = cv2.QRCodeEncoder.create().encode(payload)
    side = _mm_to_px(size_mm, dpi)
    qr = Image.fromarray(code).resize((side, side), Image.Resampling.NEAREST)
    img.paste(qr, (_mm_to_px(at_mm[0], dpi), _mm_to_px(at_mm[1], dpi)))
    img.info["dpi"] = (dpi, dpi)
    return img
