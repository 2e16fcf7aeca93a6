// Types of standard-forms.js (plain JavaScript, so that the bundle script runs without a build).
export declare const OPEN_ENUM_MARKER: 'x-scalingo-open-enum';
export declare const OTHER_VALUE_DESCRIPTION: string;
/** The known values of an open enumeration in the bundle's form or the source's, or null. */
export declare function openEnumValues(schema: unknown): string[] | null;
/** One schema in the standard form: an open enumeration as an `anyOf`, a `const` with its `enum`, a type list with an array or object as a `oneOf`. */
export declare function toStandardForm(schema: Record<string, unknown>): Record<string, unknown>;
/** An open enumeration in the source's form (`enum` and the marker), whichever form it is in. */
export declare function toMarkedForm(schema: Record<string, unknown>): Record<string, unknown>;
/** Every schema of a bundled document in the standard form. */
export declare function standardise<T>(doc: T): T;
