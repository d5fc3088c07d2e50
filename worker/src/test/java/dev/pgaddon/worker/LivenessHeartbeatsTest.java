package dev.pgaddon.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;
import io.temporal.activity.ActivityOptions;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.TimeoutFailure;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactoryOptions;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A step blocked in one long call (as `docker stop` or a CHECKPOINT block) outlives a heartbeat
 * timeout far shorter than the call: its worker is alive, so no second attempt starts beside it.
 * Without the interceptor the same step times out.
 */
class LivenessHeartbeatsTest {
  private static final String QUEUE = "liveness";

  @ActivityInterface
  public interface BlockingStep {
    @ActivityMethod(name = "BlockingStep")
    String block(int seconds);
  }

  /** Reports progress, then blocks and fails; its second attempt returns the details it finds. */
  @ActivityInterface
  public interface ProgressStep {
    @ActivityMethod(name = "ProgressStep")
    String run(String progress);
  }

  @WorkflowInterface
  public interface TwoAttempts {
    @WorkflowMethod
    String run(String progress);
  }

  public static class TwoAttemptsImpl implements TwoAttempts {
    private final ProgressStep step = Workflow.newActivityStub(ProgressStep.class, ActivityOptions.newBuilder()
        .setStartToCloseTimeout(Duration.ofMinutes(1))
        .setHeartbeatTimeout(Duration.ofSeconds(3))
        .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(2).setInitialInterval(Duration.ofMillis(100)).build())
        .build());

    @Override
    public String run(String progress) {
      return step.run(progress);
    }
  }

  static class Reporter implements ProgressStep {
    @Override
    public String run(String progress) {
      var context = io.temporal.activity.Activity.getExecutionContext();
      if (context.getInfo().getAttempt() == 1) {
        context.heartbeat(progress);
        try {
          Thread.sleep(4000); // the background beats meanwhile
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        throw new IllegalStateException("first attempt fails");
      }
      return context.getHeartbeatDetails(String.class).orElse("no details");
    }
  }

  @WorkflowInterface
  public interface OneStep {
    @WorkflowMethod
    String run(int seconds);
  }

  public static class OneStepImpl implements OneStep {
    private final BlockingStep step = Workflow.newActivityStub(BlockingStep.class, ActivityOptions.newBuilder()
        .setStartToCloseTimeout(Duration.ofMinutes(1))
        .setHeartbeatTimeout(Duration.ofSeconds(3))
        .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build())
        .build());

    @Override
    public String run(int seconds) {
      return step.block(seconds);
    }
  }

  static class Sleeper implements BlockingStep {
    int attempts;

    @Override
    public String block(int seconds) {
      attempts++;
      try {
        Thread.sleep(seconds * 1000L);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return "blocked " + seconds + " s";
    }
  }

  private static String runWith(WorkerFactoryOptions factoryOptions, Sleeper sleeper, int seconds) {
    try (TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance(TestEnvironmentOptions.newBuilder()
        .setWorkerFactoryOptions(factoryOptions).build())) {
      Worker worker = env.newWorker(QUEUE);
      worker.registerWorkflowImplementationTypes(OneStepImpl.class);
      worker.registerActivitiesImplementations(sleeper);
      env.start();
      WorkflowClient client = env.getWorkflowClient();
      return client.newWorkflowStub(OneStep.class, WorkflowOptions.newBuilder().setTaskQueue(QUEUE).build()).run(seconds);
    }
  }

  @Test
  void aStepBlockedLongerThanItsHeartbeatTimeoutFinishesOnce() {
    Sleeper sleeper = new Sleeper();
    String result = runWith(WorkerFactoryOptions.newBuilder()
        .setWorkerInterceptors(new LivenessHeartbeats(queue -> false)).build(), sleeper, 8);
    assertEquals("blocked 8 s", result);
    assertEquals(1, sleeper.attempts);
  }

  @Test
  void theStepsOwnProgressDetailsAreKeptByTheBackgroundBeats() {
    try (TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance(TestEnvironmentOptions.newBuilder()
        .setWorkerFactoryOptions(WorkerFactoryOptions.newBuilder()
            .setWorkerInterceptors(new LivenessHeartbeats(queue -> false)).build()).build())) {
      Worker worker = env.newWorker(QUEUE);
      worker.registerWorkflowImplementationTypes(TwoAttemptsImpl.class);
      worker.registerActivitiesImplementations(new Reporter());
      env.start();
      String seen = env.getWorkflowClient().newWorkflowStub(TwoAttempts.class,
          WorkflowOptions.newBuilder().setTaskQueue(QUEUE).build()).run("copied 42 MiB");
      assertEquals("copied 42 MiB", seen);
    }
  }

  @Test
  void withoutItTheSameStepTimesOut() {
    WorkflowFailedException e = assertThrows(WorkflowFailedException.class,
        () -> runWith(WorkerFactoryOptions.newBuilder().build(), new Sleeper(), 8));
    assertTrue(e.getCause().getCause() instanceof TimeoutFailure, String.valueOf(e.getCause().getCause()));
  }

  @Test
  void stepsOfAQueueLeftOutDoNotGetIt() {
    assertThrows(WorkflowFailedException.class, () -> runWith(WorkerFactoryOptions.newBuilder()
        .setWorkerInterceptors(new LivenessHeartbeats(QUEUE::equals)).build(), new Sleeper(), 8));
  }
}
