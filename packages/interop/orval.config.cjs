// orval's fetch client JSON-parses every answer (orval 7.13), which throws on the PEM certificate
// and on a text/plain 429; its documented way out is a mutator, here src/orval-fetch.ts, which
// reads each answer by its Content-Type. (CommonJS: orval 7.13 reads an ES module's namespace,
// not its default export, as the config.)
module.exports = {
  scalingo: {
    input: { target: require.resolve('@scalingo-db-api/openapi/openapi.json') },
    output: {
      target: 'generated/orval/api.ts',
      client: 'fetch',
      mode: 'single',
      override: { mutator: { path: 'src/orval-fetch.ts', name: 'orvalFetch' } },
    },
  },
};
