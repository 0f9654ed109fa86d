/**
 * A hidden file input opened by a visible button (through `inputRef`): hands the picked file to
 * `onFile` and clears itself, so picking the same file again fires again.
 */
import type { Ref } from 'react';

export function HiddenFileInput({
  inputRef,
  accept,
  testId,
  onFile,
}: {
  inputRef: Ref<HTMLInputElement>;
  accept: string;
  testId: string;
  onFile: (file: File) => void;
}) {
  return (
    <input
      ref={inputRef}
      type="file"
      accept={accept}
      hidden
      data-testid={testId}
      onChange={(e) => {
        const file = e.target.files?.[0];
        e.target.value = '';
        if (file !== undefined) onFile(file);
      }}
    />
  );
}
