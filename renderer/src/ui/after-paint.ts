/**
 * Runs `work` in a task of its own once the browser has painted what is on
 * screen now, so heavy drawing (a chart, a cytoscape picture) is neither part
 * of the task that rendered the page nor of another drawing's task. Returns
 * a cancel, for an effect's cleanup.
 */
export function afterPaint(work: () => void): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const frame = requestAnimationFrame(() => (timer = setTimeout(work, 0)));
  return () => {
    cancelAnimationFrame(frame);
    clearTimeout(timer);
  };
}
