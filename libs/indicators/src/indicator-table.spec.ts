import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readIndicatorFile } from './read-indicator-file';
import { readIndicatorGrid } from './indicator-table';

const DEMO = join(__dirname, '../../imports/demo-data');
const read = async (name: string) => readIndicatorGrid(await readIndicatorFile({ buffer: readFileSync(join(DEMO, name)), originalName: name }), name);

describe('indicator tables as the reports lay them out', () => {
  it('reads seed 004 Phụ lục 1: two heading rows, the numbering row, the heading repeated, sub-indicators under their parent', async () => {
    const table = await read('seed-004-phu-luc-1-chi-tieu-2024.csv');
    expect(table.errors).toEqual([]);
    expect(table.headings).toMatchObject({ year: 2024, baselineYear: 2023, period: '6M', kind: 'estimate', decision: { number: '36/QĐ-UBND', date: '2024-01-12' } });
    expect(table.rows.map((r) => r.code)).toEqual(['1', '2', '3', '4', '5', '6', '7', '7.1', '7.2', '8', '8.1', '8.2', '9', '10', '11', '12', '13']);
    expect(table.rows.find((r) => r.code === '7.2')).toMatchObject({ parentCode: '7', name: 'Riêng tiếng Dân tộc thiểu số', unit: 'Giờ/ năm', target: { value: '52' }, value: { value: '26' } });
    expect(table.rows.find((r) => r.code === '7')).toMatchObject({ baseline: { value: '20659' }, target: { value: '20659' }, value: { value: '10314' } });
    expect(table.rows.find((r) => r.code === '1')).toMatchObject({ value: null, target: { value: '12' }, baseline: { value: '9.56' } });
    // every ratio the seed prints is value ÷ target rounded half-up
    expect(table.notes).toEqual([]);
  });

  it('reads seed 003 §II.1: one heading row, compound targets as text with their percentages', async () => {
    const table = await read('seed-003-chi-tieu-chuyen-doi-so-2024.csv');
    expect(table.errors).toEqual([]);
    expect(table.headings).toMatchObject({ year: 2024, period: '6M', kind: 'final' });
    expect(table.rows).toHaveLength(25);
    expect(table.rows[2]).toMatchObject({ code: '3', unit: '%', target: { value: '100' }, value: { value: '74.65' } });
    expect(table.rows[4].target).toEqual({ value: null, text: '100% cấp tỉnh, 80% cấp huyện, 40% cấp xã', parts: ['100', '80', '40'] });
    expect(table.rows[4].value?.parts).toEqual(['100', '60', '30']);
    expect(table.rows[11]).toMatchObject({ code: '12', value: null });
  });
});
