// The `scalingo` Redocly plugin: the lint rules that pin this API's conventions (spec/README.md).
// Each rule reports a message that names the operation (or the schema) and the location.
import DiscrepancyShape from './discrepancy-shape.js';
import DiscriminatorValue from './discriminator-value.js';
import EnginesShape from './engines-shape.js';
import FinalStatusesShape from './final-statuses-shape.js';
import InferredShape from './inferred-shape.js';
import NoDuplicateInlineSchema from './no-duplicate-inline-schema.js';
import NoInlineBodySchema from './no-inline-body-schema.js';
import NonJsonAnswer from './non-json-answer.js';
import OpenEnumShape from './open-enum-shape.js';
import OperationDocumented from './operation-documented.js';
import OperationEvidence from './operation-evidence.js';
import OperationFacade from './operation-facade.js';
import OperationIdCamelCase from './operation-id-camel-case.js';
import OperationSingleTag from './operation-single-tag.js';
import OperationUnauthorizedResponse from './operation-unauthorized-response.js';
import PathParameterDocumented from './path-parameter-documented.js';
import RequestBodyExample from './request-body-example.js';
import ResponseRooted from './response-rooted.js';
import RetryPolicyShape from './retry-policy-shape.js';
import SharedErrorResponses from './shared-error-responses.js';
import SuccessResponseExample from './success-response-example.js';
import TypedBranches from './typed-branches.js';

export default function scalingoPlugin() {
  return {
    id: 'scalingo',
    rules: {
      oas3: {
        'operation-id-camel-case': OperationIdCamelCase,
        'operation-documented': OperationDocumented,
        'operation-single-tag': OperationSingleTag,
        'operation-evidence': OperationEvidence,
        'operation-facade': OperationFacade,
        'operation-unauthorized-response': OperationUnauthorizedResponse,
        'shared-error-responses': SharedErrorResponses,
        'success-response-example': SuccessResponseExample,
        'request-body-example': RequestBodyExample,
        'response-rooted': ResponseRooted,
        'path-parameter-documented': PathParameterDocumented,
        'no-inline-body-schema': NoInlineBodySchema,
        'no-duplicate-inline-schema': NoDuplicateInlineSchema,
        'discrepancy-shape': DiscrepancyShape,
        'open-enum-shape': OpenEnumShape,
        'final-statuses-shape': FinalStatusesShape,
        'engines-shape': EnginesShape,
        'retry-policy-shape': RetryPolicyShape,
        'discriminator-value': DiscriminatorValue,
        'typed-branches': TypedBranches,
        'non-json-answer': NonJsonAnswer,
        'inferred-shape': InferredShape,
      },
    },
  };
}
