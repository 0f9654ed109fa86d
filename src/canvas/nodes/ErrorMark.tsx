// The red "!" mark a canvas card shows when one of its decoders failed to commit.

/** A red "!" whose hover text is why a decoder failed to commit. */
export function ErrorMark({ reason }: { reason: string | null }) {
  if (reason === null) return null;
  return (
    <span className="lab-error-mark" title={reason} role="img" aria-label={`Decoder error: ${reason}`}>
      !
    </span>
  );
}
