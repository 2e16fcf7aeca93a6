// `@scalingo-db-api/client/meta`: the client described as data, for tools that build on it (the
// docs build reads it to write each operation's facade sample). Calling the API needs none of it.
export {
  facade,
  facadeMethods,
  type OperationId,
  type OperationTable,
  operations,
} from './generated/operations.js';
