import { KnowledgeBase, type KnowledgeBaseOptions } from '../knowledgeBase';
import type { KnowledgeData } from '../schema';
import type { KnowledgeChanges } from './changes';
import { checkLiveConsistency, toPublishable } from './draft';
import type { KnowledgeRepository, StoredEntry } from './repository';

/** The part of the knowledge base that stays in files: categories, synonyms, filler words. */
export type KnowledgeFiles = Omit<KnowledgeData, 'entries'>;

/**
 * The data the live index is built from: the files' part and the published entries, sorted
 * by id. Throws a KnowledgeEditError naming the entry and field when it would not be valid.
 */
export function liveData(files: KnowledgeFiles, entries: readonly StoredEntry[]): KnowledgeData {
  const published = entries
    .filter((entry) => entry.published)
    .map((entry) => toPublishable(entry.content))
    .sort((a, b) => a.id.localeCompare(b.id));
  const data: KnowledgeData = {
    entries: published,
    categories: files.categories,
    synonyms: files.synonyms,
    fillers: files.fillers,
    abbreviations: files.abbreviations,
  };
  checkLiveConsistency(data);
  return data;
}

export interface LiveKnowledgeOptions {
  repository: KnowledgeRepository;
  files: KnowledgeFiles;
  /** Where other instances announce their changes; a notification ahead of ours triggers `reload()`. */
  changes?: KnowledgeChanges;
  /** Search tuning passed to every KnowledgeBase built. */
  options?: Partial<KnowledgeBaseOptions>;
  /** A reload triggered by a notification failed (the current index stays). */
  onReloadError?: (error: unknown) => void;
}

/**
 * Past this many entries to analyze, a reload builds the whole index in a worker thread instead
 * of re-analyzing them here: at about 1 ms an entry, 32 keep the event loop blocked for tens of
 * milliseconds at most, and an edit or a publish (one entry) never waits for a worker to start.
 */
const MAX_ENTRIES_ANALYZED_IN_THREAD = 32;

/**
 * The knowledge base this instance answers from. Built from the database's published entries;
 * replaced as a whole (readers keep the object they got) after a change here, after a
 * notification from another instance, or on `reload()`.
 * The first index, and any that changes many entries, is built in a worker thread; an edit
 * re-analyzes only the entries it changed, on this thread (KnowledgeBase.withData).
 */
export class LiveKnowledge {
  private knowledgeBase: KnowledgeBase;
  private loadedVersion: number;
  private pending: Promise<boolean> = Promise.resolve(false);
  private unsubscribe: () => void = () => undefined;
  private poller?: NodeJS.Timeout;

  private constructor(
    private readonly settings: LiveKnowledgeOptions,
    knowledgeBase: KnowledgeBase,
    version: number,
  ) {
    this.knowledgeBase = knowledgeBase;
    this.loadedVersion = version;
  }

  /** Builds the live index from the repository (which must be seeded) and listens for changes. */
  static async open(settings: LiveKnowledgeOptions): Promise<LiveKnowledge> {
    const snapshot = await settings.repository.snapshot();
    if (snapshot.version === 0) throw new Error('knowledge: the database holds no knowledge base yet (seed it first)');
    const data = liveData(settings.files, snapshot.entries);
    const live = new LiveKnowledge(settings, await KnowledgeBase.buildInWorker(data, settings.options), snapshot.version);
    if (settings.changes) {
      live.unsubscribe = settings.changes.subscribe((version) => {
        if (version <= live.loadedVersion) return;
        live.reload().catch((error: unknown) => settings.onReloadError?.(error));
      });
    }
    return live;
  }

  /** The index to search now. */
  current(): KnowledgeBase {
    return this.knowledgeBase;
  }

  /** The knowledge version the current index was built from. */
  get version(): number {
    return this.loadedVersion;
  }

  /** The files' part of the knowledge base (what entries are combined with). */
  get files(): KnowledgeFiles {
    return this.settings.files;
  }

  /**
   * Builds a KnowledgeBase of `data` with this instance's search options, from the current one:
   * only the entries whose texts differ from the current index's go through the text pipeline.
   */
  build(data: KnowledgeData): KnowledgeBase {
    return this.knowledgeBase.withData(data, this.settings.options);
  }

  /**
   * Catches up with the database: rebuilds and swaps in the index when the stored version is
   * ahead of ours. Resolves true when it swapped. Reloads run one after another.
   */
  reload(): Promise<boolean> {
    const next = this.pending.catch(() => false).then(() => this.load());
    this.pending = next;
    return next;
  }

  /** Resolves when no reload is running (for tests and orderly shutdown). */
  async settled(): Promise<void> {
    await this.pending.catch(() => undefined);
  }

  /** Swaps in an index built for `version` by this instance's own change; an older one is ignored. */
  install(knowledgeBase: KnowledgeBase, version: number): boolean {
    if (version <= this.loadedVersion) return false;
    this.knowledgeBase = knowledgeBase;
    this.loadedVersion = version;
    return true;
  }

  /**
   * Also checks the stored version every `intervalMs` (a cheap query), so changes made without
   * a notification — a CLI import, a missed notification — are picked up. 0 stops checking.
   */
  poll(intervalMs: number): void {
    if (this.poller) clearInterval(this.poller);
    this.poller = undefined;
    if (intervalMs <= 0) return;
    this.poller = setInterval(() => {
      this.reload().catch((error: unknown) => this.settings.onReloadError?.(error));
    }, intervalMs);
    this.poller.unref();
  }

  /** Stops listening for changes and polling. */
  close(): void {
    this.unsubscribe();
    this.poll(0);
  }

  private async load(): Promise<boolean> {
    if ((await this.settings.repository.version()) <= this.loadedVersion) return false;
    const snapshot = await this.settings.repository.snapshot();
    if (snapshot.version <= this.loadedVersion) return false;
    const data = liveData(this.settings.files, snapshot.entries);
    const current = this.knowledgeBase;
    const next =
      current.entriesToAnalyze(data) > MAX_ENTRIES_ANALYZED_IN_THREAD
        ? await KnowledgeBase.buildInWorker(data, this.settings.options)
        : current.withData(data, this.settings.options);
    return this.install(next, snapshot.version);
  }
}
