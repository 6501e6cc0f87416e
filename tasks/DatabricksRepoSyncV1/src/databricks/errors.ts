// The one error type for a failed Databricks call; databricks/failureMessage.ts writes its message and fix.

export class DatabricksError extends Error {
  constructor(
    message: string,
    /** what was being done, e.g. "creating the Git folder /Repos/ci/app" */
    public readonly operation: string,
    /** HTTP status, 0 when no answer came */
    public readonly status: number,
    /** Databricks error_code, e.g. RESOURCE_DOES_NOT_EXIST */
    public readonly errorCode: string | undefined,
    /** Databricks' own message, neutralised */
    public readonly serverMessage: string | undefined,
    /** the answer's Retry-After header, for a caller that sends a create again after reading state */
    public readonly retryAfter?: string,
  ) {
    super(message);
    this.name = 'DatabricksError';
  }
}
