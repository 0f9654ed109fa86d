// One dismissable notice as a banner: only the embed shell uses it (the app has its toast stack).
import type { Notice } from '../state/types';

/** One notice above the canvas: its title, what is wrong (a refused file's problems), Dismiss. */
export function NoticeBanner({ notice, onDismiss }: { notice: Notice; onDismiss: (id: number) => void }) {
  const error = notice.tone === 'error';
  return (
    <div
      className={`banner ${error ? 'banner--error' : 'banner--info'}`}
      role={error ? 'alert' : 'status'}
      data-testid="notice"
      data-tone={notice.tone}
    >
      <div className="banner__body">
        <strong className="banner__title">{notice.title}</strong>
        {notice.details.length > 0 && (
          <ul className="banner__details">
            {notice.details.map((d) => (
              <li key={d}>{d}</li>
            ))}
          </ul>
        )}
      </div>
      <button type="button" className="ui-button ui-button--small" onClick={() => onDismiss(notice.id)}>
        Dismiss
      </button>
    </div>
  );
}
