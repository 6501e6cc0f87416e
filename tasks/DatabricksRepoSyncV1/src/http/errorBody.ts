// The error_code and message an error answer carries, read the one way both the retry rules (retryPolicy.ts) and the
// user's message (databricks/failureMessage.ts) read them, so they never disagree on what a server said.

/** An error answer's fields as the server wrote them: not cleaned, not cut (callers do that for the log). */
export interface ErrorFields {
  errorCode?: string;
  message?: string;
}

/**
 * Databricks JSON `{error_code, message}`, legacy `{error}`, SCIM `{detail}`, or the plain `CODE: message` some
 * gateways send; `{}` for any other body (HTML, empty, not JSON).
 */
export function errorFields(text: string): ErrorFields {
  const body = text.trim();
  const coded = /^([A-Z][A-Z0-9_]+):\s*([\s\S]*)$/.exec(body);
  if (coded) return { errorCode: coded[1], message: coded[2] };
  if (!body.startsWith('{')) return {};
  try {
    const parsed = JSON.parse(body) as Record<string, unknown>;
    const message = nonBlank(parsed, 'message') ?? nonBlank(parsed, 'error') ?? nonBlank(parsed, 'detail');
    return { errorCode: nonBlank(parsed, 'error_code'), message };
  } catch {
    return {};
  }
}

function nonBlank(record: Record<string, unknown>, name: string): string | undefined {
  const value = record[name];
  return typeof value === 'string' && value.trim() ? value : undefined;
}
