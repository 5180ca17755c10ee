// For the TypeORM CLI: `npx typeorm migration:run -d dist/src/database/data-source.js` (needs DATABASE_URL).
import { DataSource } from 'typeorm';
import { dataSourceOptions } from './data-source-options.js';

const url = process.env.DATABASE_URL;
if (!url) throw new Error('DATABASE_URL is required for the migration CLI');

export const AppDataSource = new DataSource(dataSourceOptions(url));
