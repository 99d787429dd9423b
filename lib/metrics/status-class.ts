/** An HTTP status as the bounded label the metrics use: 2xx, 3xx, 4xx or 5xx (1xx counts as 2xx). */
export function statusClass(status: number): "2xx" | "3xx" | "4xx" | "5xx" {
  if (status >= 500) return "5xx";
  if (status >= 400) return "4xx";
  if (status >= 300) return "3xx";
  return "2xx";
}
