// The multi-host layout (`fabric-layout.ts`), loaded once a lab with a fabric is open: most labs are single-host.
import { deferred } from '../../lib/deferred';

export const fabricLayout = deferred(() => import('./fabric-layout'));
