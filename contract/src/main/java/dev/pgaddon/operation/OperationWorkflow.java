package dev.pgaddon.operation;

import io.temporal.workflow.QueryMethod;

/** Every operation on an addon answers this query, so the CLI can show its steps as they run. */
public interface OperationWorkflow {
  @QueryMethod
  Progress progress();
}
