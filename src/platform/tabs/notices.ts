/**
 * What one tab tells the others about a change it stored (over `TabChannel`). A notice only
 * says what changed: the receiving tab re-reads it from IndexedDB, which stays the one source
 * of truth. Every notice received is checked against `tabNoticeSchema`; one that does not match
 * (another version of the app, a stray script) is ignored.
 */
import * as v from 'valibot';

const id = v.pipe(v.string(), v.minLength(1), v.maxLength(200));

export const tabNoticeSchema = v.variant('kind', [
  v.strictObject({ kind: v.literal('conversation-created'), conversationId: id }),
  /** Renamed, or its settings or branch choice changed. */
  v.strictObject({ kind: v.literal('conversation-changed'), conversationId: id }),
  v.strictObject({ kind: v.literal('conversation-deleted'), conversationId: id }),
  /** A message was added or changed (also while an answer streams). */
  v.strictObject({ kind: v.literal('message-changed'), conversationId: id, messageId: id }),
  /** A backup was imported: every store may have changed. */
  v.strictObject({ kind: v.literal('data-replaced') }),
]);

export type TabNotice = v.InferOutput<typeof tabNoticeSchema>;
export type TabNoticeKind = TabNotice['kind'];

/** The envelope on the wire: the sending tab's id beside the notice (for diagnostics and tests). */
export const tabEnvelopeSchema = v.strictObject({
  v: v.literal(1),
  from: id,
  notice: tabNoticeSchema,
});

export type TabEnvelope = v.InferOutput<typeof tabEnvelopeSchema>;

/** The notice in `data` when it is a well-formed envelope, else null. */
export function readEnvelope(data: unknown): TabEnvelope | null {
  const result = v.safeParse(tabEnvelopeSchema, data);
  return result.success ? result.output : null;
}
