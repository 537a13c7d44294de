/**
 * Injected into a blank page of the app's origin as the map baseline: bare
 * cytoscape (its own bundled copy) with its default style, the app's
 * viewport options (hideEdgesOnViewport, textureOnViewport, the same wheel
 * sensitivity and zoom bounds, so one scripted gesture shows the same views)
 * and a preset layout of the same elements and positions.
 *
 * The container carries `data-testid="map"` and the instance as its `cy`
 * property, like the app's map, so the same page probes drive both.
 */
import cytoscape from 'cytoscape';

const twoFrames = () => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));

window.__kithBench = {
  ...window.__kithBench,
  /** Keeps the elements in the page (untimed), so the timed call does not include their transfer. */
  setMapElements(elements) {
    this.mapElements = elements;
    return elements.length;
  },
  /**
   * Times cytoscape({ … }) until two animation frames after it returns
   * (its first draw happens in its own animation frame). `webgl` picks the
   * WebGL renderer (cytoscape ≥ 3.31) instead of the 2D canvas one.
   */
  async bareMapFirstRenderMs({ width, height, webgl = false }) {
    document.querySelector('[data-testid="map"]')?.remove();
    const container = document.createElement('div');
    container.dataset.testid = 'map';
    container.style.cssText = `position:absolute;left:0;top:0;width:${width}px;height:${height}px`;
    document.body.append(container);
    const start = performance.now();
    const cy = cytoscape({
      container,
      elements: this.mapElements,
      layout: { name: 'preset', fit: true, padding: 40 },
      wheelSensitivity: 0.3,
      minZoom: 0.05,
      maxZoom: 4,
      hideEdgesOnViewport: true,
      textureOnViewport: true,
      boxSelectionEnabled: false,
      ...(webgl ? { renderer: { name: 'canvas', webgl: true } } : {}),
    });
    container.cy = cy;
    await twoFrames();
    return { ms: performance.now() - start, nodes: cy.nodes().length, edges: cy.edges().length, zoom: cy.zoom() };
  },
};
