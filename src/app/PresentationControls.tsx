// Presentation mode's two controls: the header button that starts it and the slim strip that says how
// to leave it (the strip takes its own row above the canvas, so it never covers a node).

function ScreenIcon() {
  return (
    <svg viewBox="0 0 16 16" width="14" height="14" aria-hidden="true" focusable="false">
      <path
        d="M2 3.5h12v8H2zM6 14h4M8 11.5V14"
        fill="none"
        stroke="currentColor"
        strokeWidth="1.5"
        strokeLinejoin="round"
      />
    </svg>
  );
}

/** Header ▸ Present: canvas and decode bar only, full screen when the browser allows it. */
export function PresentButton({ onPresent }: { onPresent: () => void }) {
  return (
    <button
      type="button"
      className="ui-menubar-button app-header__present"
      onClick={onPresent}
      title="Presentation mode: canvas and decode bar only, larger type (Shift+P; Esc leaves)"
      data-testid="present-button"
    >
      <ScreenIcon />
      <span>Present</span>
    </button>
  );
}

/** The strip on top in presentation mode: the lab's name and the way out. */
export function PresentationBar({
  labName,
  fullscreen,
  onLeave,
}: {
  labName: string;
  fullscreen: boolean;
  onLeave: () => void;
}) {
  return (
    <div className="presentation-bar" data-testid="presentation-bar" data-fullscreen={fullscreen}>
      <span className="presentation-bar__name">{labName}</span>
      <button
        type="button"
        className="ui-button ui-button--small"
        onClick={onLeave}
        data-testid="presentation-leave"
      >
        Leave presentation (Esc)
      </button>
    </div>
  );
}
