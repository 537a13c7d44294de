import type { ViewInfo } from '../Sidebar';
import { Icon } from '../ui/icons';

/** An honest placeholder for a section that is not built yet: what it will do, and no pretend data. */
export function ComingView({ view }: { view: ViewInfo }) {
  return (
    <section className="view" aria-labelledby="coming-title">
      <header className="view-header">
        <h1 id="coming-title">{view.label}</h1>
      </header>
      <div className="empty">
        <div className="empty-icon">
          <Icon name={view.icon} size={28} />
        </div>
        <h2>Coming in a later version</h2>
        <p>{view.purpose}</p>
        <p className="muted">Nothing here yet — your people are in People.</p>
      </div>
    </section>
  );
}
