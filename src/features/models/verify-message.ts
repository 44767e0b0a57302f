/** What Verify / repair says of a model, from what it found (model-verify.ts). */
import type { VerifyResult } from '../../platform/db/model-verify';

export interface VerifyMessage {
  text: string;
  /** Some files were damaged (right size, wrong bytes): the card offers a re-download. */
  damaged: boolean;
}

const list = (files: readonly string[]) => files.join(', ');

export function verifyMessage(label: string, r: VerifyResult): VerifyMessage {
  const how = r.hashed > 0 ? `sizes and sha256 checked for ${r.hashed}` : 'sizes checked';
  if (r.removed.length === 0) {
    return { text: `${label}: all ${r.checked} stored files are whole (${how}).`, damaged: false };
  }
  const cut = r.removed.filter((f) => !r.damaged.includes(f));
  const parts: string[] = [];
  if (r.damaged.length > 0) {
    parts.push(
      `${r.damaged.length} file(s) were damaged: their bytes do not match the host's sha256 (${list(r.damaged)})`,
    );
  }
  if (cut.length > 0) parts.push(`${cut.length} file(s) were incomplete (${list(cut)})`);
  const end =
    r.damaged.length > 0
      ? 'they were removed: re-download them.'
      : 'they were removed; loading again downloads only those.';
  return { text: `${label}: ${parts.join('; ')}; ${end}`, damaged: r.damaged.length > 0 };
}
