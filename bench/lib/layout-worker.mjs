/**
 * The map's layout worker (renderer/src/views/map/layout.worker.ts) as a
 * function in Node: request in, `{ positions, warnings }` out. The module is
 * bundled and run with a stand-in `self` (only while it loads and runs), and
 * cytoscape's console warnings (style bypasses, one per element) are counted,
 * not printed.
 */
import { loadTypeScript } from './bundle.mjs';

export async function loadLayoutWorker() {
  let reply = null;
  const standIn = { postMessage: (message) => (reply = message) };
  const withSelf = (fn) => {
    const had = Object.hasOwn(globalThis, 'self');
    const previous = globalThis.self;
    globalThis.self = standIn;
    try {
      return fn();
    } finally {
      if (had) globalThis.self = previous;
      else delete globalThis.self;
    }
  };
  const had = Object.hasOwn(globalThis, 'self');
  globalThis.self = standIn;
  try {
    await loadTypeScript('renderer/src/views/map/layout.worker.ts');
  } finally {
    if (!had) delete globalThis.self;
  }
  if (typeof standIn.onmessage !== 'function') throw new Error('layout.worker.ts set no self.onmessage');
  return (request) =>
    withSelf(() => {
      reply = null;
      const warn = console.warn;
      let warnings = 0;
      console.warn = () => warnings++;
      try {
        standIn.onmessage({ data: request });
      } finally {
        console.warn = warn;
      }
      if (!reply) throw new Error('the layout worker posted no reply');
      return { positions: reply.positions, warnings };
    });
}
