import { api } from '../../../../../lib/api-client.ts';

/** Hands a file to the browser's download manager without keeping it anywhere. */
export function saveFile(fileName: string, content: string): void {
  const url = URL.createObjectURL(new Blob([content], { type: 'application/json' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.rel = 'noopener';
  document.body.append(link);
  link.click();
  link.remove();
  // Revoke after the click has been handled so the download can start.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

/** The server's `<robot name>.json` (Harbor's create response), available until the hand-off is confirmed. */
export async function downloadRobotExport(id: string, fileName: string): Promise<void> {
  saveFile(fileName, await api.GET('robotExport', { params: { id } }));
}
