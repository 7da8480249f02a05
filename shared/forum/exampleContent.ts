import type { Sector } from '../access'
import type { ActionStatus, FundingSource } from './cards'
import type { Cluster } from './texts'

/**
 * What the two example boards say: the article's two success stories ("Contoh Kasus Sukses") written out as finished
 * workshops. Layout lives in examples.ts, so a text can change here without touching any coordinate. Bodies are
 * generic (no real persons); dates are ISO, money is whole rupiah, and the Indonesian text follows Indonesian
 * conventions ("12.000", "30 Juni 2027").
 */

/** One text in both board languages. */
export interface Bilingual {
  id: string
  en: string
}

const t = (id: string, en: string): Bilingual => ({ id, en })

export interface StakeholderContent {
  /** How actions and indicators refer to this stakeholder; never shown. */
  key: string
  name: Bilingual
  organisation: Bilingual
  role: Bilingual
  sector: Sector
  influence: number
  interest: number
  /** On the power/interest grid, or still only in its sector's lane — a real board has both at the end of step 1. */
  place: 'grid' | 'lane'
}

export interface NoteContent {
  cluster: Cluster
  text: Bilingual
}

export interface StatementContent {
  text: Bilingual
  adopted: boolean
}

export interface ActionContent {
  key: string
  goal: Bilingual
  strategy: Bilingual
  tactics: Bilingual
  /** Stakeholder keys. */
  owner: string
  supporters: string[]
  budget: number
  people: Bilingual
  knowledge: Bilingual
  funding: FundingSource
  startDate: string
  dueDate: string
  indicator: Bilingual
  target: Bilingual
  status: ActionStatus
}

export interface IndicatorContent {
  indicator: Bilingual
  baseline: number
  target: number
  current: number
  unit: Bilingual
  dueDate: string
  /** Action keys. */
  actions: string[]
}

export interface ExampleContent {
  title: Bilingual
  stakeholders: StakeholderContent[]
  notes: NoteContent[]
  visions: StatementContent[]
  missions: StatementContent[]
  actions: ActionContent[]
  indicators: IndicatorContent[]
}

