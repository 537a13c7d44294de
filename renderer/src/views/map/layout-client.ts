import type { LayoutRequest, LayoutResult, Position } from './layout-messages';

/** Runs force layouts in a worker, one at a time; a newer request supersedes a waiting one. */
export class LayoutClient {
  private readonly worker = new Worker(new URL('./layout.worker.ts', import.meta.url), { type: 'module' });
  private nextId = 1;
  private readonly pending = new Map<number, (positions: Record<string, Position>) => void>();

  constructor() {
    this.worker.onmessage = (event: MessageEvent<LayoutResult>) => {
      const resolve = this.pending.get(event.data.id);
      this.pending.delete(event.data.id);
      resolve?.(event.data.positions);
    };
  }

  layout(request: Omit<LayoutRequest, 'id'>): Promise<Record<string, Position>> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.pending.set(id, resolve);
      this.worker.postMessage({ ...request, id } satisfies LayoutRequest);
    });
  }

  destroy(): void {
    this.worker.terminate();
    this.pending.clear();
  }
}
