// Migrations in order; listed explicitly so the app and the CLI load the same set without globbing.
import { InitialSchema1763900000000 } from './1763900000000-initial-schema.js';

export const MIGRATIONS = [InitialSchema1763900000000];
