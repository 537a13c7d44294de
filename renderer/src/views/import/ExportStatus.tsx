import { useEffect, useSyncExternalStore } from 'react';
import { cancelExport, dismissExport, exportState, type ExportKind, type ExportState } from './exports';

const WHAT: Record<ExportKind, string> = { vcard: 'contacts (vCard)', csv: 'contacts (CSV)', backup: 'a backup of everything', ics: 'follow-ups (ICS)' };

/** How long "Saved …" stays. */
const SAVED_MS = 8000;

export function useExportState(): ExportState {
  return useSyncExternalStore(exportState.subscribe, exportState.get);
}

/** The running or just finished export, wherever it was started (Import and export, People, the palette). */
export function ExportStatus() {
  const current = useExportState();
  useEffect(() => {
    if (current?.phase !== 'saved') return;
    const timer = setTimeout(dismissExport, SAVED_MS);
    return () => clearTimeout(timer);
  }, [current]);
  if (!current) return null;
  if (current.phase === 'saved' || current.phase === 'failed') {
    return (
      <div className="toast export-toast" role={current.phase === 'failed' ? 'alert' : 'status'} data-testid="export-status">
        <span>
          {current.phase === 'failed'
            ? current.message
            : `Saved ${current.fileName}${current.people === null ? '' : ` (${current.people.toLocaleString()} ${current.people === 1 ? 'person' : 'people'})`}.`}
        </span>
        <button type="button" className="button button-quiet" onClick={dismissExport}>
          Close
        </button>
      </div>
    );
  }
  const writing = current.phase === 'writing';
  return (
    <div className="toast export-toast" role="status" data-testid="export-status">
      <span>
        {writing ? `Exporting ${WHAT[current.kind]}: ${current.done.toLocaleString()} of ${current.total.toLocaleString()}` : `Preparing ${WHAT[current.kind]}…`}
      </span>
      <progress className="export-progress" aria-label="Export progress" max={writing ? current.total : undefined} value={writing ? current.done : undefined} />
      <button type="button" className="button button-quiet" onClick={cancelExport}>
        Cancel
      </button>
    </div>
  );
}
