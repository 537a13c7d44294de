import { describe, expect, it } from 'vitest';
import { GROUPED_ABOVE } from '../../../../shared/analytics/map-groups';
import { chooseRenderer } from './renderer-choice';

const LARGE = 30_000;

describe('chooseRenderer', () => {
  it('draws a large network with WebGL on a GPU', () => {
    expect(chooseRenderer('ANGLE (NVIDIA, NVIDIA GeForce RTX 3060 Direct3D11 vs_5_0 ps_5_0, D3D11)', LARGE)).toBe('webgl');
    expect(chooseRenderer('Apple M2', LARGE)).toBe('webgl');
    expect(chooseRenderer('Mesa Intel(R) UHD Graphics 620 (KBL GT2)', LARGE)).toBe('webgl');
  });

  it('keeps the canvas on software rendering, where WebGL is the slower', () => {
    expect(chooseRenderer('ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device (Subzero) (0x0000C0DE)), SwiftShader driver)', LARGE)).toBe('canvas');
    expect(chooseRenderer('llvmpipe (LLVM 15.0.6, 256 bits)', LARGE)).toBe('canvas');
    expect(chooseRenderer('Microsoft Basic Render Driver', LARGE)).toBe('canvas');
  });

  it('keeps the canvas without WebGL', () => {
    expect(chooseRenderer(null, LARGE)).toBe('canvas');
  });

  it('keeps the canvas for a small network, GPU or not', () => {
    expect(chooseRenderer('Apple M2', GROUPED_ABOVE)).toBe('canvas');
    expect(chooseRenderer('Apple M2', GROUPED_ABOVE + 1)).toBe('webgl');
  });
});