/** Kasus 1: the village forum on women's economic empowerment. */
const desaA: ExampleContent = {
  title: t('Contoh: Pemberdayaan Perempuan Desa A', "Example: Women's Empowerment in Desa A"),
  stakeholders: [
    {
      key: 'pemdes', sector: 'pemerintah', influence: 5, interest: 5, place: 'grid',
      name: t('Pemerintah Desa A', 'Desa A Village Government'),
      organisation: t('Kantor Desa A', 'Desa A village office'),
      role: t('Memimpin forum; mendanai pelatihan keterampilan dari APBDes', 'Chairs the forum; funds skills training from the APBDes'),
    },
    {
      key: 'dp3a', sector: 'pemerintah', influence: 4, interest: 3, place: 'grid',
      name: t('DP3A Kabupaten', 'District DP3A office'),
      organisation: t('Dinas Pemberdayaan Perempuan dan Perlindungan Anak', 'Office for Women’s Empowerment and Child Protection'),
      role: t('Menyediakan kurikulum dan instruktur pelatihan', 'Provides the training curriculum and trainers'),
    },
    {
      key: 'lsm', sector: 'masyarakat_sipil', influence: 4, interest: 5, place: 'grid',
      name: t('LSM Perempuan Berdaya', 'Perempuan Berdaya (NGO)'),
      organisation: t('Lembaga swadaya masyarakat isu gender', 'Non-governmental organisation working on gender'),
      role: t('Memberi modal awal usaha dan mendampingi kelompok', 'Gives seed capital and supports the groups'),
    },
    {
      key: 'pkk', sector: 'masyarakat_sipil', influence: 2, interest: 4, place: 'grid',
      name: t('TP PKK Desa A', 'PKK Desa A'),
      organisation: t('Tim Penggerak PKK Desa A', 'Family welfare movement (PKK) of Desa A'),
      role: t('Mengajak ibu-ibu di tiap dusun dan mendata peserta', 'Reaches women in every hamlet and registers participants'),
    },
    {
      key: 'tokoh', sector: 'masyarakat_sipil', influence: 3, interest: 2, place: 'lane',
      name: t('Tokoh masyarakat dan tokoh agama', 'Community and religious leaders'),
      organisation: t('Majelis taklim dan sesepuh dusun', 'Prayer groups (majelis taklim) and hamlet elders'),
      role: t('Menyosialisasikan program kepada keluarga', 'Explain the programme to families'),
    },
    {
      key: 'koperasi', sector: 'swasta', influence: 3, interest: 4, place: 'grid',
      name: t('Koperasi UKM Maju Bersama', 'Maju Bersama SME Cooperative'),
      organisation: t('Koperasi pelaku usaha kecil Desa A', 'Cooperative of Desa A’s small businesses'),
      role: t('Menampung dan memasarkan produk kelompok', 'Stocks and markets the groups’ products'),
    },
    {
      key: 'bpr', sector: 'swasta', influence: 3, interest: 2, place: 'lane',
      name: t('BPR setempat', 'Local rural bank (BPR)'),
      organisation: t('Bank Perkreditan Rakyat di kecamatan', 'Rural credit bank in the subdistrict'),
      role: t('Dana CSR untuk pemasaran; kredit mikro bagi kelompok yang sudah jalan', 'CSR funds for marketing; micro-loans for groups already trading'),
    },
    {
      key: 'kampus', sector: 'akademisi', influence: 2, interest: 3, place: 'grid',
      name: t('Pusat Studi Gender Universitas setempat', 'Local university’s Gender Studies Centre'),
      organisation: t('Pusat Studi Gender dan Anak, universitas negeri terdekat', 'Centre for Gender and Child Studies, nearest state university'),
      role: t('Mendampingi pembukuan lewat mahasiswa KKN; mengukur dampak', 'Coaches bookkeeping through KKN students; measures impact'),
    },
  ],
  notes: [
    { cluster: 'needs', text: t('Modal awal untuk usaha rumahan', 'Seed capital for home businesses') },
    { cluster: 'needs', text: t('Pelatihan olahan pangan dan menjahit', 'Training in food processing and sewing') },
    { cluster: 'needs', text: t('Tempat menjual produk kelompok', 'Somewhere to sell the groups’ products') },
    { cluster: 'challenges', text: t('Waktu habis untuk urusan rumah tangga', 'Housework leaves little time') },
    { cluster: 'challenges', text: t('Belum terbiasa membuat pembukuan', 'Not used to keeping accounts') },
    { cluster: 'challenges', text: t('Izin PIRT dan halal sulit diurus', 'PIRT and halal permits are hard to get') },
    { cluster: 'ideas', text: t('Satu kelompok usaha perempuan per dusun', 'One women’s business group per hamlet') },
    { cluster: 'ideas', text: t('Dana bergulir tanpa bunga dari LSM', 'Interest-free revolving fund from the NGO') },
    { cluster: 'ideas', text: t('Pojok produk desa di koperasi', 'A village product corner at the cooperative') },
    { cluster: 'inspiration', text: t('Kelompok wanita tani desa tetangga: dari 5 jadi 40 anggota', 'Women farmers’ group next door: from 5 to 40 members') },
    { cluster: 'inspiration', text: t('Jualan lewat WhatsApp dan marketplace', 'Selling on WhatsApp and online marketplaces') },
  ],
  visions: [
    { text: t('Perempuan Desa A mandiri secara ekonomi dan setara dalam pembangunan desa', 'The women of Desa A are economically independent and equal partners in village life'), adopted: true },
    { text: t('Desa A menjadi desa wirausaha perempuan teladan di kabupaten', 'Desa A becomes the district’s model village for women entrepreneurs'), adopted: false },
    { text: t('Setiap keluarga di Desa A punya penghasilan tambahan', 'Every family in Desa A has a second income'), adopted: false },
  ],
  missions: [
    { text: t('Memberi pelatihan keterampilan dan kewirausahaan sesuai potensi desa', 'Provide skills and business training suited to the village'), adopted: true },
    { text: t('Membuka akses modal awal yang adil bagi kelompok perempuan', 'Open fair access to seed capital for women’s groups'), adopted: true },
    { text: t('Menghubungkan produk kelompok dengan pasar lokal dan daring', 'Connect the groups’ products with local and online markets'), adopted: true },
    { text: t('Mendorong keterwakilan perempuan dalam musyawarah desa', 'Encourage women’s voice in village deliberations'), adopted: false },
  ],
  actions: [
    {
      key: 'pelatihan', owner: 'pemdes', supporters: ['dp3a', 'pkk'], status: 'done',
      budget: 45_000_000, funding: 'apbdes', startDate: '2027-02-01', dueDate: '2027-06-30',
      goal: t('Melatih 60 perempuan mengolah pangan dan menjahit sebelum 30 Juni 2027', 'Train 60 women in food processing and sewing by 30 June 2027'),
      strategy: t('Pelatihan bertahap di balai desa dengan kurikulum dan instruktur DP3A', 'Step-by-step training at the village hall with DP3A’s curriculum and trainers'),
      tactics: t(
        '3 angkatan × 20 peserta, 6 sesi per angkatan; jadwal sore agar ibu-ibu bisa hadir; kader PKK mendata peserta di tiap dusun',
        '3 cohorts of 20, 6 sessions each; afternoon sessions so mothers can come; PKK volunteers register participants in each hamlet',
      ),
      people: t('2 instruktur, 1 pendamping desa, 6 kader PKK', '2 trainers, 1 village facilitator, 6 PKK volunteers'),
      knowledge: t('Olahan pangan, keamanan pangan (PIRT), menjahit', 'Food processing, food safety (PIRT), sewing'),
      indicator: t('Perempuan yang lulus pelatihan', 'Women who complete the training'),
      target: t('60 orang', '60 women'),
    },
    {
      key: 'modal', owner: 'lsm', supporters: ['koperasi', 'pkk'], status: 'in_progress',
      budget: 96_000_000, funding: 'donor', startDate: '2027-04-01', dueDate: '2027-10-31',
      goal: t('Menyalurkan modal awal Rp 10 juta ke 8 kelompok usaha perempuan sebelum 31 Oktober 2027', 'Give Rp 10 million seed capital to each of 8 women’s groups by 31 October 2027'),
      strategy: t('Dana bergulir tanpa bunga yang dikelola kelompok, didampingi LSM', 'An interest-free revolving fund run by the groups, with NGO support'),
      tactics: t(
        'Seleksi rencana usaha; pencairan dua tahap; cicilan kembali ke kas kelompok untuk anggota berikutnya; laporan bulanan ke forum',
        'Select business plans; pay out in two instalments; repayments return to the group fund for the next member; monthly report to the forum',
      ),
      people: t('2 pendamping lapangan LSM, bendahara di tiap kelompok', '2 NGO field officers, a treasurer in each group'),
      knowledge: t('Menilai rencana usaha, mengelola dana bergulir', 'Assessing business plans, running a revolving fund'),
      indicator: t('Kelompok yang menerima modal dan aktif berjualan', 'Groups funded and actively selling'),
      target: t('8 kelompok', '8 groups'),
    },
    {
      key: 'pasar', owner: 'koperasi', supporters: ['bpr', 'pemdes'], status: 'planned',
      budget: 15_000_000, funding: 'csr', startDate: '2027-09-01', dueDate: '2027-12-15',
      goal: t('Membuka pojok produk desa di koperasi dan toko daring sebelum 15 Desember 2027', 'Open a village product corner at the cooperative and an online shop by 15 December 2027'),
      strategy: t('Koperasi menampung produk kelompok dengan sistem titip jual', 'The cooperative stocks the groups’ products on consignment'),
      tactics: t(
        'Rak dan label dari dana CSR BPR; foto produk; akun marketplace dan katalog WhatsApp',
        'Shelves and labels paid by the BPR’s CSR; product photos; a marketplace account and a WhatsApp catalogue',
      ),
      people: t('Pengurus koperasi, 2 pemuda desa untuk penjualan daring', 'Cooperative staff, 2 young villagers for online sales'),
      knowledge: t('Pengemasan, foto produk, penjualan daring', 'Packaging, product photography, selling online'),
      indicator: t('Produk kelompok yang dijual di koperasi dan daring', 'Group products on sale at the cooperative and online'),
      target: t('20 jenis produk', '20 products'),
    },
    {
      key: 'pembukuan', owner: 'kampus', supporters: ['lsm'], status: 'in_progress',
      budget: 20_000_000, funding: 'other', startDate: '2027-07-01', dueDate: '2027-12-31',
      goal: t('Mendampingi pembukuan 8 kelompok dan mengukur tambahan pendapatan anggota sampai 31 Desember 2027', 'Coach 8 groups in bookkeeping and measure members’ extra income until 31 December 2027'),
      strategy: t('Mahasiswa KKN mendampingi tiap kelompok; dosen menyusun survei pendapatan', 'KKN students coach each group; lecturers run an income survey'),
      tactics: t(
        'Buku kas sederhana; kunjungan dua minggu sekali; survei awal dan akhir; laporan ke forum',
        'A simple cash book; fortnightly visits; baseline and end-line surveys; report to the forum',
      ),
      people: t('8 mahasiswa KKN, 2 dosen pembimbing', '8 KKN students, 2 supervising lecturers'),
      knowledge: t('Pembukuan usaha kecil, metode survei', 'Small-business bookkeeping, survey methods'),
      indicator: t('Kelompok dengan pembukuan rutin', 'Groups keeping regular accounts'),
      target: t('8 kelompok', '8 groups'),
    },
  ],
  indicators: [
    { indicator: t('Perempuan yang lulus pelatihan keterampilan', 'Women who completed skills training'), baseline: 0, target: 60, current: 58, unit: t('orang', 'women'), dueDate: '2027-06-30', actions: ['pelatihan'] },
    { indicator: t('Kelompok usaha perempuan yang aktif berjualan', 'Women’s business groups actively selling'), baseline: 0, target: 8, current: 5, unit: t('kelompok', 'groups'), dueDate: '2027-10-31', actions: ['modal', 'pasar'] },
    {
      indicator: t('Rata-rata tambahan pendapatan anggota per bulan', 'Average extra monthly income per member'),
      baseline: 0,
      target: 750_000,
      current: 420_000,
      unit: t('rupiah', 'rupiah'),
      dueDate: '2027-12-31',
      actions: ['modal', 'pembukuan'],
    },
    { indicator: t('Dana bergulir yang sudah kembali', 'Revolving fund repaid so far'), baseline: 0, target: 100, current: 35, unit: t('%', '%'), dueDate: '2027-12-31', actions: ['modal'] },
  ],
}

