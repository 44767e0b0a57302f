/**
 * What the fit rules need to know about a transformers.js catalog entry. Pure.
 * WebLLM entries use `toRequirements` in providers/webllm/catalog.ts.
 */
import type { HardwareProfile } from '../../platform/hardware/detect';
import { chooseDevice } from '../../platform/hardware/device';
import type { ModelRequirements } from '../../platform/hardware/fit';
import type { Device } from '../../platform/protocol/llm';
import type { DevicePreference } from '../../core/settings';
import type { TransformersModelEntry } from './catalog';

/**
 * Which device a transformers.js model would run on with this preference and hardware: the
 * load's own choice (`hardware/device.ts`), so the prediction and the load agree.
 */
export function expectedDevice(preference: DevicePreference, profile: HardwareProfile | null): Device {
  return chooseDevice(preference, profile?.webgpu ?? null).device;
}

function parametersB(text: string): number | null {
  const m = /^([\d.]+)\s*([MB])$/i.exec(text.trim());
  if (!m) return null;
  const n = Number(m[1]);
  return m[2]!.toUpperCase() === 'B' ? n : n / 1000;
}

/**
 * GPU memory of an ONNX model on WebGPU: the weights plus activations and KV cache; taken as
 * 1.3x the download (an estimate, shown as such).
 */
export function transformersVramMB(entry: TransformersModelEntry, device: Device): number | null {
  const mb = entry.sizeMB[device];
  return device === 'webgpu' && mb !== null ? Math.round(mb * 1.3) : null;
}

export function transformersRequirements(
  entry: TransformersModelEntry,
  device: Device,
  cached: boolean,
): ModelRequirements {
  const mb = entry.sizeMB[device];
  const dtype = entry.dtype[device] ?? '';
  return {
    modelId: entry.id,
    backend: 'transformers',
    device,
    vramRequiredMB: transformersVramMB(entry, device),
    requiredFeatures: device === 'webgpu' && /f16/.test(dtype) ? ['shader-f16'] : [],
    downloadBytes: mb !== null ? mb * 1024 * 1024 : null,
    cached,
    parametersB: parametersB(entry.parameters),
  };
}
