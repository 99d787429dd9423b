/** OData v2 JSON dates, as Exact sends them: "/Date(1720041459380)/" (EXACT_ONLINE.md "REST calls"). */
export function odataDate(ms: number): string {
  return `/Date(${ms})/`;
}
