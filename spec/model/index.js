// @ts-check
// `@scalingo-db-api/openapi/model`: the one reader of the OpenAPI document, shared by the lint
// rules, the client generator, the mock, the docs build and the tests. The Ajv setup is apart
// (`@scalingo-db-api/openapi/ajv`) so that reading the document needs no validator.
export * from './document.js';
export * from './extensions.js';
export * from './retry.js';
export * from './root-key.js';
export * from './source-files.js';
