import type { ReactNode } from 'react';
import { Icon, type IconName } from './icons';

/** What a view shows while it has nothing: an icon, what is missing, and what to do about it. */
export function EmptyState({ icon, title, children }: { icon: IconName; title: string; children: ReactNode }) {
  return (
    <div className="empty">
      <div className="empty-icon">
        <Icon name={icon} size={28} />
      </div>
      <h2>{title}</h2>
      {children}
    </div>
  );
}
