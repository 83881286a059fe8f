import type { Clock } from '../dispatch/context';
import type { SessionStore } from '../dispatch/sessions';
import type { HeadOffice } from '../hq/import';
import type { KeyWrapper } from '../keys/database';
import type { Envelope } from '../../../shared/contract';

/** What service modules get besides the per-call context. */
export interface ServiceDeps {
  clock: Clock;
  sessions: SessionStore;
  /** The data folder (backups/ lives there); null for a core kept in memory (tests). */
  dataDir: string | null;
  /** The operating system's wrapping of the database key (desktop app: Electron's safeStorage); absent elsewhere. */
  keyWrapper?: KeyWrapper;
  /** Test-only fault switch: called at named points of long work (day-end) to simulate a crash there. */
  faults?: Faults;
  /**
   * The core's dispatcher, for a job that works as users do (the training demo's history: services/training), each
   * call through the one door. Set by openCore.
   */
  dispatch?: (name: string, input: unknown, caller: { sessionToken?: string | null }) => Promise<{ envelope: Envelope<unknown> }>;
  /** Set when the program runs as a head office (`branchbox hq serve`): its store and keys. */
  headOffice?: HeadOffice;
}

export interface Faults {
  dayEnd?: (point: string) => void;
}
