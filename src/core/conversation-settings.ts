/** A conversation's own system prompt and generation settings, on top of the app's. */
import type { Conversation } from './stored';
import type { GenerationSettings } from './provider';

/** The app's system prompt with the conversation's own after it (empty when neither is set). */
export function joinSystemPrompt(app: string, own: string | undefined): string {
  return [app, own].filter(Boolean).join('\n\n');
}

/** The app's generation settings with a conversation's own on top. */
export function mergeGenerationSettings(
  own: Conversation['settings'] | undefined,
  base: GenerationSettings,
): GenerationSettings {
  return {
    temperature: own?.temperature ?? base.temperature,
    topP: own?.topP ?? base.topP,
    maxTokens: own?.maxTokens ?? base.maxTokens,
  };
}
