import { InitialCoreSchema1764160000000 } from './1764160000000-initial-core-schema';

/** Listed explicitly, in order: no glob loading, so a build ships exactly these. */
export const coreMigrations = [InitialCoreSchema1764160000000];
