import type { Clock } from '../dispatch/context';
import type { SessionStore } from '../dispatch/sessions';

/** What service modules get besides the per-call context. */
export interface ServiceDeps {
  clock: Clock;
  sessions: SessionStore;
}
