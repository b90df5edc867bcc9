// Records file downloads (links with a `download` attribute) instead of letting happy-dom navigate.
export type RecordedDownload = { fileName: string; href: string };

export const downloads: RecordedDownload[] = [];

export function recordDownloads(): void {
  const original = Object.getOwnPropertyDescriptor(HTMLElement.prototype, 'click');
  Object.defineProperty(HTMLAnchorElement.prototype, 'click', {
    configurable: true,
    value(this: HTMLAnchorElement) {
      if (this.hasAttribute('download')) {
        downloads.push({ fileName: this.download, href: this.href });
        return;
      }
      (original?.value as ((this: HTMLElement) => void) | undefined)?.call(this);
    },
  });
}
