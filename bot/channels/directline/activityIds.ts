/** Activity ids of the built-in Direct Line endpoint: `{conversationId}|{sequence}`, the sequence zero-padded so ids sort in order. */
const SEQUENCE_DIGITS = 7;

/** The id of the activity at `sequence` in a conversation. */
export function activityId(conversationId: string, sequence: number): string {
  return `${conversationId}|${String(sequence).padStart(SEQUENCE_DIGITS, '0')}`;
}

/** The sequence number in an activity id (`{conversationId}|0000042` → 42). */
export function sequenceOf(activityId: string): number {
  return Number(activityId.slice(activityId.lastIndexOf('|') + 1));
}
