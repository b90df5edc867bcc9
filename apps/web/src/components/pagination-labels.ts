// Accessible names for Pagination controls that never collide with the wizard's own buttons
// ("Next", "Back"), so tests and screen-reader users can tell them apart.
const CONTROL_NAMES: Record<string, string> = {
  first: 'First page',
  previous: 'Previous page',
  next: 'Following page',
  last: 'Last page',
};

export function paginationLabels(what: string) {
  return {
    getControlProps: (control: string) => ({
      'aria-label': `${CONTROL_NAMES[control] ?? control} of ${what}`,
    }),
    getItemProps: (page: number) => ({ 'aria-label': `${what} page ${page}` }),
  };
}
