// Progress and Cancel for the running long operation (fill, verify, memory restore).
import { formatBytes } from '../lib/format';
import { useLabStore } from '../state/hooks';
import { ProgressBar } from '../ui/ProgressBar';

/**
 * The running long operation (fill, verify, restoring memory): what it is, how far it got, and
 * Cancel. The emulator works in its worker, so the rest of the lab stays usable meanwhile.
 */
export function OperationBar() {
  const operation = useLabStore((s) => s.operation);
  const cancel = useLabStore((s) => s.cancelOperation);
  if (operation === null) return null;
  const percent = operation.total > 0 ? Math.floor((operation.done / operation.total) * 100) : 0;
  return (
    <div className="operation-bar" data-testid="operation-bar" aria-live="polite">
      <span className="operation-bar__label">{operation.cancelling ? 'Cancelling…' : operation.label}</span>
      <ProgressBar value={operation.done} max={operation.total} label={operation.label} />
      <span className="operation-bar__amount ui-mono" data-testid="operation-progress">
        {formatBytes(operation.done)} of {formatBytes(operation.total)} ({percent}%)
      </span>
      {operation.cancellable && (
        <button
          type="button"
          className="ui-button ui-button--small"
          onClick={cancel}
          disabled={operation.cancelling}
          data-testid="operation-cancel"
        >
          Cancel
        </button>
      )}
    </div>
  );
}
