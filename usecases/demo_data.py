"""Example data for one report year: a full, realistic year of a kabupaten education office.

Pure: builds domain records from constants, no I/O. The content follows the style of published
LKjIP/LAKIP documents of Indonesian regency education offices (Renstra 2021-2026, Perjanjian
Kinerja, IKU, Permendagri 90 program codes). Every person named here is fictional, and every
number is illustrative, not an official statistic of Kabupaten Balangan.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from models.budget import level_of_code
from models.domain import (
    Bidang,
    BudgetLevel,
    BudgetLine,
    Indicator,
    NegativeFormula,
    Official,
    Polarity,
    Profile,
    Sasaran,
    User,
)
from models.numbers import OfficeZone
from models.report import CHAPTER_KEYS
from models.sop import Role

__all__ = [
    "DEMO_PROFILE",
    "DEMO_SOP_HEADER",
    "RENSTRA_PERIOD",
    "DemoRecords",
    "demo_records",
]

RENSTRA_PERIOD = "2021-2026"

@dataclass(frozen=True, slots=True, kw_only=True)
class DemoRecords:
    """Everything the demo creator writes for one report year."""

    profile: Profile
    users: tuple[User, ...]
    bidang: tuple[Bidang, ...]
    sasaran: tuple[Sasaran, ...]
    indicators: tuple[Indicator, ...]
    budget: tuple[BudgetLine, ...]
    narrative: dict[str, str]


# --- people (all fictional) -----------------------------------------------------------------

_KEPALA = Official(
    name="Drs. H. Ahmad Fauzi, M.Pd.",
    nip="19700312 199503 1 004",
    pangkat="Pembina Utama Muda, IV/c",
    jabatan="Kepala Dinas Pendidikan dan Kebudayaan Kabupaten Balangan",
)
_SEKRETARIS = Official(
    name="Hj. Siti Rahmawati, S.Pd., M.M.",
    nip="19750821 200003 2 006",
    pangkat="Pembina Tingkat I, IV/b",
    jabatan="Sekretaris Dinas Pendidikan dan Kebudayaan Kabupaten Balangan",
)
_KASUBBAG = Official(
    name="Muhammad Rizky Pratama, S.E., M.Ak.",
    nip="19830517 200904 1 002",
    pangkat="Penata Tingkat I, III/d",
    jabatan="Kepala Sub Bagian Perencanaan, Keuangan, Aset dan Kepegawaian",
)
_STAF1 = Official(
    name="Nur Aisyah Putri, S.Kom.",
    nip="19910204 201503 2 003",
    pangkat="Penata Muda Tingkat I, III/b",
    jabatan="Analis Perencanaan, Evaluasi dan Pelaporan",
)
_STAF2 = Official(
    name="Fajar Hidayatullah, A.Md.",
    nip="19940915 201903 1 005",
    pangkat="Pengatur Tingkat I, II/d",
    jabatan="Pengadministrasi Umum",
)

DEMO_PROFILE = Profile(
    timezone=OfficeZone.WITA,
    pemda="PEMERINTAH KABUPATEN BALANGAN",
    office="DINAS PENDIDIKAN DAN KEBUDAYAAN",
    office_short="Disdikbud",
    city="Paringin",
    letter_template="{klasifikasi}/{urut:03d}/Disdikbud-BLG/{tahun}",
    addressee="Bupati Balangan",
    addressee_place="Paringin",
    address="Jalan A. Yani Km. 4,5 Paringin Selatan",
    phone="(0526) 2028123",
    email="disdikbud@balangankab.go.id",
    website="https://disdikbud.balangankab.go.id",
    postal_code="71662",
)

# The demo office's copy of the SOP (the header fields an office keeps for itself)
DEMO_SOP_HEADER = {
    "nomor": "004/SOP/Disdikbud-BLG/2023",
    "instansi": "Dinas Pendidikan dan Kebudayaan Kabupaten Balangan",
    "tanggal_pembuatan": "01 Januari 2023",
    "tanggal_pengesahan": "01 Januari 2023",
    "disahkan_oleh": "Kepala Dinas Pendidikan dan Kebudayaan Kab. Balangan",
}

# account, person, role
_ACCOUNTS: tuple[tuple[str, Official, Role], ...] = (
    ("kadis", _KEPALA, Role.KEPALA_DINAS),
    ("sekretaris", _SEKRETARIS, Role.SEKRETARIS),
    ("kasubbag", _KASUBBAG, Role.KASUBBAG),
    ("staf1", _STAF1, Role.STAF),
    ("staf2", _STAF2, Role.STAF),
)

# code, name, head name, head NIP
_BIDANG: tuple[tuple[str, str, str, str], ...] = (
    ("SEK", "Sekretariat", _SEKRETARIS.name, _SEKRETARIS.nip),
    (
        "PAUD",
        "Bidang Pembinaan PAUD dan Pendidikan Nonformal",
        "Hj. Noor Hayati, S.Pd.AUD., M.Pd.",
        "19780603 200212 2 004",
    ),
    (
        "SD",
        "Bidang Pembinaan Sekolah Dasar",
        "H. Akhmad Syarifuddin, S.Pd., M.Pd.",
        "19760114 199903 1 007",
    ),
    (
        "SMP",
        "Bidang Pembinaan Sekolah Menengah Pertama",
        "Drs. Rudi Hartono, M.Pd.",
        "19720925 199802 1 003",
    ),
    (
        "GTK",
        "Bidang Guru dan Tenaga Kependidikan",
        "Dewi Lestari Wulandari, S.Psi., M.Si.",
        "19800708 200501 2 009",
    ),
    (
        "KEB",
        "Bidang Kebudayaan",
        "Yusuf Maulana, S.Sos., M.Hum.",
        "19810222 200604 1 011",
    ),
)

# --- sasaran strategis ----------------------------------------------------------------------

_SASARAN: tuple[tuple[str, str], ...] = (
    ("S1", "Meningkatnya akses layanan pendidikan anak usia dini"),
    ("S2", "Meningkatnya akses dan pemerataan layanan pendidikan dasar"),
    ("S3", "Meningkatnya mutu pendidikan dasar"),
    ("S4", "Meningkatnya kualitas pendidik dan tenaga kependidikan"),
    ("S5", "Meningkatnya layanan pendidikan nonformal dan kesetaraan"),
    ("S6", "Meningkatnya pelestarian cagar budaya dan nilai budaya daerah"),
    ("S7", "Meningkatnya akuntabilitas kinerja dan tata kelola perangkat daerah"),
    ("S8", "Meningkatnya kualitas pelayanan publik bidang pendidikan dan kebudayaan"),
    ("S9", "Terwujudnya lingkungan satuan pendidikan yang aman dan ramah anak"),
)

# The analysis points of the LAKIP (1..7); the exporter writes factual sentences where empty.
_ANALYSES: dict[str, dict[str, str]] = {
    "S1": {
        "1": (
            "Angka Partisipasi Kasar PAUD tahun {tahun} mencapai 70,84 % dari target 72,50 %. "
            "Capaian ini sedikit di bawah target karena sebagian anak usia 5-6 tahun di desa "
            "terpencil langsung masuk ke sekolah dasar tanpa melalui satuan PAUD."
        ),
        "3": (
            "Dibandingkan tiga tahun sebelumnya, APK PAUD terus meningkat dari 66,12 % menjadi "
            "70,84 %. Kenaikan ini sejalan dengan program satu desa satu PAUD yang dicanangkan "
            "Pemerintah Kabupaten Balangan."
        ),
        "5": (
            "Faktor penghambat utama adalah keterbatasan pendidik PAUD yang berkualifikasi dan "
            "jarak tempuh di wilayah Kecamatan Halong dan Tebing Tinggi. Faktor pendukungnya "
            "adalah dukungan Dana Desa untuk operasional PAUD dan peran aktif Bunda PAUD."
        ),
        "7": (
            "Ke depan Dinas akan memperluas PAUD berbasis desa, memberikan insentif bagi pendidik "
            "PAUD, serta mendorong akreditasi lembaga melalui pendampingan gugus PAUD."
        ),
    },
    "S3": {
        "1": (
            "Dari enam indikator mutu pendidikan dasar, lima indikator berkategori sangat tinggi. "
            "Persentase peserta didik SD yang mencapai kompetensi minimum numerasi bahkan "
            "melampaui target dengan capaian 112,17 %."
        ),
        "2": (
            "Hasil Asesmen Nasional tahun {tahun} menunjukkan kemampuan literasi dan numerasi "
            "peserta didik SD di Kabupaten Balangan mendekati rata-rata nasional, namun kemampuan "
            "literasi jenjang SMP masih perlu ditingkatkan."
        ),
        "4": (
            "Keberhasilan ini didukung oleh program gerakan literasi sekolah, pelatihan guru "
            "kelas awal, dan pemanfaatan Rapor Pendidikan sebagai dasar perencanaan berbasis data "
            "di setiap satuan pendidikan."
        ),
        "6": (
            "Anggaran Program Pengelolaan Pendidikan terserap dengan baik, sehingga capaian "
            "kinerja yang tinggi diperoleh dengan penggunaan sumber daya yang efisien."
        ),
    },
    "S6": {
        "1": (
            "Indikator jumlah cagar budaya yang ditetapkan hanya terealisasi 3 dari 5 objek "
            "(60,00 %), berkategori rendah. Dua objek belum dapat ditetapkan karena kajian Tim "
            "Ahli Cagar Budaya belum selesai."
        ),
        "5": (
            "Hambatan utama adalah terbatasnya jumlah Tim Ahli Cagar Budaya bersertifikat dan "
            "status kepemilikan lahan beberapa objek yang belum jelas. Pelaksanaan event budaya "
            "berjalan lancar berkat dukungan sanggar seni dan lembaga adat."
        ),
        "7": (
            "Pada tahun berikutnya Dinas akan menambah anggota Tim Ahli Cagar Budaya, "
            "menyelesaikan kajian dua objek yang tertunda, dan memperluas pencatatan warisan "
            "budaya tak benda bersama komunitas adat Dayak Deah dan Banjar."
        ),
    },
    "S7": {
        "1": (
            "Nilai SAKIP Dinas Pendidikan dan Kebudayaan tahun {tahun} adalah 68,45 dari target "
            "70,00 atau predikat B. Komponen yang masih lemah adalah pemanfaatan hasil evaluasi "
            "kinerja untuk perbaikan perencanaan."
        ),
        "3": (
            "Nilai SAKIP terus meningkat dalam tiga tahun terakhir, dari 62,10 menjadi 68,45, "
            "meskipun kenaikannya belum cukup untuk mencapai target Renstra 75,00 pada akhir "
            "periode."
        ),
    },
}

# --- indicators -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class _Ind:
    sasaran: str
    code: str
    name: str
    satuan: str
    target: str
    realisasi: str
    history: tuple[str, str, str]  # report_year-3, -2, -1
    renstra: str
    bidang: str
    source: str
    polarity: Polarity = Polarity.POSITIF
    formula: NegativeFormula = NegativeFormula.TWO_T_MINUS_R
    national: str | None = None
    narrative: str = ""


_N = Polarity.NEGATIF

_INDICATORS: tuple[_Ind, ...] = (
    # S1 PAUD
    _Ind(
        sasaran="S1",
        code="IK1.1",
        name="Angka Partisipasi Kasar (APK) PAUD",
        satuan="%",
        target="72.50",
        realisasi="70.84",
        history=("66.12", "68.35", "69.70"),
        renstra="78.00",
        bidang="PAUD",
        source="Dapodik dan BPS Kabupaten Balangan",
        national="73.30",
    ),
    _Ind(
        sasaran="S1",
        code="IK1.2",
        name="Persentase desa/kelurahan yang memiliki satuan PAUD",
        satuan="%",
        target="95.00",
        realisasi="96.25",
        history=("89.38", "91.88", "93.75"),
        renstra="100.00",
        bidang="PAUD",
        source="Dapodik",
        narrative="Sebanyak 154 dari 160 desa dan kelurahan telah memiliki satuan PAUD.",
    ),
    _Ind(
        sasaran="S1",
        code="IK1.3",
        name="Persentase lembaga PAUD terakreditasi",
        satuan="%",
        target="55.00",
        realisasi="52.10",
        history=("38.10", "42.57", "45.30"),
        renstra="70.00",
        bidang="PAUD",
        source="BAN PAUD dan PNF",
    ),
    # S2 akses pendidikan dasar
    _Ind(
        sasaran="S2",
        code="IK2.1",
        name="Angka Partisipasi Kasar (APK) SD/MI",
        satuan="%",
        target="105.50",
        realisasi="106.12",
        history=("104.85", "105.20", "105.74"),
        renstra="106.00",
        bidang="SD",
        source="Dapodik dan EMIS Kemenag",
        national="106.30",
    ),
    _Ind(
        sasaran="S2",
        code="IK2.2",
        name="Angka Partisipasi Murni (APM) SD/MI",
        satuan="%",
        target="98.50",
        realisasi="97.21",
        history=("96.88", "97.05", "97.36"),
        renstra="99.00",
        bidang="SD",
        source="BPS Kabupaten Balangan",
        national="97.80",
        narrative="APM SD turun tipis dari tahun sebelumnya karena pemutakhiran data penduduk.",
    ),
    _Ind(
        sasaran="S2",
        code="IK2.3",
        name="Angka Partisipasi Kasar (APK) SMP/MTs",
        satuan="%",
        target="92.00",
        realisasi="90.45",
        history=("86.72", "88.10", "89.63"),
        renstra="95.00",
        bidang="SMP",
        source="Dapodik dan EMIS Kemenag",
        national="90.80",
    ),
    _Ind(
        sasaran="S2",
        code="IK2.4",
        name="Angka Partisipasi Murni (APM) SMP/MTs",
        satuan="%",
        target="80.00",
        realisasi="78.36",
        history=("74.20", "76.05", "77.48"),
        renstra="85.00",
        bidang="SMP",
        source="BPS Kabupaten Balangan",
        national="80.65",
    ),
    _Ind(
        sasaran="S2",
        code="IK2.5",
        name="Angka Partisipasi Sekolah (APS) penduduk usia 13-15 tahun",
        satuan="%",
        target="96.00",
        realisasi="95.48",
        history=("93.85", "94.60", "95.12"),
        renstra="97.50",
        bidang="SMP",
        source="BPS Kabupaten Balangan",
    ),
    _Ind(
        sasaran="S2",
        code="IK2.6",
        name="Angka putus sekolah SD",
        satuan="%",
        target="0.10",
        realisasi="0.09",
        history=("0.15", "0.12", "0.11"),
        renstra="0.05",
        bidang="SD",
        source="Dapodik",
        polarity=_N,
        formula=NegativeFormula.TWO_T_MINUS_R,
    ),
    _Ind(
        sasaran="S2",
        code="IK2.7",
        name="Angka putus sekolah SMP",
        satuan="%",
        target="0.40",
        realisasi="0.47",
        history=("0.62", "0.55", "0.44"),
        renstra="0.25",
        bidang="SMP",
        source="Dapodik",
        polarity=_N,
        formula=NegativeFormula.T_OVER_R,
        narrative=(
            "Angka putus sekolah SMP naik karena sebagian peserta didik di wilayah tambang "
            "memilih bekerja; penanganan dilakukan melalui pendampingan dan Program Indonesia "
            "Pintar."
        ),
    ),
    _Ind(
        sasaran="S2",
        code="IK2.8",
        name="Angka mengulang kelas SD",
        satuan="%",
        target="1.20",
        realisasi="1.26",
        history=("1.58", "1.41", "1.33"),
        renstra="0.90",
        bidang="SD",
        source="Dapodik",
        polarity=_N,
    ),
    _Ind(
        sasaran="S2",
        code="IK2.9",
        name="Rata-rata lama sekolah (RLS)",
        satuan="tahun",
        target="8.15",
        realisasi="8.21",
        history=("7.84", "7.97", "8.08"),
        renstra="8.50",
        bidang="SEK",
        source="BPS Kabupaten Balangan",
        national="8.77",
    ),
    _Ind(
        sasaran="S2",
        code="IK2.10",
        name="Harapan lama sekolah (HLS)",
        satuan="tahun",
        target="12.60",
        realisasi="12.58",
        history=("12.41", "12.47", "12.55"),
        renstra="12.90",
        bidang="SEK",
        source="BPS Kabupaten Balangan",
        national="13.15",
    ),
    # S3 mutu pendidikan dasar
    _Ind(
        sasaran="S3",
        code="IK3.1",
        name="Persentase sekolah terakreditasi minimal B",
        satuan="%",
        target="90.00",
        realisasi="92.47",
        history=("84.30", "86.92", "89.15"),
        renstra="95.00",
        bidang="SD",
        source="BAN-S/M",
    ),
    _Ind(
        sasaran="S3",
        code="IK3.2",
        name="Persentase satuan pendidikan yang memenuhi Standar Pelayanan Minimal (SPM)",
        satuan="%",
        target="80.00",
        realisasi="73.18",
        history=("65.40", "68.92", "71.05"),
        renstra="90.00",
        bidang="SD",
        source="Dapodik dan Bidang Pembinaan SD/SMP",
    ),
    _Ind(
        sasaran="S3",
        code="IK3.3",
        name="Persentase peserta didik SD yang mencapai kompetensi minimum literasi",
        satuan="%",
        target="60.00",
        realisasi="63.52",
        history=("48.15", "53.40", "57.88"),
        renstra="70.00",
        bidang="SD",
        source="Rapor Pendidikan (Asesmen Nasional)",
    ),
    _Ind(
        sasaran="S3",
        code="IK3.4",
        name="Persentase peserta didik SD yang mencapai kompetensi minimum numerasi",
        satuan="%",
        target="46.00",
        realisasi="51.60",
        history=("34.20", "39.75", "44.10"),
        renstra="60.00",
        bidang="SD",
        source="Rapor Pendidikan (Asesmen Nasional)",
        narrative="Capaian melampaui target berkat pelatihan numerasi guru kelas awal.",
    ),
    _Ind(
        sasaran="S3",
        code="IK3.5",
        name="Nilai rata-rata literasi Asesmen Nasional jenjang SMP",
        satuan="nilai",
        target="62.00",
        realisasi="58.40",
        history=("55.30", "57.15", "59.02"),
        renstra="68.00",
        bidang="SMP",
        source="Rapor Pendidikan (Asesmen Nasional)",
    ),
    _Ind(
        sasaran="S3",
        code="IK3.6",
        name="Persentase sekolah dengan rasio guru-murid sesuai standar",
        satuan="%",
        target="85.00",
        realisasi="81.40",
        history=("76.30", "78.95", "80.12"),
        renstra="90.00",
        bidang="GTK",
        source="Dapodik",
    ),
    # S4 pendidik dan tenaga kependidikan
    _Ind(
        sasaran="S4",
        code="IK4.1",
        name="Persentase guru bersertifikat pendidik",
        satuan="%",
        target="65.00",
        realisasi="61.84",
        history=("55.20", "57.92", "59.60"),
        renstra="75.00",
        bidang="GTK",
        source="Dapodik dan SIMPKB",
    ),
    _Ind(
        sasaran="S4",
        code="IK4.2",
        name="Persentase guru berkualifikasi S1/D-IV",
        satuan="%",
        target="96.00",
        realisasi="96.85",
        history=("93.40", "94.72", "95.81"),
        renstra="98.00",
        bidang="GTK",
        source="Dapodik",
        national="94.50",
    ),
    _Ind(
        sasaran="S4",
        code="IK4.3",
        name="Persentase kepala sekolah yang telah mengikuti pendidikan calon kepala sekolah",
        satuan="%",
        target="70.00",
        realisasi="58.33",
        history=("25.00", "38.46", "47.22"),
        renstra="90.00",
        bidang="GTK",
        source="Bidang Guru dan Tenaga Kependidikan",
    ),
    _Ind(
        sasaran="S4",
        code="IK4.4",
        name="Jumlah guru yang mengikuti peningkatan kompetensi",
        satuan="orang",
        target="600",
        realisasi="548",
        history=("412", "480", "525"),
        renstra="650",
        bidang="GTK",
        source="Bidang Guru dan Tenaga Kependidikan",
    ),
    # S5 nonformal dan kesetaraan
    _Ind(
        sasaran="S5",
        code="IK5.1",
        name="Angka melek huruf penduduk usia 15-59 tahun",
        satuan="%",
        target="99.20",
        realisasi="99.28",
        history=("98.90", "99.02", "99.15"),
        renstra="99.50",
        bidang="PAUD",
        source="BPS Kabupaten Balangan",
    ),
    _Ind(
        sasaran="S5",
        code="IK5.2",
        name="Persentase lulusan pendidikan kesetaraan",
        satuan="%",
        target="90.00",
        realisasi="86.50",
        history=("84.20", "88.10", "87.35"),
        renstra="95.00",
        bidang="PAUD",
        source="Bidang Pembinaan PAUD dan Pendidikan Nonformal",
    ),
    _Ind(
        sasaran="S5",
        code="IK5.3",
        name="Jumlah warga belajar pendidikan kesetaraan Paket A, B dan C",
        satuan="orang",
        target="450",
        realisasi="362",
        history=("398", "420", "441"),
        renstra="500",
        bidang="PAUD",
        source="Dapodik PKBM",
    ),
    # S6 kebudayaan
    _Ind(
        sasaran="S6",
        code="IK6.1",
        name="Jumlah cagar budaya yang ditetapkan",
        satuan="objek",
        target="5",
        realisasi="3",
        history=("1", "2", "2"),
        renstra="20",
        bidang="KEB",
        source="Bidang Kebudayaan",
    ),
    _Ind(
        sasaran="S6",
        code="IK6.2",
        name="Jumlah event budaya yang diselenggarakan",
        satuan="kegiatan",
        target="12",
        realisasi="12",
        history=("9", "10", "11"),
        renstra="15",
        bidang="KEB",
        source="Bidang Kebudayaan",
    ),
    _Ind(
        sasaran="S6",
        code="IK6.3",
        name="Persentase warisan budaya tak benda yang tercatat",
        satuan="%",
        target="70.00",
        realisasi="55.56",
        history=("38.89", "44.44", "50.00"),
        renstra="90.00",
        bidang="KEB",
        source="Bidang Kebudayaan",
    ),
    _Ind(
        sasaran="S6",
        code="IK6.4",
        name="Jumlah sanggar seni dan budaya yang dibina",
        satuan="sanggar",
        target="25",
        realisasi="27",
        history=("18", "21", "24"),
        renstra="30",
        bidang="KEB",
        source="Bidang Kebudayaan",
    ),
    # S7 akuntabilitas
    _Ind(
        sasaran="S7",
        code="IK7.1",
        name="Nilai SAKIP perangkat daerah",
        satuan="nilai",
        target="70.00",
        realisasi="68.45",
        history=("62.10", "64.75", "66.30"),
        renstra="75.00",
        bidang="SEK",
        source="Inspektorat Kabupaten Balangan",
    ),
    _Ind(
        sasaran="S7",
        code="IK7.2",
        name="Persentase realisasi anggaran",
        satuan="%",
        target="95.00",
        realisasi="92.84",
        history=("90.12", "94.35", "91.08"),
        renstra="97.00",
        bidang="SEK",
        source="Laporan Realisasi Anggaran (SIPD)",
    ),
    _Ind(
        sasaran="S7",
        code="IK7.3",
        name="Persentase rekomendasi hasil pemeriksaan yang ditindaklanjuti",
        satuan="%",
        target="100.00",
        realisasi="93.75",
        history=("75.00", "80.00", "85.71"),
        renstra="100.00",
        bidang="SEK",
        source="Inspektorat Kabupaten Balangan",
    ),
    # S8 pelayanan publik
    _Ind(
        sasaran="S8",
        code="IK8.1",
        name="Nilai Indeks Kepuasan Masyarakat (IKM) pelayanan",
        satuan="nilai",
        target="82.00",
        realisasi="84.36",
        history=("78.55", "80.12", "81.94"),
        renstra="85.00",
        bidang="SEK",
        source="Survei Kepuasan Masyarakat",
    ),
    _Ind(
        sasaran="S8",
        code="IK8.2",
        name="Persentase pengaduan layanan pendidikan yang diselesaikan",
        satuan="%",
        target="100.00",
        realisasi="94.12",
        history=("88.24", "90.48", "95.00"),
        renstra="100.00",
        bidang="SEK",
        source="SP4N-LAPOR! dan Sekretariat",
    ),
    # S9 lingkungan aman dan ramah anak
    _Ind(
        sasaran="S9",
        code="IK9.1",
        name="Jumlah kasus perundungan yang tidak tertangani",
        satuan="kasus",
        target="0",
        realisasi="2",
        history=("3", "1", "0"),
        renstra="0",
        bidang="SMP",
        source="Satgas PPKSP Kabupaten Balangan",
        polarity=_N,
        narrative=(
            "Target nol kasus sehingga capaian tidak dapat dihitung dengan rumus; dua kasus masih "
            "dalam proses penanganan bersama Dinas Sosial dan P3A."
        ),
    ),
    _Ind(
        sasaran="S9",
        code="IK9.2",
        name="Persentase sekolah yang telah membentuk Tim Pencegahan dan Penanganan Kekerasan",
        satuan="%",
        target="100.00",
        realisasi="74.30",
        history=("0.00", "32.15", "58.60"),
        renstra="100.00",
        bidang="SD",
        source="Bidang Pembinaan SD dan SMP",
    ),
)

# --- budget (Permendagri 90/2019 codes; kabupaten kegiatan carry ".2.") ---------------------

# code, name, pagu, realisasi, sasaran, bidang; pagu/realisasi None: the sum of the children.
_Line = tuple[str, str, str | None, str | None, str, str]

_BUDGET: tuple[_Line, ...] = (
    (
        "1.01.01",
        "PROGRAM PENUNJANG URUSAN PEMERINTAHAN DAERAH KABUPATEN/KOTA",
        None,
        None,
        "S7",
        "SEK",
    ),
    (
        "1.01.01.2.01",
        "Perencanaan, Penganggaran, dan Evaluasi Kinerja Perangkat Daerah",
        None,
        None,
        "S7",
        "SEK",
    ),
    (
        "1.01.01.2.01.0001",
        "Penyusunan Dokumen Perencanaan Perangkat Daerah",
        "185450000.00",
        "176320500.00",
        "S7",
        "SEK",
    ),
    (
        "1.01.01.2.01.0006",
        "Koordinasi dan Penyusunan Laporan Capaian Kinerja dan Ikhtisar Realisasi Kinerja SKPD",
        "96750000.00",
        "91208000.00",
        "S7",
        "SEK",
    ),
    (
        "1.01.01.2.01.0007",
        "Evaluasi Kinerja Perangkat Daerah",
        "64200000.00",
        "60985000.00",
        "S7",
        "SEK",
    ),
    (
        "1.01.01.2.02",
        "Administrasi Keuangan Perangkat Daerah",
        None,
        None,
        "S7",
        "SEK",
    ),
    (
        "1.01.01.2.02.0001",
        "Penyediaan Gaji dan Tunjangan ASN",
        "168452300000.00",
        "162918745120.00",
        "S7",
        "SEK",
    ),
    (
        "1.01.01.2.06",
        "Administrasi Umum Perangkat Daerah",
        "2145600000.00",
        "1987412350.00",
        "S8",
        "SEK",
    ),
    (
        "1.01.01.2.09",
        "Pemeliharaan Barang Milik Daerah Penunjang Urusan Pemerintahan Daerah",
        "925896500.00",
        "871240300.00",
        "S7",
        "SEK",
    ),
    ("1.01.02", "PROGRAM PENGELOLAAN PENDIDIKAN", None, None, "S2", "SD"),
    ("1.01.02.2.01", "Pengelolaan Pendidikan Sekolah Dasar", None, None, "S2", "SD"),
    (
        "1.01.02.2.01.0009",
        "Rehabilitasi Sedang/Berat Ruang Kelas Sekolah",
        "6850000000.00",
        "6512374000.00",
        "S3",
        "SD",
    ),
    (
        "1.01.02.2.01.0017",
        "Pengadaan Perlengkapan Sekolah",
        "1245000000.00",
        "1198650000.00",
        "S3",
        "SD",
    ),
    (
        "1.01.02.2.01.0026",
        "Pengelolaan Dana BOS Sekolah Dasar",
        "24780600000.00",
        "24115930450.00",
        "S2",
        "SD",
    ),
    (
        "1.01.02.2.02",
        "Pengelolaan Pendidikan Sekolah Menengah Pertama",
        None,
        None,
        "S2",
        "SMP",
    ),
    (
        "1.01.02.2.02.0009",
        "Rehabilitasi Sedang/Berat Ruang Kelas Sekolah",
        "2980000000.00",
        "2855442000.00",
        "S3",
        "SMP",
    ),
    (
        "1.01.02.2.02.0015",
        "Pembangunan Perpustakaan Sekolah",
        "1150000000.00",
        "0.00",
        "S3",
        "SMP",
    ),
    (
        "1.01.02.2.02.0026",
        "Pengelolaan Dana BOS Sekolah Menengah Pertama",
        "13905420000.00",
        "13540118600.00",
        "S2",
        "SMP",
    ),
    (
        "1.01.02.2.03",
        "Pengelolaan Pendidikan Anak Usia Dini (PAUD)",
        None,
        None,
        "S1",
        "PAUD",
    ),
    (
        "1.01.02.2.03.0015",
        "Penyediaan Pendidik dan Tenaga Kependidikan bagi Satuan PAUD",
        "736500000.00",
        "684945000.00",
        "S1",
        "PAUD",
    ),
    (
        "1.01.02.2.03.0020",
        "Pengelolaan Dana BOP PAUD",
        "4812000000.00",
        "4622385000.00",
        "S1",
        "PAUD",
    ),
    (
        "1.01.02.2.04",
        "Pengelolaan Pendidikan Nonformal/Kesetaraan",
        "1386250000.00",
        "1204775000.00",
        "S5",
        "PAUD",
    ),
    ("1.01.03", "PROGRAM PENGEMBANGAN KURIKULUM", None, None, "S3", "SD"),
    (
        "1.01.03.2.01",
        "Penetapan Kurikulum Muatan Lokal Pendidikan Dasar",
        "312500000.00",
        "289640000.00",
        "S3",
        "SD",
    ),
    (
        "1.01.03.2.02",
        "Penetapan Kurikulum Muatan Lokal PAUD dan Pendidikan Nonformal",
        "148750000.00",
        "137215000.00",
        "S1",
        "PAUD",
    ),
    ("1.01.04", "PROGRAM PENDIDIK DAN TENAGA KEPENDIDIKAN", None, None, "S4", "GTK"),
    (
        "1.01.04.2.01",
        "Pemerataan Kuantitas dan Kualitas Pendidik dan Tenaga Kependidikan bagi Satuan "
        "Pendidikan Dasar, PAUD, dan Pendidikan Nonformal/Kesetaraan",
        None,
        None,
        "S4",
        "GTK",
    ),
    (
        "1.01.04.2.01.0001",
        "Perhitungan dan Pemetaan Pendidik dan Tenaga Kependidikan Satuan Pendidikan",
        "215000000.00",
        "204380000.00",
        "S4",
        "GTK",
    ),
    (
        "1.01.04.2.01.0003",
        "Pengembangan Karir Pendidik dan Tenaga Kependidikan",
        "1876400000.00",
        "1692115500.00",
        "S4",
        "GTK",
    ),
    (
        "1.01.04.2.01.0005",
        "Peningkatan Kompetensi dan Kualifikasi Pendidik dan Tenaga Kependidikan",
        "2450000000.00",
        "2287630000.00",
        "S4",
        "GTK",
    ),
    ("2.22.02", "PROGRAM PENGEMBANGAN KEBUDAYAAN", None, None, "S6", "KEB"),
    (
        "2.22.02.2.01",
        "Pengelolaan Kebudayaan yang Masyarakat Pelakunya dalam Daerah Kabupaten/Kota",
        None,
        None,
        "S6",
        "KEB",
    ),
    (
        "2.22.02.2.01.0001",
        "Penyelenggaraan Festival dan Event Budaya Daerah",
        "1125000000.00",
        "1089750000.00",
        "S6",
        "KEB",
    ),
    (
        "2.22.02.2.01.0004",
        "Pembinaan Sanggar Seni dan Lembaga Adat",
        "286500000.00",
        "268310000.00",
        "S6",
        "KEB",
    ),
    (
        "2.22.02.2.01.0006",
        "Pencatatan dan Pendokumentasian Warisan Budaya Tak Benda",
        "174800000.00",
        "151260000.00",
        "S6",
        "KEB",
    ),
    (
        "2.22.04",
        "PROGRAM PELESTARIAN DAN PENGELOLAAN CAGAR BUDAYA",
        None,
        None,
        "S6",
        "KEB",
    ),
    (
        "2.22.04.2.01",
        "Penetapan Cagar Budaya Peringkat Kabupaten/Kota",
        "425000000.00",
        "312600000.00",
        "S6",
        "KEB",
    ),
    (
        "2.22.04.2.02",
        "Pengelolaan Cagar Budaya Peringkat Kabupaten/Kota",
        "365800000.00",
        "330950000.00",
        "S6",
        "KEB",
    ),
)

def _amounts(code: str) -> tuple[Decimal, Decimal]:
    """Pagu and realisasi of a line: its own figures, or the sum of its direct children."""
    for c, _name, pagu, realisasi, _s, _b in _BUDGET:
        if c == code and pagu is not None and realisasi is not None:
            return Decimal(pagu), Decimal(realisasi)
    level = level_of_code(code)
    child_level = BudgetLevel.KEGIATAN if level is BudgetLevel.PROGRAM else BudgetLevel.SUB_KEGIATAN
    total_pagu = Decimal("0.00")
    total_real = Decimal("0.00")
    for c, *_rest in _BUDGET:
        if c.startswith(code + ".") and level_of_code(c) is child_level:
            pagu_c, real_c = _amounts(c)
            total_pagu += pagu_c
            total_real += real_c
    return total_pagu, total_real


# --- narrative ------------------------------------------------------------------------------

_NARRATIVE: dict[str, str] = {
    "kata_pengantar": (
        "Puji syukur kami panjatkan ke hadirat Allah SWT, karena atas rahmat dan karunia-Nya "
        "Laporan Akuntabilitas Kinerja Instansi Pemerintah (LAKIP) Dinas Pendidikan dan "
        "Kebudayaan Kabupaten Balangan Tahun {tahun} dapat diselesaikan. Laporan ini merupakan "
        "wujud pertanggungjawaban atas pelaksanaan tugas pokok dan fungsi serta pencapaian "
        "sasaran strategis yang telah ditetapkan dalam Perjanjian Kinerja Tahun {tahun}."
        "\n\n"
        "Kami menyadari laporan ini masih memiliki kekurangan. Saran dan masukan dari semua pihak "
        "sangat kami harapkan demi perbaikan akuntabilitas kinerja pada tahun-tahun berikutnya."
    ),
    "ikhtisar": (
        "Pada Tahun {tahun} Dinas Pendidikan dan Kebudayaan Kabupaten Balangan menetapkan "
        "sembilan sasaran strategis yang diukur dengan indikator kinerja dalam Perjanjian "
        "Kinerja. Sebagian besar indikator mencapai kategori sangat tinggi, antara lain "
        "rata-rata lama sekolah, persentase sekolah terakreditasi minimal B, dan kompetensi "
        "numerasi peserta didik SD."
        "\n\n"
        "Indikator yang belum mencapai target terutama berada pada urusan kebudayaan, yaitu "
        "penetapan cagar budaya dan pencatatan warisan budaya tak benda. Realisasi anggaran "
        "Dinas secara keseluruhan mencapai lebih dari 95 % dari pagu yang tersedia."
    ),
    "latar_belakang": (
        "Sistem Akuntabilitas Kinerja Instansi Pemerintah (SAKIP) mewajibkan setiap perangkat "
        "daerah menyusun laporan kinerja sebagai bentuk pertanggungjawaban atas penggunaan "
        "anggaran dan pencapaian kinerja. Laporan ini disusun berdasarkan Perjanjian Kinerja "
        "Tahun {tahun} dan Rencana Strategis Dinas Pendidikan dan Kebudayaan Kabupaten Balangan "
        "Tahun 2021-2026."
        "\n\n"
        "Melalui laporan ini, Dinas menyampaikan capaian kinerja, analisis keberhasilan dan "
        "hambatan, serta langkah perbaikan kepada Bupati Balangan dan para pemangku kepentingan."
    ),
    "gambaran_umum": (
        "Dinas Pendidikan dan Kebudayaan Kabupaten Balangan berkedudukan di Paringin dan "
        "melayani delapan kecamatan. Pada Tahun {tahun} Dinas membina satuan PAUD, sekolah "
        "dasar, sekolah menengah pertama, serta pusat kegiatan belajar masyarakat di seluruh "
        "wilayah kabupaten."
        "\n\n"
        "Pelaksanaan tugas didukung oleh aparatur sipil negara di lingkungan Sekretariat dan "
        "bidang-bidang, serta ribuan pendidik dan tenaga kependidikan pada satuan pendidikan."
    ),
    "tugas_fungsi": (
        "Dinas Pendidikan dan Kebudayaan mempunyai tugas membantu Bupati melaksanakan urusan "
        "pemerintahan bidang pendidikan dan bidang kebudayaan yang menjadi kewenangan daerah "
        "serta tugas pembantuan yang ditugaskan kepada daerah."
        "\n\n"
        "Dalam melaksanakan tugas tersebut Dinas menyelenggarakan fungsi perumusan kebijakan, "
        "pelaksanaan kebijakan, evaluasi dan pelaporan, administrasi dinas, serta fungsi lain "
        "yang diberikan oleh Bupati sesuai tugas dan fungsinya."
    ),
    "struktur_organisasi": (
        "Susunan organisasi Dinas terdiri atas Kepala Dinas, Sekretariat yang membawahi Sub "
        "Bagian Umum dan Sub Bagian Perencanaan, Keuangan, Aset dan Kepegawaian, serta lima "
        "bidang: Bidang Pembinaan PAUD dan Pendidikan Nonformal, Bidang Pembinaan Sekolah Dasar, "
        "Bidang Pembinaan Sekolah Menengah Pertama, Bidang Guru dan Tenaga Kependidikan, dan "
        "Bidang Kebudayaan."
        "\n\n"
        "Selain itu terdapat satuan pendidikan dan kelompok jabatan fungsional yang bertanggung "
        "jawab langsung kepada Kepala Dinas."
    ),
    "dasar_hukum": (
        "Penyusunan laporan ini berpedoman pada Peraturan Presiden Nomor 29 Tahun 2014 tentang "
        "Sistem Akuntabilitas Kinerja Instansi Pemerintah dan Peraturan Menteri Pendayagunaan "
        "Aparatur Negara dan Reformasi Birokrasi Nomor 53 Tahun 2014 tentang Petunjuk Teknis "
        "Perjanjian Kinerja, Pelaporan Kinerja dan Tata Cara Reviu atas Laporan Kinerja Instansi "
        "Pemerintah."
        "\n\n"
        "Selain itu digunakan Peraturan Menteri Dalam Negeri Nomor 86 Tahun 2017 dan Nomor 90 "
        "Tahun 2019, serta Peraturan Daerah Kabupaten Balangan tentang Rencana Pembangunan Jangka "
        "Menengah Daerah dan tentang Pembentukan dan Susunan Perangkat Daerah."
    ),
    "isu_strategis": (
        "Isu strategis pendidikan di Kabupaten Balangan meliputi belum meratanya akses PAUD di "
        "desa terpencil, masih adanya anak putus sekolah pada jenjang SMP, serta kesenjangan "
        "mutu pembelajaran antara sekolah di perkotaan dan perdesaan."
        "\n\n"
        "Di bidang kebudayaan, isu strategisnya adalah terbatasnya objek yang telah ditetapkan "
        "sebagai cagar budaya dan belum lengkapnya pencatatan warisan budaya tak benda masyarakat "
        "Balangan."
    ),
    "renstra": (
        "Rencana Strategis Dinas Pendidikan dan Kebudayaan Kabupaten Balangan Tahun 2021-2026 "
        "menjabarkan misi RPJMD dalam peningkatan kualitas sumber daya manusia yang berdaya "
        "saing dan berbudaya. Renstra menetapkan tujuan, sasaran strategis, indikator kinerja "
        "utama, serta program dan kegiatan beserta target akhir periode."
        "\n\n"
        "Perjanjian Kinerja Tahun {tahun} merupakan penjabaran target tahunan dari Renstra "
        "tersebut dan menjadi dasar pengukuran kinerja dalam laporan ini."
    ),
    "kesimpulan": (
        "Secara umum kinerja Dinas Pendidikan dan Kebudayaan Kabupaten Balangan Tahun {tahun} "
        "berkategori sangat tinggi. Sebagian besar indikator kinerja mencapai atau melampaui "
        "target, dengan penyerapan anggaran yang baik."
        "\n\n"
        "Beberapa indikator masih di bawah target, terutama penetapan cagar budaya, pembentukan "
        "Tim Pencegahan dan Penanganan Kekerasan di sekolah, dan jumlah warga belajar pendidikan "
        "kesetaraan, sehingga memerlukan perhatian pada tahun berikutnya."
    ),
    "langkah_ke_depan": (
        "Untuk meningkatkan kinerja, Dinas akan memperkuat perencanaan berbasis data Rapor "
        "Pendidikan, mempercepat akreditasi satuan PAUD, dan memperluas program pencegahan "
        "putus sekolah bersama pemerintah desa."
        "\n\n"
        "Di bidang kebudayaan, Dinas akan menambah Tim Ahli Cagar Budaya dan menyelesaikan "
        "kajian objek yang tertunda. Pemantauan realisasi fisik dan keuangan akan dilakukan "
        "setiap bulan agar kegiatan yang belum terealisasi dapat segera ditangani."
    ),
}


# --- the builder ----------------------------------------------------------------------------


def _users(admin_account: str) -> tuple[User, ...]:
    users = [
        User(
            account=account,
            name=person.name,
            role=role,
            nip=person.nip,
            pangkat=person.pangkat,
            jabatan=person.jabatan,
            is_admin=account == admin_account,
        )
        for account, person, role in _ACCOUNTS
    ]
    if all(u.account != admin_account for u in users):
        users.append(
            User(
                account=admin_account,
                name="Administrator Demo",
                role=Role.STAF,
                jabatan="Administrator Aplikasi",
                is_admin=True,
            )
        )
    return tuple(users)


def _indicator(spec: _Ind, year: int, order: int) -> Indicator:
    earlier = (year - 3, year - 2, year - 1)
    return Indicator(
        id=f"i-{year}-{spec.code}",
        year=year,
        sasaran_code=spec.sasaran,
        code=spec.code,
        name=spec.name,
        satuan=spec.satuan,
        polarity=spec.polarity,
        negative_formula=spec.formula,
        target=Decimal(spec.target),
        realisasi=Decimal(spec.realisasi),
        history={y: Decimal(v) for y, v in zip(earlier, spec.history, strict=True)},
        renstra_target=Decimal(spec.renstra),
        renstra_period=RENSTRA_PERIOD,
        national_standard=None if spec.national is None else Decimal(spec.national),
        bidang=spec.bidang,
        data_source=spec.source,
        narrative=spec.narrative,
        order=order,
    )


def demo_records(report_year: int, admin_account: str) -> DemoRecords:
    """The example office and one complete report year, ready to be written by the store."""
    year = report_year
    tahun = str(year)
    bidang = tuple(
        Bidang(code=code, name=name, head_name=head, head_nip=nip, order=n)
        for n, (code, name, head, nip) in enumerate(_BIDANG, start=1)
    )
    sasaran = tuple(
        Sasaran(
            id=f"s-{year}-{code}",
            year=year,
            code=code,
            name=name,
            order=n,
            analyses={k: v.replace("{tahun}", tahun) for k, v in _ANALYSES.get(code, {}).items()},
        )
        for n, (code, name) in enumerate(_SASARAN, start=1)
    )
    indicators: list[Indicator] = []
    per_sasaran: dict[str, int] = {}
    for spec in _INDICATORS:
        per_sasaran[spec.sasaran] = per_sasaran.get(spec.sasaran, 0) + 1
        indicators.append(_indicator(spec, year, per_sasaran[spec.sasaran]))
    budget: list[BudgetLine] = []
    for n, (code, name, _p, _r, sasaran_code, bidang_code) in enumerate(_BUDGET, start=1):
        pagu, realisasi = _amounts(code)
        budget.append(
            BudgetLine(
                id=f"b-{year}-{code}",
                year=year,
                level=level_of_code(code),
                code=code,
                name=name,
                pagu=pagu,
                realisasi=realisasi,
                sasaran_code=sasaran_code,
                bidang=bidang_code,
                order=n,
            )
        )
    narrative = {k: _NARRATIVE[k].replace("{tahun}", tahun) for k in CHAPTER_KEYS}
    return DemoRecords(
        profile=DEMO_PROFILE,
        users=_users(admin_account),
        bidang=bidang,
        sasaran=sasaran,
        indicators=tuple(indicators),
        budget=tuple(budget),
        narrative=narrative,
    )
