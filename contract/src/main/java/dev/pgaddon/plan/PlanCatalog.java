package dev.pgaddon.plan;

import dev.pgaddon.operation.Failures;
import io.temporal.failure.ApplicationFailure;
import java.util.List;
import java.util.Optional;

/** The plans users can choose, in the order the seed lists them. */
public final class PlanCatalog {
  public static final String PROVIDER = "postgresql";

  private static final long CPU = 1_000_000_000L;

  private static final List<Plan> PLANS = List.of(
      new Plan("postgresql-sandbox", "Sandbox", 256, CPU / 4, 1, 20, false),
      new Plan("postgresql-starter-512", "Starter 512M", 512, CPU / 2, 10, 50, false),
      new Plan("postgresql-starter-1024", "Starter 1G", 1024, CPU, 20, 100, false),
      new Plan("postgresql-starter-2048", "Starter 2G", 2048, CPU, 40, 150, false),
      new Plan("postgresql-starter-4096", "Starter 4G", 4096, 2 * CPU, 80, 200, false),
      new Plan("postgresql-business-512", "Business 512M", 512, CPU / 2, 10, 50, true),
      new Plan("postgresql-business-1024", "Business 1G", 1024, CPU, 20, 100, true),
      new Plan("postgresql-business-2048", "Business 2G", 2048, CPU, 40, 150, true),
      new Plan("postgresql-business-4096", "Business 4G", 4096, 2 * CPU, 80, 200, true));

  private PlanCatalog() {}

  public static List<Plan> all() {
    return PLANS;
  }

  public static Optional<Plan> find(String id) {
    return PLANS.stream().filter(p -> p.id().equals(id)).findFirst();
  }

  /** The plan with this id, or a non-retryable failure that names the valid ids. */
  public static Plan require(String id) {
    return find(id).orElseThrow(() -> ApplicationFailure.newNonRetryableFailure(
        "unknown plan '" + id + "'; run 'pgaddon addons-plans postgresql' to list the plans", Failures.INVALID_REQUEST));
  }
}
