/**
 * The life of one RdropPair inside a widget: created lazily from the current settings, replaced
 * on reset, and disposed exactly once, never while a training step is still using it.
 */
import { RdropPair, type PairConfig } from './training';

export class PairSession {
  /** Bumped by every reset; async work started before a reset checks it and drops its result. */
  generation = 0;
  /** performance.now() of the last view refresh. */
  lastRefresh = 0;
  private pair: RdropPair | null = null;
  private creating: Promise<RdropPair | null> | null = null;
  /** How many pieces of work are using the pair right now. */
  private users = 0;
  private retired: RdropPair[] = [];
  private refreshCount = 0;
  private shownRefresh = 0;

  /** The current pair, created from `config` on first use; null when a reset overtook it. */
  get(config: PairConfig): Promise<RdropPair | null> {
    if (this.pair) return Promise.resolve(this.pair);
    if (!this.creating) {
      const generation = this.generation;
      this.creating = RdropPair.create(config).then((pair) => {
        if (generation !== this.generation) {
          pair.dispose();
          return null;
        }
        this.pair = pair;
        this.creating = null;
        return pair;
      });
    }
    return this.creating;
  }

  /** Whether `pair` is still the session's current pair. */
  isCurrent(pair: RdropPair | null): pair is RdropPair {
    return pair !== null && pair === this.pair;
  }

  /** Runs work that uses the pair (a step, a refresh) so that a reset meanwhile defers disposal. */
  async use<T>(work: () => Promise<T>): Promise<T> {
    this.users += 1;
    try {
      return await work();
    } finally {
      this.users -= 1;
      this.disposeRetired();
    }
  }

  /** A ticket for a view refresh; `isLatest(ticket)` is false once a newer one was shown. */
  beginRefresh(): { generation: number; id: number } {
    this.lastRefresh = performance.now();
    return { generation: this.generation, id: ++this.refreshCount };
  }

  /** Whether no reset has happened since the refresh began (a newer refresh may have been shown). */
  isLive(ticket: { generation: number }): boolean {
    return ticket.generation === this.generation;
  }

  /** Whether a refresh may still show its result (no reset since, and nothing newer shown). */
  accept(ticket: { generation: number; id: number }): boolean {
    if (ticket.generation !== this.generation || ticket.id < this.shownRefresh) return false;
    this.shownRefresh = ticket.id;
    return true;
  }

  /** Drops the current pair: disposed now, or after the step that is using it. */
  reset(): void {
    this.generation += 1;
    this.creating = null;
    if (this.pair) this.retired.push(this.pair);
    this.pair = null;
    this.disposeRetired();
  }

  private disposeRetired(): void {
    if (this.users > 0) return;
    this.retired.forEach((p) => p.dispose());
    this.retired = [];
  }
}
