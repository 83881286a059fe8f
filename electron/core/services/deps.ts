import type { Clock } from '../dispatch/context';
import type { SessionStore } from '../dispatch/sessions';

/** What service modules get besides the per-call context. */
export interface ServiceDeps {
  clock: Clock;
  sessions: SessionStore;
  /** The data folder (backups/ lives there); null for a core kept in memory (tests). */
  dataDir: string | null;
  /** Test-only fault switch: called at named points of long work (day-end) to simulate a crash there. */
  faults?: Faults;
}

export interface Faults {
  dayEnd?: (point: string) => void;
}
