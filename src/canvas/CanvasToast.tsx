/** The canvas's own toast (its state is `use-canvas-toast.ts`): the message and a dismiss button. */
import type { Toast } from './use-canvas-toast';

export function CanvasToast({ toast, onDismiss }: { toast: Toast | null; onDismiss: () => void }) {
  if (toast === null) return null;
  return (
    <div
      key={toast.id}
      className={`lab-toast lab-toast--${toast.tone}`}
      role={toast.tone === 'error' ? 'alert' : 'status'}
      data-testid="canvas-toast"
    >
      <span>{toast.text}</span>
      <button type="button" className="lab-toast__close" aria-label="Dismiss" onClick={onDismiss}>
        ×
      </button>
    </div>
  );
}
