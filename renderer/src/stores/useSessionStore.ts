import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import { call, isApiError } from '../api/client';
import type { Input, OperationName, Output, SessionInfo, SetupStatus } from '../../../shared/contract';

type MayCall = typeof import('../../../shared/contract').mayCall;
/**
 * The contract's access rules, loaded with the contract (its schemas and zod) when the app area first opens, not
 * with the sign-in screen (issue 19: the first screen's script stays small). Until then nobody may call anything.
 */
const mayCall = shallowRef<MayCall | null>(null);

/** Loads the contract's access rules once (the router waits for it before any screen past sign-in). */
export async function loadAccessRules(): Promise<void> {
  mayCall.value ??= (await import('../../../shared/contract')).mayCall;
}

export type DemoUser = Output<'setup.openTrainingDemo'>['users'][number];

/**
 * Who is signed in, whether the installation is set up, and whether the session is locked.
 * The core is the authority on all three; this store only mirrors what it said last.
 */
export const useSessionStore = defineStore('session', () => {
  const setupStatus = ref<SetupStatus | null>(null);
  const session = ref<SessionInfo | null>(null);
  /** The core refused a call with SESSION_LOCKED (or we locked on idle): the lock screen is shown. */
  const locked = ref(false);
  /** Name shown on the lock screen; kept from the session that was locked. */
  const lockedDisplayName = ref<string | null>(null);
  /** Set once we asked the core for the current session in this window. */
  const restored = ref(false);
  /** Demo users returned by setup.openTrainingDemo: their passwords are shown once, kept in memory only. */
  const demoUsers = ref<DemoUser[]>([]);
  /** The training demo's history while it is built (setup.demoHistory): the day built, done out of total. */
  const demoProgress = ref<{ date: string | null; done: number; total: number } | null>(null);
  /** The host did not answer at start-up (browser host stopped, or a broken install). */
  const hostUnreachable = ref(false);

  const training = computed(() => session.value?.training ?? setupStatus.value?.training ?? false);
  const initialized = computed(() => setupStatus.value?.initialized ?? false);
  const signedIn = computed(() => session.value !== null);
  /** This installation is a head office (`branchbox hq serve`): it receives the branches' bundles, no branch work. */
  const headOffice = computed(() => setupStatus.value?.headOffice ?? false);

  /**
   * Whether the signed-in user may call the operation, by the access it declares in shared/contract: what a screen
   * shows (a menu entry, a button, a tab) is decided by the operation it would call, never by a permission copied here.
   * A head office refuses branch work and a branch head office's, whatever the user's roles (the core's rule,
   * electron/core/hq/operations.ts `refusalFor`).
   */
  function canCall(op: OperationName): boolean {
    const may = mayCall.value;
    return may !== null && may(op, session.value?.user.permissions) && doneHere(op);
  }

  function doneHere(op: OperationName): boolean {
    const headOfficeWork = op.startsWith('hq.') || op.startsWith('session.') || op.startsWith('users.') || op === 'setup.status';
    return headOffice.value ? headOfficeWork : !op.startsWith('hq.');
  }

  async function loadStatus(): Promise<SetupStatus> {
    setupStatus.value = await call('setup.status', {});
    hostUnreachable.value = false;
    return setupStatus.value;
  }

  function setSession(info: SessionInfo): void {
    session.value = info;
    locked.value = false;
    lockedDisplayName.value = info.user.displayName;
    restored.value = true;
    setupStatus.value = {
      headOffice: false,
      ...setupStatus.value,
      initialized: true,
      training: info.training,
      organisationName: info.organisation.name,
      officeName: info.office.name,
    };
  }

  /** Asks the core whether this window already has a session (cookie or Electron session). */
  async function restore(): Promise<void> {
    try {
      setSession(await call('session.current', {}));
    } catch (e) {
      if (isApiError(e) && e.code === 'SESSION_LOCKED') {
        locked.value = true;
      } else if (!isApiError(e) || e.code !== 'UNAUTHENTICATED') {
        restored.value = true;
        throw e;
      }
    }
    restored.value = true;
  }

  async function login(input: Input<'session.login'>): Promise<SessionInfo> {
    const info = await call('session.login', input);
    setSession(info);
    return info;
  }

  async function initialize(input: Input<'setup.initialize'>): Promise<SessionInfo> {
    const info = await call('setup.initialize', input);
    setSession(info);
    return info;
  }

  async function openTrainingDemo(): Promise<DemoUser[]> {
    const result = await call('setup.openTrainingDemo', {});
    if (result.history) await buildDemoHistory();
    demoUsers.value = result.users;
    await loadStatus().catch(() => {
      setupStatus.value = { initialized: true, training: true, organisationName: null, officeName: null, headOffice: false };
    });
    return result.users;
  }

  /**
   * The demo's past weeks of business, a job in the core: the first screen shows its progress (setup.demoStatus,
   * asked while the job runs) until the branch reaches today.
   */
  async function buildDemoHistory(): Promise<void> {
    demoProgress.value = { date: null, done: 0, total: 0 };
    let building = true;
    const job = call('setup.demoHistory', {}).finally(() => {
      building = false;
    });
    const poll = async (): Promise<void> => {
      while (building) {
        const s = await call('setup.demoStatus', {}).catch(() => null);
        if (building && s && s.state === 'running') demoProgress.value = { date: s.date, done: s.done, total: s.total };
        await new Promise((r) => setTimeout(r, 250));
      }
    };
    try {
      await Promise.all([job, poll()]);
    } finally {
      demoProgress.value = null;
    }
  }

  /** A training demo whose history was cut short (or never started) goes on where it stopped, its progress shown. */
  async function resumeDemoHistory(): Promise<void> {
    if (demoProgress.value) return;
    const s = await call('setup.demoStatus', {});
    if (s.state === 'pending' || s.state === 'interrupted') await buildDemoHistory();
  }

  /** Locks now: the lock screen is shown even if the core cannot be reached. */
  async function lock(): Promise<void> {
    markLocked();
    try {
      await call('session.lock', {});
    } catch {
      // Already locked or signed out in the core: the lock screen is the right place either way.
    }
  }

  function markLocked(): void {
    if (session.value) lockedDisplayName.value = session.value.user.displayName;
    locked.value = true;
  }

  async function unlock(password: string): Promise<SessionInfo> {
    const info = await call('session.unlock', { password });
    setSession(info);
    return info;
  }

  /** Forgets the session locally (after sign-out, or when the core says we are not signed in). */
  function clear(): void {
    session.value = null;
    locked.value = false;
    lockedDisplayName.value = null;
  }

  async function logout(): Promise<void> {
    try {
      await call('session.logout', {});
    } finally {
      clear();
    }
  }

  async function refresh(): Promise<void> {
    setSession(await call('session.current', {}));
  }

  return {
    setupStatus,
    session,
    locked,
    lockedDisplayName,
    restored,
    demoUsers,
    demoProgress,
    hostUnreachable,
    training,
    initialized,
    signedIn,
    headOffice,
    canCall,
    loadStatus,
    setSession,
    restore,
    login,
    initialize,
    openTrainingDemo,
    resumeDemoHistory,
    lock,
    markLocked,
    unlock,
    clear,
    logout,
    refresh,
  };
});
