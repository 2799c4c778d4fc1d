/** Bounds of one call, from configuration, carried in the call's input so a call keeps the bounds it started with. */
export interface CallLimits {
  /** How long the agent may take to answer one caller turn before a person takes over. */
  turnBudgetMs: number;
  maxTurns: number;
  /** A call with no final status callback after this long is finished as abandoned. */
  maxCallMs: number;
}
