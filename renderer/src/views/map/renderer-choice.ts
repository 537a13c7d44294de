/**
 * Which cytoscape renderer draws the map: its WebGL renderer
 * (`renderer: { name: 'canvas', webgl: true }`, cytoscape ≥ 3.31) on a
 * machine with a GPU, for a network large enough to need it; its 2D canvas
 * otherwise. On software rendering (SwiftShader, llvmpipe) WebGL is the slower
 * of the two — frames of seconds at 5,000 people here — so the choice reads
 * which renderer WebGL runs on.
 */
import { GROUPED_ABOVE } from '../../../../shared/analytics/map-groups';

export type MapRenderer = 'webgl' | 'canvas';

/** GPU strings of WebGL implementations that run on the CPU. */
const SOFTWARE = /swiftshader|llvmpipe|softpipe|software|basic render driver|mesa offscreen|lavapipe/i;

/**
 * WebGL's renderer for the map: `webglRenderer` is WebGL's unmasked renderer
 * string (null when the page has no WebGL at all); `people` the network's size.
 */
export function chooseRenderer(webglRenderer: string | null, people: number): MapRenderer {
  if (people <= GROUPED_ABOVE || !webglRenderer) return 'canvas';
  return SOFTWARE.test(webglRenderer) ? 'canvas' : 'webgl';
}

let probed: string | null | undefined;

/**
 * The GPU behind this page's WebGL (UNMASKED_RENDERER_WEBGL, or the plain
 * RENDERER where the debug extension is withheld), or null without WebGL.
 * Probed once, on a throwaway canvas whose context is released at once.
 */
export function webglRendererName(): string | null {
  if (probed !== undefined) return probed;
  probed = null;
  try {
    const canvas = document.createElement('canvas');
    const gl = (canvas.getContext('webgl2') ?? canvas.getContext('webgl')) as WebGLRenderingContext | null;
    if (gl) {
      const info = gl.getExtension('WEBGL_debug_renderer_info');
      probed = String(gl.getParameter(info ? info.UNMASKED_RENDERER_WEBGL : gl.RENDERER) ?? '') || null;
      gl.getExtension('WEBGL_lose_context')?.loseContext();
    }
  } catch {
    // No WebGL (blocked, or a driver that throws): the canvas renderer draws.
  }
  return probed;
}
