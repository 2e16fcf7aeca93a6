// The contract machinery of the mock, for the other tools of this repository that check answers
// against the same spec (the verifier, @scalingo-db-api/verify): the bundled document, its
// operation model and the validators the mock compiles from it. One Ajv setup, one `$ref`
// resolution, shared.

/** The known values of an open enumeration in either of its forms (null when not one). */
export { openEnumValues } from '@scalingo-db-api/openapi/standard-forms';
export { bundledSpec, bundledValidators } from './bundled.js';
export {
  type ApiModel,
  buildApiModel,
  declaresStatus,
  escapePointer,
  findResponse,
  getByPointer,
  type HttpMethod,
  type JsonObject,
  type MediaModel,
  type OperationModel,
  type ParameterModel,
  type ResponseModel,
  type RouteMatch,
  unescapePointer,
} from './openapi.js';
export {
  type CompiledOperation,
  ContractValidator,
  compileOperation,
  type FieldErrors,
  fieldErrors,
  type ParameterValidator,
  type Precompiled,
  resolveSchema,
  resolveSchemaPointer,
  responseHeadersValidator,
} from './validation.js';
