import { DepartmentRef, GroupRef } from './types';

/**
 * The demo departments of Ninh Thuận (before the 2025 merger of provinces): those the
 * seeds and fixtures name, and the rest of a provincial administration, with the short
 * forms the plans use. Abbreviations built from initials ("Sở LĐTBXH", "SGDĐT") are also
 * derived automatically by the resolver; the aliases here are the ones people really write.
 */
export interface CatalogueDepartment {
  code: string;
  name: string;
  aliases: string[];
}

export interface CatalogueGroup {
  code: string;
  name: string;
  aliases: string[];
  memberCodes: string[];
}

const unit = (code: string, name: string, ...aliases: string[]): CatalogueDepartment => ({ code, name, aliases });
const district = (code: string, place: string, kind: 'huyện' | 'thành phố', ...aliases: string[]): CatalogueDepartment =>
  unit(code, `UBND ${kind} ${place}`, `Ủy ban nhân dân ${kind} ${place}`, `${kind[0].toUpperCase()}${kind.slice(1)} ${place}`, ...aliases);

/** Sở, ban, ngành of the province. */
const PROVINCIAL: CatalogueDepartment[] = [
  unit('VPUBND', 'Văn phòng UBND tỉnh', 'Văn phòng Ủy ban nhân dân tỉnh', 'VP UBND tỉnh', 'VPUBND tỉnh', 'VPUB'),
  unit('SNV', 'Sở Nội vụ', 'Sở NV', 'SNV'),
  unit('STP', 'Sở Tư pháp', 'Sở TP', 'STP'),
  unit('SKHDT', 'Sở Kế hoạch và Đầu tư', 'Sở KH&ĐT', 'Sở KHĐT', 'Sở KH-ĐT', 'SKHĐT'),
  unit('STC', 'Sở Tài chính', 'Sở TC', 'STC'),
  unit('SCT', 'Sở Công Thương', 'Sở CT', 'SCT'),
  unit('SNNPTNT', 'Sở Nông nghiệp và Phát triển nông thôn', 'Sở NN&PTNT', 'Sở NNPTNT', 'SNNPTNT'),
  unit('SGTVT', 'Sở Giao thông vận tải', 'Sở GTVT', 'SGTVT'),
  unit('SXD', 'Sở Xây dựng', 'Sở XD', 'SXD'),
  unit('STNMT', 'Sở Tài nguyên và Môi trường', 'Sở TN&MT', 'Sở TNMT', 'STNMT'),
  unit('STTTT', 'Sở Thông tin và Truyền thông', 'Sở TTTT', 'Sở TT&TT', 'Sở TT-TT', 'STTTT', 'Sở Thông tin - Truyền thông'),
  unit('SLDTBXH', 'Sở Lao động - Thương binh và Xã hội', 'Sở LĐTBXH', 'Sở LĐ-TB&XH', 'Sở LĐTB&XH', 'SLĐTBXH'),
  unit('SVHTTDL', 'Sở Văn hóa, Thể thao và Du lịch', 'Sở VHTTDL', 'Sở VH-TT&DL', 'Sở VHTT&DL', 'SVHTTDL', 'Sở Văn hoá, Thể thao và Du lịch'),
  unit('SKHCN', 'Sở Khoa học và Công nghệ', 'Sở KH&CN', 'Sở KHCN', 'SKHCN'),
  unit('SGDDT', 'Sở Giáo dục và Đào tạo', 'Sở GD&ĐT', 'Sở GDĐT', 'SGDĐT'),
  unit('SYT', 'Sở Y tế', 'Sở YT', 'SYT'),
  unit('TTRA', 'Thanh tra tỉnh', 'Thanh tra'),
  unit('BDT', 'Ban Dân tộc tỉnh', 'Ban Dân tộc', 'BDT'),
  unit('CAT', 'Công an tỉnh', 'CA tỉnh', 'Công an'),
  unit('BCHQS', 'Bộ Chỉ huy Quân sự tỉnh', 'BCH Quân sự tỉnh', 'Bộ CHQS tỉnh'),
  unit('BQLKCN', 'Ban Quản lý các khu công nghiệp tỉnh', 'Ban Quản lý các KCN', 'BQL các KCN', 'BQLKCN'),
  unit('DPTTH', 'Đài Phát thanh và Truyền hình tỉnh', 'Đài PT-TH tỉnh', 'Đài PTTH', 'Đài PT&TH Ninh Thuận'),
  unit('BAONT', 'Báo Ninh Thuận', 'Báo NT'),
  unit('BHXH', 'Bảo hiểm xã hội tỉnh', 'BHXH tỉnh', 'BHXH'),
  unit('CTHUE', 'Cục Thuế tỉnh', 'Cục Thuế'),
  unit('NHNN', 'Ngân hàng Nhà nước chi nhánh tỉnh Ninh Thuận', 'NHNN chi nhánh tỉnh', 'Ngân hàng Nhà nước tỉnh'),
];

