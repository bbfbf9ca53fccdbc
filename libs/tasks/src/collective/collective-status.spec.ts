import { ChildState, deriveCollectiveState } from './collective-status';

const c = (status: ChildState['status'], completedOn: string | null = null, completionConfirmed = false): ChildState => ({
  status,
  completedOn,
  completionConfirmed,
});

describe('deriveCollectiveState', () => {
  it('is completed when every child is, on the last child completion date', () => {
    expect(deriveCollectiveState([c('completed', '2024-03-01', true), c('completed', '2024-05-02', true)])).toEqual(c('completed', '2024-05-02', true));
  });
  it('is confirmed only when every completion is', () => {
    expect(deriveCollectiveState([c('completed', '2024-03-01', true), c('completed', '2024-03-02')]).completionConfirmed).toBe(false);
  });
  it('ignores cancelled children, and is cancelled when all are', () => {
    expect(deriveCollectiveState([c('completed', '2024-03-01'), c('cancelled')]).status).toBe('completed');
    expect(deriveCollectiveState([c('cancelled'), c('cancelled')]).status).toBe('cancelled');
  });
  it('is in progress while some are done and some are not', () => {
    expect(deriveCollectiveState([c('completed', '2024-03-01'), c('not_started')])).toEqual(c('in_progress'));
    expect(deriveCollectiveState([c('in_progress'), c('blocked')]).status).toBe('in_progress');
  });
  it('is blocked when a child is blocked and none is under way, else not started', () => {
    expect(deriveCollectiveState([c('blocked'), c('not_started')]).status).toBe('blocked');
    expect(deriveCollectiveState([c('not_started'), c('not_started')]).status).toBe('not_started');
  });
  it('is recurring when every child is', () => {
    expect(deriveCollectiveState([c('recurring'), c('recurring')]).status).toBe('recurring');
  });
});
