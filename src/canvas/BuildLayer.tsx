/**
 * What building from scratch adds to the canvas's deferred editing layer (`CanvasEdits.tsx`): the
 * context menu, the keyboard connect dialog and the next-step strip's actions, over the build edits
 * (`use-build-edits.ts`) and menu (`use-canvas-menu.ts`). The strip itself is in the first paint.
 */
import { lazy, type RefObject, Suspense, useCallback } from 'react';
import { useLabStoreApi } from '../state/hooks';
import type { NextAction } from './next-step';
import { useBuildEdits } from './use-build-edits';
import type { EditApply } from './use-canvas-edits';
import { useCanvasMenu } from './use-canvas-menu';
import type { Notify } from './use-canvas-toast';
import { useHandleHit } from './use-handle-hit';
import { useLinkClearance } from './use-link-clearance';

// The menu and the connect and rename dialogs load the first time one opens.
const CanvasContextMenu = lazy(() =>
  import('./CanvasContextMenu').then((m) => ({ default: m.CanvasContextMenu })),
);
const ConnectDialog = lazy(() => import('./ConnectDialog').then((m) => ({ default: m.ConnectDialog })));
const RenameDialog = lazy(() => import('./RenameDialog').then((m) => ({ default: m.RenameDialog })));

export interface BuildLayerDeps {
  edits: EditApply;
  notify: Notify;
  wrapper: RefObject<HTMLDivElement | null>;
  autoLayout: () => Promise<void>;
  zoomToFit: () => void;
  paused: boolean;
  onRegions: () => void;
}

export function useBuildLayer(deps: BuildLayerDeps) {
  const store = useLabStoreApi();
  const edits = useBuildEdits(deps.edits, deps.notify);
  useHandleHit(deps.wrapper);
  useLinkClearance(deps.wrapper);
  const autoLayout = useCallback(() => void deps.autoLayout(), [deps.autoLayout]);
  const menu = useCanvasMenu({
    edits: deps.edits,
    build: edits,
    wrapper: deps.wrapper,
    autoLayout,
    zoomToFit: deps.zoomToFit,
    paused: deps.paused,
    notify: deps.notify,
  });
  const { onRegions } = deps;
  const { openConnect } = menu;
  const onHintAction = useCallback(
    (action: NextAction) => {
      if (action.kind === 'regions') onRegions();
      else if (action.kind === 'console') store.getState().setDockTab('console');
      else if (action.kind === 'connect') openConnect(action.child);
      else void edits.runEdit(action);
    },
    [onRegions, store, openConnect, edits],
  );
  return { edits, menu, onHintAction };
}

export function BuildLayer({
  build,
  wrapper,
}: {
  build: ReturnType<typeof useBuildLayer>;
  wrapper: RefObject<HTMLDivElement | null>;
}) {
  const { menu, edits } = build;
  const box = wrapper.current?.getBoundingClientRect();
  return (
    <>
      {menu.menu !== null && (
        <Suspense fallback={null}>
          <CanvasContextMenu
            menu={menu.menu}
            bounds={{ width: box?.width ?? 800, height: box?.height ?? 600 }}
            onClose={menu.closeMenu}
          />
        </Suspense>
      )}
      {menu.connect !== null && (
        <Suspense fallback={null}>
          <ConnectDialog
            request={menu.connect}
            onClose={() => menu.setConnect(null)}
            onChoose={(choice) => {
              const child = menu.connect?.child;
              menu.setConnect(null);
              if (child !== undefined) void edits.moveBelow(choice.node, choice.handle, child);
            }}
          />
        </Suspense>
      )}
      {menu.rename !== null && (
        <Suspense fallback={null}>
          <RenameDialog id={menu.rename} onClose={() => menu.setRename(null)} />
        </Suspense>
      )}
    </>
  );
}
