package dev.pgaddon.operation;

import dev.pgaddon.operation.StepState.Status;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Records the state of each step of a workflow for its progress query. Workflow-side and
 * deterministic: it only keeps data, the steps themselves are activities.
 */
public final class ProgressTracker {
  private final String operation;
  private final String addonId;
  private final List<StepState> steps = new ArrayList<>();
  private boolean finished;
  private String outcome = "running";

  public ProgressTracker(String operation, String addonId, List<String> stepNames) {
    this.operation = operation;
    this.addonId = addonId;
    stepNames.forEach(n -> steps.add(new StepState(n, Status.PENDING, "")));
  }

  /** Runs a step, marking it running, then done or failed. */
  public <T> T run(String step, Supplier<T> body) {
    set(step, Status.RUNNING, "");
    try {
      T result = body.get();
      set(step, Status.DONE, detailOf(step));
      return result;
    } catch (RuntimeException e) {
      set(step, Status.FAILED, Failures.rootMessage(e));
      throw e;
    }
  }

  public void run(String step, Runnable body) {
    run(step, () -> {
      body.run();
      return null;
    });
  }

  /** Adds steps still to come, once the workflow knows which it will run. */
  public void expect(List<String> stepNames) {
    stepNames.forEach(n -> set(n, Status.PENDING, ""));
  }

  /** For a step that runs in the background (an async activity): marks it running now. */
  public void start(String step, String detail) {
    set(step, Status.RUNNING, detail);
  }

  /** Marks a step done (or failed) from outside {@link #run}, e.g. when an async step completes. */
  public void complete(String step, boolean succeeded, String detail) {
    set(step, succeeded ? Status.DONE : Status.FAILED, detail);
  }

  /** Adds what a finished step found (a figure, a version) to its line, keeping its state. */
  public void note(String step, String detail) {
    for (int i = 0; i < steps.size(); i++) {
      if (steps.get(i).name().equals(step)) {
        steps.set(i, steps.get(i).with(steps.get(i).status(), detail));
        return;
      }
    }
  }

  public void finish(String outcomeText) {
    finished = true;
    outcome = outcomeText;
  }

  public Progress snapshot() {
    return new Progress(operation, addonId, List.copyOf(steps), finished, outcome);
  }

  private String detailOf(String step) {
    return steps.stream().filter(s -> s.name().equals(step)).map(StepState::detail).findFirst().orElse("");
  }

  private void set(String step, Status status, String detail) {
    for (int i = 0; i < steps.size(); i++) {
      if (steps.get(i).name().equals(step)) {
        steps.set(i, steps.get(i).with(status, detail));
        return;
      }
    }
    steps.add(new StepState(step, status, detail));
  }
}
