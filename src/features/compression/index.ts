/** The compression feature's public face: what other features may use of it. */
export { default as CompressionSettings } from './CompressionSettings.svelte';
export { DEFAULT_LLMLINGUA_MODEL } from './catalog';
export { type CompressionState } from './compression.svelte';
export { compressOlderContext, type TextCompressor } from './older-context';
