import { describe, expect, it } from 'vitest';
import { QUEUES, queueKind } from '../../../workers/queues/message';

describe('queueKind', () => {
  it('maps a deployed environment’s queue names to the local ones', () => {
    expect(queueKind('nexova-staging-egress')).toBe(QUEUES.egress);
    expect(queueKind('nexova-production-egress-dlq')).toBe(QUEUES.egressDlq);
    expect(queueKind('nexova-production-media')).toBe(QUEUES.media);
    expect(queueKind('nexova-staging-events-dlq')).toBe(QUEUES.eventsDlq);
  });

  it('keeps the local names and knows no other queue', () => {
    expect(queueKind('nexova-media-dlq')).toBe(QUEUES.mediaDlq);
    expect(queueKind('nexova-staging-invoices')).toBeUndefined();
    expect(queueKind('other-egress')).toBeUndefined();
  });
});
