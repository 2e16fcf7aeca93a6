// The bundled contract shipped by @scalingo-db-api/openapi, and the validators the build compiled
// for it ahead of time (dist/precompiled.js, written by scripts/precompile.mjs).
import document from '@scalingo-db-api/openapi/openapi.json' with { type: 'json' };
import type { JsonObject } from './openapi.js';
import type { Precompiled } from './validation.js';

export const bundledSpec = document as unknown as JsonObject;

async function loadPrecompiled(): Promise<Precompiled | undefined> {
  // Absent when running from the sources (tests) or before the build: validators are then
  // compiled at run time, on first use. A variable specifier keeps bundlers from requiring it.
  const specifier = './precompiled.js';
  try {
    return (await import(/* @vite-ignore */ specifier)) as Precompiled;
  } catch {
    return undefined;
  }
}

export const bundledValidators: Precompiled | undefined = await loadPrecompiled();