/** Kasus 2: the regional forum on the quality of (primary) education. */
const wilayahB: ExampleContent = {
  title: t('Contoh: Kualitas Pendidikan Wilayah B', 'Example: Education Quality in Wilayah B'),
  stakeholders: [
    {
      key: 'dinas', sector: 'pemerintah', influence: 5, interest: 5, place: 'grid',
      name: t('Dinas Pendidikan Wilayah B', 'Wilayah B Education Office'),
      organisation: t('Dinas Pendidikan dan Kebudayaan', 'Regional Office of Education and Culture'),
      role: t('Memimpin forum; mendanai buku dan mentoring dari APBD', 'Chairs the forum; funds books and mentoring from the APBD'),
    },
    {
      key: 'dprd', sector: 'pemerintah', influence: 5, interest: 2, place: 'grid',
      name: t('Komisi Pendidikan DPRD Wilayah B', 'DPRD Wilayah B Education Committee'),
      organisation: t('Dewan Perwakilan Rakyat Daerah', 'Regional parliament'),
      role: t('Menyetujui anggaran pendidikan dan mengawasi pelaksanaannya', 'Approves the education budget and oversees its use'),
    },
    {
      key: 'fkip', sector: 'akademisi', influence: 4, interest: 5, place: 'grid',
      name: t('FKIP Universitas Wilayah B', 'Faculty of Education, Universitas Wilayah B'),
      organisation: t('Fakultas Keguruan dan Ilmu Pendidikan', 'Faculty of Teacher Training and Education (FKIP)'),
      role: t('Menyediakan mentor guru, mengkurasi buku, meneliti capaian belajar', 'Provides teacher mentors, curates books, studies learning outcomes'),
    },
    {
      key: 'yayasan', sector: 'masyarakat_sipil', influence: 3, interest: 5, place: 'grid',
      name: t('Yayasan Rumah Baca Wilayah B', 'Rumah Baca Wilayah B Foundation'),
      organisation: t('Organisasi nirlaba literasi anak', 'Non-profit for children’s literacy'),
      role: t('Mengelola pojok baca dan relawan; menghimpun donasi buku', 'Runs reading corners and volunteers; collects donated books'),
    },
    {
      key: 'kkg', sector: 'masyarakat_sipil', influence: 2, interest: 5, place: 'grid',
      name: t('KKG dan MGMP Wilayah B', 'Teachers’ working groups (KKG, MGMP)'),
      organisation: t('Kelompok Kerja Guru dan Musyawarah Guru Mata Pelajaran', 'Primary and subject teachers’ working groups'),
      role: t('Menyuarakan kebutuhan guru; wadah belajar bersama', 'Voice teachers’ needs; a place to keep learning together'),
    },
    {
      key: 'komite', sector: 'masyarakat_sipil', influence: 2, interest: 4, place: 'lane',
      name: t('Komite sekolah dan paguyuban orang tua', 'School committees and parents’ groups'),
      organisation: t('Perwakilan orang tua murid', 'Parents’ representatives'),
      role: t('Mengajak orang tua membaca bersama anak di rumah', 'Encourage parents to read with their children at home'),
    },
    {
      key: 'bank', sector: 'swasta', influence: 3, interest: 2, place: 'grid',
      name: t('Bank daerah (program CSR)', 'Regional bank (CSR programme)'),
      organisation: t('Bank milik pemerintah daerah', 'Bank owned by the regional government'),
      role: t('Mendanai rak dan buku pojok baca lewat CSR', 'Funds reading-corner shelves and books through CSR'),
    },
    {
      key: 'penerbit', sector: 'swasta', influence: 2, interest: 3, place: 'lane',
      name: t('Penerbit dan percetakan lokal', 'Local publishers and printers'),
      organisation: t('UKM penerbitan di Wilayah B', 'Small publishing businesses in Wilayah B'),
      role: t('Mencetak buku cerita dan modul bermuatan lokal', 'Print local story books and teaching modules'),
    },
  ],
  notes: [
    { cluster: 'needs', text: t('Buku bacaan berjenjang untuk SD', 'Levelled reading books for primary schools') },
    { cluster: 'needs', text: t('Guru minta didampingi di kelas, bukan seminar', 'Teachers want classroom coaching, not seminars') },
    { cluster: 'needs', text: t('Data capaian literasi tiap sekolah', 'Literacy results for each school') },
    { cluster: 'challenges', text: t('Sekolah terpencil sulit dijangkau', 'Remote schools are hard to reach') },
    { cluster: 'challenges', text: t('Dana BOS habis untuk operasional', 'School grants (BOS) go on running costs') },
    { cluster: 'challenges', text: t('Guru honorer sering berganti', 'Contract teachers change often') },
    { cluster: 'ideas', text: t('Dosen dan mahasiswa FKIP jadi mentor guru', 'FKIP lecturers and students mentor teachers') },
    { cluster: 'ideas', text: t('Pojok baca di setiap kelas', 'A reading corner in every classroom') },
    { cluster: 'ideas', text: t('Buku cerita karya penulis lokal', 'Story books by local authors') },
    { cluster: 'inspiration', text: t('Cerita guru penggerak: cara mengajar membaca', 'A lead teacher’s story: how she teaches reading') },
    { cluster: 'inspiration', text: t('Perpustakaan keliling naik motor ke dusun', 'A motorbike library that visits the hamlets') },
  ],
  visions: [
    { text: t('Setiap anak di Wilayah B gemar membaca dan diajar guru yang terus belajar', 'Every child in Wilayah B loves reading and is taught by teachers who keep learning'), adopted: true },
    { text: t('Mutu pendidikan dasar Wilayah B terbaik di provinsi pada 2030', 'By 2030, Wilayah B has the best primary education in the province'), adopted: false },
    { text: t('Sekolah di kota dan di desa sama bermutunya', 'Schools in town and village are equally good'), adopted: false },
  ],
  missions: [
    { text: t('Menyediakan buku dan materi belajar bermutu di setiap SD', 'Provide good books and learning materials in every primary school'), adopted: true },
    { text: t('Membangun program mentoring guru bersama universitas', 'Build a teacher mentoring programme with the university'), adopted: true },
    { text: t('Mengukur capaian literasi secara berkala dan terbuka', 'Measure literacy regularly and openly'), adopted: true },
    { text: t('Melibatkan orang tua dalam kegiatan membaca di rumah', 'Involve parents in reading at home'), adopted: false },
  ],
  actions: [
    {
      key: 'buku', owner: 'dinas', supporters: ['dprd', 'fkip', 'penerbit'], status: 'done',
      budget: 900_000_000, funding: 'apbd', startDate: '2027-02-01', dueDate: '2027-07-31',
      goal: t('Mengadakan 12.000 buku bacaan berjenjang untuk 80 SD sebelum 31 Juli 2027', 'Supply 12,000 levelled reading books to 80 primary schools by 31 July 2027'),
      strategy: t('Pengadaan lewat APBD dengan daftar judul yang dikurasi FKIP', 'Procure through the APBD from a list of titles curated by FKIP'),
      tactics: t(
        'Kurasi judul (Februari); pembelian lewat e-katalog (Maret–Mei); distribusi per gugus sekolah (Juni–Juli)',
        'Curate titles (February); buy through the e-catalogue (March–May); deliver by school cluster (June–July)',
      ),
      people: t('Tim pengadaan Dinas, 10 koordinator gugus sekolah', 'Education Office procurement team, 10 school-cluster coordinators'),
      knowledge: t('Penjenjangan buku, pengadaan barang pemerintah', 'Book levelling, government procurement'),
      indicator: t('Buku yang sampai di sekolah', 'Books delivered to schools'),
      target: t('12.000 buku di 80 SD', '12,000 books in 80 schools'),
    },
    {
      key: 'mentoring', owner: 'fkip', supporters: ['dinas', 'kkg'], status: 'in_progress',
      budget: 360_000_000, funding: 'apbd', startDate: '2027-07-01', dueDate: '2027-12-15',
      goal: t('Mendampingi 120 guru SD di kelas selama satu semester sampai 15 Desember 2027', 'Mentor 120 primary teachers in class for one semester, until 15 December 2027'),
      strategy: t('Mentoring di kelas: mentor mengamati dan memberi umpan balik, guru berlatih di KKG', 'Classroom mentoring: mentors observe and give feedback, teachers practise in their KKG'),
      tactics: t(
        '20 mentor (dosen dan mahasiswa S2), 6 guru per mentor; kunjungan kelas dua minggu sekali; pertemuan KKG bulanan',
        '20 mentors (lecturers and master’s students), 6 teachers each; fortnightly classroom visits; monthly KKG meetings',
      ),
      people: t('20 mentor, 2 koordinator FKIP, pengawas sekolah', '20 mentors, 2 FKIP coordinators, school supervisors'),
      knowledge: t('Pembelajaran literasi awal, observasi kelas', 'Teaching early literacy, classroom observation'),
      indicator: t('Guru yang menyelesaikan mentoring', 'Teachers who complete mentoring'),
      target: t('120 guru', '120 teachers'),
    },
    {
      key: 'pojok', owner: 'yayasan', supporters: ['bank', 'komite'], status: 'in_progress',
      budget: 250_000_000, funding: 'csr', startDate: '2027-05-01', dueDate: '2027-11-30',
      goal: t('Membuka pojok baca di 200 kelas sebelum 30 November 2027', 'Open reading corners in 200 classrooms by 30 November 2027'),
      strategy: t('Pojok baca dikelola guru dan orang tua; buku dirotasi antarsekolah', 'Teachers and parents run the corners; books rotate between schools'),
      tactics: t(
        'Rak dan buku dari CSR bank daerah; relawan yayasan melatih guru pengelola; rotasi buku tiap 3 bulan',
        'Shelves and books from the regional bank’s CSR; foundation volunteers train the teachers in charge; books rotate every 3 months',
      ),
      people: t('15 relawan yayasan, 1 guru pengelola per kelas', '15 foundation volunteers, 1 teacher in charge per class'),
      knowledge: t('Mengelola perpustakaan kelas, kegiatan membaca bersama', 'Running a class library, shared reading'),
      indicator: t('Kelas dengan pojok baca aktif', 'Classrooms with an active reading corner'),
      target: t('200 kelas', '200 classrooms'),
    },
    {
      key: 'modul', owner: 'kkg', supporters: ['fkip', 'penerbit'], status: 'planned',
      budget: 75_000_000, funding: 'donor', startDate: '2027-09-01', dueDate: '2027-12-15',
      goal: t('Menyusun dan menguji 30 modul ajar bermuatan lokal sebelum 15 Desember 2027', 'Write and classroom-test 30 teaching modules with local content by 15 December 2027'),
      strategy: t('Lokakarya penulisan bersama dosen; modul diuji di kelas sebelum dicetak', 'Writing workshops with lecturers; each module tested in class before printing'),
      tactics: t('4 lokakarya; uji coba di 10 sekolah; cetak terbatas oleh penerbit lokal', '4 workshops; trials in 10 schools; a short print run by a local publisher'),
      people: t('30 guru penulis, 3 dosen penyunting', '30 teacher-authors, 3 lecturer-editors'),
      knowledge: t('Menulis modul ajar, cerita rakyat daerah', 'Writing teaching modules, regional folk tales'),
      indicator: t('Modul yang lolos uji kelas', 'Modules that pass classroom testing'),
      target: t('30 modul', '30 modules'),
    },
  ],
  indicators: [
    { indicator: t('Buku bacaan per siswa SD', 'Reading books per primary pupil'), baseline: 0.4, target: 1.5, current: 1.2, unit: t('buku/siswa', 'books/pupil'), dueDate: '2027-11-30', actions: ['buku', 'pojok'] },
    { indicator: t('Guru yang menyelesaikan mentoring', 'Teachers who completed mentoring'), baseline: 0, target: 120, current: 45, unit: t('guru', 'teachers'), dueDate: '2027-12-15', actions: ['mentoring'] },
    { indicator: t('Siswa kelas 3 yang lancar membaca', 'Year 3 pupils who read fluently'), baseline: 62, target: 80, current: 68, unit: t('%', '%'), dueDate: '2027-12-31', actions: ['buku', 'mentoring', 'pojok'] },
    { indicator: t('Modul ajar bermuatan lokal yang lolos uji', 'Local-content modules that pass testing'), baseline: 0, target: 30, current: 0, unit: t('modul', 'modules'), dueDate: '2027-12-15', actions: ['modul'] },
  ],
}

/** Each example's content, by the id `exampleBoard` takes. */
export const EXAMPLE_CONTENT: Record<'desa-a' | 'wilayah-b', ExampleContent> = { 'desa-a': desaA, 'wilayah-b': wilayahB }
