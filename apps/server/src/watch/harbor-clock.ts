// A Harbor's own clock, as its answers give it: Go's net/http stamps every answer with `Date` from the
// host's clock (`chunkWriter.writeHeader` in net/http/server.go, http.TimeFormat, whole seconds).
// Harbor enforces a robot's `expires_at` with that clock (server/middleware/security/robot.go
// `Generate`: `robot.ExpiresAt <= time.Now().Unix()` on the Harbor host refuses the login), so the
// days a robot has left are counted from Harbor's now, not the wizard server's.

/**
 * Below this, a difference is the header's one-second resolution and the answer's way back, not a
 * clock that is off: reported as 0, so a summary does not change from poll to poll for nothing.
 */
export const CLOCK_SKEW_TOLERANCE_SECONDS = 5;

/**
 * How far Harbor's clock runs ahead of ours (seconds; negative: behind), from the `Date` header of
 * an answer received at `receivedAtMs` on our clock; null when the header is absent or unreadable.
 */
export function clockSkewSeconds(dateHeader: string | null, receivedAtMs: number): number | null {
  if (!dateHeader) return null;
  const stamped = Date.parse(dateHeader);
  if (!Number.isFinite(stamped)) return null;
  // The header drops the milliseconds: Harbor's time was somewhere in the second it names.
  const skew = (stamped + 500 - receivedAtMs) / 1000;
  return Math.abs(skew) < CLOCK_SKEW_TOLERANCE_SECONDS ? 0 : Math.round(skew);
}
