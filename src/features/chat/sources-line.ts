/**
 * The privacy line under an answer that used the user's documents: which model got the
 * excerpts, and that the rest of the documents stayed on the device. Decided on the route's
 * target and the answering model's kind (codes), never on a label.
 */
import type { MessageSource, StoredMessage } from '../../core/stored';

type Where = 'local' | 'claude' | 'server';

function whereSent(message: Pick<StoredMessage, 'route' | 'model'>): Where {
  const kinds = [message.route?.target, message.model?.kind];
  if (kinds.includes('claude')) return 'claude';
  if (kinds.includes('server')) return 'server';
  return 'local';
}

function names(sources: readonly MessageSource[]): string {
  const unique = [...new Set(sources.map((s) => s.documentName))];
  if (unique.length <= 1) return unique[0] ?? 'your documents';
  return `${unique.slice(0, -1).join(', ')} and ${unique.at(-1)}`;
}

export function sourcesPrivacyLine(message: Pick<StoredMessage, 'route' | 'model' | 'sources'>): string {
  const sources = message.sources ?? [];
  if (!sources.length) return '';
  const excerpts = `${sources.length} ${sources.length === 1 ? 'excerpt' : 'excerpts'} from ${names(sources)}`;
  const where = whereSent(message);
  if (where === 'local') return `Answered on this device with ${excerpts}; nothing left it.`;
  const to = where === 'claude' ? 'Claude' : 'your server';
  return `Sent to ${to}: your question and ${excerpts}. The rest of your documents stayed on this device.`;
}
