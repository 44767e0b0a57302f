/** The models feature's public face: what other features may use of it. */
export { default as EngineElsewhere } from './EngineElsewhere.svelte';
export { default as ModelStatus } from './ModelStatus.svelte';
export { customModelEntry, type TransformersModelEntry } from './catalog';
export { type ContextBudgetState } from './context-budget.svelte';
export { type LocalModel } from './local-model.svelte';
export { type ModelRunner, type RunnerModelRef, type RunnerSession } from './model-runner';
export { type TransformersState } from './transformers-backend.svelte';
export { type WebLLMState } from './webllm-backend.svelte';
export { type EmbeddingModelStatus } from './offline.svelte';
export { type LocalEngineState } from './local-engine.svelte';
export { type GgufState } from './gguf-backend.svelte';
export { GGUF_CATALOG, customGgufEntry, ggufChoiceProblem, type GgufModelEntry } from './gguf-catalog';
export { deviceModels, refreshDeviceModels, deviceModelKey, type DeviceModel } from './device-models';
export { type LocalModelRef } from './local-model.svelte';
export { loadingText } from './loading-text';
export { distinctDisplayNames, modelDisplayName } from './display-name';
