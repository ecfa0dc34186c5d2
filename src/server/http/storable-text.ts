/**
 * Text PostgreSQL can store: well-formed Unicode without NUL. A NUL or an
 * unpaired surrogate in a request would otherwise fail deep inside a query
 * (a 500), so the /v1 door refuses it up front as a 400.
 */
export function isStorableText(value: string): boolean {
  return !value.includes("\u0000") && value.isWellFormed();
}

/** C0 controls and DEL. */
function isControl(codeUnit: number): boolean {
  return codeUnit < 0x20 || codeUnit === 0x7f;
}

/** Also refuses other control characters: path and query values never legitimately carry them. */
export function isPlainParameter(value: string): boolean {
  if (!isStorableText(value)) return false;
  for (let index = 0; index < value.length; index += 1) {
    if (isControl(value.charCodeAt(index))) return false;
  }
  return true;
}
