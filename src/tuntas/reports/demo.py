"""Demo letterheads, signatories, Bantul's letter-number pattern and its 2026 narrative, written
through the real services by the installer."""

from typing import Any

from tuntas.accounts.models import User
from tuntas.regions.models import Region

from .services import letterhead_set, narrative_set, numbering_set, signatory_set

LETTERHEADS: dict[str, dict[str, Any]] = {
    "34.02": {
        "name_lines": "Pemerintah Kabupaten Bantul\nSekretariat Daerah",
        "address": "Jalan Robert Wolter Monginsidi Nomor 1, Bantul, Daerah Istimewa Yogyakarta "
        "55711",
        "phone": "(0274) 367509",
        "email": "setda@bantulkab.go.id",
        "website": "bantulkab.go.id",
        "city": "Bantul",
    },
    "34": {
        "name_lines": "Pemerintah Daerah Daerah Istimewa Yogyakarta\nSekretariat Daerah",
        "address": "Kompleks Kepatihan, Danurejan, Yogyakarta 55213",
        "phone": "(0274) 562811",
        "email": "setda@jogjaprov.go.id",
        "website": "jogjaprov.go.id",
        "city": "Yogyakarta",
    },
}
SIGNATORIES = {
    "34.02": ("Drs. Agus Budi Raharja, M.Si.", "196808121994031006", "Sekretaris Daerah"),
    "34": ("Ir. Sri Widodo, M.T.", "196903151995031002", "Sekretaris Daerah"),
}
BANTUL_NARRATIVE = {
    "kata_pengantar": (
        "Puji syukur kami panjatkan ke hadirat Tuhan Yang Maha Esa, sehingga Laporan Penerapan "
        "dan Pencapaian Standar Pelayanan Minimal Kabupaten Bantul Tahun 2026 dapat tersusun.\n\n"
        "Laporan ini memuat capaian keenam bidang pelayanan dasar beserta permasalahan dan "
        "upaya penyelesaiannya, sebagai bahan evaluasi bagi Pemerintah Daerah dan pembinaan "
        "oleh Pemerintah Daerah Daerah Istimewa Yogyakarta serta Kementerian Dalam Negeri."
    ),
    "latar_belakang": (
        "Standar Pelayanan Minimal (SPM) merupakan ketentuan mengenai jenis dan mutu pelayanan "
        "dasar yang berhak diperoleh setiap warga negara secara minimal. Penerapan SPM menjadi "
        "prioritas dalam perencanaan dan penganggaran daerah.\n\n"
        "Sesuai Peraturan Menteri Dalam Negeri Nomor 59 Tahun 2021, kepala daerah menyampaikan "
        "laporan penerapan dan pencapaian SPM setiap tahun kepada Menteri Dalam Negeri melalui "
        "gubernur sebagai wakil Pemerintah Pusat."
    ),
    "kebijakan_umum": (
        "Kebijakan umum penerapan SPM Kabupaten Bantul diarahkan pada pemenuhan pelayanan "
        "dasar bagi seluruh warga, terutama kelompok rentan, dengan memadukan pendataan, "
        "penghitungan kebutuhan, perencanaan, dan pelaksanaan dalam satu siklus tahunan."
    ),
    "arah_kebijakan": (
        "Arah kebijakan tahun 2026 meliputi pemutakhiran data sasaran berbasis desa, "
        "penajaman penganggaran pada layanan yang capaiannya rendah, serta penguatan peran "
        "Tim Penerapan SPM dalam pemantauan triwulanan."
    ),
    "penutup": (
        "Demikian laporan ini disusun sebagai pertanggungjawaban penerapan SPM Kabupaten "
        "Bantul Tahun 2026. Kami berharap laporan ini menjadi dasar perbaikan pelayanan dasar "
        "pada tahun berikutnya."
    ),
}


def demo_load_reports(installer: User, year: int = 2026) -> None:
    for code, fields in LETTERHEADS.items():
        region = Region.objects.get(code=code)
        letterhead_set(actor=installer, region=region, **fields)
        name, nip, title = SIGNATORIES[code]
        signatory_set(actor=installer, region=region, year=year, name=name, nip=nip, title=title)
    bantul = Region.objects.get(code="34.02")
    numbering_set(actor=installer, region=bantul, pattern="400.10/{seq}/Tapem/{year}")
    numbering_set(
        actor=installer, region=Region.objects.get(code="34"), pattern="400.10/{seq}/Tapem/{year}"
    )
    for section, text in BANTUL_NARRATIVE.items():
        narrative_set(actor=installer, region=bantul, year=year, section=section, text=text)
