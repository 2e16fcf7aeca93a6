// The bundled contract shipped by @scalingo-db-api/openapi.
import document from '@scalingo-db-api/openapi/openapi.json' with { type: 'json' };
import type { JsonObject } from './openapi.js';

export const bundledSpec = document as unknown as JsonObject;
