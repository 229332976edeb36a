/** Where "now" comes from. Visibility is decided at read time against it, so tests control it. */
export interface Clock {
  now: () => Date
}

export const systemClock: Clock = { now: () => new Date() }
