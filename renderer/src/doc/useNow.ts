import { useEffect, useState } from 'react';
import { systemTimeZone } from '../../../shared/doc/days';

/**
 * The current time, refreshed every `everyMs` (and when the window becomes
 * visible again, so a laptop waking from sleep shows the right state).
 */
export function useNow(everyMs = 30_000): Date {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const tick = () => setNow(new Date());
    const timer = setInterval(tick, everyMs);
    document.addEventListener('visibilitychange', tick);
    return () => {
      clearInterval(timer);
      document.removeEventListener('visibilitychange', tick);
    };
  }, [everyMs]);
  return now;
}

/** The user's time zone: where due days begin and end. */
export const TIME_ZONE = systemTimeZone();
