/** The chat feature's public face: what other features may use of it. */
export { ChatState } from './chat.svelte';
export { default as ChatImportSettings } from './import/ChatImportSettings.svelte';
export { pathTo, visiblePath } from './tree/tree';
