// Finding generated secret markers in output. Markers are alphanumeric, so no escaping a
// reporter does (HTML, JSON, CSV, XML) can hide one; the search ignores case all the same.

export function leakedMarkers(output: string, markers: readonly string[]): string[] {
  const haystack = output.toLowerCase();
  return markers.filter((marker) => haystack.includes(marker.toLowerCase()));
}
