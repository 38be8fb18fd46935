package sentinel.common.contract;

/** Who made a decision. Operator decisions win over detector decisions until released or expired. */
public enum DecisionSource {
  detector,
  operator
}
