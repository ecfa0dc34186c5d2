/**
 * Text PostgreSQL can store: well-formed Unicode without NUL. A NUL or an
 * unpaired surrogate in a request would otherwise fail deep inside a query
 * (a 500), so the /v1 door refuses it up front as a 400.
 */
export function isStorableText(value: string): boolean {
  return !value.includes("\u0000") && value.isWellFormed();
}

/** Also refuses other control characters: path and query values never legitimately carry them. */
export function isPlainParameter(value: string): boolean {
  return isStorableText(value) && !/[\u0000-\u001f\u007f]/.test(value);
}
