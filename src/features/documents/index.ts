/** Documents attached to conversations: what other features may use. */
export { DocumentsState, type DocumentsDependencies } from './documents.svelte';
export { DocumentsClient } from './client';
export { default as DocumentsPanel } from './DocumentsPanel.svelte';
