import { loadDemoDataIfEmpty } from '@app/demo';
import { signIn, startTestApp, TestEnv } from './support/test-app';

/** A newcomer's `npm start`: the demo data carries the indicators of seeds 004 (Phụ lục 1) and 003 (§II.1). */
describe('the demo data\'s indicators', () => {
  let env: TestEnv;
  const demoPassword = 'kept-demo-password-of-this-install';

  beforeAll(async () => {
    env = await startTestApp();
    env.clock.set('2024-06-20T03:00:00Z');
  });
  afterAll(() => env.close());

  it('loads them with the demo data, under their decisions, for the Sở TTTT\'s focal point to carry on', async () => {
    expect(await loadDemoDataIfEmpty(env.config, demoPassword)).toBe(true);
    const viewer = await signIn(env, 'viewer');
    const items = (await env.http().get('/api/v1/indicators?year=2024&period=6M').set(viewer.auth).expect(200)).body.items;
    const qd36 = items.filter((i: any) => i.planNumber === '36/QĐ-UBND');
    const kh30 = items.filter((i: any) => i.decisionNumber === '30/KH-BCĐCĐS');
    expect(qd36).toHaveLength(17);
    expect(kh30).toHaveLength(25);
    expect(items).toHaveLength(42);
    expect(new Set(items.map((i: any) => i.departmentName))).toEqual(new Set(['Sở Thông tin và Truyền thông']));
    expect(kh30.find((i: any) => i.code === '3')).toMatchObject({
      name: '100% tỷ lệ số hóa hồ sơ, kết quả giải quyết thủ tục hành chính', unit: '%', target: { year: 2024, value: 100 },
      value: { kind: 'final', value: 74.65 }, ratio: 74.65, status: 'not_reached', decisionDate: '2024-02-06',
    });
    expect(kh30.find((i: any) => i.code === '5')).toMatchObject({ target: { text: '100% cấp tỉnh, 80% cấp huyện, 40% cấp xã', parts: [100, 80, 40] }, status: 'not_reached' });
    expect(kh30.find((i: any) => i.code === '12')).toMatchObject({ target: { value: 7 }, value: null, status: 'no_value' });
    expect(qd36.find((i: any) => i.code === '2')).toMatchObject({ ratio: 98.24, value: { kind: 'estimate', value: 16.7 } });

    // the demo focal point of the Sở TTTT enters the year's first final figure of one of them
    const login = await env.http().post('/api/v1/auth/login').send({ email: 'daumoi.stttt@steering.local', password: demoPassword }).expect(200);
    const twelve = kh30.find((i: any) => i.code === '12');
    await env.http().post(`/api/v1/indicators/${twelve.id}/values`).set({ Authorization: `Bearer ${login.body.accessToken}` })
      .send({ year: 2024, period: '6M', kind: 'final', value: 7.5 }).expect(200);
    const after = (await env.http().get(`/api/v1/indicators/${twelve.id}?year=2024&period=6M`).set(viewer.auth).expect(200)).body;
    expect(after).toMatchObject({ ratio: 107.14, status: 'reached', value: { reviewStatus: 'reported' } });
    expect(await loadDemoDataIfEmpty(env.config, demoPassword)).toBe(false);
  });
});
