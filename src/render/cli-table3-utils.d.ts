// Types for the one cli-table3 internal module we touch (see cli-table3-patch.ts).
declare module 'cli-table3/src/utils.js' {
  const utils: {
    truncate: (text: string, width: number, truncateChar?: string) => string;
    strlen: (text: string) => number;
  };
  export default utils;
}
