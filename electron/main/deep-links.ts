/**
 * Deep links from the system (`kith://person/<id>`, `kith://note/<id>`;
 * shared/host/deep-link.ts) to the window:
 *
 *   first launch: argv ─┐
 *   second instance: argv (single-instance forwarding) ─┼─► handle(text) ── malformed: refused, said
 *   macOS: 'open-url' ──┘                                    │ well-formed
 *                               window ready (it asked `pendingDeepLink`)?
 *                                  yes ─► `deepLink` event      no ─► kept until it asks
 *
 * Only the newest link waits: a window that comes up shows the last place
 * asked for.
 */
import { deepLinkArgument, parseDeepLink, type DeepLink } from '../../shared/host/deep-link';

export interface DeepLinkRouterOptions {
  /** Sends the link to the window; false when there is none that can take it now. */
  send(link: DeepLink): boolean;
  report?(message: string): void;
}

export class DeepLinkRouter {
  private pending: DeepLink | null = null;
  private windowReady = false;

  constructor(private readonly options: DeepLinkRouterOptions) {}

  /** Takes a link from the system. Returns what became of it. */
  handle(text: string | null): 'shown' | 'kept' | 'refused' | 'none' {
    if (text === null) return 'none';
    const link = parseDeepLink(text);
    if (!link) {
      this.options.report?.(`Kith: refused a link it cannot open (${JSON.stringify(text.slice(0, 80))}); links look like kith://person/<id> or kith://note/<id>.`);
      return 'refused';
    }
    if (this.windowReady && this.options.send(link)) return 'shown';
    this.pending = link;
    return 'kept';
  }

  /** The link in a command line (first launch or a second instance), if any. */
  handleArgv(argv: readonly string[]): ReturnType<DeepLinkRouter['handle']> {
    return this.handle(deepLinkArgument(argv));
  }

  /** The window asks once it is up: the kept link, once. From then on links are sent to it. */
  take(): DeepLink | null {
    this.windowReady = true;
    const link = this.pending;
    this.pending = null;
    return link;
  }

  /** A new window is loading: links wait until it asks. */
  windowLoading(): void {
    this.windowReady = false;
  }
}
