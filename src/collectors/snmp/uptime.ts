/**
 * Notices agent restarts: sysUpTime (hundredths of a second since the agent
 * started) going back means the agent restarted and its counters may have
 * started over. A wrap of sysUpTime after 497 days looks the same; it costs
 * one missed rate, which is harmless.
 */
export class UptimeWatch {
  private last: number | undefined;

  /** True when this uptime is lower than the previous one; an absent uptime changes nothing. */
  restarted(uptime: number | undefined): boolean {
    if (uptime === undefined) return false;
    const wentBack = this.last !== undefined && uptime < this.last;
    this.last = uptime;
    return wentBack;
  }
}
