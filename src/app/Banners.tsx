// Messages above the canvas: the worker crash banner and the notice list.
import { useEffect } from 'react';
import { useLabStore } from '../state/hooks';
import { NoticeBanner } from './NoticeBanner';

/** Info notices ("Opened the preset …") go away by themselves; errors stay until dismissed. */
const INFO_NOTICE_MS = 5000;

/**
 * Messages above the canvas: the crash banner (the worker died or hung, was restarted, and whether
 * the lab came back) and notices (a file that was refused, with what is wrong with it).
 */
export function Banners() {
  const crash = useLabStore((s) => s.crash);
  const notices = useLabStore((s) => s.notices);
  const dismissCrash = useLabStore((s) => s.dismissCrash);
  const dismissNotice = useLabStore((s) => s.dismissNotice);
  useEffect(() => {
    const timers = notices
      .filter((n) => n.tone === 'info')
      .map((n) => setTimeout(() => dismissNotice(n.id), INFO_NOTICE_MS));
    return () => {
      for (const t of timers) clearTimeout(t);
    };
  }, [notices, dismissNotice]);
  if (crash === null && notices.length === 0) return null;
  return (
    <div className="banners">
      {crash !== null && (
        <div
          className={`banner ${crash.restored === false ? 'banner--error' : 'banner--warning'}`}
          role="alert"
          data-testid="crash-banner"
          data-restored={crash.restored === null ? 'pending' : String(crash.restored)}
        >
          <strong className="banner__title">
            {/* "Stopped", not "crashed": the worker may have died, thrown, or hung and been stopped. */}
            {crash.restored === true ? 'The emulator was restarted' : 'The emulator stopped'}
          </strong>
          <span className="banner__text">{crash.message}</span>
          <button type="button" className="ui-button ui-button--small" onClick={dismissCrash}>
            Dismiss
          </button>
        </div>
      )}
      {notices.map((n) => (
        <NoticeBanner key={n.id} notice={n} onDismiss={dismissNotice} />
      ))}
    </div>
  );
}
