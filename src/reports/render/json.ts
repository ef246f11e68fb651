/** The report object as JSON, indented for people who open the file. */
export function renderJson(report: object): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
