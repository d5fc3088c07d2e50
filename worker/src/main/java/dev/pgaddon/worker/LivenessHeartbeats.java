package dev.pgaddon.worker;

import com.uber.m3.tally.Scope;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.activity.ActivityInfo;
import io.temporal.activity.ManualActivityCompletionClient;
import io.temporal.client.ActivityCanceledException;
import io.temporal.client.ActivityCompletionException;
import io.temporal.client.WorkflowClient;
import io.temporal.common.CancellationToken;
import io.temporal.common.interceptors.ActivityInboundCallsInterceptor;
import io.temporal.common.interceptors.ActivityInboundCallsInterceptorBase;
import io.temporal.common.interceptors.WorkerInterceptorBase;
import java.lang.reflect.Type;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Every step heartbeats once a second while it runs, also while it is blocked in one long call
 * (docker stop, a CHECKPOINT, pg_upgrade): a heartbeat timeout then means the worker is lost, never
 * that a step was busy, so it can be short and a lost worker's step moves on quickly. The
 * background heartbeat repeats the step's own last details (its progress, as the Web UI shows it).
 * Steps that keep state in their heartbeat details and read it back (the watch) are left out.
 */
final class LivenessHeartbeats extends WorkerInterceptorBase {
  private static final ScheduledExecutorService TICKER = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "pgaddon-liveness-heartbeats");
    t.setDaemon(true);
    return t;
  });

  private final Predicate<String> exceptTaskQueue;

  /** @param exceptTaskQueue task queues whose activities heartbeat their own details */
  LivenessHeartbeats(Predicate<String> exceptTaskQueue) {
    this.exceptTaskQueue = exceptTaskQueue;
  }

  @Override
  public ActivityInboundCallsInterceptor interceptActivity(ActivityInboundCallsInterceptor next) {
    return new ActivityInboundCallsInterceptorBase(next) {
      private RememberingContext context;

      @Override
      public void init(ActivityExecutionContext context) {
        if (context.getInfo().isLocal() || exceptTaskQueue.test(context.getInfo().getActivityTaskQueue())) {
          super.init(context);
          return;
        }
        this.context = new RememberingContext(context);
        super.init(this.context);
      }

      @Override
      public ActivityOutput execute(ActivityInput input) {
        if (context == null) {
          return super.execute(input);
        }
        ScheduledFuture<?> beating = TICKER.scheduleAtFixedRate(context::beatAgain, 1, 1, TimeUnit.SECONDS);
        try {
          return super.execute(input);
        } finally {
          beating.cancel(false);
        }
      }
    };
  }

  /** The step's context, remembering the details of its last heartbeat to send them again. */
  private static final class RememberingContext implements ActivityExecutionContext {
    private final ActivityExecutionContext delegate;
    private volatile Object lastDetails;

    RememberingContext(ActivityExecutionContext delegate) {
      this.delegate = delegate;
    }

    void beatAgain() {
      try {
        delegate.heartbeat(lastDetails);
      } catch (ActivityCompletionException cancelledOrTimedOut) {
        // The step learns it at its own next heartbeat, or its result is refused.
      } catch (RuntimeException unsent) {
        // Sent again at the next tick.
      }
    }

    @Override
    public <V> void heartbeat(V details) throws ActivityCompletionException {
      lastDetails = details;
      delegate.heartbeat(details);
    }

    @Override
    public ActivityInfo getInfo() {
      return delegate.getInfo();
    }

    @Override
    public <V> Optional<V> getHeartbeatDetails(Class<V> detailsClass) {
      return delegate.getHeartbeatDetails(detailsClass);
    }

    @Override
    public <V> Optional<V> getHeartbeatDetails(Class<V> detailsClass, Type detailsGenericType) {
      return delegate.getHeartbeatDetails(detailsClass, detailsGenericType);
    }

    @Override
    public <V> Optional<V> getLastHeartbeatDetails(Class<V> detailsClass) {
      return delegate.getLastHeartbeatDetails(detailsClass);
    }

    @Override
    public <V> Optional<V> getLastHeartbeatDetails(Class<V> detailsClass, Type detailsGenericType) {
      return delegate.getLastHeartbeatDetails(detailsClass, detailsGenericType);
    }

    @Override
    public byte[] getTaskToken() {
      return delegate.getTaskToken();
    }

    @Override
    public CancellationToken<ActivityCanceledException> getCancellationToken() {
      return delegate.getCancellationToken();
    }

    @Override
    public void doNotCompleteOnReturn() {
      delegate.doNotCompleteOnReturn();
    }

    @Override
    public boolean isDoNotCompleteOnReturn() {
      return delegate.isDoNotCompleteOnReturn();
    }

    @Override
    public boolean isUseLocalManualCompletion() {
      return delegate.isUseLocalManualCompletion();
    }

    @Override
    public ManualActivityCompletionClient useLocalManualCompletion() {
      return delegate.useLocalManualCompletion();
    }

    @Override
    public Scope getMetricsScope() {
      return delegate.getMetricsScope();
    }

    @Override
    public WorkflowClient getWorkflowClient() {
      return delegate.getWorkflowClient();
    }

    @Override
    public Object getInstance() {
      return delegate.getInstance();
    }
  }
}
