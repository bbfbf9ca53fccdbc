import { foldVietnamese } from './text';

describe('foldVietnamese', () => {
  it('drops diacritics, folds đ and case, squeezes spaces', () => {
    expect(foldVietnamese('  Chuyển  Đổi số ')).toBe('chuyen doi so');
    expect(foldVietnamese('Sở Lao động - Thương binh và Xã hội')).toBe('so lao dong - thuong binh va xa hoi');
  });
  it('keeps digits and punctuation of document numbers', () => {
    expect(foldVietnamese('1446/KH-BĐHCĐS')).toBe('1446/kh-bdhcds');
  });
});
