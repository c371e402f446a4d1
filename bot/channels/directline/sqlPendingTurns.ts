import type { Database, SqlExecutor } from '../../storage/database';
import type { ChannelActivity, PendingTurn, TurnLease } from './store';

/**
 * Turns acknowledged to the user (the POST was answered 200) and not finished yet, in
 * `directline_pending_turns`. A row is written in the transaction that stores the user's
 * activity, so nothing acknowledged can be lost; it is deleted when the turn has run. A crash
 * leaves it behind with a lease that runs out: the next instance to look claims it (an UPDATE
 * on the lease, so two instances on PostgreSQL never both run it) and runs it again.
 */
export class SqlPendingTurns {
  /**
   * SQLite: one process owns the file, so a lease granted before this store was made is a dead
   * process's, whatever its end; it is claimed at once. PostgreSQL: other instances may be alive;
   * only run-out leases are taken.
   */
  private readonly deadBefore: number;

  constructor(
    private readonly db: Database,
    private readonly clock: () => number,
  ) {
    this.deadBefore = db.engine === 'sqlite' ? clock() : 0;
  }

  async add(tx: SqlExecutor, conversationId: string, activity: ChannelActivity, lease: TurnLease): Promise<void> {
    await tx.run(
      `INSERT INTO directline_pending_turns (activity_id, conversation_id, activity, created, lease_owner, lease_until, leased_at, attempts)
       VALUES (?, ?, ?, ?, ?, ?, ?, 1) ON CONFLICT (activity_id) DO NOTHING`,
      [activity.id, conversationId, JSON.stringify(activity), this.clock(), lease.owner, lease.until, this.clock()],
    );
  }

  async claimStale(lease: TurnLease, limit: number): Promise<PendingTurn[]> {
    const now = this.clock();
    const candidates = await this.db.all<{ activity_id: string }>(
      'SELECT activity_id FROM directline_pending_turns WHERE lease_until < ? OR leased_at < ? ORDER BY created, activity_id LIMIT ?',
      [now, this.deadBefore, limit],
    );
    const claimed: PendingTurn[] = [];
    for (const { activity_id: id } of candidates) {
      const row = await this.db.get<{ conversation_id: string; activity: string; attempts: number | string }>(
        `UPDATE directline_pending_turns SET lease_owner = ?, lease_until = ?, leased_at = ?, attempts = attempts + 1
         WHERE activity_id = ? AND (lease_until < ? OR leased_at < ?) RETURNING conversation_id, activity, attempts`,
        [lease.owner, lease.until, now, id, now, this.deadBefore],
      );
      if (!row) continue; // another instance claimed it first
      claimed.push({ conversationId: row.conversation_id, activity: JSON.parse(row.activity) as ChannelActivity, attempts: Number(row.attempts) });
    }
    return claimed;
  }

  async renew(lease: TurnLease): Promise<void> {
    await this.db.run('UPDATE directline_pending_turns SET lease_until = ?, leased_at = ? WHERE lease_owner = ?', [lease.until, this.clock(), lease.owner]);
  }

  async complete(activityId: string): Promise<void> {
    await this.db.run('DELETE FROM directline_pending_turns WHERE activity_id = ?', [activityId]);
  }
}
