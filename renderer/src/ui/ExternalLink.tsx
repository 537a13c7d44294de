/**
 * Links out of Kith: a contact's web page, a new email to them.
 *
 * In Electron the page may not open windows or navigate (electron/main/
 * security.ts), so a click asks the host to open the link with the system
 * (`openExternal`, which takes http, https and mailto only). In browser mode
 * the page already is in a browser: the link opens as any link does — a web
 * page in a new tab, opened without a reference back to Kith (noopener), and
 * a mailto link in the mail app — so no host round trip can lose the click's
 * user gesture to a popup blocker.
 */
import { createContext, useContext, type ReactNode } from 'react';
import { isExternalUrl, type KithApi } from '../../../shared/host/contract';

/** How this window opens links: through the host, or (null) as the browser does. */
export const ExternalLinks = createContext<((url: string) => void) | null>(null);

/** The opener for Electron: the host opens the link; if it cannot, the page tries itself. */
export function hostOpener(api: Pick<KithApi, 'openExternal'>, onError: (message: string) => void): (url: string) => void {
  return (url) => {
    api.openExternal(url).then(
      ({ opened }) => {
        if (!opened) window.open(url, '_blank', 'noopener,noreferrer');
      },
      (error: unknown) => onError(error instanceof Error ? error.message : String(error)),
    );
  };
}

/** A link to a web page or an email address; anything else is shown as plain text, never as a link. */
export function ExternalLink({ href, children }: { href: string; children: ReactNode }) {
  const open = useContext(ExternalLinks);
  if (!isExternalUrl(href)) return <>{children}</>;
  const mail = href.toLowerCase().startsWith('mailto:');
  return (
    <a
      className="external-link"
      href={href}
      target={mail ? undefined : '_blank'}
      rel="noopener noreferrer"
      onClick={(event) => {
        // The chip around a link focuses its field on click; following a link is not editing it.
        event.stopPropagation();
        if (!open) return;
        event.preventDefault();
        open(href);
      }}
    >
      {children}
    </a>
  );
}
