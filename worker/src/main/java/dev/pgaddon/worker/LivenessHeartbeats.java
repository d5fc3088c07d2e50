package dev.pgaddon.worker;

import io.temporal.activity.ActivityExecutionContext;
import io.temporal.client.ActivityCompletionException;
import io.temporal.common.interceptors.ActivityInboundCallsInterceptor;
import io.temporal.common.interceptors.ActivityInboundCallsInterceptorBase;
import io.temporal.common.interceptors.WorkerInterceptorBase;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Every step heartbeats once a second while it runs, also while it is blocked in one long call
 * (docker stop, a CHECKPOINT, pg_upgrade): a heartbeat timeout then means the worker is lost, never
 * that a step was busy, so it can be short and a lost worker's step moves on quickly. The steps'
 * own heartbeats still carry their progress. Steps that keep state in their heartbeat details
 * (the watch) are left out: a bare heartbeat would overwrite it.
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
      private ActivityExecutionContext context;

      @Override
      public void init(ActivityExecutionContext context) {
        this.context = context;
        super.init(context);
      }

      @Override
      public ActivityOutput execute(ActivityInput input) {
        if (context == null || context.getInfo().isLocal()
            || exceptTaskQueue.test(context.getInfo().getActivityTaskQueue())) {
          return super.execute(input);
        }
        ScheduledFuture<?> beating = TICKER.scheduleAtFixedRate(this::beat, 1, 1, TimeUnit.SECONDS);
        try {
          return super.execute(input);
        } finally {
          beating.cancel(false);
        }
      }

      private void beat() {
        try {
          context.heartbeat(null);
        } catch (ActivityCompletionException cancelledOrTimedOut) {
          // The step learns it at its own next heartbeat, or its result is refused.
        } catch (RuntimeException unexpected) {
          // A heartbeat that failed to send is retried at the next tick.
        }
      }
    };
  }
}
