// Loads the crash recovery (`crash-recovery.ts`) once: on the first crash, or on idle after the first paint.
import { deferred } from '../lib/deferred';

const crashRecovery = deferred(() => import('./crash-recovery.ts'));

export const loadCrashRecovery = () => crashRecovery.load();
