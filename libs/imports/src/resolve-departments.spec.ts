import { demoRefs } from './demo-catalogue';
import { DepartmentResolver, matchKey } from './resolve-departments';

const { departments, groups } = demoRefs();
const resolver = new DepartmentResolver(departments, groups);
const codes = (text: string) => resolver.resolve(text).units.map((unit) => unit.ref.code);

describe('DepartmentResolver', () => {
  it('folds diacritics, case, "&", "và", spaces, dots and dashes', () => {
    expect(matchKey('Sở TT&TT')).toBe(matchKey('sở tttt'));
    expect(matchKey('Sở KH & ĐT.')).toBe(matchKey('Sở KHĐT'));
    expect(matchKey('Ủy ban nhân dân huyện Ninh Hải')).toBe(matchKey('UBND huyện Ninh Hải'));
  });

  it.each([
    ['Sở TTTT', ['STTTT']],
    ['Sở TT-TT', ['STTTT']],
    ['S.TTTT', ['STTTT']],
    ['Sở LĐ-TB&XH', ['SLDTBXH']],
    ['SLĐTBXH', ['SLDTBXH']],
    ['Sở TC và Sở TTTT', ['STC', 'STTTT']],
    ['Sở TTTT, Sở LĐTBXH và các DN viễn thông', ['STTTT', 'SLDTBXH', 'DNVT']],
    ['Sở NV & STTTT', ['SNV', 'STTTT']],
    ['Sở Lao động - Thương binh và Xã hội; Sở Y tế', ['SLDTBXH', 'SYT']],
    ['Các Sở, ban, ngành; địa phương', ['SBNDP']],
    ['Các sở, ban, ngành', ['SBN']],
    ['UBND các huyện, thành phố', ['UBNDH']],
    ['Huyện Bác Ái', ['BACAI']],
    ['VNPT, Viettel, MobiFone', ['VNPT', 'VIETTEL', 'MOBIFONE']],
    ['Sở TTTT và các đơn vị có liên quan.', ['STTTT']],
  ])('"%s" names %j', (text, expected) => {
    expect(resolver.resolve(text).problems).toEqual([]);
    expect(codes(text)).toEqual(expected);
  });

  it('names a run of unknown words as one unknown department', () => {
    expect(resolver.resolve('Sở TTTT, Trung tâm Lưu trữ lịch sử, Sở TC').problems).toEqual([
      'unknown department "Trung tâm Lưu trữ lịch sử"',
    ]);
  });

  it('says so when a name fits two departments', () => {
    const twins = new DepartmentResolver(
      [
        { id: '1', code: 'A', name: 'Trung tâm A', aliases: ['TT'] },
        { id: '2', code: 'B', name: 'Trung tâm B', aliases: ['TT'] },
      ],
      [],
    );
    expect(twins.resolve('TT').problems).toEqual(['department "TT" is ambiguous: it could be "Trung tâm A" and "Trung tâm B"']);
  });

  it('derives initials for departments an admin adds without aliases', () => {
    const added = new DepartmentResolver([{ id: '9', code: 'X', name: 'Sở Nông nghiệp và Môi trường', aliases: [] }], []);
    expect(added.resolve('Sở NN&MT').units.map((unit) => unit.ref.id)).toEqual(['9']);
  });
});
