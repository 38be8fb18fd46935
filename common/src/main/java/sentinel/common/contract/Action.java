package sentinel.common.contract;

/** What the MTA does with an account's new mail. */
public enum Action {
  /** Mail flows as usual. */
  NONE,
  /** A token bucket limits the account to {@code limitPerHour} recipients; beyond it, 4xx. */
  THROTTLE,
  /** New mail is accepted into the MTA's hold queue; an operator releases or deletes it. */
  HOLD
}