/** The city and districts (UBND cấp huyện). */
const DISTRICTS: CatalogueDepartment[] = [
  district('PRTC', 'Phan Rang - Tháp Chàm', 'thành phố', 'UBND TP Phan Rang - Tháp Chàm', 'UBND TP PRTC', 'TP Phan Rang - Tháp Chàm', 'TP PRTC'),
  district('NINHHAI', 'Ninh Hải', 'huyện'),
  district('NINHPHUOC', 'Ninh Phước', 'huyện'),
  district('NINHSON', 'Ninh Sơn', 'huyện'),
  district('BACAI', 'Bác Ái', 'huyện'),
  district('THUANBAC', 'Thuận Bắc', 'huyện'),
  district('THUANNAM', 'Thuận Nam', 'huyện'),
];

/** Telecom enterprises: named in plans, but not part of "Các Sở, ban, ngành; địa phương". */
const TELECOMS: CatalogueDepartment[] = [
  unit('VNPT', 'VNPT Ninh Thuận', 'Viễn thông Ninh Thuận', 'VNPT'),
  unit('VIETTEL', 'Viettel Ninh Thuận', 'Viettel'),
  unit('MOBIFONE', 'MobiFone Ninh Thuận', 'MobiFone', 'Mobifone Ninh Thuận'),
];

export const DEMO_DEPARTMENTS: CatalogueDepartment[] = [...PROVINCIAL, ...DISTRICTS, ...TELECOMS];

const codesOf = (...lists: CatalogueDepartment[][]) => lists.flat().map((department) => department.code);

export const DEMO_GROUPS: CatalogueGroup[] = [
  {
    code: 'SBNDP',
    name: 'Các Sở, ban, ngành; địa phương',
    aliases: ['Các sở, ban, ngành, địa phương', 'Các sở, ban, ngành và địa phương', 'Các Sở, ngành, địa phương', 'Các cơ quan, đơn vị, địa phương'],
    memberCodes: codesOf(PROVINCIAL, DISTRICTS),
  },
  {
    code: 'SBN',
    name: 'Các Sở, ban, ngành',
    aliases: ['Các sở, ban, ngành tỉnh', 'Các Sở, ngành'],
    memberCodes: codesOf(PROVINCIAL),
  },
  {
    code: 'UBNDH',
    name: 'UBND các huyện, thành phố',
    aliases: ['Ủy ban nhân dân các huyện, thành phố', 'UBND cấp huyện', 'Các huyện, thành phố', 'Các địa phương'],
    memberCodes: codesOf(DISTRICTS),
  },
  {
    code: 'DNVT',
    name: 'Các doanh nghiệp viễn thông',
    aliases: ['Các DN viễn thông', 'DN viễn thông', 'Các doanh nghiệp viễn thông trên địa bàn tỉnh', 'Các nhà mạng'],
    memberCodes: codesOf(TELECOMS),
  },
];

/**
 * The catalogue as the resolver takes it, with ids from `idOf` (the database ids once
 * seeded; the codes themselves by default, as the unit tests use).
 */
export function demoRefs(idOf: (code: string) => string = (code) => code): { departments: DepartmentRef[]; groups: GroupRef[] } {
  return {
    departments: DEMO_DEPARTMENTS.map((department) => ({ id: idOf(department.code), ...department, aliases: [...department.aliases] })),
    groups: DEMO_GROUPS.map(({ memberCodes, ...group }) => ({
      id: idOf(group.code),
      ...group,
      aliases: [...group.aliases],
      departmentIds: memberCodes.map(idOf),
    })),
  };
}
