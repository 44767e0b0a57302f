/** A named system prompt with generation settings, saved by the user and picked for a new chat. */
export interface Preset {
  /** Shown to the user: cleaned like every name (core/names.ts), never empty. */
  name: string;
  systemPrompt: string;
  temperature: number;
  topP: number;
  maxTokens: number;
  /** Think before answering (local models that can); on unless turned off. */
  thinking: boolean;
}

/** Longer names are cut: a preset's name fits a select. */
export const MAX_PRESET_NAME = 80;
