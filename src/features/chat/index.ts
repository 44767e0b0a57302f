/** The chat feature's public face: what other features may use of it. */
export { ChatState } from './chat.svelte';
