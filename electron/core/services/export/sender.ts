import type { Db } from '../../db/connection';
import type { Clock } from '../../dispatch/context';
import { checkedAcknowledgement, cutPendingBundles, headOfficeLink, recordAcknowledgement, unacknowledgedBundles } from './index';
import { LinkError, pause, uploadFile, type Progress } from './upload';

/**
 * The branch's sender (issue 13): in the background while the tellers work, it cuts what is pending and uploads
 * every bundle head office has not acknowledged, in order; when the link fails it waits (1 s, doubling up to
 * `retryMaxMs`) and tries again from where head office's copy stops. One per branch; `kick` starts a round now.
 */
export type LinkStateName = 'none' | 'idle' | 'sending' | 'waiting' | 'refused';

export interface LinkState {
  state: LinkStateName;
  /** the file going up now, and how far */
  sending: Progress | null;
  lastAttemptAt: string | null;
  /** the last time head office had everything sent */
  lastSuccessAt: string | null;
  lastError: string | null;
  /** when the next try is due, while waiting */
  nextTryAt: string | null;
}

export interface SenderOptions {
  retryBaseMs?: number;
  retryMaxMs?: number;
}

export class Sender {
  private running: Promise<void> | null = null;
  private readonly wake: { fn?: () => void } = {};
  private stopped = false;
  private again = false;
  /** the piece size the link bears now: it shrinks when the link fails and grows while it holds */
  private readonly piece = { size: 64 * 1024 };
  /** how far the file under way had gone at the last failure */
  private movedAtFailure = -1;
  readonly state: LinkState = { state: 'idle', sending: null, lastAttemptAt: null, lastSuccessAt: null, lastError: null, nextTryAt: null };

  constructor(
    private readonly db: Db,
    private readonly dataDir: string | null,
    private readonly clock: Clock,
    private readonly options: SenderOptions = {},
  ) {}

  /** Starts a round now (or wakes one that waits); resolves when the branch has nothing more to send or gives up. */
  kick(): Promise<void> {
    if (this.running) {
      this.again = true;
      this.wake.fn?.();
      return this.running;
    }
    this.running = this.loop().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  stop(): void {
    this.stopped = true;
    this.wake.fn?.();
  }

  private now(): string {
    return this.clock.now().toISOString();
  }

  private async loop(): Promise<void> {
    let failures = 0;
    while (!this.stopped) {
      this.again = false;
      const link = headOfficeLink(this.db);
      if (!link) {
        this.state.state = 'none';
        return;
      }
      this.state.lastAttemptAt = this.now();
      try {
        await cutPendingBundles(this.db, this.dataDir, () => this.clock.now());
        let acknowledged = 0;
        for (const b of unacknowledgedBundles(this.db, this.dataDir)) {
          // an acknowledgement that answered an earlier bundle may hold this one too (head office had it, held early):
          // it has left the outbox, and is not sent
          if (b.toSeq <= acknowledged) continue;
          this.state.state = 'sending';
          this.state.nextTryAt = null;
          const r = await uploadFile(link, b.file, b.name, (p) => (this.state.sending = p), this.piece);
          if (r.kind === 'refused') {
            this.state.state = 'refused';
            this.state.lastError = `head office refused ${b.name}: ${r.reason}`;
            this.state.sending = null;
            return;
          }
          const ack = await checkedAcknowledgement(this.db, r.acknowledgement);
          acknowledged = recordAcknowledgement(this.db, this.dataDir, ack, this.now()).acknowledgedSequence;
          failures = 0;
        }
        this.state.state = 'idle';
        this.state.sending = null;
        this.state.lastError = null;
        this.state.lastSuccessAt = this.now();
        if (!this.again) return;
      } catch (err) {
        if (!(err instanceof LinkError) || err.untrusted) {
          this.state.state = 'refused';
          this.state.lastError = (err as Error).message;
          return;
        }
        // a link that moved something since the last failure is working, slowly: start the waits again from short
        const moved = this.state.sending ? this.state.sending.sent : -1;
        failures = moved > this.movedAtFailure ? 1 : failures + 1;
        this.movedAtFailure = moved;
        const delay = Math.min(this.options.retryMaxMs ?? 60_000, (this.options.retryBaseMs ?? 1_000) * 2 ** Math.min(failures - 1, 16));
        this.state.state = 'waiting';
        this.state.lastError = err.message;
        this.state.nextTryAt = new Date(this.clock.now().getTime() + delay).toISOString();
        await pause(delay, this.wake);
      }
    }
  }
}

const senders = new WeakMap<object, Sender>();

/** The branch's one sender. */
export function senderOf(db: Db, dataDir: string | null, clock: Clock, options?: SenderOptions): Sender {
  let s = senders.get(db);
  if (!s) senders.set(db, (s = new Sender(db, dataDir, clock, options)));
  return s;
}
